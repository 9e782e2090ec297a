// The request pipeline, internal to the registry client: nothing outside registry/ imports it.
import { isInsecureRegistry, registryApiHost } from "../image";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "../retry";
import type { Authorizer } from "./auth";
import { hasCredentials } from "./credentials";
import { ClientCode, isUnreachable, notLoggedIn, parseErrorBody, RegistryError } from "./errors";
import { HostLimiter, MAX_IN_FLIGHT_PER_HOST } from "./limiter";
import { classifyRegistryError, parseRetryAfter, parseRetryAfterBody, rateLimitPause } from "./retry";
import { type HttpAnswer, headerValue, Transport, TransportError } from "./transport";

/** What a request was for, for request counts. */
export type RequestKind = "ping" | "token" | "manifest" | "blob" | "other";

/** One HTTP request the client sent (retries and auth round trips each count). */
export interface RequestRecord {
  readonly host: string;
  readonly method: string;
  readonly kind: RequestKind;
}

/** One request to a registry, field by field. */
export interface RegistryRequest {
  /** The registry it is for (canonical host): counted, limited and named in errors under it. */
  readonly host: string;
  /** What is being done, for errors and logs: `HEAD manifest ghcr.io/org/app:1.0-amd64`. */
  readonly operation: string;
  readonly kind: RequestKind;
  readonly method: string;
  /**
   * `/v2/…` on the registry's API host (over HTTPS, or the scheme an insecure host answered on),
   * or a URL elsewhere (a token realm).
   */
  readonly target: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

/** A request that `call` authorizes, retries and judges. */
export interface RegistryCall extends RegistryRequest {
  /** Token scope; undefined for scope-less requests. */
  readonly scope: string | undefined;
  /** Statuses that are answers, not failures. */
  readonly accept: (status: number) => boolean;
  /** A 401/403 that is not for want of credentials is an answer too (a manifest that may be missing). */
  readonly refusedIsAnswer?: boolean;
}

export interface HttpOptions {
  /**
   * Insecure registries (`host[:port]`): like loopback hosts, tried over HTTPS without certificate
   * verification first, then over plain HTTP (docker's rule).
   */
  readonly insecure?: Iterable<string>;
  /** certs.d roots holding `<host[:port]>/*.crt` CA files; default `certsDirs()` (trust.ts). */
  readonly certsDirs?: readonly string[];
  readonly retryPolicy?: RetryPolicy;
  /** One HTTP exchange, connect to last byte; default 30 s. */
  readonly timeoutMs?: number;
  /** Epoch ms after which no new try starts and no request outlives (an overall step deadline). */
  readonly deadline?: number;
  readonly userAgent?: string;
  /** Requests in flight to one host at most (see limiter.ts for why 4). */
  readonly maxInFlightPerHost?: number;
  /** Debug log lines: retries, token fetches. */
  readonly debug?: (message: string) => void;
  /** For tests: replaces the backoff sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** For tests: the clock (epoch ms) the deadline is judged by; default `Date.now`. */
  readonly now?: () => number;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Every request of one client goes through here: retries (`retrying`), auth with one refresh on 401
 * (`call`, asking an Authorizer), the scheme of insecure hosts and the per-host limiter (`send`),
 * the record of what was sent, and the mapping of failed answers to RegistryError. Time has one rule:
 * each exchange gets the client's timeout, cut to what is left of the overall deadline (`timeout`).
 */
export class RegistryHttp {
  /** Every request sent so far, in order. */
  readonly records: RequestRecord[] = [];
  private readonly transport: Transport;
  private readonly insecure: ReadonlySet<string>;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly limiter: HostLimiter;
  private readonly now: () => number;
  /** The scheme an insecure or loopback host answered on (HTTPS tried first). */
  private readonly schemes = new Map<string, "http" | "https">();
  private readonly rateLimited = new Map<string, HttpAnswer>();

  constructor(private readonly options: HttpOptions = {}) {
    this.now = options.now ?? Date.now;
    this.limiter = new HostLimiter(options.maxInFlightPerHost ?? MAX_IN_FLIGHT_PER_HOST, this.now);
    this.insecure = new Set([...(options.insecure ?? [])].map((host) => host.toLowerCase()));
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.transport = new Transport({
      skipVerify: (host) => isInsecureRegistry(host, this.insecure),
      ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
    });
  }

  /** Closes idle connections. The pipeline stays usable (new connections are opened as needed). */
  close(): void {
    this.transport.close();
  }

  /**
   * One operation: authorized, sent, refreshed once on a 401 (the authorizer learns from the
   * challenge), retried under the deadline. Resolves with an answer `accept` takes (or a refusal,
   * with `refusedIsAnswer`); throws RegistryError otherwise.
   */
  call(call: RegistryCall, authorizer: Authorizer): Promise<HttpAnswer> {
    return this.retrying(call.host, call.operation, async () => {
      const sent = await authorizer.authorize(call.host, call.scope);
      let answer = await this.send(call, sent.header);
      if (answer.status === 401) {
        const renewed = await authorizer.challenged(call.host, call.scope, answer, sent);
        if (renewed !== undefined) answer = await this.send(call, renewed.header);
      }
      if (call.accept(answer.status)) return answer;
      // A 403, or a 401 despite a token the token server issued, is about this repository, not the
      // login (a Basic registry's 401 is the credentials being refused). GHCR's 403 "secondary rate
      // limit" is neither: it is thrown below and waited out like a 429, never taken for "missing".
      const refused =
        (answer.status === 403 && rateLimitPause(answer) === undefined) ||
        (answer.status === 401 && sent.auth.scheme === "bearer" && hasCredentials(sent.credentials));
      if (call.refusedIsAnswer && refused) return answer;
      const error = errorOf(call.host, call.operation, answer);
      if (answer.status === 401 && !hasCredentials(sent.credentials)) {
        throw notLoggedIn({ host: call.host, operation: call.operation, status: 401, code: error.code });
      }
      throw error;
    });
  }

