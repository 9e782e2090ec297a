import http from "node:http";
import { consume, type FaultResponse, writeFaultResponse } from "./faults";
import { downstreamHeaders, listenOnLoopback, upstreamHeaders } from "./serve";

/**
 * A fault rule. The first rule whose `match` fits and whose `times` is not used up answers instead of the
 * registry: a canned response, a TCP reset (`"reset"`), or no answer at all (`"hang"`, until `stop()`).
 * `times: Infinity` makes a permanently failing registry.
 */
export interface Fault {
  /** Matches everything when omitted. `path` is tested against the request target, query string included. */
  match?: { method?: string; path?: RegExp | string };
  times: number;
  respond: FaultResponse | "reset" | "hang";
}

/** One request seen by the proxy. `status` is 0 for a reset or a hang. */
export interface ProxyRequest {
  method: string;
  /** The request target as sent, query string included. */
  path: string;
  status: number;
  /** Set when a fault rule answered instead of the registry. */
  fault?: "respond" | "reset" | "hang";
}

/** Selects logged requests: a predicate, or fields that must all match (`path` as a RegExp or substring). */
export type RequestFilter =
  | ((request: ProxyRequest) => boolean)
  | { method?: string; path?: RegExp | string; status?: number };

/** Options for {@link startProxy}. */
export interface ProxyOptions {
  /** The registry to forward to, e.g. `registry.url`. */
  target: string;
  faults?: Fault[];
  /** How long each forwarded request is held before it is passed on (a slow link); default 0. */
  delayMs?: number;
}

/** A running reverse proxy; clients use its `host` as if it were the registry. */
export interface Proxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** Every request in arrival order (status filled in when the answer starts). */
  requests: ProxyRequest[];
  /** How many logged requests match `filter` (all when omitted). */
  count(filter?: RequestFilter): number;
  /** Clears the request log (fault rules stay). */
  reset(): void;
  /** Adds a fault rule after the existing ones. */
  addFault(fault: Fault): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Changes how long forwarded requests that arrive from now on are held. */
  setDelay(ms: number): void;
  /** Closes the server and every open connection, hung ones included. */
  stop(): Promise<void>;
}

function matchesText(pattern: RegExp | string, text: string): boolean {
  if (typeof pattern === "string") return text.includes(pattern);
  // A /g or /y pattern keeps state between test() calls; start from the beginning every time.
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function faultMatches(fault: Fault, method: string, path: string): boolean {
  const match = fault.match;
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  return match.path === undefined || matchesText(match.path, path);
}

function requestMatches(filter: RequestFilter | undefined, request: ProxyRequest): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "function") return filter(request);
  if (filter.method !== undefined && filter.method.toUpperCase() !== request.method) return false;
  if (filter.status !== undefined && filter.status !== request.status) return false;
  return filter.path === undefined || matchesText(filter.path, request.path);
}

/**
 * Starts a logging, fault-injecting reverse proxy on 127.0.0.1 in front of `target`. Absolute `Location`
 * headers that point at the target are rewritten to the proxy; `WWW-Authenticate` is passed through as is,
 * so token requests go straight to the token server and are not counted here.
 */
export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const target = new URL(options.target);
  if (target.protocol !== "http:") {
    throw new Error(`startProxy: target must be an http:// URL, got ${options.target}`);
  }
  const targetOrigin = target.origin;
  const faults: Fault[] = (options.faults ?? []).map((fault) => ({ ...fault }));
  const requests: ProxyRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  let origin = "";
  let delayMs = options.delayMs ?? 0;

  const rewriteLocation = (value: string) =>
    value.startsWith(targetOrigin) ? origin + value.slice(targetOrigin.length) : value;

  const server = http.createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const entry: ProxyRequest = { method, path, status: 0 };
    requests.push(entry);

    const fault = faults.find((candidate) => candidate.times > 0 && faultMatches(candidate, method, path));
    if (fault !== undefined && consume(fault)) {
      if (fault.respond === "reset") {
        entry.fault = "reset";
        req.socket.resetAndDestroy();
      } else if (fault.respond === "hang") {
        entry.fault = "hang";
        req.resume();
      } else {
        entry.fault = "respond";
        entry.status = fault.respond.status;
        req.resume();
        writeFaultResponse(res, fault.respond);
      }
      return;
    }

    if (delayMs > 0) setTimeout(() => forward(req, res, entry), delayMs);
    else forward(req, res, entry);
  });

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, entry: ProxyRequest) => {
    const { method, path } = entry;
    const headers = upstreamHeaders(req.headers, target.host);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method, path, headers, agent },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 0;
        const raw = downstreamHeaders(upstreamRes.rawHeaders, (name, value) =>
          name.toLowerCase() === "location" ? rewriteLocation(value) : value,
        );
        res.writeHead(entry.status, upstreamRes.statusMessage, raw);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      entry.status = 502;
      writeFaultResponse(res, {
        status: 502,
        body: { errors: [{ code: "BAD_GATEWAY", message: err.message }] },
      });
    });
    // A client that gives up (timeout, reset) must not leave the upstream request open.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
  const { port, stop } = await listenOnLoopback(server, () => agent.destroy());
  origin = `http://127.0.0.1:${port}`;

  return {
    host: `127.0.0.1:${port}`,
    url: origin,
    requests,
    count: (filter) => requests.filter((request) => requestMatches(filter, request)).length,
    reset: () => {
      requests.length = 0;
    },
    addFault: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    stop,
  };
}
