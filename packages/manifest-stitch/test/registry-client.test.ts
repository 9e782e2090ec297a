import {
  canonicalBytes,
  foundManifest,
  OCI_INDEX,
  PushCheckError,
  PushDeniedError,
  RegistryClient,
  RegistryError,
  RepositoryMissingError,
  sha256Digest,
  staticCredentials,
  verifyCredentials,
  wellKnownAuth,
} from "@mbp/image-spec";
import {
  inspectRaw,
  pushImage,
  type Registry,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  type TokenServer,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const user = { username: "stitcher", password: "s3cret-pw" };
// Short backoffs keep retries quick; the deadline is far (no test here that is not about the deadline
// should end by it on a busy machine).
const fastRetries = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 45_000 };

let basic: Registry;
let tokenServer: TokenServer;
let bearer: Registry;

beforeAll(async () => {
  tokenServer = await startTokenServer({ users: { [user.username]: user.password }, includeService: true });
  [basic, bearer] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { token: tokenServer } }),
  ]);
});
afterAll(() => stopAll());

describe("verifyCredentials", () => {
  it("accepts good credentials and names the scheme", async () => {
    await expect(verifyCredentials(basic.host, user)).resolves.toEqual({ ok: true, scheme: "basic" });
    await expect(verifyCredentials(bearer.host, user)).resolves.toEqual({ ok: true, scheme: "bearer" });
    const open = await startRegistry();
    await expect(verifyCredentials(open.host, undefined)).resolves.toEqual({ ok: true, scheme: "none" });
  });

  it("rejects a wrong password with a RegistryError naming the host and the status", async () => {
    for (const registry of [basic, bearer]) {
      const error = await verifyCredentials(registry.host, { ...user, password: "wrong" }).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.status).toBe(401);
      expect(error.host).toBe(registry.host);
      expect(error.message).toContain(registry.host);
      expect(error.message).toContain("401");
    }
  });

  it("rejects missing credentials on a registry that needs them", async () => {
    const error = await verifyCredentials(basic.host, undefined).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.status).toBe(401);
  });

  it("waits out 429s on the login and the push check instead of counting them as failed tries", async () => {
    const limited = {
      status: 429,
      headers: { "retry-after": "0" },
      body: { errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] },
    };
    const proxy = await startProxy({
      target: basic.url,
      faults: [
        { match: { path: "/v2/" }, times: 4, respond: limited },
        { match: { method: "POST" }, times: 4, respond: limited },
      ],
    });
    // Two transient tries at most: 4 rate limits in a row would end a counted check.
    const check = await verifyCredentials(proxy.host, user, {
      pushTo: ["org/limited"],
      retryPolicy: { ...fastRetries, attempts: 2 },
    });
    expect(check).toEqual({ ok: true, scheme: "basic", push: { "org/limited": "upload" } });
    expect(proxy.count({ status: 429 })).toBe(8);
  });

  it("turns every refusal of the push check into a typed error naming the image", async () => {
    const refusals = [
      {
        path: "org/denied",
        status: 403,
        code: "DENIED",
        message: "requested access to the resource is denied",
      },
      {
        path: "org/missing",
        status: 404,
        code: "NAME_UNKNOWN",
        message: "repository name not known to registry",
      },
      { path: "org/odd", status: 400, code: "NAME_INVALID", message: "invalid repository name" },
    ];
    const proxy = await startProxy({
      target: basic.url,
      faults: refusals.map(({ path, status, code, message }) => ({
        match: { method: "POST", path: `/v2/${path}/blobs/uploads/` },
        times: Number.POSITIVE_INFINITY,
        respond: { status, body: { errors: [{ code, message }] } },
      })),
    });
    const expected = [
      [PushDeniedError, "denied", "cannot push"],
      [
        RepositoryMissingError,
        "no-repository",
        `cannot push: the repository does not exist, and ${proxy.host} does not create it on push`,
      ],
      [PushCheckError, "refused", "cannot push: the registry refused the push check"],
    ] as const;
    for (const [index, { path, status, code }] of refusals.entries()) {
      const [type, reason, summary] = expected[index] ?? [];
      const error = await verifyCredentials(proxy.host, user, {
        pushTo: ["org/fine", path],
        retryPolicy: fastRetries,
      }).catch((thrown: unknown) => thrown);
      expect(error, path).toBeInstanceOf(type);
      expect(error, path).toMatchObject({
        image: `${proxy.host}/${path}`,
        repository: { host: proxy.host, path },
        reason,
        refusal: { status, code },
      });
      expect((error as Error).message.startsWith(`${proxy.host}/${path}: ${summary}: `), path).toBe(true);
    }
    // A registry that keeps failing refused nothing: that stays a RegistryError.
    proxy.addFault({ match: { method: "POST" }, times: 10, respond: { status: 503 } });
    const failing = await verifyCredentials(proxy.host, user, {
      pushTo: ["org/fine"],
      retryPolicy: { ...fastRetries, attempts: 2 },
    }).catch((thrown: unknown) => thrown);
    expect(failing).toBeInstanceOf(RegistryError);
    expect(failing).not.toBeInstanceOf(PushCheckError);
  });

  it("sends the challenge's service and no scope to the token server, as docker login does", async () => {
    const before = tokenServer.requests.length;
    await verifyCredentials(bearer.host, user);
    const asked = tokenServer.requests.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      service: tokenServer.service,
      scope: undefined,
      user: user.username,
      status: 200,
    });
  });
});

