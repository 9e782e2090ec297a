/**
 * Retries with exponential backoff and jitter, under an overall deadline. Transient failures (a
 * reset, a 502) get a bounded number of tries; rate limits (429, 503 with Retry-After, GHCR's 403
 * "secondary rate limit") are waited out until the deadline, however many tries that takes.
 */
export interface RetryPolicy {
  /** Tries after transient failures, the first included. Rate-limited tries do not count. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No new try starts after this many ms from the first. */
  readonly deadlineMs: number;
}

/** regclient's shape (5 tries, 0.1 s growing ×2 up to 30 s) under a two-minute deadline. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 30_000,
  deadlineMs: 120_000,
};

/**
 * What a failed try means: give up now, or try again (after at least `afterMs`, e.g. Retry-After).
 * `rateLimited`: the server said "not now" rather than failed; such tries are not counted against
 * `attempts`, only the deadline ends them. `notStarted`: the try never reached the server because
 * the deadline had passed (a request not sent); the loop then ends with the failure before it, which
 * names a cause, rather than with this one.
 */
export type RetryDecision =
  | { retry: false; notStarted?: boolean }
  | { retry: true; afterMs?: number; reason: string; rateLimited?: boolean };

export interface RetryHooks {
  /** Classifies a failure; anything not said to be retryable ends the loop at once. */
  readonly classify: (error: unknown) => RetryDecision;
  readonly onRetry?: (info: {
    attempt: number;
    delayMs: number;
    reason: string;
    rateLimited: boolean;
    error: unknown;
  }) => void;
  /**
   * Called with the error the loop is about to throw when the deadline, not the failure, ended it:
   * the next try's wait would end after the deadline, the loop woke after it, or the next try could
   * not start before it (`notStarted`).
   */
  readonly onDeadline?: (error: unknown) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** Delay before try `attempt + 1` (attempt counts from 1): jitter over the upper half of base × 2^(attempt-1). */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

// Jitter added on top of a rate limit's wait is at most this: enough to spread 40 jobs told
// "Retry-After: 1" over a second, not so much that a long Retry-After doubles.
const MAX_RATE_LIMIT_JITTER_MS = 1_000;

/**
 * Delay before the next try after the `limited`-th rate-limited answer: what the server asked for
 * (or, without Retry-After, the backoff for that many tries), plus jitter of up to as much again
 * (at least the base delay, at most a second), so that many clients told the same Retry-After do
 * not all come back in the same millisecond.
 */
export function rateLimitDelay(
  afterMs: number | undefined,
  limited: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const floor = afterMs ?? backoffDelay(limited, policy, random);
  const spread = Math.min(MAX_RATE_LIMIT_JITTER_MS, Math.max(floor, policy.baseDelayMs));
  return Math.round(floor + random() * spread);
}

/**
 * Runs `operation` until it succeeds, a failure is classified as final, the transient tries run out
 * or the next try would start after the deadline. The loop ends with the last failure that names a
 * cause, unchanged: a try that could not start for the deadline (`notStarted`) leaves the one before
 * it, and a sleep that wakes after the deadline (a busy machine) starts no try.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  hooks: RetryHooks,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + policy.deadlineMs;
  const stopped = (error: unknown): unknown => {
    hooks.onDeadline?.(error);
    return error;
  };
  let failed = 0;
  let limited = 0;
  let previous: { error: unknown } | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = hooks.classify(error);
      if (!decision.retry) {
        if (decision.notStarted && previous) throw stopped(previous.error);
        throw error;
      }
      previous = { error };
      const rateLimited = decision.rateLimited === true;
      let delayMs: number;
      if (rateLimited) {
        limited++;
        delayMs = rateLimitDelay(decision.afterMs, limited, policy, hooks.random);
      } else {
        failed++;
        if (failed >= policy.attempts) throw error;
        delayMs = Math.max(decision.afterMs ?? 0, backoffDelay(failed, policy, hooks.random));
      }
      if (now() + delayMs > deadline) throw stopped(error);
      hooks.onRetry?.({ attempt, delayMs, reason: decision.reason, rateLimited, error });
      await sleep(delayMs);
      if (now() > deadline) throw stopped(error);
    }
  }
}
