// Tier 3: the bundled dist/index.js run as the runner runs it (INPUT_*, GITHUB_OUTPUT/STATE/STEP_SUMMARY,
// then the post step with STATE_* from main's state), against registries on loopback.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@mbp/image-spec";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import { pushImage, type Registry, startRegistry, startTokenServer, stopAll } from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const b64 = (text: string) => Buffer.from(text).toString("base64");

// Secrets with characters that need escaping in workflow commands and YAML.
const ALICE = "al1ce%P@ss:w0rd#x";
const CAROL = "carol-T0ken-pw";
const KEY_JSON = JSON.stringify(
  {
    type: "service_account",
    private_key_id: "6f1c0ffee6f1c0ffee",
    private_key:
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
    client_email: "pusher@project.iam.gserviceaccount.com",
  },
  null,
  2,
);
const SECRETS = {
  github: "ghs_GitHubTokenValue0123456789",
  ghcrPat: "ghp_PersonalAccessToken0123456789",
  gar: b64(KEY_JSON),
  docker: "dckr_pat_DockerHubToken0123456789",
  alice: ALICE,
  carol: CAROL,
};
// Every secret and every form of it that could leak: base64, `user:pass` base64, the decoded key.
const FORBIDDEN = [
  ...Object.values(SECRETS).flatMap((secret) => [secret, b64(secret)]),
  b64(`alice:${ALICE}`),
  b64(`carol:${CAROL}`),
  KEY_JSON,
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
  "6f1c0ffee6f1c0ffee",
];

let basic: Registry;
let tokenRegistry: Registry;
let open: Registry;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mrl-action-"));
  const tokenServer = await startTokenServer({ users: { carol: CAROL }, anonymous: "none" });
  [basic, tokenRegistry, open] = await Promise.all([
    startRegistry({ auth: { htpasswd: { alice: ALICE } } }),
    startRegistry({ auth: { token: tokenServer } }),
    startRegistry(),
  ]);
  await pushImage(
    { url: basic.url, repository: "org/app", auth: { username: "alice", password: ALICE } },
    { tag: "1.0", platform: { os: "linux", architecture: "amd64" } },
  );
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const registryAuth = (alicePassword = ALICE) =>
  [
    `- registry: ${basic.host}`,
    "  username: alice",
    `  password: ${JSON.stringify(alicePassword)}`,
    `- registry: ${tokenRegistry.host}`,
    "  username: carol",
    `  password: ${JSON.stringify(CAROL)}`,
  ].join("\n");

function dockerConfigDir(content?: unknown): string {
  const config = mkdtempSync(join(dir, "docker-"));
  if (content !== undefined)
    writeFileSync(join(config, "config.json"), JSON.stringify(content), { mode: 0o600 });
  return config;
}

const github = { GITHUB_ACTOR: "octocat", GITHUB_REPOSITORY: "org/app", GITHUB_REPOSITORY_OWNER: "org" };
const allSecretInputs = {
  "github-token": SECRETS.github,
  GHCR_PUSH_TOKEN: SECRETS.ghcrPat,
  GAR_PUSH_TOKEN: SECRETS.gar,
  DOCKER_USERNAME: "dockerbot",
  DOCKER_TOKEN: SECRETS.docker,
};

/** Fails the test if any secret form appears in the output outside an `::add-mask::` line. */
function expectNoLeak(run: ActionRun, extra: string[] = []): void {
  // Also as workflow commands escape them (`%` → `%25`, newline → `%0A`).
  const forbidden = [...FORBIDDEN, ...extra.flatMap((secret) => [secret, b64(secret)])].flatMap((secret) => [
    secret,
    secret.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A"),
  ]);
  const lines =
    `${run.stdout}\n${run.stderr}\n${run.summary}\n${Object.values(run.outputs).join("\n")}`.split("\n");
  const leaks = lines.filter(
    (line) =>
      !line.startsWith("::add-mask::") && forbidden.some((secret) => secret !== "" && line.includes(secret)),
  );
  expect(leaks).toEqual([]);
}

