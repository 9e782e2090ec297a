import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tryCommand } from "@mbp/image-spec";

/**
 * The processes below `root` (children, theirs, …): the engines the CLI started and what they run.
 * Read from /proc on Linux, from `ps` elsewhere (macOS).
 */
export async function descendants(root: number = process.pid): Promise<number[]> {
  const parents = await parentsOfAll();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

async function parentsOfAll(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return parentsFromPs();
  }
  for (const name of entries) {
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

function parentsFromPs(): Promise<Map<number, number>> {
  return new Promise((resolve) => {
    execFile("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }, (_error, stdout) => {
      const parents = new Map<number, number>();
      for (const line of (stdout ?? "").split("\n")) {
        const [pid, ppid] = line.trim().split(/\s+/).map(Number);
        if (pid && ppid !== undefined && !Number.isNaN(ppid)) parents.set(pid, ppid);
      }
      resolve(parents);
    });
  });
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** How long the engines get to stop and clean up after a signal before they are killed. */
export const STOP_GRACE_MS = 20_000;

/**
 * SIGINT and SIGTERM while a command runs. `kill -INT <pid>` reaches only this process (Ctrl-C reaches
 * the whole process group): the signal is passed on to every process below this one, so buildah and
 * buildx stop and remove their working containers themselves, as they do on Ctrl-C.
 */
export class Interruption {
  /** The signal received, once one is. */
  signal: NodeJS.Signals | undefined;
  /** Settles with the first signal. */
  readonly received: Promise<NodeJS.Signals>;
  private resolveReceived: (signal: NodeJS.Signals) => void = () => {};
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(
    private readonly say: (line: string) => void,
    private readonly onForce: (code: number) => Promise<void>,
  ) {
    this.received = new Promise((resolve) => {
      this.resolveReceived = resolve;
    });
    process.on("SIGINT", this.handler);
    process.on("SIGTERM", this.handler);
  }

  /** The exit code of a run ended by `signal`: 128 + its number (130, 143). */
  static exitCode(signal: NodeJS.Signals): number {
    return signal === "SIGINT" ? 130 : 143;
  }

  dispose(): void {
    process.removeListener("SIGINT", this.handler);
    process.removeListener("SIGTERM", this.handler);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.signal) {
      // A second signal: stop waiting for the engines.
      this.say(`${signal} again: killing the build processes now`);
      void descendants().then((pids) => {
        signalAll(pids, "SIGKILL");
        return this.onForce(Interruption.exitCode(this.signal ?? signal));
      });
      return;
    }
    this.signal = signal;
    void descendants().then((pids) => {
      this.say(
        `\n${signal}: stopping ${pids.length === 0 ? "" : `${pids.length} build process${pids.length === 1 ? "" : "es"} and `}the run (again to kill them at once)`,
      );
      signalAll(pids, signal);
      this.resolveReceived(signal);
    });
  }

  /**
   * After a signal: waits for `running` to unwind (its engines have been told to stop) for at most
   * `graceMs`, then kills what is still below this process. True when something had to be killed.
   */
  async settle(running: Promise<unknown>, graceMs: number = STOP_GRACE_MS): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      running.catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    const left = await descendants();
    if (left.length > 0) {
      this.say(`${left.length} build process(es) did not stop within ${graceMs / 1000} s; killing them`);
      signalAll(left, "SIGKILL");
    }
    return left.length > 0;
  }
}

// What the builds in progress made that an interrupted run must not leave behind: their scratch and
// staging directories, and (buildah) the working containers of builds that had to be killed.
const scratchDirs = new Set<string>();

/** A scratch or staging directory of a build in progress, removed if the run is interrupted. */
export function noteScratch(dir: string): void {
  scratchDirs.add(dir);
}

/** A scratch directory the run removed itself. */
export function forgetScratch(dir: string): void {
  scratchDirs.delete(dir);
}

/** Removes the scratch and staging directories of builds in progress (on SIGINT/SIGTERM). */
export function removeScratchNow(): void {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}

// The buildah storage builds run in, and the working containers it held before they started.
let buildahBefore: { readonly global: readonly string[]; readonly ids: ReadonlySet<string> } | undefined;

async function buildahContainers(global: readonly string[]): Promise<string[] | undefined> {
  const listed = await tryCommand("buildah", [...global, "containers", "--quiet", "--notruncate"], {
    silent: true,
  }).catch(() => undefined);
  return listed?.exitCode === 0 ? listed.stdout.split("\n").filter(Boolean) : undefined;
}

/** Notes the working containers of a buildah storage before builds start in it. */
export async function noteBuildahContainers(global: readonly string[]): Promise<void> {
  const ids = await buildahContainers(global);
  buildahBefore = ids ? { global, ids: new Set(ids) } : undefined;
}

/**
 * Removes the working containers that appeared in the builds' buildah storage since they started.
 * Only for builds that had to be killed: a buildah that stops on a signal removes its own, and a
 * container another build made meanwhile must not go. Returns the ids removed.
 */
export async function removeLeftoverContainers(): Promise<string[]> {
  const before = buildahBefore;
  if (!before) return [];
  const now = await buildahContainers(before.global);
  const left = (now ?? []).filter((id) => !before.ids.has(id));
  const removed: string[] = [];
  for (const id of left) {
    const result = await tryCommand("buildah", [...before.global, "rm", id], { silent: true });
    if (result.exitCode === 0) removed.push(id);
  }
  return removed;
}
