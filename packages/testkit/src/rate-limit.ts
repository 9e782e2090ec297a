import http from "node:http";
import { writeFaultResponse } from "./faults";
import { downstreamHeaders, listenOnLoopback, upstreamHeaders } from "./serve";

/** Options for {@link startRateLimitProxy}. */
export interface RateLimitOptions {
  /** The registry to forward to, e.g. `registry.url`. */
  target: string;
  /** Requests let through per second (the bucket's refill rate); 0 answers every request 429. */
  perSecond: number;
  /** The bucket's size: how many may pass at once after a quiet spell. Default: `perSecond`. */
  burst?: number;
  /** The `Retry-After` header of a 429, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /**
   * The clock the bucket refills by, in ms (default `Date.now`). A test of the bucket itself passes
   * one that moves only when it says so: on a busy machine the requests of a "burst" arrive spread
   * over real time, and a real clock refills the bucket between them.
   */
  now?: () => number;
}

/** A running token-bucket proxy; clients use its `host` as if it were the registry. */
export interface RateLimitProxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** Requests let through to the registry, with the status it answered. */
  readonly passed: { method: string; path: string; status: number }[];
  /** Requests answered 429 by the proxy. */
  readonly limited: { method: string; path: string }[];
  /** The most requests the registry was answering at once. */
  readonly peakInFlight: number;
  /** Changes the rate (and refills the bucket to the new burst). */
  setRate(perSecond: number, burst?: number): void;
  stop(): Promise<void>;
}

/**
 * Starts a reverse proxy on 127.0.0.1 in front of `target` that lets `perSecond` requests a second
 * through (a token bucket holding `burst`) and answers the rest as GHCR and Docker Hub do when a
 * client goes too fast: `429 Too Many Requests`, `Retry-After: <seconds>`, a distribution error body
 * `TOOMANYREQUESTS`. Token requests to a separate token server do not pass through it.
 */
export async function startRateLimitProxy(options: RateLimitOptions): Promise<RateLimitProxy> {
  const target = new URL(options.target);
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const now = options.now ?? Date.now;
  let rate = options.perSecond;
  let burst = options.burst ?? Math.max(1, options.perSecond);
  let tokens = rate > 0 ? burst : 0;
  let refilled = now();
  let inFlight = 0;
  let peakInFlight = 0;
  const passed: RateLimitProxy["passed"] = [];
  const limited: RateLimitProxy["limited"] = [];
  const agent = new http.Agent({ keepAlive: true });

  const take = (): boolean => {
    const at = now();
    tokens = Math.min(burst, tokens + ((at - refilled) / 1000) * rate);
    refilled = at;
    if (rate <= 0 || tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    if (!take()) {
      limited.push({ method, path });
      req.resume();
      writeFaultResponse(res, {
        status: 429,
        headers: { "retry-after": retryAfter },
        body: { errors: [{ code: "TOOMANYREQUESTS", message: "rate limit exceeded; slow down" }] },
      });
      return;
    }
    const entry = { method, path, status: 0 };
    passed.push(entry);
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    const headers = upstreamHeaders(req.headers, target.host);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method, path, headers, agent },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 0;
        res.writeHead(entry.status, upstreamRes.statusMessage, downstreamHeaders(upstreamRes.rawHeaders));
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      done();
      if (res.headersSent) res.destroy(err);
      else
        writeFaultResponse(res, {
          status: 502,
          body: { errors: [{ code: "BAD_GATEWAY", message: err.message }] },
        });
    });
    res.on("close", () => {
      done();
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  const { port, stop } = await listenOnLoopback(server, () => agent.destroy());
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    passed,
    limited,
    get peakInFlight() {
      return peakInFlight;
    },
    setRate(perSecond, newBurst) {
      rate = perSecond;
      burst = newBurst ?? Math.max(1, perSecond);
      tokens = rate > 0 ? burst : 0;
      refilled = now();
    },
    stop,
  };
}
