#!/usr/bin/env node
// Start-up cost of each bundled action: bundle size and the median wall time of
// `node dist/index.js` planning a typical build, beside bare `node -e 0` and the docker CLI's own
// start (`docker manifest --help`), over N runs. Prints figures; asserts nothing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const root = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "bench-startup-"));
const files = ["output", "state", "summary"].map((name) => join(scratch, name));
// Without NODE_EXTRA_CA_CERTS: given it, Node parses that file (here the whole system CA bundle) at
// every start, about 40 ms before any code runs, which a runner's environment does not ask for and
// which would hide the actions' own start-up behind the baseline's.
const baseEnv = { ...process.env };
delete baseEnv.NODE_EXTRA_CA_CERTS;

function time(command, args, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    for (const file of files) writeFileSync(file, "");
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { env: { ...baseEnv, ...env }, stdio: "ignore" });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.error) return undefined;
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0] };
}

const actionEnv = {
  GITHUB_OUTPUT: files[0],
  GITHUB_STATE: files[1],
  GITHUB_STEP_SUMMARY: files[2],
  GITHUB_REF: "refs/heads/main",
  INPUT_IMAGES: "ghcr.io/lsst-sqre/nublado,docker.io/lsstsqre/nublado",
  INPUT_PLATFORMS: "linux/amd64,linux/arm64",
  INPUT_TAG: "",
  "INPUT_ADDITIONAL-TAGS": "latest",
  INPUT_RUNNERS: "",
  // manifest-stitch fails on this at validation, before any network (only it has the input).
  "INPUT_TIMEOUT-SECONDS": "0",
};

const rows = [["node -e 0 (baseline)", "-", time(process.execPath, ["-e", "0"])]];
for (const name of readdirSync(join(root, "packages"))) {
  const bundle = join(root, "packages", name, "dist", "index.js");
  if (!existsSync(bundle)) continue;
  // The entry file a cold start parses (chunks loaded on use are not counted).
  const size = `${(statSync(bundle).size / 1024).toFixed(0)} KiB`;
  // Only the planning action runs to completion here; the others start, read inputs and fail fast,
  // which still measures module load, the dominant start-up cost.
  rows.push([`${name}/dist/index.js`, size, time(process.execPath, [bundle], actionEnv)]);
}
rows.push(["docker manifest --help", "-", time("docker", ["manifest", "--help"])]);

// The goal: every action's cold start at most 2.5× a bare `node -e 0` (min against min: the least
// disturbed runs on a shared machine).
const base = rows[0][2];
console.log(`start-up over ${runs} runs (median / min, ms; × node -e 0 by min, goal at most 2.5)`);
console.log(
  [
    "what".padEnd(42),
    "bundle".padStart(9),
    "median".padStart(8),
    "min".padStart(8),
    "× node".padStart(8),
  ].join(" "),
);
for (const [what, size, t] of rows) {
  const fmt = (v) => (t ? v.toFixed(1) : "n/a").padStart(8);
  const ratio = t && base ? (t.min / base.min).toFixed(2) : "n/a";
  console.log([what.padEnd(42), size.padStart(9), fmt(t?.median), fmt(t?.min), ratio.padStart(8)].join(" "));
}
rmSync(scratch, { recursive: true, force: true });
