/**
 * Side by side on one buildx builder: `mbp run --push` (the bundled CLI, one build per platform in
 * parallel, then its stitch and verify) and `docker buildx build --platform linux/amd64,linux/arm64
 * --push` (one multi-platform build), pushing a small image to one loopback distribution registry.
 *
 * The builder is the tests' private dockerd (the `docker` buildx driver on the containerd image
 * store; scripts/dockerd.sh, or the one MBP_DOCKERD_DIR names), the image `FROM scratch` with
 * Debian's static busybox and a few RUN steps (linux/arm64 under QEMU), built with `--no-cache` every
 * run. Both tools get the same fresh DOCKER_CONFIG and BUILDX_CONFIG (the registry's login; nothing
 * of the machine's own ~/.docker), run alternately BENCH_RUNS times (default 5), each run a new tag.
 * Prints each run, the medians, the ratio and mbp's own phase timings (--json); asserts only that
 * both pushed what they were asked to, never anything about time. BENCH_CLI names another bundle;
 * BENCH_CLI_FLAGS adds flags to mbp's command (`--no-arch-tags`: the registry then ends up as the
 * single multi-platform push leaves it, the platforms untagged children of the index).
 *
 *   pnpm build && pnpm bench:cli
 *   BENCH_CLI_FLAGS=--no-arch-tags pnpm bench:cli
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import {
  busybox,
  dockerd,
  inspectRaw,
  makeTempDir,
  runCommand,
  startRegistry,
  stopAll,
  tempDockerConfig,
} from "../packages/testkit/src/index";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = new URL("..", import.meta.url).pathname;
// BENCH_CLI: another bundle of the CLI to compare (an older dist/index.js, say).
const cli = process.env.BENCH_CLI ?? join(root, "packages/cli/dist/index.js");
const cliFlags = (process.env.BENCH_CLI_FLAGS ?? "").split(/\s+/).filter(Boolean);
const user = { username: "bench", password: "bench-cli-password" };
const PLATFORMS = "linux/amd64,linux/arm64";

afterAll(() => stopAll());

interface Timed {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function timed(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<Timed> {
  const started = process.hrtime.bigint();
  const { stdout, stderr } = await runCommand(command, args, { env, cwd, timeoutMs: 600_000 });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout, stderr };
}

/** A context whose RUN steps run busybox (each platform its own), as testkit's buildx tests do. */
function context(): string {
  const dir = makeTempDir("bench-cli-context");
  for (const arch of ["amd64", "arm64"] as const) {
    const shell = busybox(arch);
    if (!shell.ok) throw new Error(shell.reason);
    copyFileSync(shell.path, join(dir, `busybox-${arch}`));
  }
  writeFileSync(
    join(dir, "Dockerfile"),
    [
      "FROM scratch",
      "ARG TARGETARCH",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JavaScript template
      "COPY busybox-${TARGETARCH} /bin/busybox",
      'SHELL ["/bin/busybox", "sh", "-c"]',
      "RUN --network=none /bin/busybox --install -s /bin",
      "RUN --network=none mkdir -p /out && uname -m > /out/arch",
      "RUN --network=none for i in 1 2 3 4 5 6 7 8; do echo line $i >> /out/lines; done && wc -l /out/lines",
      'RUN --network=none sha256sum /bin/busybox > /out/busybox.sha256 && echo "built for $TARGETARCH"',
      "",
    ].join("\n"),
  );
  return dir;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

test("mbp run --push vs docker buildx build --platform … --push, one builder", async () => {
  const engine = await dockerd();
  if (!engine.ok) {
    console.log(`skipped: ${engine.reason}`);
    return;
  }
  const registry = await startRegistry({ auth: { htpasswd: { [user.username]: user.password } } });
  const config = tempDockerConfig({ [registry.host]: user });
  const env = {
    ...process.env,
    ...engine.dockerd.env,
    ...config.env,
    BUILDX_CONFIG: join(config.dir, "buildx"),
  };
  const dir = context();
  const image = `${registry.host}/bench/cli`;

  const tools = {
    mbp: (tag: string) =>
      timed(
        process.execPath,
        [
          cli,
          "run",
          "--push",
          "--images",
          image,
          "--tag",
          tag,
          "--platforms",
          PLATFORMS,
          "--engine",
          "buildx",
        ].concat(["--no-cache", "--json", ...cliFlags]),
        env,
        dir,
      ),
    buildx: (tag: string) =>
      timed(
        "docker",
        ["buildx", "build", "--platform", PLATFORMS, "--no-cache", "--push", "--tag", `${image}:${tag}`, "."],
        env,
        dir,
      ),
  };

  // One run of each first, not counted: the builder pulls nothing (FROM scratch), but its first
  // build warms the daemon and the page cache for both alike.
  await tools.mbp("warm-mbp");
  await tools.buildx("warm-buildx");

  const samples = { mbp: [] as number[], buildx: [] as number[] };
  const phases: Array<Record<string, number>> = [];
  const loads: number[] = [];
  console.log(`\n${runs} runs each, alternating; ms`);
  console.log(
    [
      "run",
      `mbp run --push${cliFlags.length ? ` ${cliFlags.join(" ")}` : ""}`,
      "docker buildx build",
      "mbp plan",
      "mbp build",
      "stitch",
      "verify",
    ].join("\t"),
  );
  for (let i = 1; i <= runs; i++) {
    loads.push(loadavg()[0] ?? 0);
    const order = i % 2 === 1 ? (["mbp", "buildx"] as const) : (["buildx", "mbp"] as const);
    const got: Partial<Record<"mbp" | "buildx", Timed>> = {};
    for (const tool of order) got[tool] = await tools[tool](`${tool}-${i}`);
    const mbp = got.mbp as Timed;
    const buildx = got.buildx as Timed;
    samples.mbp.push(mbp.ms);
    samples.buildx.push(buildx.ms);
    const t = (JSON.parse(mbp.stdout) as { timings: Record<string, number> }).timings;
    phases.push(t);
    console.log(
      [i, mbp.ms, buildx.ms, t.plan, t.build, t.stitch, t.verify]
        .map((v) => (typeof v === "number" ? v.toFixed(0) : v))
        .join("\t"),
    );
  }

  // Both pushed what they were asked to: one index over both platforms under the run's tag.
  for (const tag of [`mbp-${runs}`, `buildx-${runs}`]) {
    const index = await inspectRaw(`${image}:${tag}`, { creds: user });
    const platforms = (index.manifest.manifests ?? [])
      .map((m) => m.platform?.architecture)
      .filter((a) => a !== "unknown");
    expect(platforms.sort()).toEqual(["amd64", "arm64"]);
  }

  const m = { mbp: median(samples.mbp), buildx: median(samples.buildx) };
  const phase = (name: string) => median(phases.map((p) => p[name] ?? 0)).toFixed(0);
  console.log(
    `\nmedian: mbp run --push ${m.mbp.toFixed(0)} ms, docker buildx build ${m.buildx.toFixed(0)} ms, ` +
      `ratio ${(m.mbp / m.buildx).toFixed(3)} (goal: at most 1.05)`,
  );
  console.log(
    `mbp's phases (median): plan ${phase("plan")} ms, build ${phase("build")} ms (slowest platform ` +
      `${phase("slowestBuild")} ms), stitch ${phase("stitch")} ms, verify ${phase("verify")} ms`,
  );
  console.log(
    `${new Date().toISOString()}, ${cpus().length} cores, load average ${Math.min(...loads).toFixed(1)}–` +
      `${Math.max(...loads).toFixed(1)} during the runs, Node ${process.versions.node}`,
  );
});