  /**
   * Runs `attempt` until it succeeds or a failure is final (classifyRegistryError), under the retry
   * policy and the overall deadline. A RegistryError thrown at last says how many tries were made,
   * and whether the deadline stopped further tries; a try that the deadline kept from being sent is
   * never the one reported when a try before it failed (that failure names the cause).
   */
  async retrying<T>(host: string, operation: string, attempt: () => Promise<T>): Promise<T> {
    const deadline = this.options.deadline;
    const policy =
      deadline === undefined
        ? this.policy
        : {
            ...this.policy,
            deadlineMs: Math.max(0, Math.min(this.policy.deadlineMs, deadline - this.now())),
          };
    // Tries made: a try the deadline kept from being sent is not one.
    let tries = 0;
    let stopped: unknown;
    try {
      return await withRetries(
        async (n) => {
          try {
            return await attempt();
          } catch (error) {
            tries = error instanceof RegistryError && error.code === ClientCode.DEADLINE ? n - 1 : n;
            throw error;
          }
        },
        {
          classify: classifyRegistryError,
          onRetry: ({ attempt: n, delayMs, reason, rateLimited }) =>
            this.options.debug?.(
              `${host}: ${operation}: ${reason}${rateLimited ? " (rate limited: waited out until the deadline)" : ""}; try ${n + 1} in ${delayMs} ms`,
            ),
          onDeadline: (error) => {
            stopped = error;
          },
          ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
          now: this.now,
        },
        policy,
      );
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      if (error === stopped) error.deadlineStopped();
      throw error.afterAttempts(Math.max(1, tries));
    }
  }

  /** One request, once, with `authorization` if given: the answer whatever its status. */
  async send(request: RegistryRequest, authorization?: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...request.headers };
    if (authorization) headers.authorization = authorization;
    const { target } = request;
    if (target instanceof URL) return this.exchange(request, { url: target, headers });
    const via = (scheme: "http" | "https", probe = false) =>
      this.exchange(request, {
        url: new URL(`${scheme}://${registryApiHost(request.host)}${target}`),
        headers,
        probe,
      });
    const known =
      this.schemes.get(request.host) ??
      (isInsecureRegistry(request.host, this.insecure) ? undefined : "https");
    if (known) return via(known);
    // docker's rule for insecure registries and loopback addresses: HTTPS without verification
    // first, plain HTTP when HTTPS gets no answer at all.
    let https: RegistryError;
    try {
      const answer = await via("https", true);
      this.schemes.set(request.host, "https");
      return answer;
    } catch (error) {
      if (!isUnreachable(error) || error.code === ClientCode.DEADLINE) throw error;
      https = error;
    }
    this.options.debug?.(`${request.host}: no HTTPS (${https.detail}); plain HTTP from now on`);
    this.schemes.set(request.host, "http");
    try {
      return await via("http");
    } catch (error) {
      if (!(error instanceof RegistryError && error.code === ClientCode.DEADLINE)) throw error;
      // A host that never answered over HTTPS can use up the time left; the failure is that silence,
      // not the plain-HTTP request there was no time to send.
      this.schemes.delete(request.host);
      throw new RegistryError({
        host: request.host,
        operation: request.operation,
        ...(https.code === undefined ? {} : { code: https.code }),
        detail: `no answer over HTTPS (${https.detail}); plain HTTP not tried`,
        cause: https,
      }).deadlineStopped();
    }
  }

  private async exchange(
    request: RegistryRequest,
    /** `probe`: a scheme probe, recorded only if it gets an answer. */
    to: { url: URL; headers: Record<string, string>; probe?: boolean },
  ): Promise<HttpAnswer> {
    const { host, operation } = request;
    const record = () => this.records.push({ host, method: request.method, kind: request.kind });
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
            code: ClientCode.DEADLINE,
            detail: "not sent: the overall deadline had passed",
          });
    });
    try {
      const answer = await this.transport.request({
        method: request.method,
        url: to.url,
        headers: { "user-agent": this.options.userAgent ?? "multiplatform-build-and-push", ...to.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        timeoutMs: this.timeout(),
        maxBodyBytes: MAX_MANIFEST_BYTES,
        ...(to.probe ? {} : { onSend: record }),
      });
      if (to.probe) record();
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

  /**
   * The time one exchange gets, taken when it is sent (after any wait for a turn): the client's
   * timeout, cut to what is left of the overall deadline, but at least a second.
   */
  private timeout(): number {
    const { deadline } = this.options;
    return deadline === undefined
      ? this.timeoutMs
      : Math.min(this.timeoutMs, Math.max(1000, deadline - this.now()));
  }
}

/** A RegistryError from a failed answer, with the registry's code and message and any Retry-After. */
export function errorOf(host: string, operation: string, answer: HttpAnswer): RegistryError {
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
