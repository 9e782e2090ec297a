import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { formatBytes } from "@mbp/image-spec";
import { afterEach, describe, expect, it } from "vitest";
import { FREE_SPACE_PATHS, type FsStats, freeSpace, freeSpaceNote } from "../src/free-space";
import { recordingReporter } from "./helpers";

const MiB = 1024 * 1024;
const dirs: string[] = [];

/**
 * A fake filesystem root with the runner's toolchain directories (real folders and files in a
 * temporary directory: a test never goes near the machine's own /usr or /opt).
 */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "arch-build-root-"));
  dirs.push(root);
  mkdirSync(join(root, "usr/share/dotnet/sdk"), { recursive: true });
  writeFileSync(join(root, "usr/share/dotnet/sdk/a.dll"), randomBytes(2 * MiB));
  mkdirSync(join(root, "opt/ghc"), { recursive: true });
  writeFileSync(join(root, "opt/ghc/ghc.bin"), randomBytes(MiB));
  mkdirSync(join(root, "opt/hostedtoolcache/CodeQL/2.0"), { recursive: true });
  writeFileSync(join(root, "opt/hostedtoolcache/CodeQL/2.0/codeql"), randomBytes(MiB));
  // Other tool caches stay: later steps may use them.
  mkdirSync(join(root, "opt/hostedtoolcache/Python/3.12"), { recursive: true });
  writeFileSync(join(root, "opt/hostedtoolcache/Python/3.12/python"), randomBytes(1024));
  return root;
}

/**
 * A statfs whose free blocks follow what is on disk: `freeBlocks` more for every toolchain of `root`
 * that is gone (what df would show on a runner, without depending on what else this machine writes).
 */
function fakeStatfs(root: string, blocks: Record<string, number>) {
  const calls: string[] = [];
  const statfs = async (path: string): Promise<FsStats> => {
    calls.push(path);
    let bavail = 1000;
    for (const [dir, freed] of Object.entries(blocks)) if (!existsSync(join(root, dir))) bavail += freed;
    return { bavail, bsize: 4096 };
  };
  return { statfs, calls };
}

/** A clock that answers the given instants in turn. */
function clock(...instants: number[]) {
  return () => instants.shift() ?? Number.NaN;
}

/**
 * An `rm` first on PATH that waits until `count` of its kind have started (or 30 s), then runs the
 * real one: removals made one after another never meet, and each says so in a file `alone.PID`.
 * `fail` makes the removal of a path ending so fail as a locked directory would.
 */