describe("RegistryClient", () => {
  for (const kind of ["basic", "bearer"] as const) {
    it(`HEADs, GETs and PUTs manifests with ${kind} auth, one handshake per host`, async () => {
      const registry = kind === "basic" ? basic : bearer;
      const repo = { host: registry.host, path: `org/client-${kind}` };
      const image = await pushImage(
        { url: registry.url, repository: repo.path, auth: user },
        { tag: "1.0-amd64", platform: { os: "linux", architecture: "amd64" } },
      );
      const client = new RegistryClient({
        credentials: staticCredentials({ [registry.host]: user }),
        retryPolicy: fastRetries,
      });
      try {
        const head = foundManifest(await client.headManifest(repo, "1.0-amd64"));
        expect(head).toEqual({ digest: image.digest, mediaType: image.mediaType, size: image.size });
        expect(foundManifest(await client.headManifest(repo, "no-such-tag"))).toBeUndefined();
        const fetched = await client.getManifest(repo, image.digest);
        expect(fetched.bytes.equals(image.bytes)).toBe(true);
        const index = canonicalBytes({
          schemaVersion: 2,
          mediaType: OCI_INDEX,
          manifests: [{ mediaType: image.mediaType, digest: image.digest, size: image.size }],
        });
        const put = await client.putManifest(repo, "1.0", index, OCI_INDEX);
        expect(put.digest).toBe(sha256Digest(index));
        const seen = await inspectRaw(`${registry.host}/${repo.path}:1.0`, { creds: user });
        expect(seen.raw.equals(index)).toBe(true);
        const counts = client.requestCounts(registry.host);
        expect(counts["GET ping"]).toBe(1);
        expect(counts["GET token"]).toBe(kind === "bearer" ? 1 : undefined);
        expect(counts["HEAD manifest"]).toBe(2);
        expect(counts["PUT manifest"]).toBe(1);
      } finally {
        client.close();
      }
    });
  }

  describe("a registry whose token realm is known (as GHCR's and Docker Hub's are)", () => {
    const known = (realm: string, service: string) => (host: string) =>
      host === bearer.host ? { scheme: "bearer" as const, realm, service } : undefined;
    const roundTrip = async (client: RegistryClient, path: string) => {
      const repo = { host: bearer.host, path };
      const image = await pushImage(
        { url: bearer.url, repository: path, auth: user },
        { tag: "1.0-amd64", platform: { os: "linux", architecture: "amd64" } },
      );
      const found = foundManifest(await client.findManifest(repo, "1.0-amd64"));
      expect(found?.digest).toBe(image.digest);
      const index = canonicalBytes({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: image.mediaType, digest: image.digest, size: image.size }],
      });
      await client.putManifest(repo, "1.0", index, OCI_INDEX);
      const seen = await inspectRaw(`${bearer.host}/${path}:1.0`, { creds: user });
      expect(seen.raw.equals(index)).toBe(true);
    };

    it("asks for a token first, without a ping", async () => {
      const client = new RegistryClient({
        credentials: staticCredentials({ [bearer.host]: user }),
        retryPolicy: fastRetries,
        knownAuth: known(tokenServer.realm, tokenServer.service),
      });
      try {
        await roundTrip(client, "org/known-realm");
        expect(client.requestCounts(bearer.host)).toEqual({
          "GET token": 1,
          "GET manifest": 1,
          "PUT manifest": 1,
        });
      } finally {
        client.close();
      }
    });

    for (const [what, realm, service] of [
      ["realm", () => `${tokenServer.url}/moved`, () => tokenServer.service],
      ["service", () => tokenServer.realm, () => "another-service"],
    ] as const) {
      it(`asks the registry after all when the known ${what} is wrong`, async () => {
        const client = new RegistryClient({
          credentials: staticCredentials({ [bearer.host]: user }),
          retryPolicy: fastRetries,
          knownAuth: known(realm(), service()),
        });
        try {
          await roundTrip(client, `org/wrong-${what}`);
          expect(client.requestCounts(bearer.host)).toEqual({
            "GET token": 2,
            "GET ping": 1,
            "GET manifest": 1,
            "PUT manifest": 1,
          });
        } finally {
          client.close();
        }
      });
    }
  });

  it("knows GHCR's and Docker Hub's token realms, and no other", () => {
    expect(wellKnownAuth("ghcr.io")).toEqual({
      scheme: "bearer",
      realm: "https://ghcr.io/token",
      service: "ghcr.io",
    });
    expect(wellKnownAuth("docker.io")).toEqual({
      scheme: "bearer",
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
    });
    for (const host of [
      "ghcr.io:5000",
      "registry.internal",
      "127.0.0.1:5000",
      "us-docker.pkg.dev",
      "quay.io",
    ]) {
      expect(wellKnownAuth(host)).toBeUndefined();
    }
  });

  it("fails a PUT without credentials naming registry, operation and status", async () => {
    const client = new RegistryClient({ retryPolicy: fastRetries });
    try {
      const error = await client
        .putManifest({ host: basic.host, path: "org/nope" }, "1.0", Buffer.from("{}"), OCI_INDEX)
        .catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toContain(`PUT manifest ${basic.host}/org/nope:1.0`);
      expect(error.message).toContain("401");
      expect(error.attempts).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe("the overall deadline", () => {
  it("bounds a login's push checks queued behind a host's long Retry-After", async () => {
    // Every blob upload is answered 429 with an hour's Retry-After: the 5th push check waits for a
    // turn at the host (4 in flight at most) behind that pause, and must give up by the check's
    // deadline, not an hour later. Any deadline under the hour shows it; 15 s leaves the login
    // and the first uploads room to get their answers on a busy machine.
    const proxy = await startProxy({
      target: basic.url,
      faults: [
        {
          match: { method: "POST", path: "/blobs/uploads/" },
          times: Number.POSITIVE_INFINITY,
          respond: {
            status: 429,
            headers: { "retry-after": "3600" },
            body: { errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] },
          },
        },
      ],
    });
    const pushTo = ["org/a", "org/b", "org/c", "org/d", "org/e"];
    const error = await verifyCredentials(proxy.host, user, {
      pushTo,
      retryPolicy: { ...fastRetries, deadlineMs: 15_000 },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.status).toBe(429);
    expect(error.message).toContain(`${proxy.host}: POST blob upload to ${proxy.host}/org/`);
  });

  it("sends nothing once the deadline has passed", async () => {
    const proxy = await startProxy({ target: basic.url });
    const client = new RegistryClient({
      credentials: staticCredentials({ [proxy.host]: user }),
      retryPolicy: fastRetries,
      deadline: Date.now() + 200,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const error = await client.headManifest({ host: proxy.host, path: "org/late" }, "1.0").catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toBe(
        `${proxy.host}: GET /v2/ on ${proxy.host} failed: DEADLINE not sent: the overall deadline had passed`,
      );
      expect(proxy.count()).toBe(0);
    } finally {
      client.close();
    }
  });

  /**
   * The client's clock, ahead of the real one by `skew` ms: a test moves it past the deadline at the
   * moment it chooses (a backoff that wakes late on a busy machine), instead of hoping for it.
   */
  function skewedClock() {
    const clock = { skew: 0, now: () => Date.now() + clock.skew };
    return clock;
  }

  it.each([
    ["a registry that never answers", "hang" as const, "failed: ETIMEDOUT no complete answer within 500 ms"],
    ["a registry that answers 503", { status: 503 }, "answered 503 Service Unavailable"],
  ])("reports the last real failure when a retry's backoff wakes past the deadline: %s", async (_name, respond, failure) => {
    const proxy = await startProxy({
      target: basic.url,
      faults: [{ match: { method: "HEAD", path: "/manifests/" }, times: Number.POSITIVE_INFINITY, respond }],
    });
    const clock = skewedClock();
    const deadline = clock.now() + 30_000;
    const client = new RegistryClient({
      credentials: staticCredentials({ [proxy.host]: user }),
      retryPolicy: fastRetries,
      timeoutMs: 500,
      deadline,
      now: clock.now,
      // The backoff's sleep ends 1 ms after the deadline.
      sleep: async () => {
        clock.skew = deadline + 1 - Date.now();
      },
    });
    try {
      const error = await client.headManifest({ host: proxy.host, path: "org/app" }, "1.0").catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toBe(
        `${proxy.host}: HEAD manifest ${proxy.host}/org/app:1.0 ${failure}; the overall deadline stopped further tries`,
      );
      expect(proxy.count({ method: "HEAD" })).toBe(1);
    } finally {
      client.close();
      await proxy.stop();
    }
  });

  it("says a loopback host never answered over HTTPS when no time is left for plain HTTP", async () => {
    // A host that accepts connections and says nothing: the HTTPS probe waits out its timeout, and
    // the deadline passes meanwhile (the clock jumps when the connection arrives).
    const { createServer } = await import("node:net");
    const clock = skewedClock();
    const deadline = clock.now() + 30_000;
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      clock.skew = deadline + 1 - Date.now();
    });
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    const host = `127.0.0.1:${port}`;
    const client = new RegistryClient({
      credentials: staticCredentials({ [host]: user }),
      retryPolicy: fastRetries,
      timeoutMs: 500,
      deadline,
      now: clock.now,
    });
    try {
      const error = await client.headManifest({ host, path: "org/app" }, "1.0").catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toBe(
        `${host}: GET /v2/ on ${host} failed: ETIMEDOUT no answer over HTTPS (no complete answer within 500 ms); plain HTTP not tried; the overall deadline stopped further tries`,
      );
      expect(sockets).toHaveLength(1);
    } finally {
      client.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("also bounds the ping and a token request that never answers", { timeout: 45_000 }, async () => {
    const { createServer } = await import("node:http");
    const hanging = createServer(() => {
      // Never answers: a token endpoint that hangs.
    });
    const listen = (server: ReturnType<typeof createServer>) =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
      );
    const hangPort = await listen(hanging);
    const registry = createServer((_request, response) => {
      response.writeHead(401, {
        "www-authenticate": `Bearer realm="http://127.0.0.1:${hangPort}/token",service="test"`,
      });
      response.end();
    });
    const port = await listen(registry);
    const client = new RegistryClient({
      credentials: staticCredentials({ [`127.0.0.1:${port}`]: user }),
      retryPolicy: fastRetries,
      timeoutMs: 30_000,
      // 5 s: the ping and the 401 before the token request must fit in it on a busy machine.
      deadline: Date.now() + 5000,
    });
    try {
      // Without the deadline the token request would wait out the 30 s per-request timeout. With it,
      // the request gets what is left of the 5 s (at least 1 s), however long the ping took.
      const error = await client
        .headManifest({ host: `127.0.0.1:${port}`, path: "org/app" }, "1.0")
        .catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      const waited = /GET token from .* no complete answer within (\d+) ms/.exec(error.message)?.[1];
      expect(Number(waited)).toBeGreaterThanOrEqual(1000);
      expect(Number(waited)).toBeLessThanOrEqual(5000);
    } finally {
      client.close();
      hanging.closeAllConnections();
      hanging.close();
      registry.close();
    }
  });
});
