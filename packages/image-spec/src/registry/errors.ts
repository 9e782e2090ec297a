/**
 * The codes the client gives a RegistryError itself, kept apart from a registry's own codes
 * (`MANIFEST_UNKNOWN`, `DENIED`, `UNAUTHORIZED`, which the registry's answer names) and from the
 * network's errno codes (`ECONNRESET`, `ETIMEDOUT`, which a TransportError carries).
 */
export const ClientCode = {
  /**
   * Not sent: the overall deadline had passed (or passed while the request waited for its turn). A
   * retry loop reports the failure before such a one, when there was one (it names the cause).
   */
  DEADLINE: "DEADLINE",
  /** A manifest read by digest whose bytes have another digest. */
  DIGEST_MISMATCH: "DIGEST_MISMATCH",
  /** A 401 whose WWW-Authenticate names neither Basic nor a Bearer realm. */
  UNSUPPORTED_AUTH: "UNSUPPORTED_AUTH",
  /** A token endpoint's 200 that is not JSON or holds no token. */
  BAD_TOKEN_ANSWER: "BAD_TOKEN_ANSWER",
} as const;
export type ClientCode = (typeof ClientCode)[keyof typeof ClientCode];

/** What a registry or the network said when an operation failed. */
export interface RegistryErrorInit {
  /** Canonical registry host (`ghcr.io`, `127.0.0.1:5000`). */
  readonly host: string;
  /** What was being done: `HEAD manifest ghcr.io/org/app:1.0-amd64`, `GET token for ghcr.io`. */
  readonly operation: string;
  /** HTTP status; undefined when no answer came (reset, timeout, refused). */
  readonly status?: number;
  /** The registry's error code (`MANIFEST_UNKNOWN`, `DENIED`) or the network error code (`ECONNRESET`). */
  readonly code?: string;
  /** The registry's message, or the network error's. */
  readonly detail?: string;
  /** How long the registry asked to wait (Retry-After header, or GHCR's `retry-after: 12.5ms` body). */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A failed registry operation. Its message names the registry, the operation and the status, e.g.
 * `ghcr.io: HEAD manifest ghcr.io/org/app:1.0-amd64 answered 503 Service Unavailable (UNAVAILABLE: try
 * later) after 5 tries`, so an `::error` built from it says who failed, doing what, and how.
 */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
  readonly host: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly detail: string;
  readonly retryAfterMs: number | undefined;
  /** Tries made before giving up (set by the client's retry loop). */
  attempts = 1;
  /** The overall deadline, not this failure, ended the tries (set by the client's retry loop). */
  stoppedByDeadline = false;

  constructor(init: RegistryErrorInit) {
    super("", init.cause === undefined ? undefined : { cause: init.cause });
    this.host = init.host;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail ?? "";
    this.retryAfterMs = init.retryAfterMs;
    this.message = this.describe();
  }

  /** Records how many tries were made and says so in the message. */
  afterAttempts(attempts: number): this {
    this.attempts = attempts;
    this.message = this.describe();
    return this;
  }

  /** Records that the overall deadline left no time for another try, and says so in the message. */
  deadlineStopped(): this {
    this.stoppedByDeadline = true;
    this.message = this.describe();
    return this;
  }

  private describe(): string {
    const outcome =
      this.status === undefined
        ? `failed: ${[this.code, this.detail].filter(Boolean).join(" ") || "no answer"}`
        : `answered ${this.status} ${STATUS_TEXT[this.status] ?? ""}`.trimEnd() +
          (this.code || this.detail ? ` (${[this.code, this.detail].filter(Boolean).join(": ")})` : "");
    const tries = this.attempts > 1 ? ` after ${this.attempts} tries` : "";
    const stopped = this.stoppedByDeadline ? "; the overall deadline stopped further tries" : "";
    return `${this.host}: ${this.operation} ${outcome}${tries}${stopped}`;
  }
}

/**
 * The registry gave no HTTP answer at all (refused, reset, timed out, a TLS or DNS failure, or the
 * client's own deadline before sending): logging in again would not help.
 */
export function isUnreachable(error: unknown): error is RegistryError {
  return error instanceof RegistryError && error.status === undefined;
}

/**
 * The one "log in first" error: a registry (or its token endpoint) refused a request made without
 * credentials. `said` is the registry's own words, when it gave any.
 */
export function notLoggedIn(init: {
  readonly host: string;
  readonly operation: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly said?: string;
}): RegistryError {
  const advice = "log in to it first (docker login or multi-registry-login)";
  return new RegistryError({
    host: init.host,
    operation: init.operation,
    status: init.status,
    code: init.code ?? "UNAUTHORIZED",
    detail:
      init.said === undefined
        ? `no credentials for ${init.host}; ${advice}`
        : `${init.said || "refused"}; no credentials for ${init.host}: ${advice}`,
  });
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * The first `{code, message, detail}` of a distribution error body (`{"errors":[…]}`), else the
 * body's text (trimmed, cut to 300 characters) as the message.
 */
export function parseErrorBody(body: Buffer | string): { code?: string; message: string } {
  const text = body.toString().trim();
  if (text === "") return { message: "" };
  try {
    const parsed = JSON.parse(text) as {
      errors?: Array<{ code?: unknown; message?: unknown; detail?: unknown }>;
      error?: unknown;
      error_description?: unknown;
      details?: unknown;
    };
    const first = parsed.errors?.[0];
    if (first) {
      const detail = typeof first.detail === "string" ? first.detail : "";
      const message = [typeof first.message === "string" ? first.message : "", detail]
        .filter(Boolean)
        .join(": ");
      return typeof first.code === "string" ? { code: first.code, message } : { message };
    }
    // OAuth2 token endpoints answer {"error":"invalid_grant","error_description":"…"}.
    if (typeof parsed.error === "string") {
      const message = typeof parsed.error_description === "string" ? parsed.error_description : "";
      return { code: parsed.error, message };
    }
    if (typeof parsed.details === "string") return { message: parsed.details };
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}
