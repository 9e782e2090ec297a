import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, type Registry, startRateLimitProxy, startRegistry, stopAll } from "../src/index";

afterAll(stopAll);

let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
});

describe("startRateLimitProxy", () => {
  it("lets a burst through, answers the rest 429 with Retry-After, and refills at the rate", async () => {
    const proxy = await startRateLimitProxy({ target: registry.url, perSecond: 5, retryAfterSeconds: 2 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => httpRequest(`${proxy.url}/v2/`, { timeoutMs: 5000 })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.headers["retry-after"]).toBe("2");
    expect(JSON.parse(limited?.body.toString() ?? "").errors[0].code).toBe("TOOMANYREQUESTS");
    expect(proxy.passed).toHaveLength(5);
    expect(proxy.limited).toHaveLength(3);
    // A fifth of a second later one more token has come back.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await httpRequest(`${proxy.url}/v2/`, { timeoutMs: 5000 })).status).toBe(200);
  });

  it("at 0 answers every request 429", async () => {
    const proxy = await startRateLimitProxy({ target: registry.url, perSecond: 5 });
    proxy.setRate(0);
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => httpRequest(`${proxy.url}/v2/`, { timeoutMs: 5000 })),
    );
    expect(answers.map((a) => a.status)).toEqual([429, 429, 429]);
    expect(proxy.passed).toHaveLength(0);
  });
});
