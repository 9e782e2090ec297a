import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

/** A fully read HTTP response. */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string | number>;
  /** A Buffer is sent as is; a function is called once to get a stream (for large uploads). */
  body?: Buffer | string | (() => Readable);
  /** Socket idle timeout; default 60 000, 0 disables it. */
  timeoutMs?: number;
  /** For https:// URLs: the CA to trust (PEM). */
  ca?: string | Buffer;
}

// No keep-alive: sockets left open to a registry that a test already stopped would only produce noise,
// and one connection per request keeps proxy logs easy to reason about.
const agent = new http.Agent({ keepAlive: false });

/** Sends one request with node:http (https only with `ca`) and reads the whole response body. */
export function httpRequest(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = typeof url === "string" ? new URL(url) : url;
  const secure = target.protocol === "https:" && options.ca !== undefined;
  if (target.protocol !== "http:" && !secure) {
    return Promise.reject(new Error(`testkit speaks plain http (or https with a ca); got ${target.href}`));
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      target,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        agent: secure ? false : agent,
        timeout: options.timeoutMs ?? 60_000,
        ...(secure ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${options.method ?? "GET"} ${target.href} timed out`)));
    req.on("error", reject);
    const body = options.body;
    if (typeof body === "function") {
      const stream = body();
      stream.on("error", (err) => req.destroy(err));
      stream.pipe(req);
    } else {
      req.end(body);
    }
  });
}

/** Reads one header as a single string (the first value when repeated). */
export function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
