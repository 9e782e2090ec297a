import {
  type Authorization,
  type Authorizer,
  basicAuthorization,
  type HostAuth,
  hostAuthOfAnswer,
  parseTokenAnswer,
  type Token,
  type TokenRequest,
  tokenRequest,
} from "./auth";
import {
  anonymousCredentials,
  type CredentialResolver,
  hasCredentials,
  type RegistryCredentials,
  type TokenSource,
} from "./credentials";
import { ClientCode, notLoggedIn, parseErrorBody, RegistryError } from "./errors";
import { errorOf, type RegistryHttp } from "./http";
import { classifyRegistryError } from "./retry";
import type { HttpAnswer } from "./transport";

/**
 * The Bearer challenge of a registry whose token realm is well known: GHCR's and Docker Hub's (what
 * their `GET /v2/` answers name), so their first request is the token, not a ping. Should one ever
 * answer otherwise, the client learns the real challenge: from the 401 of a request made with the
 * token (one refresh), or from a ping after a token request that failed.
 */
export function wellKnownAuth(host: string): HostAuth | undefined {
  if (host === "ghcr.io") return { scheme: "bearer", realm: "https://ghcr.io/token", service: "ghcr.io" };
  if (host === "docker.io") {
    return { scheme: "bearer", realm: "https://auth.docker.io/token", service: "registry.docker.io" };
  }
  return undefined;
}

export interface AuthenticatorOptions {
  /** Credentials of each host; anonymous when omitted or when it answers undefined. */
  readonly credentials?: CredentialResolver;
  /** A host's token source, if it has one (a keyless registry): asked instead of `credentials`. */
  readonly tokenSource?: (host: string) => TokenSource | undefined;
  /**
   * A host's auth known without asking it (no `GET /v2/` first); default `wellKnownAuth`. Tests
   * point it at a local token registry.
   */
  readonly knownAuth?: (host: string) => HostAuth | undefined;
  /** Debug log lines: token fetches, realms learnt again, credentials asked for again. */
  readonly debug?: (message: string) => void;
}

// A token is renewed this long (at most a tenth of its life) before it expires, so it never dies in flight.
const TOKEN_MARGIN_MS = 10_000;

type BearerAuth = Extract<HostAuth, { scheme: "bearer" }>;

interface KeptCredentials {
  readonly promise: Promise<RegistryCredentials | undefined>;
  /** Set once the promise has resolved. */
  resolved?: RegistryCredentials | undefined;
}

/**
 * One client's auth state and its rules: how each host wants to be spoken to (`knownAuth`, else one
 * shared `GET /v2/`), its credentials (a token source's, else the resolver's; resolved once, minted
 * ones again when they expire or are refused), Bearer tokens cached per host and scope until shortly
 * before `expires_in`, what a 401 teaches, and the realm learnt again when an assumed one fails.
 * Pings and token requests go through the client's pipeline, so they are counted, limited, and bound
 * by its deadline like every other request.
 */
export class Authenticator implements Authorizer {
  private readonly hostAuth = new Map<string, Promise<HostAuth>>();
  private readonly hostCredentials = new Map<string, KeptCredentials>();
  private readonly tokens = new Map<string, { token: Promise<Token>; expiresAt: number }>();
  /** Auths taken from `knownAuth` rather than learnt from the host: a failed token request pings. */
  private readonly assumed = new WeakSet<HostAuth>();
  /** The one ping that replaces an assumed auth, shared by every token request that failed with it. */
  private readonly relearnt = new WeakMap<HostAuth, Promise<HostAuth>>();

  constructor(
    private readonly http: RegistryHttp,
    private readonly options: AuthenticatorOptions = {},
  ) {}

  async authorize(host: string, scope: string | undefined): Promise<Authorization> {
    // The ping and the credentials (a file, or a credential helper's process) overlap.
    const [auth, credentials] = await Promise.all([this.hostAuthOf(host), this.credentialsOf(host)]);
    return this.authorization(host, auth, scope, credentials);
  }

