/**
 * free-space, old against new, on the same trees of small files: BENCH_FILES (default 40 000) files
 * of 1-4 KiB in BENCH_FOLDERS (default 4) folders of 100-file directories, like a toolchain's tree.
 *   old: per folder, one after another, `du -s -B1 -x` (to report the size) then `rm -rf`;
 *   new: arch-build's freeSpace (every folder's `rm -rf` at once, df's free bytes before and after).
 * Prints wall time (median of BENCH_RUNS, default 3) and what each reported freeing. Asserts nothing.
 *
 * By default the trees were just written, so their inodes are in the page cache: `du` reads memory.
 * On a runner it reads the image's cold disk. BENCH_COLD=1 (root; needs loop devices) writes each
 * tree into a fresh ext4 on a loop device with direct I/O, unmounts and mounts it again, so both
 * ways start from a cold cache as on a runner; df then measures that filesystem alone.
 *
 *   pnpm bench:free-space        BENCH_COLD=1 pnpm bench:free-space
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { freeSpace } from "../packages/arch-build/src/free-space";
import { formatBytes } from "../packages/image-spec/src/run-summary";

const files = Number(process.env.BENCH_FILES ?? 40_000);
const folders = Number(process.env.BENCH_FOLDERS ?? 4);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const cold = process.env.BENCH_COLD === "1";
const base = mkdtempSync(join(tmpdir(), "bench-free-space-"));
const mounted: string[] = [];
afterAll(() => {
  for (const mount of mounted.splice(0)) execFileSync("umount", [mount], { stdio: "ignore" });
  rmSync(base, { recursive: true, force: true });
});

/** Fresh trees under `root`: the folders' paths and the bytes written. */
function plant(root: string): { paths: string[]; bytes: number } {
  const paths = Array.from({ length: folders }, (_, i) => join(root, `toolchain-${i}`));
  const chunk = Buffer.alloc(4096, 7);
  const made = new Set<string>();
  let bytes = 0;
  for (let n = 0; n < files; n++) {
    const dir = join(paths[n % folders] as string, `lib-${Math.floor(n / folders / 100)}`);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    const size = 1024 + ((n * 997) % 3072);
    writeFileSync(join(dir, `f${n}.so`), chunk.subarray(0, size));
    bytes += size;
  }
  return { paths, bytes };
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: "utf8" }).trim();

/**
 * Trees ready to remove, in `name` under the bench's directory; with BENCH_COLD, on an ext4 of their
 * own (a loop device with direct I/O, so the backing file's page cache does not warm it either),
 * mounted again after writing. `done` unmounts it (the loop device goes with it).
 */
function prepare(name: string): { paths: string[]; bytes: number; done: () => void } {
  const dir = join(base, name);
  mkdirSync(dir);
  if (!cold) return { ...plant(dir), done: () => {} };
  const image = `${dir}.img`;
  run("truncate", ["-s", `${Math.max(1, Math.ceil((files * 8192) / 2 ** 30) + 1)}G`, image]);
  run("mkfs.ext4", ["-q", "-F", "-N", String(files * 2 + 10_000), image]);
  // Each mount on a loop device of its own, detached at once: the kernel frees it at the unmount.
  const mount = () => {
    const device = run("losetup", ["--find", "--show", "--direct-io=on", image]);
    try {
      run("mount", [device, dir]);
    } finally {
      run("losetup", ["-d", device]);
    }
    mounted.push(dir);
  };
  const unmount = () => {
    run("umount", [dir]);
    mounted.splice(mounted.indexOf(dir), 1);
  };
  mount();
  const planted = plant(dir);
  unmount();
  mount();
  return {
    ...planted,
    done: () => {
      unmount();
      rmSync(image, { force: true });
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const silent = {
  info() {},
  warning() {},
  debug() {},
  group: <T>(_name: string, body: () => Promise<T>) => body(),
};

test("free-space: du then rm one folder at a time, against every rm at once measured with df", async () => {
  const old: number[] = [];
  const neu: number[] = [];
  let duBytes = 0;
  let dfBytes = 0;
  let written = 0;
  for (let i = 0; i < runs; i++) {
    const oldTree = prepare(`old-${i}`);
    written = oldTree.bytes;
    let started = performance.now();
    duBytes = 0;
    for (const path of oldTree.paths) {
      duBytes += Number(run("du", ["-s", "-B1", "-x", "--", path]).split(/\s/)[0]);
      run("rm", ["-rf", "--one-file-system", "--", path]);
    }
    old.push(performance.now() - started);
    oldTree.done();

    const newTree = prepare(`new-${i}`);
    started = performance.now();
    const result = await freeSpace(
      { runnerEnvironment: "github-hosted", root: "/", paths: newTree.paths },
      silent,
    );
    neu.push(performance.now() - started);
    dfBytes = result.freedBytes;
    // A figure from trees that were not there would be no figure at all.
    if (result.removed.length !== folders) {
      throw new Error(`freeSpace removed ${result.removed.length} of ${folders} folders`);
    }
    newTree.done();
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    [
      `free-space bench: ${files} files (${formatBytes(written)}) in ${folders} folders, ${cold ? "cold cache (ext4 on a direct-I/O loop device, remounted)" : "warm cache"}, median of ${runs}`,
      `  old (du, then rm, one folder after another): ${seconds(median(old))}   [${old.map(seconds).join(", ")}]; du reported ${formatBytes(duBytes)}`,
      `  new (every rm at once, df before and after):  ${seconds(median(neu))}   [${neu.map(seconds).join(", ")}]; df gained ${formatBytes(dfBytes)}${cold ? "" : " (other writers on this disk move it too)"}`,
    ].join("\n"),
  );
});
