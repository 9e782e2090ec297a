import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  HostLimiter,
  type RetryDecision,
  rateLimitDelay,
  rateLimitPause,
  withRetries,
} from "@mbp/image-spec";
import { describe, expect, it } from "vitest";

/** A clock that only moves when the retry loop sleeps. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 30_000, deadlineMs: 60_000 };
const limited: RetryDecision = { retry: true, reason: "HTTP 429", rateLimited: true, afterMs: 1000 };
const transient: RetryDecision = { retry: true, reason: "HTTP 502" };

describe("withRetries", () => {
  it("waits out rate limits until the deadline, however many tries that takes", async () => {
    const clock = fakeClock();
    let tries = 0;
    const error = await withRetries(
      async () => {
        tries++;
        throw new Error("429");
      },
      { classify: () => limited, ...clock, random: () => 0.5 },
      policy,
    ).catch((e: Error) => e);
    expect(error.message).toBe("429");
    // 1 s asked, plus half of the jitter (up to as much again, at most 1 s): 1.5 s a try, 60 s in all.
    expect(clock.sleeps.every((ms) => ms === 1500)).toBe(true);
    expect(tries).toBe(41);
    expect(clock.now()).toBeLessThanOrEqual(policy.deadlineMs);
  });

  it("counts transient failures but not rate limits against the tries", async () => {
    const clock = fakeClock();
    const answers = [limited, transient, limited, limited, transient, transient, transient, transient];
    let tries = 0;
    await withRetries(
      async () => {
        tries++;
        throw new Error("no");
      },
      { classify: () => answers.shift() ?? limited, ...clock, random: () => 0 },
      policy,
    ).catch(() => {});
    // The 5th transient failure ends it (5 tries that count), after 3 rate-limited ones that did not.
    expect(tries).toBe(8);
    expect(clock.sleeps).toEqual([1000, 50, 1000, 1000, 100, 200, 400]);
  });

  it("gives up at once when the registry asks to wait past the deadline", async () => {
    const clock = fakeClock();
    let tries = 0;
    await withRetries(
      async () => {
        tries++;
        throw new Error("429");
      },
      { classify: () => ({ ...limited, afterMs: 120_000 }), ...clock },
      policy,
    ).catch(() => {});
    expect(tries).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("starts no try after a sleep that woke past the deadline, and ends with the last failure", async () => {
    // A busy machine: the 100 ms backoff is asked for with 10 s left, and the loop wakes 1 ms after
    // the deadline. The loop must end with the failure it was waiting to retry, and say the deadline
    // stopped it.
    let now = 0;
    const errors = [new Error("ETIMEDOUT"), new Error("never tried")];
    const ended: unknown[] = [];
    const error = await withRetries(
      async () => {
        throw errors.shift();
      },
      {
        classify: () => transient,
        now: () => now,
        sleep: async () => {
          now = 10_001;
        },
        random: () => 1,
        onDeadline: (e) => ended.push(e),
      },
      { ...policy, deadlineMs: 10_000 },
    ).catch((e: Error) => e);
    expect(error.message).toBe("ETIMEDOUT");
    expect(errors.map((e) => e.message)).toEqual(["never tried"]);
    expect(ended).toEqual([error]);
  });

  it("ends with the failure before a try that the deadline kept from starting", async () => {
    const clock = fakeClock();
    const notSent = new Error("not sent: the overall deadline had passed");
    const errors = [new Error("HTTP 503"), notSent];
    const ended: unknown[] = [];
    const error = await withRetries(
      async () => {
        throw errors.shift();
      },
      {
        classify: (e) => (e === notSent ? { retry: false, notStarted: true } : transient),
        ...clock,
        onDeadline: (e) => ended.push(e),
      },
      policy,
    ).catch((e: Error) => e);
    expect(error.message).toBe("HTTP 503");
    expect(ended).toEqual([error]);
    // A first try that could not start has nothing before it: it is the failure.
    const alone = await withRetries(
      async () => {
        throw notSent;
      },
      { classify: () => ({ retry: false, notStarted: true }), ...clock },
      policy,
    ).catch((e: Error) => e);
    expect(alone).toBe(notSent);
  });

  it("spreads clients told the same Retry-After over up to a second more", () => {
    expect(rateLimitDelay(1000, 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(1000);
    expect(rateLimitDelay(1000, 1, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(1999);
    expect(rateLimitDelay(13, 1, DEFAULT_RETRY_POLICY, () => 1)).toBe(113);
    expect(rateLimitDelay(30_000, 1, DEFAULT_RETRY_POLICY, () => 1)).toBe(31_000);
    // No Retry-After: the backoff for that many rate-limited tries, jittered.
    expect(rateLimitDelay(undefined, 3, DEFAULT_RETRY_POLICY, () => 0)).toBe(
      backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0),
    );
  });
});

describe("rateLimitPause", () => {
  const answer = (status: number, headers: Record<string, string> = {}, body = "") => ({
    status,
    headers,
    body: Buffer.from(body),
    url: new URL("https://ghcr.io/v2/"),
  });
  it.each([
    ["429 with Retry-After: 3", 3000, answer(429, { "retry-after": "3" })],
    ["429 without Retry-After", 1000, answer(429)],
    ["GHCR's 429 body", 13, answer(429, {}, "retry-after: 12.5ms, allowed: 2000/minute")],
    ["503 with Retry-After", 2000, answer(503, { "retry-after": "2" })],
    ["503 without Retry-After (an outage, not a limit)", undefined, answer(503)],
    ["403 secondary rate limit", 1000, answer(403, {}, "You have exceeded a secondary rate limit")],
    ["403 denied", undefined, answer(403, {}, "denied")],
    ["200", undefined, answer(200)],
  ])("%s → %s ms", (_name, expected, given) => {
    expect(rateLimitPause(given)).toBe(expected);
  });
});

describe("HostLimiter", () => {
  const never = () => new Error("deadline");
  it("lets at most 4 requests per host in flight, first come first served, hosts apart", async () => {
    const limiter = new HostLimiter(4);
    const order: number[] = [];
    const releases = await Promise.all([0, 1, 2, 3].map(() => limiter.acquire("a", undefined, never)));
    const queued = [4, 5].map((n) =>
      limiter.acquire("a", undefined, never).then((r) => {
        order.push(n);
        return r;
      }),
    );
    const other = await limiter.acquire("b", undefined, never);
    expect(limiter.describe("a")).toEqual({ inFlight: 4, window: 4, queued: 2 });
    releases[0]?.();
    releases[1]?.();
    const [r4, r5] = await Promise.all(queued);
    expect(order).toEqual([4, 5]);
    for (const release of [...releases, r4, r5, other]) release?.();
    expect(limiter.describe("a")).toEqual({ inFlight: 0, window: 4, queued: 0 });
  });

  it("after a rate limit holds every request to that host, halves its window once, and widens it again", async () => {
    let now = 1_000;
    const limiter = new HostLimiter(4, () => now);
    limiter.slowDown("a", 50);
    limiter.slowDown("a", 30);
    expect(limiter.describe("a").window).toBe(2);
    let got = false;
    const waiting = limiter.acquire("a", undefined, never).then((release) => {
      got = true;
      return release;
    });
    const elsewhere = await limiter.acquire("b", undefined, never);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toBe(false);
    now += 60;
    (await waiting)();
    elsewhere();
    for (let i = 0; i < 2; i++) limiter.calm("a");
    expect(limiter.describe("a").window).toBe(3);
  });

  it("fails a request at once when the host's pause runs past the deadline, and at the deadline otherwise", async () => {
    const limiter = new HostLimiter(1);
    limiter.slowDown("a", 60_000);
    await expect(limiter.acquire("a", Date.now() + 1000, never)).rejects.toThrow("deadline");
    const busy = new HostLimiter(1);
    await busy.acquire("a", undefined, never);
    await expect(busy.acquire("a", Date.now() + 50, never)).rejects.toThrow("deadline");
    expect(busy.describe("a").queued).toBe(0);
  });

  it("fails a queued request at once when a rate limit's pause outlasts its deadline", async () => {
    const limiter = new HostLimiter(1);
    const release = await limiter.acquire("a", undefined, never);
    // Queued behind the one in flight, with a minute left; the host then asks for an hour.
    const queued = limiter.acquire("a", Date.now() + 60_000, never);
    limiter.slowDown("a", 3_600_000);
    await expect(queued).rejects.toThrow("deadline");
    expect(limiter.describe("a").queued).toBe(0);
    release();
  });

  it("starts no request after the deadline, even to an idle host", async () => {
    const limiter = new HostLimiter(4);
    await expect(limiter.acquire("a", Date.now() - 1, never)).rejects.toThrow("deadline");
    expect(limiter.describe("a")).toEqual({ inFlight: 0, window: 4, queued: 0 });
  });
});
