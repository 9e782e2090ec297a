// Tier 2: the shared registry transport and client against real local servers: redirects that
// change scheme, NO_PROXY matching, and IPv6 literal hosts.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import { proxyFor, Transport, verifyCredentials } from "@mbp/image-spec";
import { makeTestCertificates, stopAll, type TestCertificates } from "@mbp/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

let certs: TestCertificates;
const servers: net.Server[] = [];

beforeAll(async () => {
  certs = await makeTestCertificates();
});
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});
afterAll(() => stopAll());

async function listen(server: net.Server, host = "127.0.0.1"): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

describe("redirects", () => {
  it("drop Authorization on a same-host redirect from https to http, and keep it on https", async () => {
    const seen: Record<string, string | undefined> = {};
    const landing = (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen[`${req.socket instanceof TLSSocket ? "https" : "http"} ${req.url}`] = req.headers.authorization;
      res.end("{}");
    };
    let port = 0;
    const secure = https.createServer(
      { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) },
      (req, res) => {
        if (req.url === "/to-http") {
          res.writeHead(302, { location: `http://127.0.0.1:${port}/landing` }).end();
        } else if (req.url === "/to-https") {
          res.writeHead(307, { location: "/landing" }).end();
        } else landing(req, res);
      },
    );
    const plain = http.createServer(landing);
    // One port for both, as a registry that redirects to itself would be: the first byte tells TLS.
    // The servers get a stream over the socket, so the byte read to decide is not lost.
    const sniffer = net.createServer((socket) => {
      socket.once("data", (first: Buffer) => {
        socket.pause();
        const stream = new Duplex({
          read: () => socket.resume(),
          write: (chunk, encoding, done) => socket.write(chunk, encoding, done),
          final: (done) => socket.end(done),
          destroy: (error, done) => {
            socket.destroy();
            done(error);
          },
        });
        socket.on("data", (chunk: Buffer) => {
          if (!stream.push(chunk)) socket.pause();
        });
        socket.on("end", () => stream.push(null));
        socket.on("error", (error) => stream.destroy(error));
        stream.push(first);
        (first[0] === 0x16 ? secure : plain).emit("connection", stream);
      });
    });
    port = await listen(sniffer);
    const transport = new Transport({ skipVerify: () => true });
    try {
      const headers = { authorization: "Bearer secret-token" };
      for (const path of ["/to-https", "/to-http"]) {
        const answer = await transport.request({
          method: "GET",
          url: new URL(`https://127.0.0.1:${port}${path}`),
          headers,
          timeoutMs: 5000,
        });
        expect(answer.status).toBe(200);
      }
    } finally {
      transport.close();
    }
    expect(seen).toEqual({ "https /landing": "Bearer secret-token", "http /landing": undefined });
  });
});

describe("proxyFor", () => {
  const cases: Array<[string, Record<string, string>, string | undefined]> = [
    ["https://registry.internal:5000/v2/", { HTTPS_PROXY: "http://proxy:3128" }, "http://proxy:3128/"],
    ["https://registry.internal:5000/v2/", { https_proxy: "http://proxy:3128" }, "http://proxy:3128/"],
    ["http://registry.internal:5000/v2/", { HTTP_PROXY: "http://proxy:3128" }, "http://proxy:3128/"],
    ["http://registry.internal:5000/v2/", { HTTPS_PROXY: "http://proxy:3128" }, undefined],
    ["https://registry.internal/v2/", { HTTPS_PROXY: "http://p:1", NO_PROXY: ".internal" }, undefined],
    ["https://registry.internal/v2/", { HTTPS_PROXY: "http://p:1", NO_PROXY: "*.internal" }, undefined],
    [
      "https://registry.internal:5000/",
      { HTTPS_PROXY: "http://p:1", NO_PROXY: "registry.internal:5000" },
      undefined,
    ],
    [
      "https://registry.internal:5001/",
      { HTTPS_PROXY: "http://p:1", NO_PROXY: "registry.internal:5000" },
      "http://p:1/",
    ],
    ["https://ghcr.io/v2/", { HTTPS_PROXY: "http://p:1", NO_PROXY: "*" }, undefined],
    [
      "https://ghcr.io/v2/",
      { HTTPS_PROXY: "http://p:1", NO_PROXY: "other.example, .internal" },
      "http://p:1/",
    ],
    // Loopback never goes through a proxy (as in Go's net/http).
    ["https://127.0.0.1:5000/v2/", { HTTPS_PROXY: "http://p:1" }, undefined],
    ["https://[::1]:5000/v2/", { HTTPS_PROXY: "http://p:1" }, undefined],
  ];
  const names = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
  ];

  it.each(cases)("%s with %j → %s", (url, env, expected) => {
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    try {
      for (const name of names) delete process.env[name];
      Object.assign(process.env, env);
      expect(proxyFor(new URL(url))?.href).toBe(expected);
    } finally {
      for (const name of names) {
        const value = saved[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("IPv6 literal hosts", () => {
  it("logs in to a registry at [::1]:port", async () => {
    const registry = http.createServer((req, res) => {
      res.writeHead(req.url === "/v2/" ? 200 : 404, { "content-type": "application/json" }).end("{}");
    });
    const port = await listen(registry, "::1");
    await expect(verifyCredentials(`[::1]:${port}`, undefined)).resolves.toEqual({
      ok: true,
      scheme: "none",
    });
  });
});

describe("certificate verification per host", () => {
  it("skips it only for the hosts told to (a context that trusts nothing), verifying the rest", async () => {
    const server = https.createServer(
      { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) },
      (_req, res) => res.end("{}"),
    );
    const port = await listen(server);
    const transport = new Transport({ skipVerify: (host) => host === `127.0.0.1:${port}`, certsDirs: [] });
    const get = (host: string) =>
      transport.request({ method: "GET", url: new URL(`https://${host}:${port}/v2/`), timeoutMs: 5000 });
    try {
      // The throwaway CA is nowhere in the trust store: only an unverified host can be spoken to.
      expect((await get("127.0.0.1")).status).toBe(200);
      await expect(get("localhost")).rejects.toMatchObject({
        message: expect.stringContaining(`the TLS certificate of localhost:${port} is not trusted`),
      });
      // Still unverified on a new connection after a verifying agent was made.
      transport.close();
      expect((await get("127.0.0.1")).status).toBe(200);
    } finally {
      transport.close();
    }
  });
});
