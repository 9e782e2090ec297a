#!/usr/bin/env node
// The local pipeline's own overhead beside the build: runs the bundled CLI
// (`node packages/cli/dist/index.js run --json`) on examples/hello for linux/amd64 and linux/arm64,
// BENCH_RUNS times (default 5), and prints per run the wall time of the whole command, the plan
// (flags, git, engine probes, binfmt), the build phase and its slowest platform, the stitch and the
// verify, read from the CLI's own --json timings. Overhead = plan + stitch + verify.
// Into a fresh OCI layout each run; also into a registry when BENCH_REGISTRY=host:port names one
// that takes anonymous pushes (e.g. a local docker-registry on 127.0.0.1). Prints figures; asserts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "packages", "cli", "dist", "index.js");
const scratch = mkdtempSync(join(tmpdir(), "bench-pipeline-"));
// A private buildah storage (vfs), so the figures do not depend on what else is in the default one.
const storageConf = join(scratch, "storage.conf");
writeFileSync(
  storageConf,
  `[storage]\ndriver = "vfs"\ngraphroot = "${scratch}/storage"\nrunroot = "${scratch}/run"\n`,
);
const buildx = spawnSync("docker", ["buildx", "version"], { stdio: "ignore" }).status === 0;
const engineFlags = buildx ? [] : ["--storage-driver", "vfs", "--isolation", "chroot"];

function once(target, i) {
  const args = [cli, "run", "--json", "--tag", `bench-${i}`, "--context", join(root, "examples", "hello")];
  args.push("--platforms", "linux/amd64,linux/arm64", ...engineFlags);
  if (target === "layout") args.push("--layout", join(scratch, `oci-${i}`));
  else args.push("--push", "--images", `${process.env.BENCH_REGISTRY}/bench/hello`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    encoding: "utf8",
    env: { ...process.env, CONTAINERS_STORAGE_CONF: storageConf },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(`run ${i} into ${target} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
    return undefined;
  }
  const t = JSON.parse(result.stdout).timings;
  return {
    wall,
    plan: t.plan,
    build: t.build,
    slowest: t.slowestBuild,
    stitch: t.stitch,
    verify: t.verify,
    overhead: t.plan + t.stitch + t.verify,
  };
}

const columns = ["wall", "plan", "build", "slowest", "stitch", "verify", "overhead"];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const fmt = (v) => (v === undefined ? "n/a" : v.toFixed(0)).padStart(8);

const targets = ["layout", ...(process.env.BENCH_REGISTRY ? ["registry"] : [])];
console.log(
  `pipeline of ${cli.replace(root, "")} on examples/hello, linux/amd64 + linux/arm64, ` +
    `engine ${buildx ? "buildx" : "buildah (vfs)"}, ${runs} runs per target (ms)`,
);
for (const target of targets) {
  const samples = [];
  console.log(`\ninto ${target === "layout" ? "an OCI layout" : `registry ${process.env.BENCH_REGISTRY}`}`);
  console.log(["run".padEnd(8), ...columns.map((c) => c.padStart(8))].join(" "));
  for (let i = 1; i <= runs; i++) {
    const sample = once(target, i);
    if (!sample) continue;
    samples.push(sample);
    console.log([String(i).padEnd(8), ...columns.map((c) => fmt(sample[c]))].join(" "));
  }
  if (samples.length > 0) {
    console.log(["median".padEnd(8), ...columns.map((c) => fmt(median(samples.map((s) => s[c]))))].join(" "));
    const m = (c) => median(samples.map((s) => s[c]));
    console.log(
      `overhead (plan + stitch + verify) ${m("overhead").toFixed(0)} ms beside the slowest platform's build ` +
        `${m("slowest").toFixed(0)} ms; node start-up and the rest: ${(m("wall") - m("plan") - m("build") - m("stitch") - m("verify")).toFixed(0)} ms`,
    );
  }
}
rmSync(scratch, { recursive: true, force: true });
