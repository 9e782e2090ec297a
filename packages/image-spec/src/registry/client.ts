import { isInsecureRegistry, registryApiHost } from "../image";
import { declaredMediaType, isDigest, MANIFEST_MEDIA_TYPES, sha256Digest } from "../oci";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "../retry";
import {
  basicAuthorization,
  type HostAuth,
  hostAuthOfAnswer,
  parseTokenAnswer,
  repositoryScope,
  type Token,
  tokenGrantsPush,
  tokenRequest,
} from "./auth";
import {
  anonymousCredentials,
  type CredentialResolver,
  hasCredentials,
  type RegistryCredentials,
} from "./credentials";
import { parseErrorBody, RegistryError } from "./errors";
import { HostLimiter, MAX_IN_FLIGHT_PER_HOST } from "./limiter";
import { classifyRegistryError, parseRetryAfter, parseRetryAfterBody, rateLimitPause } from "./retry";
import { type HttpAnswer, headerValue, Transport, TransportError } from "./transport";

/** A repository in a registry: canonical host (`docker.io`, `127.0.0.1:5000`) and path. */
export interface RepositoryRef {
  readonly host: string;
  readonly path: string;
}

/** What one HEAD of a manifest tells: enough for an index entry. */
export interface ManifestHead {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** A manifest's exact bytes, as stored. */
export interface FetchedManifest extends ManifestHead {
  readonly bytes: Buffer;
}

/** What a request was for, for request counts. */
export type RequestKind = "ping" | "token" | "manifest" | "blob" | "other";

/** One HTTP request the client sent (retries and auth round trips each count). */
export interface RequestRecord {
  readonly host: string;
  readonly method: string;
  readonly kind: RequestKind;
}

export interface RegistryClientOptions {
  /** Credentials of each host; anonymous when omitted or when it answers undefined. */
  readonly credentials?: CredentialResolver;
  /**
   * Insecure registries (`host[:port]`): like loopback hosts, tried over HTTPS without certificate
   * verification first, then over plain HTTP (docker's rule).
   */
  readonly insecure?: Iterable<string>;
  /** certs.d roots holding `<host[:port]>/*.crt` CA files; default `certsDirs()` (trust.ts). */
  readonly certsDirs?: readonly string[];
  /** Ask tokens for `pull,push` (true, the default) or only `pull` (a dry run). */
  readonly push?: boolean;
  readonly retryPolicy?: RetryPolicy;
  /** One HTTP exchange, connect to last byte; default 30 s. */
  readonly timeoutMs?: number;
  /** Epoch ms after which no new try starts and no request outlives (an overall step deadline). */
  readonly deadline?: number;
  readonly userAgent?: string;
  /** Requests in flight to one host at most (see limiter.ts for why 4). */
  readonly maxInFlightPerHost?: number;
  /**
   * A host's auth known without asking it (no `GET /v2/` first); default `wellKnownAuth`. Tests
   * point it at a local token registry.
   */
  readonly knownAuth?: (host: string) => HostAuth | undefined;
  /** Debug log lines: retries, token fetches. */
  readonly debug?: (message: string) => void;
  /** For tests: replaces the backoff sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Call {
  readonly host: string;
  readonly operation: string;
  readonly kind: RequestKind;
  readonly method: string;
  /** `/v2/…` on the registry's API host. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Token scope; undefined for scope-less (login check) requests. */
  readonly scope: string | undefined;
  /** Statuses that are answers, not failures. */
  readonly accept: (status: number) => boolean;
  /** A 401/403 that is not for want of credentials is an answer too (a manifest that may be missing). */
  readonly refusedIsAnswer?: boolean;
}

const ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");

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
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
// A token is renewed this long (at most a tenth of its life) before it expires, so it never dies in flight.
const TOKEN_MARGIN_MS = 10_000;

/**
 * A small OCI distribution API client for manifests: HEAD, GET and PUT of manifests, with Basic and
 * Bearer auth (challenges parsed from `GET /v2/`, tokens cached per host and scope, one refresh on
 * 401), retries with backoff under a deadline, and a count of every request it sends. Blobs are
 * never touched.
 */
export class RegistryClient {
  private readonly transport: Transport;
  private readonly credentials: CredentialResolver;
  private readonly insecure: ReadonlySet<string>;
  private readonly push: boolean;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly hostAuth = new Map<string, Promise<HostAuth>>();
  private readonly hostCredentials = new Map<string, Promise<RegistryCredentials | undefined>>();
  private readonly tokens = new Map<string, { token: Promise<Token>; expiresAt: number }>();
  private readonly records: RequestRecord[] = [];
  /** The scheme an insecure or loopback host answered on (HTTPS tried first). */
  private readonly schemes = new Map<string, "http" | "https">();
  /** Why a HEAD found a manifest missing when the registry refused rather than answered 404. */
  private readonly refusals = new Map<string, RegistryError>();
  private readonly limiter: HostLimiter;
  private readonly rateLimited = new Map<string, HttpAnswer>();
  /** Auths taken from `knownAuth` rather than learnt from the host: a failed token request pings. */
  private readonly assumed = new WeakSet<HostAuth>();
  /** The one ping that replaces an assumed auth, shared by every token request that failed with it. */
  private readonly relearnt = new WeakMap<HostAuth, Promise<HostAuth>>();

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.limiter = new HostLimiter(options.maxInFlightPerHost ?? MAX_IN_FLIGHT_PER_HOST);
    this.credentials = options.credentials ?? anonymousCredentials;
    this.insecure = new Set([...(options.insecure ?? [])].map((host) => host.toLowerCase()));
    this.push = options.push ?? true;
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.transport = new Transport({
      skipVerify: (host) => this.isInsecure(host),
      ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
    });
  }

