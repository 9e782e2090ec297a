import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  httpRequest,
  inspectRaw,
  isAlive,
  mediaTypes,
  pushImage,
  RegistryError,
  runCommand,
  startRegistry,
  stopAll,
  tempDockerConfig,
} from "../src/index";

afterAll(stopAll);

const amd64 = { os: "linux", architecture: "amd64" };

describe("startRegistry without auth", () => {
  it("accepts an anonymous push that skopeo reads back byte for byte", async () => {
    const registry = await startRegistry();
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`http://${registry.host}`);

    const pushed = await pushImage(
      { url: registry.url, repository: "org/app" },
      { tag: "v1", platform: amd64 },
    );
    expect(pushed.mediaType).toBe(mediaTypes.oci.manifest);

    const seen = await inspectRaw(`${registry.host}/org/app:v1`);
    expect(seen.digest).toBe(pushed.digest);
    expect(seen.raw.equals(pushed.bytes)).toBe(true);
    expect(seen.manifest.config?.mediaType).toBe(mediaTypes.oci.config);
    expect(seen.manifest.layers?.map((layer) => layer.mediaType)).toEqual([mediaTypes.oci.layerGzip]);
    expect(registry.logs()).toContain('"PUT /v2/org/app/manifests/v1 HTTP/1.1" 201');
  });

  it("pushes docker schema 2, by digest, and large streamed layers", async () => {
    const registry = await startRegistry();
    const target = { url: registry.url, repository: "app" };
    const docker = await pushImage(target, {
      tag: "docker",
      format: "docker",
      platform: { os: "linux", architecture: "arm", variant: "v7" },
    });
    expect(docker.mediaType).toBe(mediaTypes.docker.manifest);
    const dockerSeen = await inspectRaw(`${registry.host}/app:docker`);
    expect(dockerSeen.manifest.layers?.[0]?.mediaType).toBe(mediaTypes.docker.layerGzip);

    const untagged = await pushImage(target, { platform: { os: "linux", architecture: "s390x" } });
    expect((await inspectRaw(`${registry.host}/app@${untagged.digest}`)).digest).toBe(untagged.digest);
    const tags = await httpRequest(`${registry.url}/v2/app/tags/list`);
    expect(JSON.parse(tags.body.toString()).tags).toEqual(["docker"]);

    const size = 24 * 1024 * 1024 + 7;
    const big = await pushImage(target, { tag: "big", platform: amd64, layerBytes: size });
    const bigSeen = await inspectRaw(`${registry.host}/app:big`);
    expect(bigSeen.digest).toBe(big.digest);
    const layer = bigSeen.manifest.layers?.[0];
    expect(layer?.mediaType).toBe(mediaTypes.oci.layer);
    expect(layer?.size).toBe(512 + Math.ceil(size / 512) * 512 + 1024);
    // The registry verified the streamed bytes against the digest on PUT; skopeo verifies them again on copy.
    const out = mkdtempSync(join(tmpdir(), "testkit-copy-"));
    try {
      await runCommand("skopeo", [
        "copy",
        "--src-tls-verify=false",
        `docker://${registry.host}/app:big`,
        `dir:${out}`,
      ]);
      expect(existsSync(join(out, layer?.digest.replace("sha256:", "") ?? "missing"))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    const again = await pushImage(target, { tag: "big2", platform: amd64, layerBytes: size });
    expect(again.digest).toBe(big.digest);
    const other = await pushImage(target, { tag: "seeded", platform: amd64, layerBytes: 1000, seed: "x" });
    expect(other.digest).not.toBe(big.digest);
  });

  it("starts several registries at once on distinct ports and stops them by pid", async () => {
    const registries = await Promise.all([1, 2, 3, 4].map(() => startRegistry()));
    expect(new Set(registries.map((r) => r.port)).size).toBe(4);
    for (const registry of registries) {
      expect(isAlive(registry.pid)).toBe(true);
      expect((await httpRequest(`${registry.url}/v2/`)).status).toBe(200);
    }
    await Promise.all(registries.map((registry) => registry.stop()));
    for (const registry of registries) {
      expect(isAlive(registry.pid)).toBe(false);
      expect(existsSync(registry.storageDir)).toBe(false);
      await expect(httpRequest(`${registry.url}/v2/`)).rejects.toThrow(/ECONNREFUSED/);
    }
    await registries[0]?.stop();
  });

  it("keeps a caller's storageDir across restarts", async () => {
    const storageDir = mkdtempSync(join(tmpdir(), "testkit-storage-"));
    try {
      const first = await startRegistry({ storageDir });
      const pushed = await pushImage({ url: first.url, repository: "keep" }, { tag: "t", platform: amd64 });
      await first.stop();
      expect(existsSync(storageDir)).toBe(true);
      const second = await startRegistry({ storageDir });
      expect((await inspectRaw(`${second.host}/keep:t`)).digest).toBe(pushed.digest);
      await second.stop();
    } finally {
      rmSync(storageDir, { recursive: true, force: true });
    }
  });
});

describe("startRegistry with htpasswd", () => {
  const users = { alice: "s3cret", bob: "hunter2" };

  it("lets the right password push and refuses a wrong one", async () => {
    const registry = await startRegistry({ auth: { htpasswd: users } });
    expect((await httpRequest(`${registry.url}/v2/`)).status).toBe(401);

    const target = { url: registry.url, repository: "private/app" };
    const pushed = await pushImage(
      { ...target, auth: { username: "alice", password: "s3cret" } },
      {
        tag: "v1",
        platform: amd64,
      },
    );
    const error = await pushImage(
      { ...target, auth: { username: "alice", password: "nope" } },
      {
        tag: "v2",
        platform: amd64,
      },
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(401);
    await expect(pushImage(target, { tag: "v3", platform: amd64 })).rejects.toThrow(/asks for Basic auth/);

    const seen = await inspectRaw(`${registry.host}/private/app:v1`, {
      creds: { username: "bob", password: "hunter2" },
    });
    expect(seen.digest).toBe(pushed.digest);
    await expect(
      inspectRaw(`${registry.host}/private/app:v1`, { creds: { username: "bob", password: "wrong" } }),
    ).rejects.toThrow(/unauthorized|authentication required/i);
    await expect(inspectRaw(`${registry.host}/private/app:v1`)).rejects.toThrow(
      /unauthorized|authentication/i,
    );
  });

  it("works with docker login (password on stdin, DOCKER_CONFIG in a temp dir)", async () => {
    const registry = await startRegistry({ auth: { htpasswd: users } });
    const config = tempDockerConfig();
    const env = { ...process.env, ...config.env };

    const ok = await runCommand("docker", ["login", registry.host, "-u", "alice", "--password-stdin"], {
      input: "s3cret\n",
      env,
    });
    expect(ok.stdout).toContain("Login Succeeded");
    const saved = JSON.parse(readFileSync(config.path, "utf8"));
    expect(Buffer.from(saved.auths[registry.host].auth, "base64").toString()).toBe("alice:s3cret");

    const bad = await runCommand("docker", ["login", registry.host, "-u", "alice", "--password-stdin"], {
      input: "wrong\n",
      env,
      ignoreReturnCode: true,
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unauthorized|401/i);
    config.cleanup();
    expect(existsSync(config.dir)).toBe(false);
  });
});
