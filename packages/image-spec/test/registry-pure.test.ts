import {
  canonicalJson,
  classifyRegistryError,
  hostAuthFrom,
  parseChallenges,
  parseErrorBody,
  parseRetryAfter,
  parseRetryAfterBody,
  parseTokenAnswer,
  RegistryError,
  sha256Digest,
  tokenRequest,
} from "@mbp/image-spec";
import { describe, expect, it } from "vitest";

describe("parseChallenges", () => {
  it.each([
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:org/app:pull"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:org/app:pull" },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    // Artifact Registry: no service.
    [
      'Bearer realm="https://us-docker.pkg.dev/v2/token",scope="repository:p/r/app:pull"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://us-docker.pkg.dev/v2/token", scope: "repository:p/r/app:pull" },
        },
      ],
    ],
    // Commas inside quotes, spaces around separators, upper-case names, an escaped quote.
    [
      'BEARER Realm = "https://a/token" , error="insufficient_scope", scope="repository:a:pull,push", x="q\\"d"',
      [
        {
          scheme: "bearer",
          params: {
            realm: "https://a/token",
            error: "insufficient_scope",
            scope: "repository:a:pull,push",
            x: 'q"d',
          },
        },
      ],
    ],
    [
      'Negotiate abc==, Basic realm="r", Bearer realm=https://t/token',
      [
        { scheme: "negotiate", params: {} },
        { scheme: "basic", params: { realm: "r" } },
        { scheme: "bearer", params: { realm: "https://t/token" } },
      ],
    ],
    ["", []],
  ])("%s", (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it("reads repeated headers and undefined", () => {
    expect(parseChallenges(['Basic realm="a"', 'Bearer realm="b"']).map((c) => c.scheme)).toEqual([
      "basic",
      "bearer",
    ]);
    expect(parseChallenges(undefined)).toEqual([]);
  });

  it("prefers Bearer over Basic, and needs a realm for Bearer", () => {
    expect(hostAuthFrom(parseChallenges('Basic realm="a", Bearer realm="https://t",service="s"'))).toEqual({
      scheme: "bearer",
      realm: "https://t",
      service: "s",
    });
    expect(hostAuthFrom(parseChallenges('Bearer service="s"'))).toBeUndefined();
    expect(hostAuthFrom(parseChallenges('Basic realm="x"'))).toEqual({ scheme: "basic" });
    expect(hostAuthFrom(parseChallenges("Negotiate"))).toBeUndefined();
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["12", 12_000],
    ["0", 0],
    ["1.5", 1500],
    ["Thu, 01 Jan 2026 00:00:30 GMT", 30_000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("header %s → %s ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    ['{"errors":[{"code":"TOOMANYREQUESTS","message":"retry-after: 12.5ms, allowed: 2000/minute"}]}', 13],
    ["retry-after: 2s", 2000],
    ["Retry-After: 1m", 60_000],
    ["retry-after: 3", 3000],
    ["too many requests", undefined],
  ])("GHCR body %s → %s ms", (body, expected) => {
    expect(parseRetryAfterBody(body)).toBe(expected);
  });
});

describe("classifyRegistryError", () => {
  const error = (init: Partial<ConstructorParameters<typeof RegistryError>[0]>) =>
    new RegistryError({ host: "ghcr.io", operation: "HEAD manifest ghcr.io/o/a:1", ...init });
  it.each([
    [408, undefined, "", true],
    [429, undefined, "", true],
    [500, undefined, "", true],
    [502, undefined, "", true],
    [503, undefined, "", true],
    [504, undefined, "", true],
    [403, "DENIED", "You have exceeded a secondary rate limit", true],
    [403, "DENIED", "requested access to the resource is denied", false],
    [400, "MANIFEST_INVALID", "", false],
    [401, "UNAUTHORIZED", "", false],
    [404, "MANIFEST_UNKNOWN", "", false],
    [413, undefined, "", false],
  ])("HTTP %s %s %s → retry %s", (status, code, detail, retry) => {
    expect(classifyRegistryError(error({ status, code, detail })).retry).toBe(retry);
  });

  it("retries resets and timeouts but not unknown hosts or other errors", () => {
    expect(classifyRegistryError(error({ code: "ECONNRESET" })).retry).toBe(true);
    expect(classifyRegistryError(error({ code: "ETIMEDOUT" })).retry).toBe(true);
    expect(classifyRegistryError(error({ code: "ENOTFOUND" })).retry).toBe(false);
    expect(classifyRegistryError(new Error("boom")).retry).toBe(false);
  });

  it("waits as long as the registry asked, and marks rate limits", () => {
    expect(classifyRegistryError(error({ status: 429, retryAfterMs: 13 }))).toEqual({
      retry: true,
      reason: "HTTP 429",
      rateLimited: true,
      afterMs: 13,
    });
  });

  it.each([
    [429, undefined, "", true],
    [503, 1000, "", true],
    [503, undefined, "", false],
    [502, undefined, "", false],
    [403, undefined, "You have exceeded a secondary rate limit", true],
  ])("HTTP %s (Retry-After %s ms) %s → rate limited %s", (status, retryAfterMs, detail, limited) => {
    const decision = classifyRegistryError(
      error({ status, detail, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }),
    );
    expect(decision.retry && decision.rateLimited === true).toBe(limited);
  });
});

describe("RegistryError", () => {
  it("names the registry, the operation and the status", () => {
    const e = new RegistryError({
      host: "ghcr.io",
      operation: "HEAD manifest ghcr.io/org/app:1.0-amd64",
      status: 503,
      code: "UNAVAILABLE",
      detail: "try later",
    }).afterAttempts(5);
    expect(e.message).toBe(
      "ghcr.io: HEAD manifest ghcr.io/org/app:1.0-amd64 answered 503 Service Unavailable (UNAVAILABLE: try later) after 5 tries",
    );
    expect(
      new RegistryError({
        host: "h",
        operation: "GET /v2/ on h",
        code: "ECONNRESET",
        detail: "socket hang up",
      }).message,
    ).toBe("h: GET /v2/ on h failed: ECONNRESET socket hang up");
  });

  it("reads distribution and OAuth2 error bodies", () => {
    expect(parseErrorBody('{"errors":[{"code":"DENIED","message":"denied","detail":"x"}]}')).toEqual({
      code: "DENIED",
      message: "denied: x",
    });
    expect(parseErrorBody('{"error":"invalid_grant","error_description":"bad token"}')).toEqual({
      code: "invalid_grant",
      message: "bad token",
    });
    expect(parseErrorBody("<html>oops</html>")).toEqual({ message: "<html>oops</html>" });
    expect(parseErrorBody("")).toEqual({ message: "" });
  });
});

describe("token requests", () => {
  const bearer = { scheme: "bearer" as const, realm: "https://auth.example/token?x=1", service: "reg" };
  it("GETs with service, scope and Basic credentials", () => {
    const request = tokenRequest(bearer, "repository:o/a:pull,push", { username: "u", password: "p" });
    expect(request.method).toBe("GET");
    expect(request.url.href).toBe(
      "https://auth.example/token?x=1&service=reg&scope=repository%3Ao%2Fa%3Apull%2Cpush",
    );
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("leaves out a missing service and scope, and credentials when anonymous", () => {
    const request = tokenRequest({ scheme: "bearer", realm: "https://a/token" }, undefined, undefined);
    expect(request.url.href).toBe("https://a/token");
    expect(request.headers).toEqual({});
  });

  it("POSTs the OAuth2 refresh_token grant for an identity token", () => {
    const request = tokenRequest(bearer, "repository:o/a:pull", {
      username: "u",
      identityToken: "refresh-me",
    });
    expect(request.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "refresh-me",
      client_id: "multiplatform-build-and-push",
      service: "reg",
      scope: "repository:o/a:pull",
    });
  });

  it("reads token or access_token and defaults expires_in to 60 s", () => {
    expect(parseTokenAnswer(Buffer.from('{"token":"t","expires_in":300}'), "h", "op")).toEqual({
      value: "t",
      expiresInS: 300,
    });
    expect(parseTokenAnswer(Buffer.from('{"access_token":"a"}'), "h", "op")).toEqual({
      value: "a",
      expiresInS: 60,
    });
    expect(() => parseTokenAnswer(Buffer.from("{}"), "h", "op")).toThrow(RegistryError);
  });
});

describe("canonical JSON", () => {
  it("sorts keys at every level, so equal values give equal bytes and digests", () => {
    const a = {
      schemaVersion: 2,
      manifests: [{ size: 1, digest: "d", platform: { os: "linux", architecture: "amd64" } }],
    };
    const b = {
      manifests: [{ platform: { architecture: "amd64", os: "linux" }, digest: "d", size: 1 }],
      schemaVersion: 2,
    };
    expect(canonicalJson(a)).toBe(
      '{"manifests":[{"digest":"d","platform":{"architecture":"amd64","os":"linux"},"size":1}],"schemaVersion":2}',
    );
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(sha256Digest("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