  async challenged(
    host: string,
    scope: string | undefined,
    answer: HttpAnswer,
    sent: Authorization,
  ): Promise<Authorization | undefined> {
    // Learn from this challenge and drop the cached token; minted credentials are asked for again.
    const renewed = hostAuthOfAnswer(answer) ?? sent.auth;
    this.hostAuth.set(host, Promise.resolve(renewed));
    this.tokens.delete(tokenKey(host, scope));
    const credentials =
      sent.credentials?.expiresAt === undefined
        ? sent.credentials
        : await this.credentialsOf(host, sent.credentials);
    const next = await this.authorization(host, renewed, scope, credentials);
    return next.header === undefined ? undefined : next;
  }

  /**
   * The host's auth scheme: `knownAuth`'s (GHCR, Docker Hub), else from one unauthenticated
   * `GET /v2/` shared by every caller. A failed ping is not remembered: the next try pings again.
   */
  private hostAuthOf(host: string): Promise<HostAuth> {
    let known = this.hostAuth.get(host);
    const assumed = known === undefined ? (this.options.knownAuth ?? wellKnownAuth)(host) : undefined;
    if (assumed !== undefined) {
      this.assumed.add(assumed);
      known = Promise.resolve(assumed);
      this.hostAuth.set(host, known);
    } else if (known === undefined) {
      known = this.ping(host);
      this.hostAuth.set(host, known);
      known.catch(() => this.hostAuth.delete(host));
    }
    return known;
  }

  private async ping(host: string): Promise<HostAuth> {
    const operation = `GET /v2/ on ${host}`;
    const answer = await this.http.send({ host, operation, kind: "ping", method: "GET", target: "/v2/" });
    if (answer.status >= 200 && answer.status < 300) return { scheme: "none" };
    if (answer.status === 401) {
      const auth = hostAuthOfAnswer(answer);
      if (auth) return auth;
      throw new RegistryError({
        host,
        operation,
        status: 401,
        code: ClientCode.UNSUPPORTED_AUTH,
        detail: `no Basic or Bearer challenge in WWW-Authenticate: ${JSON.stringify(answer.headers["www-authenticate"] ?? "")}`,
      });
    }
    throw errorOf(host, operation, answer);
  }

  /**
   * The host's credentials, resolved once and kept. Minted ones (with `expiresAt`) are asked for
   * again once they have expired, or when `refused` (what a registry answered 401 to) is still what
   * is kept; a concurrent request that already asked again gets the new ones.
   */
  private credentialsOf(
    host: string,
    refused?: RegistryCredentials,
  ): Promise<RegistryCredentials | undefined> {
    const kept = this.hostCredentials.get(host);
    const current = kept?.resolved;
    const expired = current?.expiresAt !== undefined && current.expiresAt <= Date.now();
    const stale = current !== undefined && (expired || current === refused);
    if (kept !== undefined && !stale) return kept.promise;
    if (stale) {
      this.options.debug?.(
        `${host}: the credentials ${expired ? "expired" : "were refused"}; asking for new ones`,
      );
    }
    const source = this.options.tokenSource?.(host) ?? this.options.credentials ?? anonymousCredentials;
    const entry: KeptCredentials = { promise: source(host) };
    entry.promise.then(
      (credentials) => {
        entry.resolved = credentials;
      },
      () => {},
    );
    this.hostCredentials.set(host, entry);
    return entry.promise;
  }

  /**
   * The Authorization for a request: none, Basic, a registry token as is, or a token for the scope.
   * Minted credentials the token endpoint refuses are asked for again, once (`renewed` then says so).
   */
  private async authorization(
    host: string,
    auth: HostAuth,
    scope: string | undefined,
    credentials: RegistryCredentials | undefined,
    renewed = false,
  ): Promise<Authorization> {
    const authorization = (header: string | undefined): Authorization => ({ header, auth, credentials });
    if (auth.scheme === "none") return authorization(undefined);
    if (auth.scheme === "basic") return authorization(basicAuthorization(credentials));
    if (credentials?.registryToken) return authorization(`Bearer ${credentials.registryToken}`);
    try {
      return authorization(`Bearer ${(await this.token(host, auth, scope, credentials)).value}`);
    } catch (error) {
      // Minted credentials (a token source's, a credential helper's) that the token endpoint no
      // longer takes (a token minted an hour ago): ask for them again, once.
      if (!renewed && credentials?.expiresAt !== undefined && refusesCredentials(error)) {
        const fresh = await this.credentialsOf(host, credentials);
        if (fresh !== credentials) return this.authorization(host, auth, scope, fresh, true);
      }
      // A token request to an assumed realm that failed for good: ask the host after all (once;
      // the ping's answer replaces the assumption), unless it was a rate limit or a blip, which
      // the caller's retry waits out.
      if (!this.assumed.has(auth) || classifyRegistryError(error).retry) throw error;
      return this.authorization(host, await this.relearn(host, auth), scope, credentials, renewed);
    }
  }

