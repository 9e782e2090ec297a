/// <reference path="./proxy-from-env.d.ts" />
import http from "node:http";
import https from "node:https";
import { type Duplex, PassThrough } from "node:stream";
import tls from "node:tls";
import { getProxyForUrl } from "proxy-from-env";
import { isLoopbackHost } from "../image";
import {
  certsDirs,
  hostCertificates,
  isCertificateError,
  trustingContext,
  unverifiedContext,
  whereCaGoes,
} from "./trust";

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
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 16 } as const;

export interface TransportOptions {
  /**
   * Hosts (`host[:port]` as in a URL) whose certificate is not verified: insecure registries and
   * loopback addresses, as docker does. Default: loopback only.
   */
  readonly skipVerify?: (host: string) => boolean;
  /** certs.d roots holding `<host[:port]>/*.crt`; default `certsDirs()`. */
  readonly certsDirs?: readonly string[];
}

/**
 * `node:http`/`node:https` with keep-alive agents. Not the global fetch: its first call costs about
 * 150 ms of start-up on Node 20, which dominates a run that makes a dozen small requests.
 *
 * Honours HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY (either case; matching by proxy-from-env;
 * loopback addresses never go through a proxy, as in Go): HTTPS through a CONNECT tunnel, HTTP as an
 * absolute-form request to the proxy. Trusts the system store and the host's certs.d CAs besides
 * Node's own (see trust.ts).
 */
export class Transport {
  private readonly httpAgent = new http.Agent(AGENT_OPTIONS);
  /** One HTTPS agent per host: each has its own CA set, verification and proxy. */
  private readonly httpsAgents = new Map<string, https.Agent>();
  private readonly skipVerify: (host: string) => boolean;
  private readonly roots: readonly string[];

  constructor(options: TransportOptions = {}) {
    this.skipVerify = options.skipVerify ?? isLoopbackHost;
    this.roots = options.certsDirs ?? certsDirs();
  }

  async request(request: HttpRequest): Promise<HttpAnswer> {
    let url = request.url;
    let headers = { ...request.headers };
    for (let hop = 0; ; hop++) {
      const answer = await this.once({ ...request, url, headers });
      const location = answer.headers.location;
      const redirect = [301, 302, 303, 307, 308].includes(answer.status) && location;
      if (!redirect || hop >= MAX_REDIRECTS || !["GET", "HEAD"].includes(request.method)) return answer;
      const next = new URL(location, url);
      // Credentials go to the host they were meant for, never to a redirect target elsewhere, and
      // never in clear text after starting on HTTPS.
      if (next.host !== url.host || (url.protocol === "https:" && next.protocol !== "https:")) {
        const { authorization: _dropped, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  /** Closes idle keep-alive sockets so the process can exit at once. */
  close(): void {
    this.httpAgent.destroy();
    for (const agent of this.httpsAgents.values()) agent.destroy();
    this.httpsAgents.clear();
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
    const proxy = proxyFor(url);
    request.onSend?.(url);
    return new Promise<HttpAnswer>((resolve, reject) => {
      let req: http.ClientRequest;
      if (isHttps) {
        req = https.request(url, { method: request.method, headers, agent: this.httpsAgent(url, proxy) });
      } else if (proxy) {
        // Absolute-form request line to the proxy (RFC 9112 §3.2.2).
        const proxyAuth = proxyAuthorization(proxy);
        req = (proxy.protocol === "https:" ? https : http).request({
          host: proxy.hostname.replace(/^\[|\]$/g, ""),
          port: proxy.port || (proxy.protocol === "https:" ? 443 : 80),
          method: request.method,
          path: url.href,
          headers: { host: url.host, ...headers, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
          agent: proxy.protocol === "https:" ? undefined : this.httpAgent,
        });
      } else {
        req = http.request(url, { method: request.method, headers, agent: this.httpAgent });
      }
      const timer = setTimeout(() => {
        req.destroy(new TransportError("ETIMEDOUT", `no complete answer within ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(this.asTransportError(error, url));
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

  private httpsAgent(url: URL, proxy: URL | undefined): https.Agent {
    let agent = this.httpsAgents.get(url.host);
    if (agent) return agent;
    const verify = !this.skipVerify(url.host);
    // Secure contexts are built once and shared: passing `ca` per connection would parse the CA
    // list again for every socket. One that verifies nothing trusts nothing (no root store to load).
    const secureContext = verify
      ? trustingContext(hostCertificates(url.host, this.roots).certificates)
      : unverifiedContext();
    const options = { ...AGENT_OPTIONS, secureContext, rejectUnauthorized: verify };
    agent = proxy ? new TunnelAgent(proxy, options) : new https.Agent(options);
    this.httpsAgents.set(url.host, agent);
    return agent;
  }

  private asTransportError(error: Error, url: URL): TransportError {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof TransportError) && isCertificateError(code)) {
      return new TransportError(
        code ?? "CERT_UNTRUSTED",
        `the TLS certificate of ${url.host} is not trusted (${error.message}); ${whereCaGoes(url.host, this.roots)}`,
        { cause: error },
      );
    }
    return asTransportError(error);
  }
}

/** The proxy for a URL from the environment; never for loopback addresses. */
export function proxyFor(url: URL): URL | undefined {
  if (isLoopbackHost(url.host)) return undefined;
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return undefined;
  try {
    return new URL(proxy);
  } catch {
    throw new TransportError("EPROXY", `the proxy for ${url.host} from the environment is not a URL`);
  }
}

function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

type ConnectOptions = tls.ConnectionOptions & { host?: string; port?: number | string };

/** An HTTPS agent whose sockets are TLS over a CONNECT tunnel through a proxy. */
class TunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  // Node's Agent accepts a callback here for sockets that take time to make.
  override createConnection(
    options: http.RequestOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    const done = callback ?? (() => {});
    const tlsOptions = options as ConnectOptions;
    const target = `${formatHost(String(tlsOptions.host ?? "localhost"))}:${tlsOptions.port ?? 443}`;
    const proxyAuth = proxyAuthorization(this.proxy);
    const secure = this.proxy.protocol === "https:";
    const connect = (secure ? https : http).request({
      host: this.proxy.hostname.replace(/^\[|\]$/g, ""),
      port: this.proxy.port || (secure ? 443 : 80),
      method: "CONNECT",
      path: target,
      headers: { host: target, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
      agent: false,
    });
    connect.once("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(
          new TransportError(
            "EPROXY",
            `the proxy ${this.proxy.host} answered ${res.statusCode} to CONNECT ${target}`,
          ),
          socket,
        );
        return;
      }
      done(null, tls.connect({ ...tlsOptions, socket }));
    });
    // A network error on the way to the proxy keeps its code (ECONNRESET, ECONNREFUSED, …), so a
    // proxy that drops a connection is retried like a registry that does; the message names the proxy.
    connect.once("error", (error: NodeJS.ErrnoException) =>
      done(
        new TransportError(error.code ?? "EPROXY", `the proxy ${this.proxy.host} failed: ${error.message}`, {
          cause: error,
        }),
        new PassThrough(),
      ),
    );
    connect.end();
    return undefined;
  }
}

/** An IPv6 literal in brackets, as in a URL authority. */
function formatHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
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
