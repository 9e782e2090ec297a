// Tests of the shared Docker config module (@mbp/image-spec's docker-config.ts) against real files
// and a real credential-helper program.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import {
  addAuthEntries,
  authEntry,
  authKeyCandidates,
  credentialsFor,
  DockerConfigError,
  dockerConfigPath,
  entryCredentials,
  readDockerConfig,
  restoreAuthEntries,
} from "@mbp/image-spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const b64 = (text: string) => Buffer.from(text).toString("base64");
let dir: string;
let counter = 0;
const freshPath = () => join(dir, `c${++counter}`, "config.json");
const write = (path: string, value: unknown) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
};
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "docker-config-test-"));
  // A credential helper with the docker-credential-helpers protocol: server URL on stdin, JSON out.
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "docker-credential-fake"),
    [
      "#!/bin/sh",
      '[ "$1" = get ] || { echo "unsupported $1" >&2; exit 2; }',
      "read -r url",
      'case "$url" in',
      '  helper.example) echo \'{"ServerURL":"helper.example","Username":"hu","Secret":"hp"}\' ;;',
      '  token.example) echo \'{"ServerURL":"token.example","Username":"<token>","Secret":"refresh"}\' ;;',
      '  https://index.docker.io/v1/) echo \'{"ServerURL":"x","Username":"hub","Secret":"hubpass"}\' ;;',
      '  broken.example) echo "keychain locked" >&2; exit 3 ;;',
      // A locked `pass` store waiting for a prompt: never answers.
      "  sleepy.example) sleep 600 ;;",
      '  *) echo "credentials not found in native keychain"; exit 1 ;;',
      "esac",
    ].join("\n"),
  );
  chmodSync(join(bin, "docker-credential-fake"), 0o755);
  process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dockerConfigPath", () => {
  it.each([
    [{ DOCKER_CONFIG: "/d" }, "/d/config.json"],
    [{ DOCKER_CONFIG: "  ", HOME: "/home/u" }, "/home/u/.docker/config.json"],
    [{ HOME: "/home/u" }, "/home/u/.docker/config.json"],
    [{}, join(homedir(), ".docker", "config.json")],
  ])("%j → %s", (env, expected) => {
    expect(dockerConfigPath(env)).toBe(expected);
  });
});

describe("authKeyCandidates", () => {
  it("tries the canonical key first, then the URL forms docker wrote", () => {
    expect(authKeyCandidates("ghcr.io")).toEqual([
      "ghcr.io",
      "https://ghcr.io",
      "http://ghcr.io",
      "https://ghcr.io/v1/",
      "https://ghcr.io/v2/",
      "http://ghcr.io/v2/",
      "ghcr.io/",
      "https://ghcr.io/",
    ]);
    const hub = authKeyCandidates("docker.io");
    expect(hub[0]).toBe("https://index.docker.io/v1/");
    expect(hub).toContain("docker.io");
    expect(hub).toContain("registry-1.docker.io");
  });
});

describe("entryCredentials", () => {
  it.each([
    [{ auth: b64("u:p:with:colons") }, { username: "u", password: "p:with:colons" }],
    [
      { username: "u", password: "p" },
      { username: "u", password: "p" },
    ],
    [
      { auth: b64("u:"), identitytoken: "t" },
      { username: "u", identityToken: "t" },
    ],
    [{ registrytoken: "r" }, { registryToken: "r" }],
    [{ auth: "" }, undefined],
    [{ email: "x@y" }, undefined],
    [undefined, undefined],
  ])("%j → %j", (entry, expected) => {
    expect(entryCredentials(entry)).toEqual(expected);
  });

  it("round-trips authEntry", () => {
    const credentials = { username: "me", password: "sécret:1" };
    expect(entryCredentials(authEntry(credentials))).toEqual(credentials);
  });
});