function rendezvousRm(count: number, fail?: string): { dir: string; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "arch-build-rm-"));
  dirs.push(dir);
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "rm"),
    [
      "#!/bin/sh",
      `marks=${JSON.stringify(join(dir, "marks"))}`,
      'mkdir -p "$marks"; : >"$marks/started.$$"',
      "i=0",
      `while [ "$(ls "$marks" | grep -c '^started')" -lt ${count} ]; do`,
      '  i=$((i + 1)); if [ $i -gt 600 ]; then : >"$marks/alone.$$"; break; fi; sleep 0.05',
      "done",
      ...(fail
        ? [`case "$*" in *${fail}) echo "rm: cannot remove: Device or resource busy" >&2; exit 1 ;; esac`]
        : []),
      'exec /bin/rm "$@"',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${saved ?? ""}`;
  return {
    dir: join(dir, "marks"),
    restore: () => {
      process.env.PATH = saved;
    },
  };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("freeSpace", () => {
  it("removes the toolchains on a GitHub-hosted runner and reports what df gained and the time taken", async () => {
    const root = fakeRoot();
    const reporter = recordingReporter();
    const fs = fakeStatfs(root, {
      "usr/share/dotnet": 2_000_000,
      "opt/ghc": 400_000,
      "opt/hostedtoolcache/CodeQL": 100_000,
    });
    const result = await freeSpace(
      { runnerEnvironment: "github-hosted", root, statfs: fs.statfs, now: clock(5_000, 17_300) },
      reporter,
    );
    expect(result.skipped).toBeUndefined();
    expect(result.removed).toEqual([
      join(root, "usr/share/dotnet"),
      join(root, "opt/ghc"),
      join(root, "opt/hostedtoolcache/CodeQL"),
    ]);
    for (const path of FREE_SPACE_PATHS) expect(existsSync(join(root, path))).toBe(false);
    expect(existsSync(join(root, "opt/hostedtoolcache/Python/3.12/python"))).toBe(true);
    // 2.5 million blocks of 4096 bytes came free.
    expect(result.freedBytes).toBe(2_500_000 * 4096);
    expect(result.seconds).toBe(12.3);
    expect(reporter.lines.filter((l) => l.startsWith("info: Removed ")).sort()).toEqual(
      result.removed.map((path) => `info: Removed ${path}`).sort(),
    );
    expect(reporter.lines).toContain("info: Freed 10.2 GB in 12.3 s (free: 4.1 MB before, 10.2 GB after)");
    expect(freeSpaceNote(result)).toBe("free-space: freed 10.2 GB in 12.3 s.");
    // Asked once before and once after, of a folder that outlives the removal (all on one filesystem).
    expect(fs.calls).toHaveLength(2);
    expect(fs.calls[0]).toBe(fs.calls[1]);
    expect(existsSync(fs.calls[0] as string)).toBe(true);
  });

  // Removals one after another each wait the rendezvous's 30 s: the timeout lets that show as "alone".
  it("removes every folder at once, not one after another", { timeout: 150_000 }, async () => {
    const root = fakeRoot();
    const rm = rendezvousRm(3);
    try {
      const result = await freeSpace(
        { runnerEnvironment: "github-hosted", root, statfs: fakeStatfs(root, {}).statfs },
        recordingReporter(),
      );
      expect(result.removed).toHaveLength(3);
    } finally {
      rm.restore();
    }
    const marks = readdirSync(rm.dir);
    expect(marks.filter((m) => m.startsWith("started."))).toHaveLength(3);
    expect(marks.filter((m) => m.startsWith("alone."))).toEqual([]);
  });

  it("removes the folders of an injected list that exist, says which do not, and names one it could not remove", async () => {
    const root = mkdtempSync(join(tmpdir(), "arch-build-list-"));
    dirs.push(root);
    for (const name of ["a", "b", "stuck"]) {
      mkdirSync(join(root, name, "deep"), { recursive: true });
      writeFileSync(join(root, name, "deep", "file"), "x");
    }
    const reporter = recordingReporter();
    const rm = rendezvousRm(3, "/stuck");
    const error = await freeSpace(
      {
        runnerEnvironment: "github-hosted",
        root,
        paths: ["/a", "/missing", "/b", "/stuck"],
        statfs: fakeStatfs(root, { a: 10, b: 20 }).statfs,
        now: clock(0, 1500),
      },
      reporter,
    )
      .catch((e: unknown) => e)
      .finally(rm.restore);
    expect(existsSync(join(root, "a"))).toBe(false);
    expect(existsSync(join(root, "b"))).toBe(false);
    expect(existsSync(join(root, "stuck", "deep", "file"))).toBe(true);
    expect(reporter.lines).toContain(`debug: free-space: ${join(root, "missing")} does not exist`);
    expect(reporter.lines).toContain("info: Freed 122.9 kB in 1.5 s (free: 4.1 MB before, 4.2 MB after)");
    expect((error as Error).message).toMatch(
      new RegExp(`^free-space could not remove ${join(root, "stuck")}: .*Device or resource busy`),
    );
  });

  it("measures with fs.statfs when none is given", async () => {
    const root = fakeRoot();
    const result = await freeSpace({ runnerEnvironment: "github-hosted", root }, recordingReporter());
    expect(result.removed).toHaveLength(3);
    // What else this machine writes meanwhile moves df too: only that a figure came out is certain.
    expect(Number.isFinite(result.freedBytes)).toBe(true);
    expect(result.freedBytes).toBeGreaterThanOrEqual(0);
    expect(dirname(result.removed[0] as string)).toBe(join(root, "usr/share"));
  });

  it.each([
    ["self-hosted", "a self-hosted runner"],
    ["", "a runner that is not GitHub-hosted"],
  ])("never deletes on %j runners, and warns", async (environment, where) => {
    const root = fakeRoot();
    const reporter = recordingReporter();
    const result = await freeSpace({ runnerEnvironment: environment, root }, reporter);
    expect(result.freedBytes).toBe(0);
    expect(result.removed).toEqual([]);
    expect(existsSync(join(root, "usr/share/dotnet/sdk/a.dll"))).toBe(true);
    const skipped = `free-space: ignored on ${where} (RUNNER_ENVIRONMENT=${JSON.stringify(environment)}); nothing was deleted`;
    expect(reporter.warnings).toEqual([skipped]);
    expect(freeSpaceNote(result)).toBe(`free-space: skipped (${skipped}).`);
  });

  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1500, "1.5 kB"],
    [21_340_000_000, "21.3 GB"],
  ])("formatBytes(%d) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
