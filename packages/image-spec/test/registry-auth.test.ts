// The OAuth2 refresh-token grant and registry tokens, which the testkit's token server does not speak:
// a small fake registry + token endpoint records exactly what the client sends.
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  foundManifest,
  OCI_MANIFEST,
  RegistryClient,
  RegistryError,
  verifyCredentials,
} from "@mbp/image-spec";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

interface Seen {
  method: string;
  path: string;
  authorization?: string;
  form?: Record<string, string>;
}
let server: http.Server;
let host: string;
let seen: Seen[] = [];
let issued = 0;
let revoked = new Set<string>();
// The `expires_in` of the next token issued. An hour unless a test says otherwise: a token that
// lives a second can run out between two requests on a busy machine, so only the test of expiry
// issues one that short, and then waits well past it.
let expiresIn = 3600;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const entry: Seen = { method: req.method ?? "", path: url.pathname + url.search };
      if (req.headers.authorization) entry.authorization = req.headers.authorization;
      seen.push(entry);
      const json = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/oauth/token" && req.method === "POST") {
        entry.form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        if (entry.form.refresh_token !== "good-refresh") {
          json(400, { error: "invalid_grant", error_description: "refresh token is not valid" });
          return;
        }
        issued += 1;
        json(200, { access_token: `at-${issued}`, expires_in: expiresIn });
        return;
      }
      const bearer = req.headers.authorization?.replace(/^Bearer /, "");
      const valid =
        bearer !== undefined && !revoked.has(bearer) && (/^at-\d+$/.test(bearer) || bearer === "reg-token");
      if (!valid) {
        json(
          401,
          { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] },
          { "www-authenticate": `Bearer realm="http://${host}/oauth/token",service="fake-registry"` },
        );
        return;
      }
      if (url.pathname === "/v2/") {
        json(200, {});
        return;
      }
      res.writeHead(200, {
        "content-type": OCI_MANIFEST,
        "docker-content-digest": `sha256:${"a".repeat(64)}`,
        "content-length": "123",
      });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = [];
  revoked = new Set();
  expiresIn = 3600;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("identity and registry tokens", () => {
  it("exchanges an identity token with the OAuth2 refresh_token grant, scope-less for a login check", async () => {
    await expect(verifyCredentials(host, { username: "u", identityToken: "good-refresh" })).resolves.toEqual({
      ok: true,
      scheme: "bearer",
    });
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts.map((p) => p.form)).toEqual([
      {
        grant_type: "refresh_token",
        refresh_token: "good-refresh",
        client_id: "multiplatform-build-and-push",
        service: "fake-registry",
      },
    ]);
    expect(seen.at(-1)).toMatchObject({
      method: "GET",
      path: "/v2/",
      authorization: expect.stringMatching(/^Bearer at-/),
    });
  });

  it("reports a refused identity token as wrong credentials", async () => {
    const error = await verifyCredentials(host, { identityToken: "stale" }).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.status).toBe(400);
    expect(error.message).toContain(
      `${host}: POST token from http://${host}/oauth/token for login answered 400`,
    );
    expect(error.message).toContain(`check the credentials stored for ${host}`);
  });

  it("sends a registry token as it is, with no exchange", async () => {
    await expect(verifyCredentials(host, { registryToken: "reg-token" })).resolves.toEqual({
      ok: true,
      scheme: "bearer",
    });
    expect(seen.filter((s) => s.path.startsWith("/oauth"))).toEqual([]);
  });
});

describe("token cache", () => {
  it("reuses a token per scope until it expires, and refreshes once on a 401", async () => {
    const client = new RegistryClient({ credentials: async () => ({ identityToken: "good-refresh" }) });
    const repo = { host, path: "org/app" };
    try {
      await client.headManifest(repo, "1");
      await client.headManifest(repo, "2");
      expect(client.requestCounts()).toEqual({ "GET ping": 1, "POST token": 1, "HEAD manifest": 2 });
      expect(seen.find((s) => s.method === "POST")?.form?.scope).toBe("repository:org/app:pull,push");

      // Another repository is another scope: another token.
      await client.headManifest({ host, path: "org/other" }, "1");
      expect(client.requestCounts()["POST token"]).toBe(2);

      // The registry stops accepting the cached token: one 401, one new token, the same HEAD again.
      const current = seen.at(-1)?.authorization?.replace(/^Bearer /, "") ?? "";
      revoked.add(current);
      await expect(
        client.headManifest({ host, path: "org/other" }, "2").then(foundManifest),
      ).resolves.toMatchObject({
        size: 123,
      });
      expect(client.requestCounts()).toEqual({ "GET ping": 1, "POST token": 3, "HEAD manifest": 5 });

      // A token that lives 1 s (the client counts it gone 0.1 s early): after it, a new token is
      // fetched before the request, without a 401. The wait only has to be long enough, never short.
      expiresIn = 1;
      const third = { host, path: "org/third" };
      await client.headManifest(third, "1");
      expect(client.requestCounts()).toEqual({ "GET ping": 1, "POST token": 4, "HEAD manifest": 6 });
      await new Promise((r) => setTimeout(r, 1100));
      await client.headManifest(third, "2");
      // One HEAD more, not two: the new token was asked for before the request, not after a 401.
      expect(client.requestCounts()).toEqual({ "GET ping": 1, "POST token": 5, "HEAD manifest": 7 });
    } finally {
      client.close();
    }
  });
});
