import { type AuthChallenge, parseChallenges, preferredChallenge } from "./challenge";
import type { RegistryCredentials } from "./credentials";
import { ClientCode, RegistryError } from "./errors";
import type { HttpAnswer } from "./transport";

/** How a registry host wants to be spoken to, learnt from `GET /v2/` or a 401. */
export type HostAuth =
  | { readonly scheme: "none" }
  | { readonly scheme: "basic" }
  | { readonly scheme: "bearer"; readonly realm: string; readonly service?: string };

/** What the authenticator put on one request, and what it built it from. */
export interface Authorization {
  /** The `Authorization` header; undefined: the request goes without one. */
  readonly header: string | undefined;
  /** How the host was spoken to. */
  readonly auth: HostAuth;
  /** The credentials it was built from; undefined: anonymous. */
  readonly credentials: RegistryCredentials | undefined;
}

/**
 * What the request pipeline (http.ts) asks of whoever holds the auth state (authenticator.ts), as
 * regclient's `UpdateRequest` and `HandleResponse`: an Authorization for a request, and what to do
 * about a 401.
 */
export interface Authorizer {
  /** The Authorization for a request to `host` for `scope` (undefined: scope-less, a login check). */
  authorize(host: string, scope: string | undefined): Promise<Authorization>;
  /**
   * A 401 answered a request sent with `sent`: learns what the answer teaches and drops what it
   * proved stale. Resolves with the Authorization to send the request once more with, or undefined
   * when there is nothing new to send.
   */
  challenged(
    host: string,
    scope: string | undefined,
    answer: HttpAnswer,
    sent: Authorization,
  ): Promise<Authorization | undefined>;
}

/** The HostAuth a challenge asks for; undefined when it names neither Basic nor a Bearer realm. */
export function hostAuthFrom(challenges: readonly AuthChallenge[]): HostAuth | undefined {
  const challenge = preferredChallenge(challenges);
  if (challenge === undefined) return undefined;
  if (challenge.scheme === "basic") return { scheme: "basic" };
  const { realm, service } = challenge.params;
  if (!realm) return undefined;
  return service ? { scheme: "bearer", realm, service } : { scheme: "bearer", realm };
}

/** The HostAuth of a 401 answer's `WWW-Authenticate` header(s). */
export function hostAuthOfAnswer(answer: HttpAnswer): HostAuth | undefined {
  return hostAuthFrom(parseChallenges(answer.headers["www-authenticate"]));
}

/** `repository:<path>:pull` or `…:pull,push`: the scope a token for one repository is asked for. */
export function repositoryScope(path: string, push: boolean): string {
  return `repository:${path}:${push ? "pull,push" : "pull"}`;
}

/** `Basic base64(user:password)`; undefined without a username or password. */
export function basicAuthorization(credentials: RegistryCredentials | undefined): string | undefined {
  if (!credentials) return undefined;
  const password = credentials.password ?? credentials.identityToken;
  if (credentials.username === undefined && password === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username ?? ""}:${password ?? ""}`).toString("base64")}`;
}

/** A token request at a Bearer realm, the way the docker CLI makes it. */
export interface TokenRequest {
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/**
 * With an identity token: the OAuth2 `refresh_token` grant as a form POST (as docker does). Otherwise
 * a GET with `service` and `scope` and, when there are credentials, Basic auth. `scope` undefined asks
 * for a scope-less token (what `docker login` does to check credentials).
 */
export function tokenRequest(
  auth: Extract<HostAuth, { scheme: "bearer" }>,
  scope: string | undefined,
  credentials: RegistryCredentials | undefined,
  grant: "oauth" | "basic" = credentials?.identityToken ? "oauth" : "basic",
): TokenRequest {
  const url = new URL(auth.realm);
  if (grant === "oauth" && credentials?.identityToken) {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: credentials.identityToken,
      client_id: "multiplatform-build-and-push",
    });
    if (auth.service) form.set("service", auth.service);
    if (scope) form.set("scope", scope);
    return {
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    };
  }
  if (auth.service) url.searchParams.set("service", auth.service);
  if (scope) url.searchParams.set("scope", scope);
  const authorization = basicAuthorization(credentials);
  return { method: "GET", url, headers: authorization ? { authorization } : {} };
}

/** A token and how long it lives. */
export interface Token {
  readonly value: string;
  /** Seconds from issue; the token endpoint's `expires_in`, 60 when absent (the spec's default). */
  readonly expiresInS: number;
}

/** Reads a token endpoint's answer (`token` and/or `access_token`, `expires_in`). */
export function parseTokenAnswer(body: Buffer, host: string, operation: string): Token {
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(body.toString("utf8")) as typeof parsed;
  } catch {
    throw new RegistryError({
      host,
      operation,
      code: ClientCode.BAD_TOKEN_ANSWER,
      detail: "the answer is not JSON",
    });
  }
  const value =
    typeof parsed.token === "string" && parsed.token
      ? parsed.token
      : typeof parsed.access_token === "string"
        ? parsed.access_token
        : "";
  if (!value) {
    throw new RegistryError({
      host,
      operation,
      code: ClientCode.BAD_TOKEN_ANSWER,
      detail: "the answer has no token",
    });
  }
  const expires = typeof parsed.expires_in === "number" && parsed.expires_in > 0 ? parsed.expires_in : 60;
  return { value, expiresInS: expires };
}

/**
 * What a Bearer token's JWT `access` claim (Docker Hub, Harbor, distribution's token servers) says
 * about pushing to one repository: true or false, or undefined when the token is not a JWT with
 * such a claim (GHCR's and most clouds' tokens are opaque) and only trying can tell.
 */
export function tokenGrantsPush(token: string, path: string): boolean | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  let claims: { access?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as typeof claims;
  } catch {
    return undefined;
  }
  if (!Array.isArray(claims.access)) return undefined;
  return claims.access.some((entry: { type?: unknown; name?: unknown; actions?: unknown }) => {
    if (entry?.type !== "repository" || entry.name !== path || !Array.isArray(entry.actions)) return false;
    return entry.actions.includes("push") || entry.actions.includes("*");
  });
}
