import { existsSync } from "node:fs";
import { stat, statfs } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatBytes, runCommand } from "@mbp/image-spec";
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

/** What `fs.statfs` says of a filesystem, as much as free space needs. */
export interface FsStats {
  /** Blocks free to an unprivileged user (df's "Avail"). */
  readonly bavail: number;
  readonly bsize: number;
}

export interface FreeSpaceOptions {
  /** `RUNNER_ENVIRONMENT`: only `github-hosted` runners are ever cleaned. */
  readonly runnerEnvironment: string;
  /** Prefix of every path (tests use a temporary directory; the real root is `/`). */
  readonly root?: string;
  readonly paths?: readonly string[];
  /** Run `rm` through `sudo -n` (GitHub's runner user is not root but may sudo). */
  readonly sudo?: boolean;
  /** The filesystem holding a path (default `fs.statfs`); tests pass their own. */
  readonly statfs?: (path: string) => Promise<FsStats>;
  /** Milliseconds, for the time taken (default `Date.now`). */
  readonly now?: () => number;
}

export interface FreeSpaceResult {
  /** Why nothing was done, when nothing was. */
  readonly skipped?: string;
  /** The folders removed. */
  readonly removed: readonly string[];
  /** Free bytes gained, as df sees them: after minus before, over every filesystem touched. */
  readonly freedBytes: number;
  /** How long the removal took. */
  readonly seconds: number;
}

/** The job summary's sentence for a free-space step: what it freed and in how long, or why it did nothing. */
export function freeSpaceNote(result: FreeSpaceResult): string {
  return result.skipped
    ? `free-space: skipped (${result.skipped}).`
    : `free-space: freed ${formatBytes(result.freedBytes)} in ${result.seconds.toFixed(1)} s.`;
}

/**
 * Removes large preinstalled toolchains on a GitHub-hosted runner, all at once, and reports the
 * space freed as df does (the filesystems' free bytes before and after) and the time taken. Asking
 * `du` first would read every inode of ~10 GB of small files: minutes on a runner's cold disk.
 * Never deletes anything on a self-hosted or unknown runner: a warning says so instead.
 */
export async function freeSpace(options: FreeSpaceOptions, reporter: Reporter): Promise<FreeSpaceResult> {
  if (options.runnerEnvironment !== "github-hosted") {
    const where = options.runnerEnvironment
      ? `a ${options.runnerEnvironment} runner`
      : "a runner that is not GitHub-hosted";
    const skipped = `free-space: ignored on ${where} (RUNNER_ENVIRONMENT=${JSON.stringify(options.runnerEnvironment)}); nothing was deleted`;
    reporter.warning(skipped);
    return { skipped, removed: [], freedBytes: 0, seconds: 0 };
  }
  const root = options.root ?? "/";
  const prefix = options.sudo ? ["sudo", "-n"] : [];
  const now = options.now ?? Date.now;
  const targets: string[] = [];
  for (const path of options.paths ?? FREE_SPACE_PATHS) {
    const target = join(root, path);
    if (existsSync(target)) targets.push(target);
    else reporter.debug(`free-space: ${target} does not exist`);
  }
  const filesystems = await filesystemsOf(targets);
  const free = (stats: FsStats) => stats.bavail * stats.bsize;
  const measure = options.statfs ?? statfs;
  const before = await Promise.all(filesystems.map(async (path) => free(await measure(path))));

  const started = now();
  const outcomes = await Promise.allSettled(
    targets.map(async (target) => {
      const [command = "rm", ...args] = [...prefix, "rm", "-rf", "--one-file-system", "--", target];
      await runCommand(command, args, { silent: true });
      reporter.info(`Removed ${target}`);
    }),
  );
  const seconds = (now() - started) / 1000;
  const after = await Promise.all(filesystems.map(async (path) => free(await measure(path))));

  const freedBytes = Math.max(
    0,
    after.reduce((sum, bytes, i) => sum + bytes - (before[i] ?? bytes), 0),
  );
  const total = (values: number[]) => formatBytes(values.reduce((sum, bytes) => sum + bytes, 0));
  reporter.info(
    `Freed ${formatBytes(freedBytes)} in ${seconds.toFixed(1)} s` +
      (filesystems.length > 0 ? ` (free: ${total(before)} before, ${total(after)} after)` : ""),
  );
  const failures = outcomes.flatMap((outcome, i) =>
    outcome.status === "rejected" ? [`${targets[i]}: ${errorText(outcome.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(`free-space could not remove ${failures.join("; ")}`);
  return { removed: targets, freedBytes, seconds };
}

/** One existing directory per filesystem the targets live on (their parents, which outlive them). */
async function filesystemsOf(targets: readonly string[]): Promise<string[]> {
  const seen = new Map<number, string>();
  for (const target of targets) {
    const parent = dirname(target);
    const { dev } = await stat(parent);
    if (!seen.has(dev)) seen.set(dev, parent);
  }
  return [...seen.values()];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
