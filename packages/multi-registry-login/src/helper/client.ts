/**
 * `docker-credential-<name>`: the docker credential helper protocol (`get`, `list`, `store`,
 * `erase`; the server URL on stdin, JSON on stdout). `get` answers only for the hosts the login step
 * set it up for, from the caching process when it runs, else by minting directly from the job's OIDC
 * request (which the caller's environment carries); the answer is the only place a token goes.
 * Bounded like every helper the project runs: an answer comes within 15 s or the helper fails.
 */
import net from "node:net";
import { ECR_USERNAME, GOOGLE_USERNAME, type KeylessLogin, mintCredential } from "@mbp/image-spec/keyless";
import { type HelperConfig, NOT_FOUND, readHelperConfig, serverHost } from "./config";
import type { HelperAnswer } from "./daemon";

/** What a `get` may take, all in (docker-config.ts gives every helper 15 s). */
export const HELPER_BOUND_MS = 14_000;

export interface HelperIo {
  readonly stdin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
  readonly now?: () => number;
  /** Default HELPER_BOUND_MS. */
  readonly boundMs?: number;
}

/**
 * `mint`: one credential for the login step, from a KeylessLogin as JSON on stdin (an access key
 * pair among them: stdin, never argv or a file), answered as `{Username, Secret, expiresAt}`. Keeps
 * the token services' clients out of the login step's own bundle.
 */
export async function mintOnce(io: HelperIo): Promise<number> {
  let login: KeylessLogin;
  try {
    login = JSON.parse(io.stdin) as KeylessLogin;
  } catch {
    return fail(io, "mint: stdin is not a keyless login as JSON");
  }
  const now = io.now ?? Date.now;
  try {
    const credential = await mintCredential(login, {
      env: io.env,
      deadline: now() + (io.boundMs ?? HELPER_BOUND_MS),
    });
    io.write(
      `${JSON.stringify({ Username: credential.username, Secret: credential.password, expiresAt: credential.expiresAt })}\n`,
    );
    return 0;
  } catch (error) {
    return fail(io, error instanceof Error ? error.message : String(error));
  }
}

/** Runs one helper command; resolves with the exit code. */
export async function runHelper(configPath: string, command: string, io: HelperIo): Promise<number> {
  const config = readHelperConfig(configPath);
  switch (command) {
    case "get":
      return get(config, io);
    case "list": {
      const users = Object.fromEntries(
        Object.entries(config.hosts).map(([host, entry]) => [
          host,
          entry.registry.provider === "google" ? GOOGLE_USERNAME : ECR_USERNAME,
        ]),
      );
      io.write(`${JSON.stringify(users)}\n`);
      return 0;
    }
    case "erase":
      // Nothing is stored, so there is nothing to erase (`docker logout` asks).
      return 0;
    case "store":
      return fail(
        io,
        `docker-credential-${config.name} keeps no credentials: multi-registry-login makes them from the job's OIDC token for ${Object.keys(config.hosts).join(", ")}`,
      );
    default:
      return fail(
        io,
        `docker-credential-${config.name}: unknown command ${JSON.stringify(command)}; use get, list, store or erase`,
      );
  }
}

async function get(config: HelperConfig, io: HelperIo): Promise<number> {
  const serverUrl = io.stdin.trim();
  const host = serverHost(serverUrl);
  const entry = config.hosts[host];
  if (!entry) {
    io.write(`${NOT_FOUND}\n`);
    return 1;
  }
  const now = io.now ?? Date.now;
  const bound = io.boundMs ?? HELPER_BOUND_MS;
  const deadline = now() + bound;
  let answer: HelperAnswer;
  try {
    answer = await ask(config.socket, host, bound);
  } catch {
    // No caching process (stopped, or never started): mint here, from this environment.
    try {
      const credential = await mintCredential(entry, { env: io.env, deadline });
      answer = {
        Username: credential.username,
        Secret: credential.password,
        expiresAt: credential.expiresAt,
      };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  if ("error" in answer) return fail(io, `no credentials for ${host}: ${answer.error}`);
  io.write(`${JSON.stringify({ ServerURL: serverUrl, Username: answer.Username, Secret: answer.Secret })}\n`);
  return 0;
}

/**
 * Helpers report failures on stdout, where docker and containers/image read them (`error getting
 * credentials - … out: <message>`), and on stderr for everyone else.
 */
function fail(io: HelperIo, message: string): number {
  io.write(`${message}\n`);
  io.writeError(`${message}\n`);
  return 1;
}

/** Asks the caching process; rejects when it is not there (so the caller mints itself). */
function ask(socketPath: string, host: string, timeoutMs: number): Promise<HelperAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let text = "";
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      if (connected)
        resolve({ error: `the credential cache did not answer within ${Math.round(timeoutMs / 1000)} s` });
      else reject(new Error("no answer"));
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => {
      connected = true;
      socket.write(`${JSON.stringify({ get: host })}\n`);
    });
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("end", () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as HelperAnswer);
      } catch {
        reject(new Error("the credential cache gave no answer"));
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
