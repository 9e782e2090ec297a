import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCommand, tryCommand } from "@mbp/image-spec";
import type { Reporter } from "./engine";

/**
 * Preinstalled toolchains a container build never uses, largest first. Deliberately not the whole
 * /opt/hostedtoolcache: later steps of the same job may use a Python or Node from it (setup-*
 * actions); only CodeQL's bundle, which a build job does not run, goes.
 */
export const FREE_SPACE_PATHS: readonly string[] = [
  "/usr/local/lib/android",
  "/usr/share/dotnet",
  "/opt/ghc",
  "/opt/hostedtoolcache/CodeQL",
];

export interface FreeSpaceOptions {
  /** `RUNNER_ENVIRONMENT`: only `github-hosted` runners are ever cleaned. */
  readonly runnerEnvironment: string;
  /** Prefix of every path (tests use a temporary directory; the real root is `/`). */
  readonly root?: string;
  readonly paths?: readonly string[];
  /** Run `du`/`rm` through `sudo -n` (GitHub's runner user is not root but may sudo). */
  readonly sudo?: boolean;
}

export interface FreeSpaceResult {
  /** Why nothing was done, when nothing was. */
  readonly skipped?: string;
  readonly removed: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  readonly freedBytes: number;
}

/** `1.5 GB`, `300 MB`: decimal units, as `df -H` and GitHub's runner image notes use. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Removes large preinstalled toolchains on a GitHub-hosted runner and reports the space freed (disk
 * usage of what was removed). Never deletes anything on a self-hosted or unknown runner: a warning
 * says so instead.
 */
export async function freeSpace(options: FreeSpaceOptions, reporter: Reporter): Promise<FreeSpaceResult> {
  if (options.runnerEnvironment !== "github-hosted") {
    const where = options.runnerEnvironment
      ? `a ${options.runnerEnvironment} runner`
      : "a runner that is not GitHub-hosted";
    const skipped = `free-space: ignored on ${where} (RUNNER_ENVIRONMENT=${JSON.stringify(options.runnerEnvironment)}); nothing was deleted`;
    reporter.warning(skipped);
    return { skipped, removed: [], freedBytes: 0 };
  }
  const root = options.root ?? "/";
  const prefix = options.sudo ? ["sudo", "-n"] : [];
  const removed: Array<{ path: string; bytes: number }> = [];
  for (const path of options.paths ?? FREE_SPACE_PATHS) {
    const target = join(root, path);
    if (!existsSync(target)) {
      reporter.debug(`free-space: ${target} does not exist`);
      continue;
    }
    const bytes = await diskUsage(target, prefix);
    const [command = "rm", ...args] = [...prefix, "rm", "-rf", "--one-file-system", "--", target];
    await runCommand(command, args, { silent: true });
    removed.push({ path: target, bytes });
    reporter.info(`Removed ${target} (${formatBytes(bytes)})`);
  }
  const freedBytes = removed.reduce((sum, entry) => sum + entry.bytes, 0);
  reporter.info(`Freed ${formatBytes(freedBytes)}`);
  return { removed, freedBytes };
}

// Disk usage in bytes (`du -s -B1 -x`); unreadable corners make du exit 1 but it still prints a total.
async function diskUsage(target: string, prefix: readonly string[]): Promise<number> {
  const [command = "du", ...args] = [...prefix, "du", "-s", "-B1", "-x", "--", target];
  const result = await tryCommand(command, args, { silent: true });
  const bytes = Number.parseInt(result.stdout.trim().split(/\s+/)[0] ?? "", 10);
  return Number.isFinite(bytes) ? bytes : 0;
}
