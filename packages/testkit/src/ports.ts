import net from "node:net";

const handedOutKey = Symbol.for("@mbp/testkit/ports");
const globalPorts = globalThis as { [handedOutKey]?: Set<number> };

function listenOnZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Asks the OS for a free loopback port (listen on 0, then close) for a child process to bind.
 * Never hands out the same port twice in this process, so concurrent starts cannot collide here;
 * another process may still take the port before the child binds, so callers retry on bind failure.
 */
export async function freePort(): Promise<number> {
  globalPorts[handedOutKey] ??= new Set();
  const handedOut = globalPorts[handedOutKey];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnZero();
    if (port > 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("testkit: the OS kept returning ports this process already used");
}
