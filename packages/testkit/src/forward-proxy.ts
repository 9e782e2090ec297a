import http from "node:http";
import net, { type Socket } from "node:net";
import { listenOnLoopback } from "./serve";

/** One request a forward proxy handled. */
export interface ForwardProxyRequest {
  /** `CONNECT` for a tunnel, else the HTTP method of an absolute-form request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  /** 200 for a tunnel opened; the upstream status otherwise; 502 when the name is unknown. */
  status: number;
}

/** Options for {@link startForwardProxy}. */
export interface ForwardProxyOptions {
  /**
   * The only names the proxy resolves, name → IP address (the port is kept): e.g.
   * `{ "registry.internal": "127.0.0.1" }`. Every other name gets 502, as if DNS failed.
   */
  hosts: Record<string, string>;
}

/** A running forward proxy (what HTTPS_PROXY / HTTP_PROXY point at). */
export interface ForwardProxy {
  /** "http://127.0.0.1:PORT" */
  url: string;
  requests: ForwardProxyRequest[];
  stop(): Promise<void>;
}

/**
 * Starts an HTTP forward proxy on 127.0.0.1: `CONNECT host:port` opens a TCP tunnel (for HTTPS) and
 * absolute-form requests (`GET http://host:port/path`) are forwarded, both only to the names in
 * `hosts`, which no one else can resolve.
 */
export async function startForwardProxy(options: ForwardProxyOptions): Promise<ForwardProxy> {
  const requests: ForwardProxyRequest[] = [];
  // The tunnels' upstream sockets, for stop() to end with the client connections.
  const sockets = new Set<Socket>();
  const resolveName = (hostname: string) => options.hosts[hostname.replace(/^\[|\]$/g, "").toLowerCase()];

  const server = http.createServer((req, res) => {
    const entry: ForwardProxyRequest = { method: req.method ?? "GET", target: req.url ?? "", status: 0 };
    requests.push(entry);
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      entry.status = 400;
      res.writeHead(400).end("absolute-form request expected");
      return;
    }
    const address = resolveName(url.hostname);
    if (url.protocol !== "http:" || address === undefined) {
      entry.status = 502;
      res.writeHead(502).end(`cannot resolve ${url.hostname}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers["proxy-connection"];
    delete headers["proxy-authorization"];
    const upstream = http.request(
      {
        host: address,
        port: url.port || 80,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
      },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 0;
        res.writeHead(entry.status, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502);
      res.end(error.message);
    });
    req.pipe(upstream);
  });

  server.on("connect", (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const entry: ForwardProxyRequest = { method: "CONNECT", target: req.url ?? "", status: 0 };
    requests.push(entry);
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url ?? "");
    const address = match ? resolveName(match[1] ?? "") : undefined;
    if (!match || address === undefined) {
      entry.status = 502;
      client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const upstream = net.connect(Number(match[2]), address, () => {
      entry.status = 200;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const { port, stop } = await listenOnLoopback(server, () => {
    for (const socket of sockets) socket.destroy();
  });
  return { url: `http://127.0.0.1:${port}`, requests, stop };
}
