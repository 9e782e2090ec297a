import http from "node:http";
import { performance } from "node:perf_hooks";
import { downstreamHeaders, listenOnLoopback, upstreamHeaders } from "./serve";

/** One exchange through a delay proxy: when the request arrived and its answer was finished (performance.now()). */
export interface Exchange {
  start: number;
  end: number;
}

/** Options for {@link startDelayProxy}. */
export interface DelayProxyOptions {
  /** The server to forward to, e.g. `registry.url` or a token server's url. */
  target: string;
  /** How long each request is held before it is passed on (one simulated round trip); default 0. */
  delayMs?: number;
  /** Every exchange is pushed here as it starts; its `end` is filled in when the answer is finished. */
  exchanges?: Exchange[];
}

/** A running delay proxy; clients use its `host` as if it were the target. */
export interface DelayProxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** Changes the delay for requests that arrive from now on. */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

/**
 * Starts a reverse proxy on 127.0.0.1 that holds every request for a settable delay before passing it
 * on to `target`: a stand-in for a registry (or token server) that far away, for benchmarks.
 */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const upstream = new URL(options.target);
  const agent = new http.Agent({ keepAlive: true });
  let delayMs = options.delayMs ?? 0;
  const server = http.createServer((req, res) => {
    const exchange = { start: performance.now(), end: Number.POSITIVE_INFINITY };
    options.exchanges?.push(exchange);
    res.on("finish", () => {
      exchange.end = performance.now();
    });
    const forward = () => {
      const request = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: upstreamHeaders(req.headers, upstream.host),
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, downstreamHeaders(answer.rawHeaders));
          answer.pipe(res);
        },
      );
      request.on("error", () => res.destroy());
      req.pipe(request);
    };
    if (delayMs > 0) setTimeout(forward, delayMs);
    else forward();
  });
  const { port, stop } = await listenOnLoopback(server, () => agent.destroy());
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    setDelay(ms) {
      delayMs = ms;
    },
    stop,
  };
}
