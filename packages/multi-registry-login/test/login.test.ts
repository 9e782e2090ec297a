// Tier 2: run() and logout() against real distribution registries on loopback (htpasswd, token and
// no auth), real Docker config files, and skopeo as an independent reader of what was written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PushDeniedError, RegistryError, runCommand } from "@mbp/image-spec";
import {
  pushImage,
  type Registry,
  startRegistry,
  startTokenServer,
  stopAll,
  type TokenServer,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LoginFailures,
  type LoginRequest,
  loadYamlParser,
  logout,
  parseRequest,
  type RawInputs,
  run,
} from "../src/lib";
import { NO_INPUTS } from "./raw-inputs";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const PASSWORDS = { alice: "alice-Pa55:word", bob: "bob-secret-B", carol: "carol-token-pw" };
// Short backoffs and two tries keep failures quick; the deadline is far, since no test here is about
// it and a login to a loopback registry (bcrypt included) can take seconds on a busy machine.
const FAST = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 45_000 };
const platform = { os: "linux", architecture: "amd64" };

let basicA: Registry;
let basicB: Registry;
let open: Registry;
let tokenRegistry: Registry;
let tokenServer: TokenServer;
let dir: string;

beforeAll(async () => {
  await loadYamlParser();
  dir = mkdtempSync(join(tmpdir(), "mrl-login-"));
  tokenServer = await startTokenServer({ users: { carol: PASSWORDS.carol }, anonymous: "none" });
  [basicA, basicB, open, tokenRegistry] = await Promise.all([
    startRegistry({ auth: { htpasswd: { alice: PASSWORDS.alice } } }),
    startRegistry({ auth: { htpasswd: { bob: PASSWORDS.bob } } }),
    startRegistry(),
    startRegistry({ auth: { token: tokenServer } }),
  ]);
  await pushImage(
    { url: basicA.url, repository: "org/app", auth: { username: "alice", password: PASSWORDS.alice } },
    { tag: "1.0", platform },
  );
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const entries = (list: Array<[string, string, string]>) =>
  list
    .map(
      ([registry, username, password]) =>
        `- registry: ${registry}\n  username: ${username}\n  password: "${password}"`,
    )
    .join("\n");

function request(registryAuth: string, images: string[], logoutAfter = true): LoginRequest {
  const raw: RawInputs = { ...NO_INPUTS, images: images.join("\n"), registryAuth, logout: logoutAfter };
  return parseRequest(raw, { actor: "octocat", repositoryOwner: "org" });
}

function configWith(content: unknown): string {
  const path = join(mkdtempSync(join(dir, "cfg-")), "config.json");
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return path;
}

describe("run() against local registries", () => {
  it("logs in to two htpasswd registries and a token registry, keeps other entries, and logs out exactly", async () => {
    const before = {
      auths: {
        [basicA.host]: { auth: b64("stale:login") },
        "unrelated.example": { auth: b64("keep:me") },
      },
      credHelpers: { "gcr.io": "gcloud" },
      detachKeys: "ctrl-e,e",
    };
    const configPath = configWith(before);
    const original = readFileSync(configPath, "utf8");
    const masked: string[] = [];
    const result = await run(
      request(
        entries([
          [basicA.host, "alice", PASSWORDS.alice],
          [basicB.host, "bob", PASSWORDS.bob],
          [tokenRegistry.host, "carol", PASSWORDS.carol],
        ]),
        [
          `${basicA.host}/org/app`,
          `${basicB.host}/org/app`,
          `${open.host}/org/app`,
          `${tokenRegistry.host}/org/app`,
        ],
      ),
      { configPath, mask: (secret) => masked.push(secret), retryPolicy: FAST },
    );

    expect(result.outputs.registries).toEqual([basicA.host, basicB.host, tokenRegistry.host]);
    expect(result.rows.map((row) => [row.host, row.username, row.source, row.verified])).toEqual([
      [basicA.host, "alice", "registry-auth (entry 1)", "yes (basic auth, push checked)"],
      [basicB.host, "bob", "registry-auth (entry 2)", "yes (basic auth, push checked)"],
      [tokenRegistry.host, "carol", "registry-auth (entry 3)", "yes (token auth, push checked)"],
    ]);
    for (const [user, password] of Object.entries(PASSWORDS)) {
      expect(masked).toContain(password);
      expect(masked).toContain(b64(`${user}:${password}`));
    }
    const written = JSON.parse(readFileSync(configPath, "utf8"));
    expect(written).toEqual({
      ...before,
      auths: {
        ...before.auths,
        [basicA.host]: { auth: b64(`alice:${PASSWORDS.alice}`) },
        [basicB.host]: { auth: b64(`bob:${PASSWORDS.bob}`) },
        [tokenRegistry.host]: { auth: b64(`carol:${PASSWORDS.carol}`) },
      },
    });

    // An independent client logs in with nothing but the written file.
    const { stdout } = await runCommand(
      "skopeo",
      [
        "inspect",
        "--raw",
        "--tls-verify=false",
        "--authfile",
        configPath,
        `docker://${basicA.host}/org/app:1.0`,
      ],
      { silent: true },
    );
    expect(JSON.parse(stdout).schemaVersion).toBe(2);

    expect(await logout(result.state)).toEqual({
      [tokenRegistry.host]: "removed",
      [basicB.host]: "removed",
      [basicA.host]: "restored",
    });
    expect(readFileSync(configPath, "utf8").replace(/\s/g, "")).toBe(original.replace(/\s/g, ""));
    expect(JSON.parse(readFileSync(configPath, "utf8"))).toEqual(before);
  });

  it("fails on a wrong password naming the host and the source, and writes nothing", async () => {
    const configPath = configWith({ auths: { "unrelated.example": { auth: b64("keep:me") } } });
    const original = readFileSync(configPath, "utf8");
    const error = await run(
      request(
        entries([
          [basicA.host, "alice", "wrong-password"],
          [basicB.host, "bob", PASSWORDS.bob],
          [tokenRegistry.host, "carol", "also-wrong"],
        ]),
        [`${basicA.host}/org/app`, `${basicB.host}/org/app`, `${tokenRegistry.host}/org/app`],
      ),
      { configPath, mask: () => {}, retryPolicy: FAST },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LoginFailures);
    const failures = (error as LoginFailures).failures;
    expect(failures.map((f) => f.host)).toEqual([basicA.host, tokenRegistry.host]);
    expect(failures[0]?.message).toMatch(
      new RegExp(
        `^${basicA.host}: logging in as "alice" with registry-auth \\(entry 1\\) failed: the registry refused the credentials \\(.*401.*\\); check the username and password of that registry-auth entry$`,
      ),
    );
    expect(failures[1]?.message).toMatch(
      new RegExp(
        `^${tokenRegistry.host}: logging in as "carol" with registry-auth \\(entry 3\\) failed: the registry refused the credentials \\(.*401.*\\)`,
      ),
    );
    expect((error as Error).message).not.toContain("wrong-password");
    expect(readFileSync(configPath, "utf8")).toBe(original);
  });

  it("says a login to a registry that needs none was not needed, and keeps it with logout: false", async () => {
    const configPath = join(mkdtempSync(join(dir, "none-")), "sub", "config.json");
    const result = await run(
      request(entries([[open.host, "anyone", "anything"]]), [`${open.host}/org/app`], false),
      {
        configPath,
        mask: () => {},
        retryPolicy: FAST,
      },
    );
    expect(result.rows[0]?.verified).toBe("not needed: the registry allows anonymous access");
    expect(result.state.logout).toBe(false);
    expect(await logout(result.state)).toEqual({});
    expect(JSON.parse(readFileSync(configPath, "utf8"))).toEqual({
      auths: { [open.host]: { auth: b64("anyone:anything") } },
    });
  });

  it("warns when the config makes clients ignore the written entry", async () => {
    const configPath = configWith({
      credsStore: "desktop",
      credHelpers: { [basicB.host]: "gcloud" },
      auths: { [`https://${basicA.host}`]: { auth: b64("old:one") } },
    });
    const result = await run(
      request(
        entries([
          [basicA.host, "alice", PASSWORDS.alice],
          [basicB.host, "bob", PASSWORDS.bob],
        ]),
        [`${basicA.host}/org/app`, `${basicB.host}/org/app`],
      ),
      { configPath, mask: () => {}, retryPolicy: FAST },
    );
    expect(result.warnings).toEqual([
      `${basicA.host}: ${configPath} sets credsStore "desktop", so docker and buildx ask docker-credential-desktop instead of the entry written here; remove credsStore or use another DOCKER_CONFIG`,
      `${basicA.host}: ${configPath} also has entries under https://${basicA.host}, which some clients may pick instead of ${basicA.host}; remove them`,
      `${basicB.host}: ${configPath} names credHelpers "gcloud" for it, so docker, buildah and manifest-stitch ask docker-credential-gcloud and ignore the entry written here; remove that credHelpers entry or use another DOCKER_CONFIG`,
    ]);
    await logout(result.state);
  });

  it("fails after bounded retries on a registry that does not answer, naming it", async () => {
    const configPath = configWith({});
    const gone = "127.0.0.1:9"; // discard port: connection refused
    const error = await run(request(entries([[gone, "u", "p"]]), [`${gone}/org/app`]), {
      configPath,
      mask: () => {},
      retryPolicy: FAST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailures);
    expect((error as Error).message).toMatch(
      /^127\.0\.0\.1:9: logging in as "u" with registry-auth \(entry 1\) failed: .*ECONNREFUSED.*; the registry could not be reached or kept failing, so nothing was written$/,
    );
    expect(JSON.parse(readFileSync(configPath, "utf8"))).toEqual({});
  });
});

describe("a refused push check", () => {
  it("names the image, says cannot push and gives GHCR's fix", async () => {
    const ghcr = parseRequest(
      { ...NO_INPUTS, images: "ghcr.io/org/app", githubToken: "ghs_token" },
      { actor: "octocat", repositoryOwner: "org" },
    );
    const refusal = new RegistryError({
      host: "ghcr.io",
      operation: "POST blob upload to ghcr.io/org/app (push check)",
      status: 403,
      code: "DENIED",
      detail: "permission_denied: write_package",
    });
    const seen: string[][] = [];
    const attempt = run(ghcr, {
      configPath: join(mkdtempSync(join(dir, "cfg-")), "config.json"),
      mask: () => {},
      verify: async (_login, pushTo) => {
        seen.push([...pushTo]);
        throw new PushDeniedError({ host: "ghcr.io", path: "org/app" }, refusal);
      },
    });
    await expect(attempt).rejects.toThrow(
      'ghcr.io/org/app: cannot push as "octocat" with github-token as GITHUB_ACTOR: the registry said "permission_denied: write_package" (POST blob upload to ghcr.io/org/app (push check) answered 403); give the job permissions: packages: write, and in the package\'s settings (Manage Actions access) give this repository the Write role',
    );
    expect(seen).toEqual([["org/app"]]);
  });
});
