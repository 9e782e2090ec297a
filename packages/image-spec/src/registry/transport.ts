import http from "node:http";
import https from "node:https";

/** A fully read HTTP answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered (after redirects). */
  readonly url: URL;
}

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | Uint8Array | string;
  /** The whole exchange, connect to last byte. */
  readonly timeoutMs: number;
  /** Larger bodies fail the request (manifests are at most 4 MiB in distribution). */
  readonly maxBodyBytes?: number;
  /** Called for each request actually sent, redirects included (for request counting). */
  readonly onSend?: (url: URL) => void;
}

/** A network-level failure (no HTTP answer): carries a Node error code like ECONNRESET or ETIMEDOUT. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * `node:http`/`node:https` with keep-alive agents. Not the global fetch: its first call costs about
 * 150 ms of start-up on Node 20, which dominates a run that makes a dozen small requests.
 */
export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });

  async request(request: HttpRequest): Promise<HttpAnswer> {
    let url = request.url;
    let headers = { ...request.headers };
    for (let hop = 0; ; hop++) {
      const answer = await this.once({ ...request, url, headers });
      const location = answer.headers.location;
      const redirect = [301, 302, 303, 307, 308].includes(answer.status) && location;
      if (!redirect || hop >= MAX_REDIRECTS || !["GET", "HEAD"].includes(request.method)) return answer;
      const next = new URL(location, url);
      // Credentials go to the host they were meant for, never to a redirect target elsewhere.
      if (next.host !== url.host) {
        const { authorization: _dropped, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  /** Closes idle keep-alive sockets so the process can exit at once. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private once(request: HttpRequest & { url: URL }): Promise<HttpAnswer> {
    const { url } = request;
    const isHttps = url.protocol === "https:";
    if (!isHttps && url.protocol !== "http:") {
      return Promise.reject(new TransportError("EPROTO", `unsupported URL scheme in ${url.href}`));
    }
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === "string"
          ? Buffer.from(request.body)
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers["content-length"] = String(body.length);
    const maxBody = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
    request.onSend?.(url);
    return new Promise<HttpAnswer>((resolve, reject) => {
      const send = isHttps ? https.request : http.request;
      const req = send(url, {
        method: request.method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      });
      const timer = setTimeout(() => {
        req.destroy(new TransportError("ETIMEDOUT", `no complete answer within ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(asTransportError(error));
      };
      req.on("error", fail);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) {
            req.destroy(new TransportError("EMSGSIZE", `answer is larger than ${maxBody} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", fail);
        res.on("aborted", () => fail(new TransportError("ECONNRESET", "answer was cut off")));
        res.on("end", () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url });
        });
      });
      req.end(body);
    });
  }
}

function asTransportError(error: Error): TransportError {
  if (error instanceof TransportError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "ENETWORK";
  return new TransportError(code, error.message, { cause: error });
}

/** One header's value as a single string (the first when repeated). */
export function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
