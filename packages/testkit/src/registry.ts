import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, removeTempDir, trackPid, trackStopper } from "./cleanup";
import { runCommand } from "./command";
import { httpRequest } from "./http";
import { freePort } from "./ports";
import type { TestCertificates } from "./tls";
import type { TokenServer } from "./token-server";

/** How the registry authenticates clients. */
export type RegistryAuth = { htpasswd: Record<string, string> } | { token: TokenServer };

/** Options for {@link startRegistry}. */
export interface RegistryOptions {
  /** No auth when omitted (anonymous push and pull). */
  auth?: RegistryAuth;
  /** Use this directory for blob storage and keep it on stop (default: a temp dir removed on stop). */
  storageDir?: string;
  /** Serve HTTPS with this certificate (distribution's `http.tls`); see makeTestCertificates. */
  tls?: TestCertificates;
}

/** A running CNCF distribution registry on a loopback port. */
export interface Registry {
  /** "127.0.0.1:PORT", as used in image references. */
  host: string;
  /** "http://127.0.0.1:PORT" ("https://…" with `tls`) */
  url: string;
  port: number;
  pid: number;
  storageDir: string;
  /** Kills the process by pid and removes the temporary directories. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything the registry printed so far (access log included). */
  logs(): string;
}

const maxLogChars = 8 * 1024 * 1024;
// A registry answers within a second or two; a 2-core machine shared with builds and busy loops can
// take many times that. Under the 60 s hook timeout that starts several at once.
const startTimeoutMs = 45_000;

function registryBinary(): string {
  return process.env.TESTKIT_REGISTRY_BIN ?? "docker-registry";
}

// JSON strings are valid YAML double-quoted scalars, so no YAML library is needed.
const q = (value: string | number) => JSON.stringify(String(value));

function configYaml(port: number, storageDir: string, authYaml: string, tls?: TestCertificates): string {
  return [
    "version: 0.1",
    "log:",
    "  level: info",
    "  formatter: text",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${q(storageDir)}`,
    "  delete:",
    "    enabled: true",
    "  maintenance:",
    "    uploadpurging:",
    "      enabled: false",
    "http:",
    `  addr: ${q(`127.0.0.1:${port}`)}`,
    `  secret: ${q(randomBytes(16).toString("hex"))}`,
    ...(tls ? ["  tls:", `    certificate: ${q(tls.certPath)}`, `    key: ${q(tls.keyPath)}`] : []),
    authYaml,
    "",
  ].join("\n");
}

async function authConfig(auth: RegistryAuth | undefined, dir: string): Promise<string> {
  if (auth === undefined) return "";
  if ("token" in auth) {
    const { token } = auth;
    return [
      "auth:",
      "  token:",
      `    realm: ${q(token.realm)}`,
      `    service: ${q(token.service)}`,
      `    issuer: ${q(token.issuer)}`,
      `    rootcertbundle: ${q(token.certPath)}`,
    ].join("\n");
  }
  const lines: string[] = [];
  for (const [user, password] of Object.entries(auth.htpasswd)) {
    if (user === "" || user.includes(":")) {
      throw new Error(`startRegistry: htpasswd user "${user}" is empty or contains ":"; pick another name`);
    }
    // Distribution only accepts bcrypt entries; -i reads the password from stdin so it never shows in argv.
    const { stdout } = await runCommand("htpasswd", ["-niB", user], { input: password });
    lines.push(stdout.trim());
  }
  const path = join(dir, "htpasswd");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return ["auth:", "  htpasswd:", '    realm: "testkit-registry"', `    path: ${q(path)}`].join("\n");
}

interface Attempt {
  child: ChildProcess;
  logs: () => string;
  exited: Promise<number | null>;
  isRunning: () => boolean;
}

function spawnRegistry(configPath: string): Attempt {
  // setpriv --pdeathsig makes the kernel kill the registry if this Node process dies without running
  // its exit hooks (SIGKILL, OOM); setpriv execs the registry, so the pid is the registry's own.
  const bin = registryBinary();
  const [command, args] = existsSync("/usr/bin/setpriv")
    ? ["/usr/bin/setpriv", ["--pdeathsig", "KILL", "--", bin, "serve", configPath]]
    : [bin, ["serve", configPath]];
  // REGISTRY_* variables override the config file; drop any that leak in from the environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("REGISTRY_")));
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  let size = 0;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    chunks.push(text);
    size += text.length;
    while (size > maxLogChars && chunks.length > 1) {
      size -= chunks.shift()?.length ?? 0;
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (err) => {
      collect(Buffer.from(`testkit: could not start ${bin}: ${err.message}\n`));
      running = false;
      resolve(null);
    });
    child.on("exit", (code) => {
      running = false;
      resolve(code);
    });
  });
  return { child, logs: () => chunks.join(""), exited, isRunning: () => running };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(
  attempt: Attempt,
  port: number,
  tls: TestCertificates | undefined,
): Promise<"ready" | "port-taken" | "failed"> {
  const deadline = Date.now() + startTimeoutMs;
  // The registry logs "listening on" only after its bind succeeded, so an answer on the port after that line
  // comes from our process and not from someone who took the port first.
  while (Date.now() < deadline) {
    if (!attempt.isRunning()) {
      return attempt.logs().includes("address already in use") ? "port-taken" : "failed";
    }
    if (attempt.logs().includes(`listening on 127.0.0.1:${port}`)) {
      try {
        const res = await httpRequest(`${tls ? "https" : "http"}://127.0.0.1:${port}/v2/`, {
          timeoutMs: 2000,
          ...(tls ? { ca: readFileSync(tls.caPath) } : {}),
        });
        if (res.status === 200 || res.status === 401) return "ready";
      } catch {
        // Not accepting yet.
      }
    }
    await sleep(25);
  }
  return "failed";
}