  /** The cached token for the scope until it nearly expires, else a new one (shared while in flight). */
  private async token(
    host: string,
    auth: BearerAuth,
    scope: string | undefined,
    credentials: RegistryCredentials | undefined,
  ): Promise<Token> {
    const key = tokenKey(host, scope);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const entry = { token: this.fetchToken(host, auth, scope, credentials), expiresAt: Infinity };
    this.tokens.set(key, entry);
    try {
      const token = await entry.token;
      const lifetimeMs = token.expiresInS * 1000;
      entry.expiresAt = Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10);
      return token;
    } catch (error) {
      if (this.tokens.get(key) === entry) this.tokens.delete(key);
      throw error;
    }
  }

  private relearn(host: string, assumed: BearerAuth): Promise<HostAuth> {
    let learnt = this.relearnt.get(assumed);
    if (learnt === undefined) {
      this.options.debug?.(
        `${host}: the token request to ${assumed.realm} failed; asking ${host} for its realm`,
      );
      const ping = this.ping(host);
      learnt = ping;
      this.relearnt.set(assumed, ping);
      this.hostAuth.set(host, ping);
      ping.catch(() => {
        this.relearnt.delete(assumed);
        if (this.hostAuth.get(host) === ping) this.hostAuth.delete(host);
      });
    }
    return learnt;
  }

  private async fetchToken(
    host: string,
    auth: BearerAuth,
    scope: string | undefined,
    credentials: RegistryCredentials | undefined,
  ): Promise<Token> {
    let request = tokenRequest(auth, scope, credentials);
    const operation = `${request.method} token from ${auth.realm} for ${scope ?? "login"}`;
    this.options.debug?.(`${host}: ${operation}`);
    const send = ({ method, url, headers, body }: TokenRequest) =>
      this.http.send({
        host,
        operation,
        kind: "token",
        method,
        target: url,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    let answer = await send(request);
    // Token servers without the OAuth2 refresh-token grant answer 404/405 (no endpoint) or 400
    // `unsupported_grant_type` to the POST: then GET with Basic, as docker does.
    if (
      request.method === "POST" &&
      (answer.status === 404 ||
        answer.status === 405 ||
        (answer.status === 400 && parseErrorBody(answer.body).code === "unsupported_grant_type"))
    ) {
      request = tokenRequest(auth, scope, credentials, "basic");
      answer = await send(request);
    }
    if (answer.status !== 200) {
      const error = errorOf(host, operation, answer);
      const refused = answer.status === 401 || answer.status === 403;
      if (refused && !hasCredentials(credentials)) {
        throw notLoggedIn({ host, operation, status: answer.status, code: error.code, said: error.detail });
      }
      // OAuth2 answers a bad refresh token with 400 invalid_grant: that is wrong credentials too.
      if (refused || error.code === "invalid_grant") {
        throw new RegistryError({
          host,
          operation,
          status: answer.status,
          code: error.code ?? "UNAUTHORIZED",
          detail: `${error.detail || "refused"}; check the credentials stored for ${host}`,
        });
      }
      throw error;
    }
    return parseTokenAnswer(answer.body, host, operation);
  }
}

/**
 * A token endpoint's refusal of the credentials sent (what fetchToken throws for 401, 403 and
 * invalid_grant), not a rate limit (GHCR's 403 "secondary rate limit" is waited out instead).
 */
function refusesCredentials(error: unknown): boolean {
  return (
    error instanceof RegistryError &&
    (error.status === 401 || error.status === 403 || error.code === "invalid_grant") &&
    !classifyRegistryError(error).retry
  );
}

function tokenKey(host: string, scope: string | undefined): string {
  return `${host} ${scope ?? ""}`;
}
