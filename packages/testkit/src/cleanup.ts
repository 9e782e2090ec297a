import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Stopper = () => Promise<void>;

interface CleanupState {
  stoppers: Set<Stopper>;
  pids: Set<number>;
  dirs: Set<string>;
}

// Kept on globalThis so that a module evaluated twice in one process (vitest re-imports per test file)
// still installs a single exit hook and sees every child that this process started.
const stateKey = Symbol.for("@mbp/testkit/cleanup");
const globalState = globalThis as { [stateKey]?: CleanupState };

function state(): CleanupState {
  let current = globalState[stateKey];
  if (current === undefined) {
    const created: CleanupState = { stoppers: new Set(), pids: new Set(), dirs: new Set() };
    // Last resort when a test forgot stopAll() or crashed: kill by pid and remove directories synchronously,
    // both on a normal exit and on the SIGTERM with which vitest ends its fork workers.
    const cleanupSync = () => {
      for (const pid of created.pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      created.pids.clear();
      for (const dir of created.dirs) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          // A just-killed registry may still be writing; a leftover temp dir must not mask the real exit.
        }
      }
      created.dirs.clear();
    };
    process.once("exit", cleanupSync);
    const onSigterm = () => {
      cleanupSync();
      // Keep the default "terminate on SIGTERM" unless someone else handles the signal.
      if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
    };
    process.once("SIGTERM", onSigterm);
    globalState[stateKey] = created;
    current = created;
  }
  return current;
}

/** Registers an async stop function for {@link stopAll}; returns a function that unregisters it. */
export function trackStopper(stop: Stopper): () => void {
  const { stoppers } = state();
  stoppers.add(stop);
  return () => {
    stoppers.delete(stop);
  };
}

/** Remembers a child pid so that it is killed if this process exits before stopping it. */
export function trackPid(pid: number): () => void {
  const { pids } = state();
  pids.add(pid);
  return () => {
    pids.delete(pid);
  };
}

/** Creates a temporary directory that is removed on {@link removeTempDir} or at process exit. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mbp-testkit-${prefix}-`));
  state().dirs.add(dir);
  return dir;
}

/** Removes a directory made by {@link makeTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  state().dirs.delete(dir);
}

/** The directories made by {@link makeTempDir} in this process and not removed yet. */
export function tempDirs(): ReadonlySet<string> {
  return new Set(state().dirs);
}

/**
 * Removes every directory made by {@link makeTempDir} in this process since `before` was taken: the
 * temp-dirs setup file calls it after each test file, since a worker that its pool ends may never
 * run the exit hook. Directories older than the file (the process's private Docker config) stay.
 */
export function removeTempDirsSince(before: ReadonlySet<string>): void {
  const { dirs } = state();
  for (const dir of [...dirs]) {
    if (before.has(dir)) continue;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    dirs.delete(dir);
  }
}

/**
 * Stops every registry, token server and proxy that this process started through the testkit and
 * has not stopped yet. Call it from vitest `afterAll`; temporary directories go after the file.
 * Rejects with an AggregateError listing every stop that failed (after trying them all).
 */
export async function stopAll(): Promise<void> {
  const { stoppers } = state();
  const pending = [...stoppers].reverse();
  stoppers.clear();
  const results = await Promise.allSettled(pending.map((stop) => stop()));
  const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failures.length > 0) {
    throw new AggregateError(failures, `testkit: ${failures.length} component(s) failed to stop`);
  }
}

/** Whether a process is still there (signal 0 reaches it): what a test checks after stopping one by pid. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
