import http from "node:http";
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
}

// No keep-alive: sockets left open to a registry that a test already stopped would only produce noise,
// and one connection per request keeps proxy logs easy to reason about.
const agent = new http.Agent({ keepAlive: false });

/** Sends one request with node:http (http only) and reads the whole response body. */
export function httpRequest(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = typeof url === "string" ? new URL(url) : url;
  if (target.protocol !== "http:") {
    return Promise.reject(new Error(`testkit speaks plain http only; got ${target.href}`));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        agent,
        timeout: options.timeoutMs ?? 60_000,
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
