import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  httpRequest,
  inspectRaw,
  isAlive,
  pushImage,
  runCommand,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  tempDockerConfig,
} from "../src/index";

describe("tempDockerConfig", () => {
  it("writes auths that another client (skopeo --authfile) accepts", async () => {
    const registry = await startRegistry({ auth: { htpasswd: { alice: "s3cret" } } });
    const pushed = await pushImage(
      { url: registry.url, repository: "app", auth: { username: "alice", password: "s3cret" } },
      { tag: "v1", platform: { os: "linux", architecture: "amd64" } },
    );
    const config = tempDockerConfig({ [registry.host]: { username: "alice", password: "s3cret" } });
    expect(config.env).toEqual({ DOCKER_CONFIG: config.dir });
    expect(JSON.parse(readFileSync(config.path, "utf8"))).toEqual({
      auths: { [registry.host]: { auth: Buffer.from("alice:s3cret").toString("base64") } },
    });
    const { stdout } = await runCommand("skopeo", [
      "inspect",
      "--raw",
      "--tls-verify=false",
      "--authfile",
      config.path,
      `docker://${registry.host}/app:v1`,
    ]);
    expect(Buffer.from(stdout).equals(pushed.bytes)).toBe(true);
    await stopAll();
    expect(existsSync(config.dir)).toBe(false);
  });
});

describe("stopAll", () => {
  it("stops every registry, token server and proxy this process started", async () => {
    const token = await startTokenServer({ users: {} });
    const registry = await startRegistry({ auth: { token } });
    const plain = await startRegistry();
    const proxy = await startProxy({ target: plain.url, faults: [{ times: 1, respond: "hang" }] });
    const hung = httpRequest(`${proxy.url}/v2/`).catch((err: unknown) => err);
    // Hung at the proxy (not still on its way, which a busy machine can make take longer than any
    // fixed pause): only then does stopAll have a hung connection to end.
    await expect.poll(() => proxy.requests.length, { timeout: 30_000 }).toBe(1);
    expect((await inspectRaw(`${plain.host}/none:v1`).catch((err: Error) => err.message)) as string).toMatch(
      /manifest unknown/i,
    );

    await stopAll();
    expect(await hung).toBeInstanceOf(Error);
    expect(isAlive(registry.pid)).toBe(false);
    expect(isAlive(plain.pid)).toBe(false);
    expect(existsSync(token.certPath)).toBe(false);
    for (const url of [token.url, registry.url, plain.url, proxy.url]) {
      await expect(httpRequest(`${url}/v2/`)).rejects.toThrow(/ECONNREFUSED/);
    }
    await stopAll();
    await registry.stop();
  });
});
