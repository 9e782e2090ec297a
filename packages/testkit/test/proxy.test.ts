import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  httpRequest,
  inspectRaw,
  type PushedManifest,
  pushImage,
  type Registry,
  type RegistryError,
  startProxy,
  startRegistry,
  stopAll,
} from "../src/index";

afterAll(stopAll);

const amd64 = { os: "linux", architecture: "amd64" };
let registry: Registry;
let pushed: PushedManifest;

beforeAll(async () => {
  registry = await startRegistry();
  pushed = await pushImage({ url: registry.url, repository: "app" }, { tag: "v1", platform: amd64 });
});

describe("startProxy", () => {
  it("forwards a whole push, rewrites Location, and counts every request", async () => {
    const proxy = await startProxy({ target: registry.url });
    expect(proxy.url).toBe(`http://${proxy.host}`);
    const image = await pushImage(
      { url: proxy.url, repository: "via-proxy" },
      { tag: "v1", platform: { os: "linux", architecture: "arm64" } },
    );
    // HEAD + POST + PUT for the layer and for the config, then one manifest PUT.
    expect(proxy.count()).toBe(7);
    expect(proxy.count({ method: "HEAD", status: 404 })).toBe(2);
    expect(proxy.count({ method: "POST", path: "/blobs/uploads/", status: 202 })).toBe(2);
    // The PUTs reached the proxy, so the registry's absolute Location was rewritten to it.
    expect(proxy.count({ method: "PUT", path: /\/v2\/via-proxy\/blobs\/uploads\/.*digest=sha256/ })).toBe(2);
    expect(proxy.count((r) => r.method === "PUT" && r.path === "/v2/via-proxy/manifests/v1")).toBe(1);
    expect(proxy.requests.every((r) => r.fault === undefined)).toBe(true);

    proxy.reset();
    expect(proxy.count()).toBe(0);
    expect((await inspectRaw(`${proxy.host}/via-proxy:v1`)).digest).toBe(image.digest);
    expect(proxy.count({ method: "GET", path: "/v2/via-proxy/manifests/v1", status: 200 })).toBe(1);
  });

  it("injects 429 with Retry-After, a GHCR-style 429 body, and 503, each for `times` requests", async () => {
    const ghcrBody = {
      errors: [{ code: "TOOMANYREQUESTS", message: "retry-after: 12.5ms, allowed: 2000/minute" }],
    };
    const proxy = await startProxy({
      target: registry.url,
      faults: [
        {
          match: { method: "GET", path: /\/manifests\// },
          times: 1,
          respond: { status: 429, headers: { "Retry-After": "1" } },
        },
        {
          match: { method: "GET", path: /\/manifests\// },
          times: 1,
          respond: { status: 429, body: ghcrBody },
        },
        { match: { method: "HEAD" }, times: 2, respond: { status: 503 } },
      ],
    });
    const manifest = `${proxy.url}/v2/app/manifests/v1`;
    const accept = { accept: pushed.mediaType };

    const first = await httpRequest(manifest, { headers: accept });
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("1");
    const second = await httpRequest(manifest, { headers: accept });
    expect(second.status).toBe(429);
    expect(second.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(second.body.toString())).toEqual(ghcrBody);
    const third = await httpRequest(manifest, { headers: accept });
    expect(third.status).toBe(200);
    expect(third.body.equals(pushed.bytes)).toBe(true);

    expect((await httpRequest(manifest, { method: "HEAD", headers: accept })).status).toBe(503);
    expect((await httpRequest(manifest, { method: "HEAD", headers: accept })).status).toBe(503);
    expect((await httpRequest(manifest, { method: "HEAD", headers: accept })).status).toBe(200);
    expect(proxy.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, "respond"],
      [429, "respond"],
      [200, undefined],
      [503, "respond"],
      [503, "respond"],
      [200, undefined],
    ]);
  });

  it("fails forever with times: Infinity, and clearFaults restores service", async () => {
    const proxy = await startProxy({ target: registry.url });
    proxy.addFault({ times: Number.POSITIVE_INFINITY, respond: { status: 503, body: "down" } });
    for (let i = 0; i < 5; i++) {
      expect((await httpRequest(`${proxy.url}/v2/`)).status).toBe(503);
    }
    const error = await pushImage({ url: proxy.url, repository: "x" }, { platform: amd64 }).catch(
      (e: unknown) => e,
    );
    expect((error as RegistryError).status).toBe(503);
    expect(proxy.count({ status: 503 })).toBe(6);
    proxy.clearFaults();
    expect((await httpRequest(`${proxy.url}/v2/`)).status).toBe(200);
  });

  it("resets the connection", async () => {
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { path: "/manifests/" }, times: 1, respond: "reset" }],
    });
    const accept = { accept: pushed.mediaType };
    await expect(httpRequest(`${proxy.url}/v2/app/manifests/v1`, { headers: accept })).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect((await httpRequest(`${proxy.url}/v2/app/manifests/v1`, { headers: accept })).status).toBe(200);
    expect(proxy.requests[0]).toEqual({
      method: "GET",
      path: "/v2/app/manifests/v1",
      status: 0,
      fault: "reset",
    });
  });

  it("hangs until the client gives up, and stop() ends hung connections", async () => {
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { method: "GET" }, times: 1, respond: "hang" }],
    });
    // The client's own timeout is the only way out of a hang.
    await expect(httpRequest(`${proxy.url}/v2/`, { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    expect(proxy.requests).toEqual([{ method: "GET", path: "/v2/", status: 0, fault: "hang" }]);
    expect((await httpRequest(`${proxy.url}/v2/`)).status).toBe(200);

    const hanging = await startProxy({ target: registry.url, faults: [{ times: 1, respond: "hang" }] });
    // No client timeout here: only stop() can end this request.
    const stuck = httpRequest(`${hanging.url}/v2/`, { timeoutMs: 0 }).catch((err: unknown) => err);
    // expect.poll gives up after 1 s by default; a busy machine may take longer to deliver it.
    await expect.poll(() => hanging.requests.length, { timeout: 30_000 }).toBe(1);
    await hanging.stop();
    expect(await stuck).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/) });
  });

  it("answers 502 when the registry is gone", async () => {
    const doomed = await startRegistry();
    const proxy = await startProxy({ target: doomed.url });
    await doomed.stop();
    const res = await httpRequest(`${proxy.url}/v2/`);
    expect(res.status).toBe(502);
    expect(proxy.requests).toEqual([{ method: "GET", path: "/v2/", status: 502 }]);
  });
});
