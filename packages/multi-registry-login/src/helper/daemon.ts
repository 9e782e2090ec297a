/**
 * The caching process behind the credential helper: started by the login step, stopped by its post
 * step. It keeps each host's credential in memory until shortly before it expires (CredentialCache)
 * and answers the helper over a unix socket that only the job's user can open (0600, in a 0700
 * directory). Nothing it holds is ever written to a file.
 */
import { existsSync } from "node:fs";
import { chmod, rm } from "node:fs/promises";
import net from "node:net";
import { CredentialCache, mintCredential, Transport } from "@mbp/image-spec/keyless";
import { type HelperConfig, NOT_FOUND, readHelperConfig } from "./config";

/** One request per connection: a JSON line `{"get": "<host>"}`. */
export interface HelperRequest {
  readonly get: string;
}

/** The answer: the credential, or why there is none. */
export type HelperAnswer =
  | { readonly Username: string; readonly Secret: string; readonly expiresAt: number }
  | { readonly error: string; readonly notFound?: boolean };

export interface DaemonOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** How often to look whether the configuration is still there (it goes with the post step). */
  readonly watchMs?: number;
}

export interface Daemon {
  readonly config: HelperConfig;
  close(): Promise<void>;
}

/** Serves a helper configuration until close(), or until its file disappears. */
export async function serve(configPath: string, options: DaemonOptions = {}): Promise<Daemon> {
  const config = readHelperConfig(configPath);
  const env = options.env ?? process.env;
  const transport = new Transport();
  const cache = new CredentialCache(
    (host) => {
      const entry = config.hosts[host];
      if (!entry) return Promise.reject(new Error(`${host} is not served here`));
      return mintCredential({ registry: entry.registry, source: entry.source }, { env, transport });
    },
    options.now ? { now: options.now } : {},
  );
  const answer = async (request: HelperRequest): Promise<HelperAnswer> => {
    if (!config.hosts[request.get]) return { error: NOT_FOUND, notFound: true };
    try {
      const credential = await cache.get(request.get);
      return { Username: credential.username, Secret: credential.password, expiresAt: credential.expiresAt };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const server = net.createServer((socket) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
      const newline = text.indexOf("\n");
      if (newline < 0) return;
      let request: HelperRequest;
      try {
        request = JSON.parse(text.slice(0, newline)) as HelperRequest;
      } catch {
        socket.end(`${JSON.stringify({ error: "not a JSON request" })}\n`);
        return;
      }
      void answer(request).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
    socket.on("error", () => socket.destroy());
  });
  await rm(config.socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.socket, resolve);
  });
  await chmod(config.socket, 0o600);
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      clearInterval(watch);
      server.close(() => resolve());
      transport.close();
    });
    return closed;
  };
  const watch = setInterval(() => {
    if (!existsSync(configPath)) void close();
  }, options.watchMs ?? 30_000);
  watch.unref();
  return { config, close };
}
