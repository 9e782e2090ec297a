/**
 * Sets the credential helper up for the job and takes it down again: a 0700 directory in the
 * runner's temp directory with the configuration, the `docker-credential-<name>` script (for PATH)
 * and the caching process's socket; the caching process itself, detached from the login step.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { join } from "node:path";
import type { KeylessLogin, MintedCredential } from "@mbp/image-spec/keyless/plan";
import type { HelperConfig, HelperHost } from "./config";
import { HelperError } from "./errors";

/** What the post step needs to take the helper down (no secret). */
export interface InstalledHelper {
  /** docker runs `docker-credential-<name>`. */
  readonly name: string;
  /** Holds the script, the configuration and the socket; goes on PATH. */
  readonly dir: string;
  readonly configPath: string;
  /** The caching process. */
  readonly pid: number;
}

export interface InstallOptions {
  /** Where the helper's directory goes (RUNNER_TEMP in the action). */
  readonly tempDir: string;
  /** The helper bundle, dist/helper/index.js. */
  readonly bundle: string;
  /** The node that runs it; default this process's. */
  readonly nodePath?: string;
  /** The caching process's environment (the OIDC request among it); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly startTimeoutMs?: number;
}

// A unix socket path must fit in sockaddr_un (108 bytes on Linux).
const MAX_SOCKET_PATH = 100;

/** Writes the helper's files and starts its caching process; resolves once it answers. */
export async function installHelper(
  hosts: Readonly<Record<string, HelperHost>>,
  options: InstallOptions,
): Promise<InstalledHelper> {
  const name = `mbp-${randomBytes(4).toString("hex")}`;
  const dir = await mkdtemp(join(options.tempDir, "mbp-credentials-"));
  await chmod(dir, 0o700);
  try {
    const socket = join(dir, "cache.sock");
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
      throw new Error(
        `the helper's socket path ${socket} is too long for a unix socket; use a shorter RUNNER_TEMP`,
      );
    }
    const configPath = join(dir, "config.json");
    const config: HelperConfig = { version: 1, name, socket, hosts };
    await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    const node = options.nodePath ?? process.execPath;
    const script = join(dir, `docker-credential-${name}`);
    await writeFile(
      script,
      `#!/bin/sh\n# multi-registry-login's credential helper; removed by its post step.\nexec ${quote(node)} ${quote(options.bundle)} ${quote(configPath)} "$@"\n`,
      { mode: 0o700 },
    );
    const child = spawn(node, [options.bundle, configPath, "serve"], {
      detached: true,
      stdio: "ignore",
      env: options.env ?? process.env,
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error("the credential helper's caching process did not start");
    let exited: number | null | undefined;
    child.once("exit", (code) => {
      exited = code;
    });
    const until = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (!(await answers(socket))) {
      if (exited !== undefined) {
        throw new Error(
          `the credential helper's caching process exited with code ${exited} before it answered`,
        );
      }
      if (Date.now() > until) {
        stopProcess(pid, configPath);
        throw new Error("the credential helper's caching process did not answer within 10 s");
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return { name, dir, configPath, pid };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the caching process (only if it is still ours) and removes the helper's directory. */
export async function uninstallHelper(helper: InstalledHelper): Promise<"stopped" | "already-gone"> {
  const stopped = stopProcess(helper.pid, helper.configPath);
  await rm(helper.dir, { recursive: true, force: true });
  return stopped ? "stopped" : "already-gone";
}

/** SIGTERM to a pid, only when its command line names our configuration (a pid may be reused). */
function stopProcess(pid: number, configPath: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!cmdline.split("\0").includes(configPath)) return false;
    process.kill(pid, "SIGTERM");
    return true;
  } catch {
    return false;
  }
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = net.createConnection(socket);
    connection.once("connect", () => {
      connection.destroy();
      resolve(true);
    });
    connection.once("error", () => resolve(false));
  });
}

/** A word for sh: single-quoted, with `'` as `'\''`. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One credential through the helper bundle (`node <bundle> - mint`, the login as JSON on stdin), for
 * a login the helper does not answer for later (an ECR access key pair's 12-hour password).
 */
export function mintOnce(
  bundle: string,
  login: KeylessLogin,
  env: NodeJS.ProcessEnv,
  nodePath: string = process.execPath,
): Promise<MintedCredential> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodePath, [bundle, "-", "mint"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) =>
      reject(new HelperError(`the credential helper could not be run: ${error.message}`)),
    );
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (code !== 0) {
        reject(new HelperError(Buffer.concat(err).toString("utf8").trim() || `exited with code ${code}`));
        return;
      }
      try {
        const answer = JSON.parse(stdout) as { Username: string; Secret: string; expiresAt: number };
        resolve({ username: answer.Username, password: answer.Secret, expiresAt: answer.expiresAt });
      } catch {
        reject(new HelperError("the credential helper answered with something other than JSON"));
      }
    });
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(login));
  });
}