/** The values masked with `::add-mask::`, unescaped as the runner does. */
function masked(run: ActionRun): string[] {
  return run.commands.filter((c) => c.command === "add-mask").map((c) => c.message);
}

describe("the bundled action", () => {
  it("logs in (main), writes the config, then restores it exactly (post), leaking no secret", async () => {
    const before = {
      auths: {
        [basic.host]: { auth: b64("old:credentials") },
        "unrelated.example": { auth: b64("keep:me") },
      },
      psFormat: "table {{.ID}}",
    };
    const config = dockerConfigDir(before);
    const env = { ...github, DOCKER_CONFIG: config };
    const main = await runAction(actionYml, {
      inputs: {
        ...allSecretInputs,
        images: `${basic.host}/org/app\n${tokenRegistry.host}/org/app, ${open.host}/org/app`,
        "registry-auth": registryAuth(),
      },
      env,
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(JSON.parse(main.outputs.registries ?? "")).toEqual([basic.host, tokenRegistry.host]);
    expect(main.stdout).toContain(`images: no credentials for ${open.host}; pushing there anonymously`);
    // The push check: Basic proves it with a cancelled upload, the token registry with its JWT's access claim.
    expect(main.stdout).toContain(
      `${basic.host}/org/app: may push (a blob upload was started and cancelled)`,
    );
    expect(main.stdout).toContain(`${tokenRegistry.host}/org/app: may push (the token grants push)`);
    expect(main.summary).toContain("| Registry | Kind | Username | Credential from | Verified |");
    expect(main.summary).toContain(
      `| \`${basic.host}\` | generic | \`alice\` | registry-auth (entry 1) | yes (basic auth, push checked) |`,
    );
    expect(main.summary).toContain(
      `| \`${tokenRegistry.host}\` | generic | \`carol\` | registry-auth (entry 2) | yes (token auth, push checked) |`,
    );
    const written = JSON.parse(readFileSync(join(config, "config.json"), "utf8"));
    expect(written).toEqual({
      ...before,
      auths: {
        ...before.auths,
        [basic.host]: { auth: b64(`alice:${ALICE}`) },
        [tokenRegistry.host]: { auth: b64(`carol:${CAROL}`) },
      },
    });
    for (const secret of [...Object.values(SECRETS), b64(`alice:${ALICE}`), b64(`carol:${CAROL}`)]) {
      expect(masked(main)).toContain(secret);
    }
    expectNoLeak(main);

    // The docker CLI itself reads the written config: it fetches the manifest with alice's login.
    const inspect = await runCommand(
      "docker",
      ["manifest", "inspect", "--insecure", `${basic.host}/org/app:1.0`],
      { env: { DOCKER_CONFIG: config }, silent: true },
    );
    expect(JSON.parse(inspect.stdout).schemaVersion).toBe(2);

    const post = await runAction(actionYml, { env, state: main.state }, "post");
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`${basic.host}: restored the entry that was there before`);
    expect(post.stdout).toContain(`${tokenRegistry.host}: removed`);
    expect(JSON.parse(readFileSync(join(config, "config.json"), "utf8"))).toEqual(before);
    expectNoLeak(post);
  });

  it("keeps the credentials with logout: false", async () => {
    const config = dockerConfigDir();
    const env = { ...github, DOCKER_CONFIG: config };
    const main = await runAction(actionYml, {
      inputs: { images: `${basic.host}/org/app`, "registry-auth": registryAuth(), logout: "false" },
      env,
    });
    expect(main.exitCode).toBe(0);
    const post = await runAction(actionYml, { env, state: main.state }, "post");
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain("logout: false, so the credentials stay");
    expect(JSON.parse(readFileSync(join(config, "config.json"), "utf8")).auths).toEqual({
      [basic.host]: { auth: b64(`alice:${ALICE}`) },
      [tokenRegistry.host]: { auth: b64(`carol:${CAROL}`) },
    });
  });

  it("with require-secrets: false, warns about a registry without its secret instead of failing", async () => {
    const config = dockerConfigDir();
    const env = { ...github, DOCKER_CONFIG: config };
    const strict = await runAction(actionYml, { inputs: { images: "docker.io/org/app" }, env });
    expect(strict.exitCode).toBe(1);
    expect(strict.errors.join("\n")).toContain('DOCKER_USERNAME: "" is empty but images push to docker.io');
    const lenient = await runAction(actionYml, {
      inputs: { images: "docker.io/org/app", "require-secrets": "false" },
      env,
    });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.errors).toEqual([]);
    expect(lenient.warnings).toContain(
      "DOCKER_USERNAME is empty, so docker.io is not logged in (require-secrets: false); pulls from there are anonymous",
    );
    expect(JSON.parse(lenient.outputs.registries ?? "")).toEqual([]);
  });

  it("fails on a wrong password with an error naming the host, writes nothing, and the post step does nothing", async () => {
    const before = { auths: { "unrelated.example": { auth: b64("keep:me") } } };
    const config = dockerConfigDir(before);
    const env = { ...github, DOCKER_CONFIG: config };
    const wrong = "Wr0ng-Pa55word-alice";
    const main = await runAction(actionYml, {
      inputs: { ...allSecretInputs, images: `${basic.host}/org/app`, "registry-auth": registryAuth(wrong) },
      env,
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(2);
    expect(main.errors[0]).toMatch(
      new RegExp(
        `^${basic.host}: logging in as "alice" with registry-auth \\(entry 1\\) failed: the registry refused`,
      ),
    );
    expect(main.errors[1]).toBe(
      "1 login failed; nothing was written to the Docker config, nothing was pushed",
    );
    expect(masked(main)).toContain(wrong);
    expect(readFileSync(join(config, "config.json"), "utf8")).toBe(JSON.stringify(before));
    expectNoLeak(main, [wrong, `alice:${wrong}`]);

    const post = await runAction(actionYml, { env, state: main.state }, "post");
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain("Nothing to log out of");
    expect(readFileSync(join(config, "config.json"), "utf8")).toBe(JSON.stringify(before));
  });

  it("reports every input problem at once before touching anything, without echoing a password", async () => {
    const config = dockerConfigDir();
    mkdirSync(config, { recursive: true });
    const main = await runAction(actionYml, {
      inputs: {
        images: "ghcr.io/org/app, docker.io/org/app, us-docker.pkg.dev/p/r/app, app",
        "github-token": "",
        GAR_PUSH_TOKEN: "not-a-key-or-token",
        "registry-auth": `- registry: quay.io\n  username: u\n  pasword: ${SECRETS.alice}`,
        logout: "maybe",
      },
      env: { ...github, DOCKER_CONFIG: config },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      'logout: "maybe" is not a boolean; write true or false',
      'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
      'registry-auth: "quay.io" (entry 1) has an unknown key "pasword"; use only registry, username and password',
      `registry-auth: "quay.io" (entry 1) has no password; add password: \${{ secrets.<NAME> }}; if it is there, the secret is empty or not available to this workflow (forks and environments get none)`,
      "4 input problems; nothing was built or pushed",
    ]);
    expectNoLeak(main);
    expect(readFileSync.bind(null, join(config, "config.json"))).toThrow(/ENOENT/);
  });

  it("reports missing secrets of known registries, naming host and secret", async () => {
    const main = await runAction(actionYml, {
      inputs: {
        images:
          "ghcr.io/org/app, docker.io/org/app, us-docker.pkg.dev/p/r/app, europe-docker.pkg.dev/p/r/app",
        "github-token": "",
      },
      env: { ...github, DOCKER_CONFIG: dockerConfigDir() },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors.slice(0, -1).map((e) => e.split(";")[0])).toEqual([
      'github-token: "" is empty but images push to ghcr.io',
      'DOCKER_USERNAME: "" is empty but images push to docker.io',
      'DOCKER_TOKEN: "" is empty but images push to docker.io',
      'GAR_PUSH_TOKEN: "" is empty but images push to us-docker.pkg.dev, europe-docker.pkg.dev',
    ]);
  });
});
