/**
 * free-space, old against new, on the same trees of small files: BENCH_FILES (default 40 000) files
 * of 1-4 KiB in BENCH_FOLDERS (default 4) folders of 100-file directories, like a toolchain's tree.
 *   old: per folder, one after another, `du -s -B1 -x` (to report the size) then `rm -rf`;
 *   new: arch-build's freeSpace (every folder's `rm -rf` at once, df's free bytes before and after).
 * Prints wall time (median of BENCH_RUNS, default 3) and what each reported freeing. Asserts nothing.
 * The trees were just written, so their inodes are in the page cache: `du` here reads memory, on a
 * runner it reads the image's cold disk, so the old way's real cost is higher than printed.
 *
 *   pnpm bench:free-space
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { formatBytes, freeSpace } from "../packages/arch-build/src/free-space";

const files = Number(process.env.BENCH_FILES ?? 40_000);
const folders = Number(process.env.BENCH_FOLDERS ?? 4);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const base = mkdtempSync(join(tmpdir(), "bench-free-space-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

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
  for (let run = 0; run < runs; run++) {
    const oldTree = plant(join(base, `old-${run}`));
    written = oldTree.bytes;
    let started = performance.now();
    duBytes = 0;
    for (const path of oldTree.paths) {
      duBytes += Number(
        execFileSync("du", ["-s", "-B1", "-x", "--", path], { encoding: "utf8" }).split(/\s/)[0],
      );
      execFileSync("rm", ["-rf", "--one-file-system", "--", path]);
    }
    old.push(performance.now() - started);

    const newTree = plant(join(base, `new-${run}`));
    started = performance.now();
    const result = await freeSpace(
      { runnerEnvironment: "github-hosted", root: "/", paths: newTree.paths },
      silent,
    );
    neu.push(performance.now() - started);
    dfBytes = result.freedBytes;
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    [
      `free-space bench: ${files} files (${formatBytes(written)}) in ${folders} folders, median of ${runs}`,
      `  old (du, then rm, one folder after another): ${seconds(median(old))}   [${old.map(seconds).join(", ")}]; du reported ${formatBytes(duBytes)}`,
      `  new (every rm at once, df before and after):  ${seconds(median(neu))}   [${neu.map(seconds).join(", ")}]; df gained ${formatBytes(dfBytes)} (other writers on this disk move it too)`,
    ].join("\n"),
  );
});