describe("readDockerConfig", () => {
  it("treats a missing or empty file as an empty config", async () => {
    expect(await readDockerConfig(freshPath())).toEqual({});
    const path = freshPath();
    write(path, "");
    expect(await readDockerConfig(path)).toEqual({});
  });

  it.each([
    ['{"auths": {"h": {"auth": "c2VjcmV0LXZhbHVl"}}', "is not valid JSON"],
    ["[]", "is not a JSON object"],
    ['{"auths": []}', '"auths" is not an object'],
    ['{"credsStore": 1}', '"credsStore" is not a string'],
  ])("rejects %s without quoting it", async (text, problem) => {
    const path = freshPath();
    write(path, text);
    const error = await readDockerConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerConfigError);
    expect((error as Error).message).toBe(`Docker config ${path}: ${problem}; fix or remove it`);
    expect((error as Error).message).not.toContain("c2VjcmV0");
  });
});

describe("credentialsFor", () => {
  it("reads auths under the canonical key and the forms docker wrote", async () => {
    const path = freshPath();
    write(path, {
      auths: {
        "ghcr.io": { auth: b64("a:1") },
        "https://quay.io": { auth: b64("b:2") },
        "http://127.0.0.1:5000": { username: "c", password: "3" },
        "https://index.docker.io/v1/": { auth: b64("d:4") },
        "https://registry.example/v1/": { identitytoken: "t" },
      },
    });
    const get = (host: string) => credentialsFor(host, { configPath: path });
    expect(await get("ghcr.io")).toEqual({ username: "a", password: "1" });
    expect(await get("quay.io")).toEqual({ username: "b", password: "2" });
    expect(await get("127.0.0.1:5000")).toEqual({ username: "c", password: "3" });
    expect(await get("docker.io")).toEqual({ username: "d", password: "4" });
    expect(await get("registry.example")).toEqual({ identityToken: "t" });
    expect(await get("other.example")).toBeUndefined();
  });

  it("defaults to $DOCKER_CONFIG/config.json of the given env", async () => {
    const path = freshPath();
    write(path, { auths: { "ghcr.io": { auth: b64("env:user") } } });
    const env = { ...process.env, DOCKER_CONFIG: join(path, "..") };
    expect(await credentialsFor("ghcr.io", { env })).toEqual({ username: "env", password: "user" });
  });

  it("asks credHelpers first, then auths, then credsStore", async () => {
    const path = freshPath();
    write(path, {
      auths: { "helper.example": { auth: b64("file:x") }, "file.example": { auth: b64("file:y") } },
      credHelpers: { "helper.example": "fake", "token.example": "fake", "missing.example": "fake" },
      credsStore: "fake",
    });
    const get = (host: string) => credentialsFor(host, { configPath: path });
    // A helper's answer is minted with an end it does not say: a client asks again after a refusal.
    const minted = { expiresAt: Number.POSITIVE_INFINITY };
    expect(await get("helper.example")).toEqual({ username: "hu", password: "hp", ...minted });
    expect(await get("token.example")).toEqual({ identityToken: "refresh", ...minted });
    expect(await get("file.example")).toEqual({ username: "file", password: "y" });
    expect(await get("docker.io")).toEqual({ username: "hub", password: "hubpass", ...minted });
    expect(await get("missing.example")).toBeUndefined();
  });

  it("finds auths keys in the forms docker accepts (https://host/v2/, host/)", async () => {
    const path = freshPath();
    write(path, {
      auths: { "https://v2.example/v2/": { auth: b64("v2:a") }, "slash.example/": { auth: b64("slash:b") } },
    });
    expect(await credentialsFor("v2.example", { configPath: path })).toEqual({
      username: "v2",
      password: "a",
    });
    expect(await credentialsFor("slash.example", { configPath: path })).toEqual({
      username: "slash",
      password: "b",
    });
  });

  it("gives up on a credential helper that never answers, naming it and the host", async () => {
    const path = freshPath();
    write(path, { credHelpers: { "sleepy.example": "fake" } });
    await expect(
      credentialsFor("sleepy.example", { configPath: path, helperTimeoutMs: 500 }),
    ).rejects.toThrow(
      /docker-credential-fake did not answer "get sleepy\.example" within 1 s, so there are no credentials for sleepy\.example/,
    );
  });

  it("reports a failing or absent helper by name", async () => {
    const path = freshPath();
    write(path, { credHelpers: { "broken.example": "fake", "x.example": "absent" } });
    await expect(credentialsFor("broken.example", { configPath: path })).rejects.toThrow(
      "docker-credential-fake get exited with code 3: keychain locked",
    );
    await expect(credentialsFor("x.example", { configPath: path })).rejects.toThrow(
      /credential helper docker-credential-absent could not be run/,
    );
  });
});

