// The authenticator's rules for credentials that are minted rather than stored (a token source per
// host, a credential helper's answer, credentials that expire or that a registry stops accepting)
// and for a well-known realm that turns out wrong, against a small fake registry that records what
// the client sends.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  credentialsFor,
  foundManifest,
  OCI_MANIFEST,
  RegistryClient,
  type RegistryCredentials,
} from "@mbp/image-spec";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

let server: http.Server;
let host: string;
/** How the fake registry wants to be spoken to. */
let scheme: "basic" | "bearer" = "basic";
/** Basic passwords (and Bearer tokens) the registry accepts now. */
let accepted = new Set<string>();
let seen: Array<{ method: string; path: string; authorization?: string }> = [];
let issued = 0;
/** `expires_in` of the tokens the fake issues. */
let tokenSeconds = 300;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const passwordOf = (authorization: string | undefined) =>
  authorization?.startsWith("Basic ")
    ? Buffer.from(authorization.slice(6), "base64").toString().split(":").slice(1).join(":")
    : undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const authorization = req.headers.authorization;
    seen.push({ method: req.method ?? "", path: url.pathname, ...(authorization ? { authorization } : {}) });
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/token") {
      if (!accepted.has(passwordOf(authorization) ?? "")) {
        json(401, { details: "bad credentials" });
        return;
      }
      issued += 1;
      accepted.add(`t-${issued}`);
      json(200, { token: `t-${issued}`, expires_in: tokenSeconds });
      return;
    }
    if (!url.pathname.startsWith("/v2/")) {
      json(404, { details: "no such endpoint" });
      return;
    }
    const given = scheme === "basic" ? passwordOf(authorization) : authorization?.replace(/^Bearer /, "");
    if (given === undefined || !accepted.has(given)) {
      const challenge =
        scheme === "basic" ? 'Basic realm="fake"' : `Bearer realm="http://${host}/token",service="fake"`;
      json(
        401,
        { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] },
        {
          "www-authenticate": challenge,
        },
      );
      return;
    }
    // `GET /v2/` answers `{}`; a manifest HEAD, the headers of one 321-byte manifest.
    if (url.pathname === "/v2/") json(200, {});
    else {
      const digest = `sha256:${"b".repeat(64)}`;
      res.writeHead(200, {
        "content-type": OCI_MANIFEST,
        "docker-content-digest": digest,
        "content-length": "321",
      });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  scheme = "basic";
  accepted = new Set();
  seen = [];
  tokenSeconds = 300;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A token source that mints `minted-1`, `minted-2`, … (each accepted by the registry), and counts. */
function mint(expiresIn: number) {
  const source = Object.assign(
    async (asked: string): Promise<RegistryCredentials> => {
      source.asked.push(asked);
      const password = `minted-${source.asked.length}`;
      accepted.add(password);
      return { username: "oauth2accesstoken", password, expiresAt: Date.now() + expiresIn };
    },
    { asked: [] as string[] },
  );
  return source;
}

const repo = () => ({ host, path: "org/app" });

describe("credentials from a token source", () => {
  it("are asked for the source's host instead of the resolver", async () => {
    const source = mint(3_600_000);
    const resolver: string[] = [];
    const client = new RegistryClient({
      credentials: async (asked) => {
        resolver.push(asked);
        return { username: "u", password: "from-the-docker-config" };
      },
      tokenSource: (asked) => (asked === host ? source : undefined),
    });
    try {
      expect(foundManifest(await client.headManifest(repo(), "1"))?.size).toBe(321);
      expect(source.asked).toEqual([host]);
      expect(resolver).toEqual([]);
      expect(seen.at(-1)?.authorization).toBe(basic("oauth2accesstoken", "minted-1"));
    } finally {
      client.close();
    }
  });

  it("are asked for again, once, when the registry refuses them (a token minted an hour ago)", async () => {
    const source = mint(3_600_000);
    const client = new RegistryClient({ tokenSource: () => source });
    try {
      await client.headManifest(repo(), "1");
      accepted.delete("minted-1");
      expect(foundManifest(await client.headManifest(repo(), "2"))?.size).toBe(321);
      expect(source.asked).toHaveLength(2);
      expect(seen.slice(-2).map((s) => s.authorization)).toEqual([
        basic("oauth2accesstoken", "minted-1"),
        basic("oauth2accesstoken", "minted-2"),
      ]);
      expect(client.requestCounts()).toEqual({ "GET ping": 1, "HEAD manifest": 3 });
    } finally {
      client.close();
    }
  });

  it("are asked for again once they have expired, before the request", async () => {
    // Minted already expired: every request asks first, and no request is refused.
    const source = mint(-1);
    const client = new RegistryClient({ tokenSource: () => source });
    try {
      await client.headManifest(repo(), "1");
      await client.headManifest(repo(), "2");
      expect(source.asked).toHaveLength(2);
      expect(seen.filter((s) => s.path !== "/v2/").map((s) => s.authorization)).toEqual([
        basic("oauth2accesstoken", "minted-1"),
        basic("oauth2accesstoken", "minted-2"),
      ]);
    } finally {
      client.close();
    }
  });
});

/**
 * Runs `test` with a client whose Docker config's `credHelpers` names a stand-in
 * `docker-credential-rotating` on PATH: it answers with the password `answer` last set (the test
 * changes it, as a helper's renewal does) and records every `get`. The client has made one request,
 * with `pw-1`, which the registry accepted.
 */
async function withRotatingHelper(
  test: (
    helper: { answer(password: string): void; asked(): string[] },
    client: RegistryClient,
  ) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "authenticator-helper-"));
  const passwordFile = join(dir, "password");
  const log = join(dir, "asked");
  writeFileSync(log, "");
  const script = join(dir, "docker-credential-rotating");
  writeFileSync(
    script,
    `#!/bin/sh\nread url\necho "$1 $url" >> "${log}"\nprintf '{"ServerURL":"%s","Username":"u","Secret":"%s"}' "$url" "$(cat "${passwordFile}")"\n`,
  );
  chmodSync(script, 0o755);
  writeFileSync(join(dir, "config.json"), JSON.stringify({ credHelpers: { [host]: "rotating" } }));
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ""}` };
  const client = new RegistryClient({
    credentials: (asked) => credentialsFor(asked, { configPath: join(dir, "config.json"), env }),
  });
  const helper = {
    answer: (password: string) => writeFileSync(passwordFile, password),
    asked: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
  try {
    helper.answer("pw-1");
    accepted.add("pw-1");
    await client.headManifest(repo(), "1");
    await test(helper, client);
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("credentials from a credential helper (the Docker config's credHelpers)", () => {
  it("are asked for again, once, when a Basic registry refuses them (the helper renewed them)", async () => {
    await withRotatingHelper(async (helper, client) => {
      // The helper's token expired and it mints another: the registry takes only the new one.
      accepted.delete("pw-1");
      accepted.add("pw-2");
      helper.answer("pw-2");
      expect(foundManifest(await client.headManifest(repo(), "2"))?.size).toBe(321);
      expect(helper.asked()).toEqual([`get ${host}`, `get ${host}`]);
      expect(seen.slice(-2).map((s) => s.authorization)).toEqual([basic("u", "pw-1"), basic("u", "pw-2")]);
    });
  });

  it("are asked for again when the token endpoint refuses them, and a registry token refused after", async () => {
    scheme = "bearer";
    await withRotatingHelper(async (helper, client) => {
      // The registry revokes its token and the helper renews its password: the HEAD's 401 asks the
      // helper again, and the token comes with the new password.
      accepted.clear();
      accepted.add("pw-2");
      helper.answer("pw-2");
      expect(foundManifest(await client.headManifest(repo(), "2"))?.size).toBe(321);
      expect(helper.asked()).toHaveLength(2);

      // Registry tokens of a second: the next HEAD needs a token, and the token endpoint refuses the
      // password the client holds; the helper is asked again before the token is asked for again.
      tokenSeconds = 1;
      accepted.clear();
      accepted.add("pw-3");
      helper.answer("pw-3");
      await client.headManifest(repo(), "3"); // a token of a second, with pw-3 (after a 401)
      accepted.delete("pw-3");
      accepted.add("pw-4");
      helper.answer("pw-4");
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(foundManifest(await client.headManifest(repo(), "4"))?.size).toBe(321);
      expect(helper.asked()).toHaveLength(4);
      const tokenRequests = seen.filter((s) => s.path === "/token").map((s) => s.authorization);
      expect(tokenRequests.slice(-2)).toEqual([basic("u", "pw-3"), basic("u", "pw-4")]);
    });
  });

  it("are asked for again only once: a helper that answers the refused password again fails the request", async () => {
    await withRotatingHelper(async (helper, client) => {
      accepted.delete("pw-1");
      const error = await client.headManifest(repo(), "2").catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401 });
      expect(helper.asked()).toHaveLength(2);
    });
  });
});

describe("stored credentials", () => {
  it("are resolved once for the client's life, a refusal included", async () => {
    accepted.add("stored");
    const resolver: string[] = [];
    const client = new RegistryClient({
      credentials: async (asked) => {
        resolver.push(asked);
        return { username: "u", password: "stored" };
      },
    });
    try {
      await client.headManifest(repo(), "1");
      accepted.delete("stored");
      const error = await client.headManifest(repo(), "2").catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401 });
      expect(resolver).toEqual([host]);
    } finally {
      client.close();
    }
  });
});

describe("a well-known realm that is wrong", () => {
  it("is learnt again once for requests that share its failed token request", async () => {
    scheme = "bearer";
    accepted.add("pw");
    const client = new RegistryClient({
      credentials: async () => ({ username: "u", password: "pw" }),
      knownAuth: (asked) =>
        asked === host ? { scheme: "bearer", realm: `http://${host}/nowhere`, service: "fake" } : undefined,
    });
    try {
      // Both HEADs ask for the same scope at once: they share the token request to the wrong realm.
      const heads = await Promise.all([client.headManifest(repo(), "1"), client.headManifest(repo(), "2")]);
      expect(heads.map((head) => foundManifest(head)?.size)).toEqual([321, 321]);
      expect(client.requestCounts()).toEqual({ "GET token": 2, "GET ping": 1, "HEAD manifest": 2 });
    } finally {
      client.close();
    }
  });
});