async function kill(attempt: Attempt): Promise<void> {
  const pid = attempt.child.pid;
  if (pid === undefined || !attempt.isRunning()) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Exited in the meantime.
    }
  }, 5000);
  await attempt.exited;
  clearTimeout(timer);
}

/**
 * Starts Debian's `docker-registry` (CNCF distribution 2.8) on 127.0.0.1 and a free port, with filesystem
 * storage, deletes enabled, and optional htpasswd (bcrypt) or token auth. Resolves once `GET /v2/` answers
 * 200 or 401. Set TESTKIT_REGISTRY_BIN to use another distribution binary.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = makeTempDir("registry");
  try {
    const storageDir = options.storageDir ?? join(dir, "storage");
    mkdirSync(storageDir, { recursive: true });
    const authYaml = await authConfig(options.auth, dir);
    const configPath = join(dir, "config.yml");
    let lastLogs = "";
    for (let tries = 0; tries < 5; tries++) {
      const port = await freePort();
      writeFileSync(configPath, configYaml(port, storageDir, authYaml, options.tls));
      const attempt = spawnRegistry(configPath);
      const pid = attempt.child.pid;
      const untrackPid = pid === undefined ? () => {} : trackPid(pid);
      const outcome = await waitUntilReady(attempt, port, options.tls);
      if (outcome === "ready" && pid !== undefined) {
        const scheme = options.tls ? "https" : "http";
        return running(attempt, { port, pid, dir, storageDir, untrackPid, scheme });
      }
      await kill(attempt);
      untrackPid();
      lastLogs = attempt.logs();
      if (outcome === "failed") break;
    }
    throw new Error(
      `startRegistry: ${registryBinary()} did not become ready; its output:\n${lastLogs.trim()}`,
    );
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
}

function running(
  attempt: Attempt,
  info: {
    port: number;
    pid: number;
    dir: string;
    storageDir: string;
    untrackPid: () => void;
    scheme: "http" | "https";
  },
): Registry {
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      untrackStopper();
      try {
        await kill(attempt);
      } finally {
        info.untrackPid();
        removeTempDir(info.dir);
      }
    })();
    return stopped;
  };
  const untrackStopper = trackStopper(stop);
  return {
    host: `127.0.0.1:${info.port}`,
    url: `${info.scheme}://127.0.0.1:${info.port}`,
    port: info.port,
    pid: info.pid,
    storageDir: info.storageDir,
    stop,
    logs: attempt.logs,
  };
}