describe("addAuthEntries / restoreAuthEntries", () => {
  const original = {
    auths: {
      "ghcr.io": { auth: b64("old:ghcr") },
      "keep.example": { auth: b64("keep:me"), email: "k@example" },
    },
    credHelpers: { "gcr.io": "gcloud" },
    psFormat: "table {{.ID}}",
  };

  it("adds and replaces entries atomically with mode 0600, keeping everything else", async () => {
    const path = freshPath();
    write(path, original);
    const changes = await addAuthEntries(
      {
        "ghcr.io": authEntry({ username: "new", password: "ghcr" }),
        "127.0.0.1:5000": authEntry({ username: "u", password: "p" }),
      },
      path,
    );
    expect(readJson(path)).toEqual({
      ...original,
      auths: {
        ...original.auths,
        "ghcr.io": { auth: b64("new:ghcr") },
        "127.0.0.1:5000": { auth: b64("u:p") },
      },
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(changes.map((c) => [c.key, c.previous])).toEqual([
      ["ghcr.io", { auth: b64("old:ghcr") }],
      ["127.0.0.1:5000", undefined],
    ]);
    expect(JSON.stringify(changes)).not.toContain(b64("new:ghcr"));

    expect(await restoreAuthEntries(changes, path)).toEqual({
      "ghcr.io": "restored",
      "127.0.0.1:5000": "removed",
    });
    expect(readJson(path)).toEqual(original);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("creates the directory and file when there is none, and leaves an empty auths on undo", async () => {
    const path = freshPath();
    const changes = await addAuthEntries({ "a.example": { auth: b64("a:b") } }, path);
    expect(readJson(path)).toEqual({ auths: { "a.example": { auth: b64("a:b") } } });
    await restoreAuthEntries(changes, path);
    expect(readJson(path)).toEqual({ auths: {} });
  });

  it("leaves alone an entry someone changed after the login, and restores one they removed", async () => {
    const path = freshPath();
    write(path, original);
    const changes = await addAuthEntries(
      { "ghcr.io": { auth: b64("mine:1") }, "new.example": { auth: b64("mine:2") } },
      path,
    );
    const later = readJson(path);
    later.auths["new.example"] = { auth: b64("later:login") };
    delete later.auths["ghcr.io"];
    write(path, later);
    expect(await restoreAuthEntries(changes, path)).toEqual({
      "new.example": "changed-since",
      "ghcr.io": "restored",
    });
    expect(readJson(path).auths).toEqual({ ...original.auths, "new.example": { auth: b64("later:login") } });
  });

  it("writes through a symlinked config.json", async () => {
    const path = freshPath();
    const real = join(dir, `real-${counter}.json`);
    write(real, original);
    mkdirSync(join(path, ".."), { recursive: true });
    symlinkSync(real, path);
    await addAuthEntries({ "s.example": { auth: b64("s:s") } }, path);
    expect(readJson(real).auths["s.example"]).toEqual({ auth: b64("s:s") });
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
  });

  it("does not write over a config it cannot parse", async () => {
    const path = freshPath();
    write(path, "{not json");
    await expect(addAuthEntries({ "a.example": { auth: "x" } }, path)).rejects.toThrow(DockerConfigError);
    expect(readFileSync(path, "utf8")).toBe("{not json");
  });
});