  /** Every request sent so far, in order. */
  get requests(): readonly RequestRecord[] {
    return this.records;
  }

  /** Requests by `METHOD kind` (`HEAD manifest`, `GET token`), for one host or all. */
  requestCounts(host?: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.records) {
      if (host !== undefined && record.host !== host) continue;
      const key = `${record.method} ${record.kind}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** `9 requests: 1 GET ping, 1 GET token, 4 HEAD manifest, 3 PUT manifest` for a debug log. */
  describeRequests(host?: string): string {
    const counts = this.requestCounts(host);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const parts = Object.entries(counts).map(([key, n]) => `${n} ${key}`);
    return `${total} request${total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`;
  }

  /** Closes idle connections. The client stays usable (new connections are opened as needed). */
  close(): void {
    this.transport.close();
  }

  /**
   * One HEAD with all four manifest types in `Accept`: the digest, media type and size of a tag or
   * digest, or undefined when the registry answers 404. A registry that refuses HEAD (405, 400, 501)
   * is asked with GET, as containerd does. A 403, or a 401 despite a token from the token server,
   * also gives undefined (GHCR answers so for a repository it does not know yet, Artifactory for a
   * missing tag); one GET then fetches the registry's words, which `refusal()` returns.
   */
  async headManifest(repo: RepositoryRef, reference: string): Promise<ManifestHead | undefined> {
    this.refusals.delete(refName(repo, reference));
    const answer = await this.readManifest(
      "HEAD",
      repo,
      reference,
      (status) => [200, 404, 400, 405, 501].includes(status),
      true,
    );
    if (answer.status === 404) return undefined;
    if (answer.status === 401 || answer.status === 403) {
      // A HEAD answer has no body: one GET tells the registry's own words (or finds the manifest).
      const found = await this.findManifest(repo, reference);
      return found && headOf(found);
    }
    if (answer.status !== 200) {
      this.options.debug?.(`${repo.host}: HEAD answered ${answer.status}; asking with GET`);
      return headOf(await this.getManifest(repo, reference));
    }
    const digest = headerValue(answer.headers, "docker-content-digest");
    const mediaType = contentType(answer);
    const size = Number(headerValue(answer.headers, "content-length"));
    // A registry that leaves these out of a HEAD answer (or sends a generic Content-Type) is asked
    // once more with GET, and the bytes tell.
    if (
      !digest ||
      !mediaType ||
      !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
      !Number.isFinite(size) ||
      size <= 0
    ) {
      return headOf(await this.getManifest(repo, reference));
    }
    return { digest, mediaType, size };
  }

  /**
   * One GET: the manifest's exact bytes, or undefined when the registry answers 404, 403, or 401
   * despite a token (GHCR for a repository it does not know yet, Artifactory for a missing tag);
   * `refusal()` then returns the registry's own words. For a manifest that will be read anyway (a
   * stitch source), this saves the HEAD before the GET.
   */
  async findManifest(repo: RepositoryRef, reference: string): Promise<FetchedManifest | undefined> {
    const name = refName(repo, reference);
    this.refusals.delete(name);
    const answer = await this.readManifest(
      "GET",
      repo,
      reference,
      (status) => status === 200 || status === 404,
      true,
    );
    if (answer.status === 200) return manifestOf(answer, repo, reference);
    if (answer.status !== 404) this.refusals.set(name, errorOf(repo.host, `GET manifest ${name}`, answer));
    return undefined;
  }

  /**
   * What the registry said when the last `headManifest` or `findManifest` of this reference found it
   * missing through a
   * 401/403 rather than a 404 ("missing or not readable"); undefined otherwise.
   */
  refusal(repo: RepositoryRef, reference: string): RegistryError | undefined {
    return this.refusals.get(refName(repo, reference));
  }

  /** The exact bytes of a manifest; a digest reference is checked against the bytes received. */
  async getManifest(repo: RepositoryRef, reference: string): Promise<FetchedManifest> {
    const answer = await this.readManifest("GET", repo, reference, (status) => status === 200);
    return manifestOf(answer, repo, reference);
  }

  /**
   * PUTs a manifest under a tag (or digest) with `Content-Type` exactly its media type. Returns the
   * digest the registry reports in `Docker-Content-Digest` (undefined if it sends none).
   */
  async putManifest(
    repo: RepositoryRef,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
  ): Promise<{ digest: string | undefined }> {
    const answer = await this.call({
      host: repo.host,
      operation: `PUT manifest ${refName(repo, reference)}`,
      kind: "manifest",
      method: "PUT",
      path: manifestPath(repo, reference),
      headers: { "content-type": mediaType },
      body: bytes,
      scope: repositoryScope(repo.path, true),
      accept: (status) => status >= 200 && status < 300,
    });
    return { digest: headerValue(answer.headers, "docker-content-digest") };
  }

  /**
   * `docker login`'s check: `GET /v2/`, then for Basic the same with the credentials, for Bearer a
   * scope-less token for the registry and `GET /v2/` with it. Throws RegistryError (401) on wrong or
   * missing credentials.
   */
  async checkLogin(host: string): Promise<HostAuth["scheme"]> {
    return this.retrying(host, `GET /v2/ on ${host} (login check)`, async (timeoutMs) => {
      const auth = await this.auth(host, timeoutMs);
      if (auth.scheme === "none") return "none";
      const credentials = await this.credentialsOf(host);
      const authorization = await this.authorization(host, auth, undefined, credentials, timeoutMs);
      if (authorization === undefined) {
        throw new RegistryError({
          host,
          operation: "GET /v2/",
          status: 401,
          code: "UNAUTHORIZED",
          detail: "the registry requires credentials and none were given",
        });
      }
      const answer = await this.send(
        { host, operation: "GET /v2/", kind: "ping", method: "GET", path: "/v2/", scope: undefined },
        authorization,
        timeoutMs,
      );
      if (answer.status === 200) return auth.scheme;
      throw errorOf(host, "GET /v2/ with the credentials", answer);
    });
  }

  /**
   * Proves that the credentials may push to a repository, in seconds and without writing anything:
   * for a Bearer registry whose token is a JWT with an `access` claim, that claim (asked for
   * `pull,push`); otherwise a blob upload is started (`POST /v2/<name>/blobs/uploads/`) and cancelled
   * (`DELETE` on its Location). Resolves with how it was proven; throws RegistryError (401/403 when
   * refused) otherwise.
   */
  async checkPush(repo: RepositoryRef): Promise<"token" | "upload"> {
    const scope = repositoryScope(repo.path, true);
    const name = `${repo.host}/${repo.path}`;
    const operation = `token for ${scope}`;
    const grant = await this.retrying(repo.host, operation, async (timeoutMs) => {
      const auth = await this.auth(repo.host, timeoutMs);
      if (auth.scheme !== "bearer") return undefined;
      const credentials = await this.credentialsOf(repo.host);
      const authorization = await this.authorization(repo.host, auth, scope, credentials, timeoutMs);
      return authorization ? tokenGrantsPush(authorization.replace(/^Bearer /, ""), repo.path) : undefined;
    });
    if (grant === true) return "token";
    if (grant === false) {
      throw new RegistryError({
        host: repo.host,
        operation,
        status: 403,
        code: "DENIED",
        detail: `the token server granted pull but not push on ${repo.path}`,
      });
    }
    const answer = await this.call({
      host: repo.host,
      operation: `POST blob upload to ${name} (push check)`,
      kind: "blob",
      method: "POST",
      path: `/v2/${repo.path}/blobs/uploads/`,
      scope,
      accept: (status) => status === 202 || status === 201,
    });
    const location = headerValue(answer.headers, "location");
    const upload = location ? new URL(location, answer.url) : undefined;
    // Cancelling is a courtesy (abandoned uploads are purged anyway): its failure is only logged.
    if (upload && upload.host === answer.url.host) {
      await this.call({
        host: repo.host,
        operation: `DELETE blob upload to ${name} (push check)`,
        kind: "blob",
        method: "DELETE",
        path: `${upload.pathname}${upload.search}`,
        scope,
        accept: (status) => (status >= 200 && status < 300) || status === 404 || status === 405,
      }).catch((error: unknown) => this.options.debug?.(`${repo.host}: ${String(error)}`));
    }
    return "upload";
  }

  // --- internals -------------------------------------------------------------------------------

  /** A HEAD or GET of a manifest, every manifest type in `Accept`: the one shape of every read. */
  private readManifest(
    method: "HEAD" | "GET",
    repo: RepositoryRef,
    reference: string,
    accept: (status: number) => boolean,
    refusedIsAnswer = false,
  ): Promise<HttpAnswer> {
    return this.call({
      host: repo.host,
      operation: `${method} manifest ${refName(repo, reference)}`,
      kind: "manifest",
      method,
      path: manifestPath(repo, reference),
      headers: { accept: ACCEPT },
      scope: repositoryScope(repo.path, this.push),
      accept,
      refusedIsAnswer,
    });
  }

  private async call(call: Call): Promise<HttpAnswer> {
    return this.retrying(call.host, call.operation, async (timeoutMs) => {
      // The ping and the credentials (a file, or a credential helper's process) overlap.
      const [auth, credentials] = await Promise.all([
        this.auth(call.host, timeoutMs),
        this.credentialsOf(call.host),
      ]);
      let answer = await this.send(
        call,
        await this.authorization(call.host, auth, call.scope, credentials, timeoutMs),
        timeoutMs,
      );
      if (answer.status === 401) {
        // One refresh: learn from this challenge, drop the cached token, try once more.
        const renewed = hostAuthOfAnswer(answer) ?? auth;
        this.hostAuth.set(call.host, Promise.resolve(renewed));
        this.tokens.delete(tokenKey(call.host, call.scope));
        const authorization = await this.authorization(
          call.host,
          renewed,
          call.scope,
          credentials,
          timeoutMs,
        );
        if (authorization !== undefined) answer = await this.send(call, authorization, timeoutMs);
      }
      if (call.accept(answer.status)) return answer;
      // A 403, or a 401 despite a token the token server issued, is about this repository, not the
      // login (a Basic registry's 401 is the credentials being refused). GHCR's 403 "secondary rate
      // limit" is neither: it is thrown below and waited out like a 429, never taken for "missing".
      const refused =
        (answer.status === 403 && rateLimitPause(answer) === undefined) ||
        (answer.status === 401 && auth.scheme === "bearer" && hasCredentials(credentials));
      if (call.refusedIsAnswer && refused) return answer;
      const error = errorOf(call.host, call.operation, answer);
      if (answer.status === 401 && !hasCredentials(credentials)) {
        throw new RegistryError({
          host: call.host,
          operation: call.operation,
          status: 401,
          code: error.code ?? "UNAUTHORIZED",
          detail: `no credentials for ${call.host}; log in to it first (docker login or multi-registry-login)`,
        });
      }
      throw error;
    });
  }

  private async retrying<T>(
    host: string,
    operation: string,
    attempt: (timeoutMs: number) => Promise<T>,
  ): Promise<T> {
    const now = Date.now;
    const deadline = this.options.deadline;
    const policy =
      deadline === undefined
        ? this.policy
        : { ...this.policy, deadlineMs: Math.max(0, Math.min(this.policy.deadlineMs, deadline - now())) };
    let tries = 0;
    try {
      return await withRetries(
        (n) => {
          tries = n;
          const left = deadline === undefined ? this.timeoutMs : Math.max(1000, deadline - now());
          return attempt(Math.min(this.timeoutMs, left));
        },
        {
          classify: classifyRegistryError,
          onRetry: ({ attempt: n, delayMs, reason, rateLimited }) =>
            this.options.debug?.(
              `${host}: ${operation}: ${reason}${rateLimited ? " (rate limited: waited out until the deadline)" : ""}; try ${n + 1} in ${delayMs} ms`,
            ),
          ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        },
        policy,
      );
    } catch (error) {
      if (error instanceof RegistryError) throw error.afterAttempts(tries);
      throw error;
    }
  }

  /**
   * The host's auth scheme: `knownAuth`'s (GHCR, Docker Hub), else from one unauthenticated
   * `GET /v2/` shared by every caller. Pings and
   * token requests take the calling try's timeout, so they too end by the overall deadline.
   */
  private auth(host: string, timeoutMs: number): Promise<HostAuth> {
    let known = this.hostAuth.get(host);
    const assumed = known === undefined ? (this.options.knownAuth ?? wellKnownAuth)(host) : undefined;
    if (assumed !== undefined) {
      this.assumed.add(assumed);
      known = Promise.resolve(assumed);
      this.hostAuth.set(host, known);
    } else if (known === undefined) {
      known = this.ping(host, timeoutMs);
      this.hostAuth.set(host, known);
      // A failed ping is not remembered: the next try pings again.
      known.catch(() => this.hostAuth.delete(host));
    }
    return known;
  }

  private async ping(host: string, timeoutMs: number): Promise<HostAuth> {
    const operation = `GET /v2/ on ${host}`;
    const answer = await this.send(
      { host, operation, kind: "ping", method: "GET", path: "/v2/", scope: undefined },
      undefined,
      timeoutMs,
    );
    if (answer.status >= 200 && answer.status < 300) return { scheme: "none" };
    if (answer.status === 401) {
      const auth = hostAuthOfAnswer(answer);
      if (auth) return auth;
      throw new RegistryError({
        host,
        operation,
        status: 401,
        code: "UNSUPPORTED_AUTH",
        detail: `no Basic or Bearer challenge in WWW-Authenticate: ${JSON.stringify(answer.headers["www-authenticate"] ?? "")}`,
      });
    }
    throw errorOf(host, operation, answer);
  }

  private credentialsOf(host: string): Promise<RegistryCredentials | undefined> {
    let known = this.hostCredentials.get(host);
    if (known === undefined) {
      known = this.credentials(host);
      this.hostCredentials.set(host, known);
    }
    return known;
  }

  /** The Authorization header for a request, fetching (or reusing) a token for Bearer hosts. */
  private async authorization(
    host: string,
    auth: HostAuth,
    scope: string | undefined,
    credentials: RegistryCredentials | undefined,
    timeoutMs: number,
  ): Promise<string | undefined> {
    if (auth.scheme === "none") return undefined;
    if (auth.scheme === "basic") return basicAuthorization(credentials);
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    const key = tokenKey(host, scope);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return `Bearer ${(await cached.token).value}`;
    const entry = { token: this.fetchToken(host, auth, scope, credentials, timeoutMs), expiresAt: Infinity };
    this.tokens.set(key, entry);
    try {
      const token = await entry.token;
      const lifetimeMs = token.expiresInS * 1000;
      entry.expiresAt = Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10);
      return `Bearer ${token.value}`;
    } catch (error) {
      if (this.tokens.get(key) === entry) this.tokens.delete(key);
      // A token request to an assumed realm that failed for good: ask the host after all (once;
      // the ping's answer replaces the assumption), unless it was a rate limit or a blip, which
      // the caller's retry waits out.
      if (this.assumed.has(auth) && !classifyRegistryError(error).retry) {
        let learnt = this.relearnt.get(auth);
        if (learnt === undefined) {
          this.options.debug?.(
            `${host}: the token request to ${auth.realm} failed; asking ${host} for its realm`,
          );
          learnt = this.ping(host, timeoutMs);
          this.relearnt.set(auth, learnt);
          this.hostAuth.set(host, learnt);
          learnt.catch(() => {
            this.relearnt.delete(auth);
            if (this.hostAuth.get(host) === learnt) this.hostAuth.delete(host);
          });
        }
        return this.authorization(host, await learnt, scope, credentials, timeoutMs);
      }
      throw error;
    }
  }

  private async fetchToken(
    host: string,
    auth: Extract<HostAuth, { scheme: "bearer" }>,
    scope: string | undefined,
    credentials: RegistryCredentials | undefined,
    timeoutMs: number,
  ): Promise<Token> {
    let request = tokenRequest(auth, scope, credentials);
    const operation = `${request.method} token from ${auth.realm} for ${scope ?? "login"}`;
    this.options.debug?.(`${host}: ${operation}`);
    let answer = await this.sendTo(host, "token", request, timeoutMs, operation);
    // Token servers without the OAuth2 refresh-token grant answer 404/405 (no endpoint) or 400
    // `unsupported_grant_type` to the POST: then GET with Basic, as docker does.
    if (
      request.method === "POST" &&
      (answer.status === 404 ||
        answer.status === 405 ||
        (answer.status === 400 && parseErrorBody(answer.body).code === "unsupported_grant_type"))
    ) {
      request = tokenRequest(auth, scope, credentials, "basic");
      answer = await this.sendTo(host, "token", request, timeoutMs, operation);
    }
    if (answer.status !== 200) {
      const error = errorOf(host, operation, answer);
      // OAuth2 answers a bad refresh token with 400 invalid_grant: that is wrong credentials too.
      if ((answer.status === 401 || answer.status === 403) && !hasCredentials(credentials)) {
        throw new RegistryError({
          host,
          operation,
          status: answer.status,
          code: error.code ?? "UNAUTHORIZED",
          detail: `${error.detail || "refused"}; no credentials for ${host}: log in to it first (docker login or multi-registry-login)`,
        });
      }
      if (answer.status === 401 || answer.status === 403 || error.code === "invalid_grant") {
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

  private async send(
    call: Omit<Call, "accept">,
    authorization: string | undefined,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...call.headers };
    if (authorization) headers.authorization = authorization;
    const via = (scheme: "http" | "https", probe = false) =>
      this.sendTo(
        call.host,
        call.kind,
        {
          method: call.method,
          url: new URL(`${scheme}://${registryApiHost(call.host)}${call.path}`),
          headers,
          body: call.body,
        },
        timeoutMs,
        call.operation,
        probe,
      );
    const known = this.schemes.get(call.host) ?? (this.isInsecure(call.host) ? undefined : "https");
    if (known) return via(known);
    // docker's rule for insecure registries and loopback addresses: HTTPS without verification
    // first, plain HTTP when HTTPS gets no answer at all.
    try {
      const answer = await via("https", true);
      this.schemes.set(call.host, "https");
      return answer;
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status !== undefined || error.code === "DEADLINE") {
        throw error;
      }
      this.options.debug?.(`${call.host}: no HTTPS (${error.detail}); plain HTTP from now on`);
      this.schemes.set(call.host, "http");
      return via("http");
    }
  }

  private async sendTo(
    host: string,
    kind: RequestKind,
    request: { method: string; url: URL; headers: Record<string, string>; body?: Uint8Array | string },
    timeoutMs: number,
    operation: string,
    /** A scheme probe: recorded only if it gets an answer. */
    probe = false,
  ): Promise<HttpAnswer> {
    const record = () => this.records.push({ host, method: request.method, kind });
    // One run's requests to a host take turns (limiter.ts); a rate limit holds all of them. No
    // request starts after the deadline: one that gets no turn before it fails as the host's last
    // rate limit did, or says the deadline passed.
    const release = await this.limiter.acquire(host, this.options.deadline, () => {
      const limited = this.rateLimited.get(host);
      return limited
        ? errorOf(host, operation, limited)
        : new RegistryError({
            host,
            operation,
            code: "DEADLINE",
            detail: "not sent: the overall deadline had passed",
          });
    });
    try {
      const answer = await this.transport.request({
        method: request.method,
        url: request.url,
        headers: {
          "user-agent": this.options.userAgent ?? "multiplatform-build-and-push",
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: request.body }),
        // A turn waited for in the limiter does not stretch the exchange past the deadline.
        timeoutMs:
          this.options.deadline === undefined
            ? timeoutMs
            : Math.min(timeoutMs, Math.max(1000, this.options.deadline - Date.now())),
        maxBodyBytes: MAX_MANIFEST_BYTES,
        ...(probe ? {} : { onSend: record }),
      });
      if (probe) record();
      const pauseMs = rateLimitPause(answer);
      if (pauseMs === undefined) this.limiter.calm(host);
      else {
        this.options.debug?.(
          `${host}: rate limited (${answer.status}); holding this run's requests to it ${pauseMs} ms`,
        );
        this.limiter.slowDown(host, pauseMs);
        this.rateLimited.set(host, answer);
      }
      return answer;
    } catch (error) {
      if (error instanceof TransportError) {
        throw new RegistryError({ host, operation, code: error.code, detail: error.message, cause: error });
      }
      throw error;
    } finally {
      release();
    }
  }

  private isInsecure(host: string): boolean {
    return isInsecureRegistry(host, this.insecure);
  }
}

