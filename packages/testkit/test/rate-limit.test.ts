import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, type Registry, startRateLimitProxy, startRegistry, stopAll } from "../src/index";

afterAll(stopAll);

let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
});

/**
 * A clock that moves only when the test moves it: the bucket's arithmetic is then exact however the
 * scheduler spreads the requests (with a real clock a busy machine refills it in between).
 */
function manualClock() {
  let ms = 1_000_000;
  return {
    now: () => ms,
    advance: (by: number) => {
      ms += by;
    },
  };
}

/** `count` requests at once through the proxy; their statuses, sorted. */
async function burst(url: string, count: number): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, () => httpRequest(`${url}/v2/`, { timeoutMs: 30_000 })),
  );
  return answers.map((a) => a.status).sort();
}

describe("startRateLimitProxy", () => {
  it("lets a burst through, answers the rest 429 with Retry-After, and refills at the rate", async () => {
    const clock = manualClock();
    const proxy = await startRateLimitProxy({
      target: registry.url,
      perSecond: 5,
      retryAfterSeconds: 2,
      now: clock.now,
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => httpRequest(`${proxy.url}/v2/`, { timeoutMs: 30_000 })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.headers["retry-after"]).toBe("2");
    expect(JSON.parse(limited?.body.toString() ?? "").errors[0].code).toBe("TOOMANYREQUESTS");
    expect(proxy.passed).toHaveLength(5);
    expect(proxy.limited).toHaveLength(3);
    // A fifth of a second later exactly one token has come back.
    clock.advance(200);
    expect(await burst(proxy.url, 2)).toEqual([200, 429]);
    // A long quiet spell fills the bucket to its size, no further.
    clock.advance(60_000);
    expect(await burst(proxy.url, 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it("holds `burst` tokens when told, and setRate refills to the new size", async () => {
    const clock = manualClock();
    const proxy = await startRateLimitProxy({ target: registry.url, perSecond: 1, burst: 3, now: clock.now });
    expect(await burst(proxy.url, 4)).toEqual([200, 200, 200, 429]);
    proxy.setRate(2, 1);
    expect(await burst(proxy.url, 2)).toEqual([200, 429]);
    clock.advance(500);
    expect(await burst(proxy.url, 2)).toEqual([200, 429]);
  });

  it("at 0 answers every request 429", async () => {
    const proxy = await startRateLimitProxy({ target: registry.url, perSecond: 5 });
    proxy.setRate(0);
    expect(await burst(proxy.url, 3)).toEqual([429, 429, 429]);
    expect(proxy.passed).toHaveLength(0);
  });
});
