/** Bounded retries with exponential backoff and full jitter, under an overall deadline. */
export interface RetryPolicy {
  /** Total tries, the first included. */
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

/** What a failed try means: give up now, or try again (after at least `afterMs`, e.g. Retry-After). */
export type RetryDecision = { retry: false } | { retry: true; afterMs?: number; reason: string };

export interface RetryHooks {
  /** Classifies a failure; anything not said to be retryable ends the loop at once. */
  readonly classify: (error: unknown) => RetryDecision;
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string; error: unknown }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** Delay before try `attempt + 1` (attempt counts from 1): full jitter over base × 2^(attempt-1). */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `operation` until it succeeds, a failure is classified as final, the tries run out or the
 * deadline would pass. The last error is re-thrown unchanged.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  hooks: RetryHooks,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const decision = hooks.classify(error);
      if (!decision.retry || attempt >= policy.attempts) throw error;
      const delayMs = Math.max(decision.afterMs ?? 0, backoffDelay(attempt, policy, hooks.random));
      if (now() + delayMs - started > policy.deadlineMs) throw error;
      hooks.onRetry?.({ attempt, delayMs, reason: decision.reason, error });
      await sleep(delayMs);
    }
  }
}