function tokenKey(host: string, scope: string | undefined): string {
  return `${host} ${scope ?? ""}`;
}

function manifestPath(repo: RepositoryRef, reference: string): string {
  return `/v2/${repo.path}/manifests/${reference}`;
}

/** `host/path:tag` or `host/path@sha256:…`. */
export function refName(repo: RepositoryRef, reference: string): string {
  return `${repo.host}/${repo.path}${isDigest(reference) ? "@" : ":"}${reference}`;
}

/** A fetched manifest's bytes, digest and media type; a digest reference is checked against the bytes. */
function manifestOf(answer: HttpAnswer, repo: RepositoryRef, reference: string): FetchedManifest {
  const bytes = answer.body;
  const digest = sha256Digest(bytes);
  if (isDigest(reference) && digest !== reference) {
    throw new RegistryError({
      host: repo.host,
      operation: `GET manifest ${refName(repo, reference)}`,
      status: answer.status,
      code: "DIGEST_MISMATCH",
      detail: `the bytes received have digest ${digest}`,
    });
  }
  const mediaType = declaredMediaType(bytes) ?? contentType(answer) ?? "";
  return { digest, mediaType, size: bytes.length, bytes };
}

function headOf(manifest: FetchedManifest): ManifestHead {
  return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
}

function contentType(answer: HttpAnswer): string | undefined {
  return headerValue(answer.headers, "content-type")?.split(";")[0]?.trim() || undefined;
}

/** A RegistryError from a failed answer, with the registry's code and message and any Retry-After. */
function errorOf(host: string, operation: string, answer: HttpAnswer): RegistryError {
  const body = answer.body.toString("utf8");
  const { code, message } = parseErrorBody(answer.body);
  const retryAfterMs =
    parseRetryAfter(headerValue(answer.headers, "retry-after")) ??
    (answer.status === 429 ? parseRetryAfterBody(body) : undefined);
  return new RegistryError({
    host,
    operation,
    status: answer.status,
    ...(code === undefined ? {} : { code }),
    detail: message,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
