import type http from "node:http";
import type { AddressInfo, Server, Socket } from "node:net";
import { trackStopper } from "./cleanup";

// Hop-by-hop headers belong to one connection and must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** A proxied request's headers for the upstream: hop-by-hop ones dropped, `Host` the upstream's. */
export function upstreamHeaders(headers: http.IncomingHttpHeaders, host: string): http.OutgoingHttpHeaders {
  const forwarded: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) forwarded[name] = value;
  }
  forwarded.host = host;
  return forwarded;
}

/**
 * An upstream answer's raw headers (name, value, name, value, …) for the client, hop-by-hop ones
 * dropped; `rewrite` may change a value (a reverse proxy's `Location`).
 */
export function downstreamHeaders(
  rawHeaders: readonly string[],
  rewrite: (name: string, value: string) => string = (_name, value) => value,
): string[] {
  const raw: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? "";
    if (!HOP_BY_HOP.has(name.toLowerCase())) raw.push(name, rewrite(name, rawHeaders[i + 1] ?? ""));
  }
  return raw;
}

/** A server listening on a free port of 127.0.0.1. */
export interface LoopbackServer {
  readonly port: number;
  /** Open connections; add other sockets (a tunnel's upstream) to have `stop()` destroy them too. */
  readonly sockets: Set<Socket>;
  /** Closes the server and every open connection, then runs `onStop`. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `server` on a free port of 127.0.0.1, keeping track of its connections so that `stop()`
 * (also called by stopAll) ends hung ones instead of waiting for them.
 */
export async function listenOnLoopback(
  server: Server,
  onStop: () => void = () => {},
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      untrack();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }).finally(onStop);
    return stopped;
  };
  const untrack = trackStopper(stop);
  return { port, sockets, stop };
}
