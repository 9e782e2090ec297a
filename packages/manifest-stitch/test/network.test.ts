// Tier 3: the bundled stitch action against registries that answer the way enterprise setups do:
// HEAD refused with 405 (some GHES and Artifactory setups), 403 DENIED for a manifest that is not
// there yet (GHCR, Artifactory), a token endpoint refusing anonymous requests, and a credential
// helper that never answers.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { foundManifest, RegistryClient, staticCredentials } from "@mbp/image-spec";
import { runAction } from "@mbp/image-spec/testing";
import {
  type Registry,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amd64, arm64, pushArch } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const user = { username: "ci", password: "network-test-pw" };
const github = {
  GITHUB_EVENT_NAME: "push",
  GITHUB_REF: "refs/heads/main",
  GITHUB_REPOSITORY: "octo/app",
  GITHUB_SHA: "89abcdef0123456789abcdef0123456789abcdef",
};
const DENIED = {
  status: 403,
  body: { errors: [{ code: "DENIED", message: "requested access to the resource is denied" }] },
};

let registry: Registry;
let config: TempDockerConfig;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stitch-network-"));
  registry = await startRegistry({ auth: { htpasswd: { [user.username]: user.password } } });
  config = tempDockerConfig();
  await pushArch(registry.url, "org/app", "main-amd64", amd64, { auth: user });
  await pushArch(registry.url, "org/app", "main-arm64", arm64, { auth: user });
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A Docker config holding the login for `host` (a proxy in front of the registry). */
function configFor(host: string): Record<string, string> {
  const auth = Buffer.from(`${user.username}:${user.password}`).toString("base64");
  const configDir = mkdtempSync(join(dir, "docker-"));
  writeFileSync(join(configDir, "config.json"), JSON.stringify({ auths: { [host]: { auth } } }));
  return { DOCKER_CONFIG: configDir };
}

const stitchThrough = (host: string, env: Record<string, string> = configFor(host)) =>
  runAction(actionYml, { inputs: { images: `${host}/org/app` }, env: { ...github, ...env } });

describe("the bundled stitch action against enterprise registries", () => {
  it("stitches through a registry that refuses HEAD with 405: sources are read with GET", async () => {
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { method: "HEAD" }, times: Number.POSITIVE_INFINITY, respond: { status: 405 } }],
    });
    const result = await stitchThrough(proxy.host);
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 200 })).toBe(1);
  });

  it("the client's HEAD falls back to GET when the registry refuses HEAD with 405 (Docker Hub sources use HEAD)", async () => {
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { method: "HEAD" }, times: Number.POSITIVE_INFINITY, respond: { status: 405 } }],
    });
    const client = new RegistryClient({
      credentials: staticCredentials({ [proxy.host]: { username: user.username, password: user.password } }),
    });
    try {
      const head = foundManifest(
        await client.headManifest({ host: proxy.host, path: "org/app" }, "main-arm64"),
      );
      expect(head?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(proxy.count({ method: "HEAD", path: "/manifests/main-arm64", status: 405 })).toBe(1);
      expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 200 })).toBe(1);
    } finally {
      client.close();
    }
  });

  it("looks again at a source that answers 403 DENIED just after its push (read-after-write)", async () => {
    const proxy = await startProxy({
      target: registry.url,
      // The first two reads are refused, as GHCR refuses a repository it does not know yet.
      faults: [{ match: { path: "/manifests/main-arm64" }, times: 2, respond: DENIED }],
    });
    const result = await stitchThrough(proxy.host);
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 403 })).toBe(2);
    expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 200 })).toBe(1);
  });

  it("waits out GHCR's 403 secondary rate limit on a source instead of taking it for a missing manifest", async () => {
    // As many as the stitch's looks for a missing source (4): taken for "missing", they would use
    // up every look and fail the run.
    const SECONDARY = {
      status: 403,
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
    };
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { path: "/manifests/main-arm64" }, times: 4, respond: SECONDARY }],
    });
    // Four 1 s pauses: 30 s of deadline, under the file's 60 s test timeout, so a client that waits
    // too long fails naming the deadline rather than on vitest's clock.
    const client = new RegistryClient({
      credentials: staticCredentials({ [proxy.host]: user }),
      retryPolicy: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 30_000 },
    });
    try {
      const repo = { host: proxy.host, path: "org/app" };
      const lookup = await client.findManifest(repo, "main-arm64");
      const found = foundManifest(lookup);
      expect(found?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(lookup.outcome === "refused" ? lookup.error : undefined).toBeUndefined();
      expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 403 })).toBe(4);
      expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 200 })).toBe(1);
    } finally {
      client.close();
    }
  });

  it("reports a source that stays 403 DENIED as missing or not readable, with the registry's message", async () => {
    const proxy = await startProxy({
      target: registry.url,
      faults: [
        { match: { path: "/manifests/main-arm64" }, times: Number.POSITIVE_INFINITY, respond: DENIED },
      ],
    });
    const result = await stitchThrough(proxy.host);
    expect(result.exitCode).toBe(1);
    const errors = result.errors.join("\n");
    expect(errors).toContain(
      `${proxy.host}/org/app:main-arm64 (linux/arm64): missing or not readable: ${proxy.host}: GET manifest ${proxy.host}/org/app:main-arm64 answered 403 Forbidden (DENIED: requested access to the resource is denied)`,
    );
    expect(errors).not.toMatch(/check the credentials/);
    // Looked for again, as a 404 would be, before giving up; nothing was pushed.
    expect(proxy.count({ method: "GET", path: "/manifests/main-arm64", status: 403 })).toBeGreaterThan(1);
    expect(proxy.count({ method: "PUT" })).toBe(0);
  });

  it("says there are no credentials when a token endpoint refuses an anonymous request", async () => {
    const tokenServer = await startTokenServer({
      users: {},
      faults: [
        { times: Number.POSITIVE_INFINITY, respond: { status: 401, body: { details: "login required" } } },
      ],
    });
    const tokenRegistry = await startRegistry({ auth: { token: tokenServer } });
    const result = await stitchThrough(tokenRegistry.host, config.env);
    expect(result.exitCode).toBe(1);
    const errors = result.errors.join("\n");
    expect(errors).toContain(`no credentials for ${tokenRegistry.host}: log in to it first`);
    expect(errors).not.toMatch(/check the credentials/);
  });

  it("gives up on a credential helper that never answers, naming it and the host", async () => {
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const helper = join(bin, "docker-credential-sleepy");
    // A locked `pass` store waiting for a prompt that never comes.
    writeFileSync(helper, "#!/bin/sh\nsleep 600\n");
    chmodSync(helper, 0o755);
    const configDir = mkdtempSync(join(dir, "docker-"));
    writeFileSync(join(configDir, "config.json"), JSON.stringify({ credsStore: "sleepy" }));
    const result = await stitchThrough(registry.host, {
      DOCKER_CONFIG: configDir,
      PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join("\n")).toContain(
      `credential helper docker-credential-sleepy did not answer "get ${registry.host}" within 15 s, so there are no credentials for ${registry.host}`,
    );
  }, 60_000);
});
