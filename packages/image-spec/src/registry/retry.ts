import type { RetryDecision } from "../retry";
import { RegistryError } from "./errors";

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
 * RegistryError.
 */
export function classifyRegistryError(error: unknown): RetryDecision {
  if (!(error instanceof RegistryError)) return { retry: false };
  const { status, code } = error;
  if (status === undefined) {
    return code !== undefined && RETRYABLE_NETWORK_CODES.has(code)
      ? { retry: true, reason: code }
      : { retry: false };
  }
  const after = error.retryAfterMs === undefined ? {} : { afterMs: error.retryAfterMs };
  if (RETRYABLE_STATUSES.has(status)) return { retry: true, reason: `HTTP ${status}`, ...after };
  if (status === 403 && /secondary rate limit/i.test(error.detail)) {
    return { retry: true, reason: "HTTP 403 secondary rate limit", ...after };
  }
  return { retry: false };
}
