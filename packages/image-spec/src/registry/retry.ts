import type { RetryDecision } from "../retry";
import { ClientCode, RegistryError } from "./errors";
import { type HttpAnswer, headerValue } from "./transport";

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`12`, also `1.5`) or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * GHCR's 429 body `retry-after: 12.5ms, allowed: 2000/minute` (units ms, s or m; none = seconds),
 * in milliseconds. Undefined when the body has no such phrase.
 */
export function parseRetryAfterBody(body: string): number | undefined {
  const match = /retry-after:\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\b/i.exec(body);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase();
  const factor = unit === "ms" ? 1 : unit === "m" ? 60_000 : 1000;
  return Math.ceil(amount * factor);
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

/**
 * Whether a failed registry call is worth another try (for `withRetries`): 408, 429, 500, 502, 503,
 * 504, GHCR's transient 403 "secondary rate limit", resets, refusals and timeouts. Never 400, 401
 * (the client has already refreshed its token once), 403 DENIED, 404, 413 or anything that is not a
 * RegistryError. Rate limits (429, 503 with Retry-After, the 403 secondary rate limit) are marked
 * `rateLimited`: they are waited out until the deadline instead of counted. A request the deadline
 * kept from being sent (`DEADLINE`) is `notStarted`: the loop reports the failure before it.
 */
export function classifyRegistryError(error: unknown): RetryDecision {
  if (!(error instanceof RegistryError)) return { retry: false };
  const { status, code } = error;
  if (code === ClientCode.DEADLINE) return { retry: false, notStarted: true };
  if (status === undefined) {
    return code !== undefined && RETRYABLE_NETWORK_CODES.has(code)
      ? { retry: true, reason: code }
      : { retry: false };
  }
  const after = error.retryAfterMs === undefined ? {} : { afterMs: error.retryAfterMs };
  if (isRateLimit(status, error.retryAfterMs !== undefined, error.detail)) {
    const reason = status === 403 ? "HTTP 403 secondary rate limit" : `HTTP ${status}`;
    return { retry: true, reason, rateLimited: true, ...after };
  }
  if (RETRYABLE_STATUSES.has(status)) return { retry: true, reason: `HTTP ${status}`, ...after };
  return { retry: false };
}

/** 429; 503 with a Retry-After (a server that says when it will take requests again); GHCR's 403. */
function isRateLimit(status: number, hasRetryAfter: boolean, text: string): boolean {
  return (
    status === 429 ||
    (status === 503 && hasRetryAfter) ||
    (status === 403 && /secondary rate limit/i.test(text))
  );
}

// A rate limit that names no wait holds the host's other requests this long.
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;

/**
 * How long every request of this run to the answering host should hold off after `answer`: the
 * Retry-After (header, or GHCR's body) of a rate-limit answer, a second when it names none;
 * undefined for any other answer.
 */
export function rateLimitPause(answer: HttpAnswer): number | undefined {
  if (answer.status !== 429 && answer.status !== 503 && answer.status !== 403) return undefined;
  const header = parseRetryAfter(headerValue(answer.headers, "retry-after"));
  const text = answer.status === 503 && header === undefined ? "" : answer.body.toString("utf8");
  if (!isRateLimit(answer.status, header !== undefined, text)) return undefined;
  return header ?? parseRetryAfterBody(text) ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
}
