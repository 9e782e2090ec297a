/**
 * Side by side: manifest-stitch (the bundled dist/index.js, as the runner starts it), `docker buildx
 * imagetools create` and `docker manifest create` + `push` (only for plain images: it refuses index
 * sources), writing one multi-arch index under 3 tags over 2 architectures, on one distribution
 * registry with token auth.
 *
 * - attested sources: each architecture is an index with its image and an attestation manifest, as
 *   buildx pushes with provenance (the testkit pushes these straight over the API);
 * - plain sources: each architecture is a plain image manifest (what buildah pushes).
 *
 * Every registry request and every token request goes through a delaying proxy: 0 ms (loopback), then
 * BENCH_RTT_MS (default 25) per request, as a stand-in for a registry that far away. Requests are
 * counted behind it (registry: the testkit's counting proxy; tokens: the token server). Each tool runs
 * BENCH_RUNS times (default 5) per row, each run a fresh process with nothing kept from the last (docker
 * gets a fresh DOCKER_CONFIG copy; manifest-stitch keeps nothing anyway). "round trips" is the
 * critical path: the longest chain of requests each sent after the previous one was answered. Prints one table; asserts
 * only that every tool wrote a usable index, never anything about time.
 *
 *   pnpm --filter @mbp/manifest-stitch build && pnpm bench:compare
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import {
  type Exchange,
  inspectRaw,
  makeTempDir,
  pushImage,
  pushProvenanceIndex,
  startDelayProxy,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  tempDockerConfig,
} from "../packages/testkit/src/index";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const rttMs = Number(process.env.BENCH_RTT_MS ?? 25);
const root = new URL("..", import.meta.url).pathname;
const stitchBundle = join(root, "packages/manifest-stitch/dist/index.js");
const buildxPlugin =
  process.env.BENCH_BUILDX ?? "/opt/mbp-trixie/root/usr/libexec/docker/cli-plugins/docker-buildx";
const user = { username: "bench", password: "bench-password" };
const tags = ["1.0", "1", "latest"];
const platforms = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64" },
];

afterAll(() => stopAll());

interface Tool {
  name: string;
  /** Whether it can stitch these sources at all. */
  takes: (attested: boolean) => boolean;
  /** Prepares one run (outside the timing); the returned function is the timed part. */
  prepare: (image: string) => () => Promise<void>;
}

test("manifest-stitch vs docker buildx imagetools create vs docker manifest", async () => {
  const tokens = await startTokenServer({ users: { [user.username]: user.password } });
  const tokenDelay = await startDelayProxy({ target: tokens.url, exchanges });
  // The registry sends clients to the token server through the delay, as it sends them to its own
  // realm (GHCR's token endpoint is on ghcr.io itself).
  const registry = await startRegistry({ auth: { token: { ...tokens, realm: `${tokenDelay.url}/token` } } });
  const counter = await startProxy({ target: registry.url });
  const front = await startDelayProxy({ target: counter.url, exchanges });
  const host = front.host;
  const login = tempDockerConfig({ [host]: user });

  const sources = [
    { name: "attested", repo: "bench/attested", attested: true },
    { name: "plain", repo: "bench/plain", attested: false },
  ];
  for (const source of sources) {
    const target = { url: registry.url, repository: source.repo, auth: user };
    for (const platform of platforms) {
      const tag = `1.0-${platform.architecture}`;
      if (source.attested) await pushProvenanceIndex(target, { tag, platforms: [platform] });
      else await pushImage(target, { tag, platform });
    }
  }

  const tools: Tool[] = [
    {
      name: "manifest-stitch",
      takes: () => true,
      prepare: (image) => {
        const dir = makeTempDir("bench-stitch");
        const files = ["output", "state", "summary"].map((f) => join(dir, f));
        for (const file of files) writeFileSync(file, "");
        const env = {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DOCKER_CONFIG: login.dir,
          GITHUB_ACTIONS: "true",
          GITHUB_OUTPUT: files[0] as string,
          GITHUB_STATE: files[1] as string,
          GITHUB_STEP_SUMMARY: files[2] as string,
          GITHUB_REPOSITORY: "octo/bench",
          GITHUB_SHA: "0".repeat(40),
          GITHUB_REF: "refs/heads/main",
          INPUT_IMAGES: image,
          INPUT_TAG: "1.0",
          "INPUT_ADDITIONAL-TAGS": "1,latest",
          INPUT_PLATFORMS: "linux/amd64,linux/arm64",
          INPUT_ANNOTATIONS: "",
          INPUT_PUSH: "true",
          "INPUT_INSECURE-REGISTRIES": "",
          "INPUT_TIMEOUT-SECONDS": "110",
        };
        // BENCH_CPU_PROF=dir: a CPU profile of every manifest-stitch run (node --cpu-prof), to see start-up.
        const profile = process.env.BENCH_CPU_PROF
          ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF]
          : [];
        return () => exec(process.execPath, [...profile, stitchBundle], env);
      },
    },
    {
      name: "docker buildx imagetools create",
      takes: () => true,
      prepare: (image) => {
        const env = { ...process.env, DOCKER_CONFIG: dockerConfig(login.path) };
        const args = ["buildx", "imagetools", "create", ...tags.flatMap((t) => ["-t", `${image}:${t}`])];
        args.push(...platforms.map((p) => `${image}:1.0-${p.architecture}`));
        return () => exec("docker", args, env);
      },
    },
    {
      name: "docker manifest create + push",
      takes: (attested) => !attested,
      prepare: (image) => {
        const env = { ...process.env, DOCKER_CONFIG: dockerConfig(login.path) };
        const sourcesOf = platforms.map((p) => `${image}:1.0-${p.architecture}`);
        return async () => {
          for (const tag of tags) {
            await exec("docker", ["manifest", "create", "--insecure", `${image}:${tag}`, ...sourcesOf], env);
            await exec("docker", ["manifest", "push", "--insecure", `${image}:${tag}`], env);
          }
        };
      },
    },
  ];

  // Node's bare start in manifest-stitch's own environment: not this process's, whose
  // NODE_EXTRA_CA_CERTS (set on this development machine) makes every Node start parse a CA file
  // first, about 40 ms that manifest-stitch, like a runner, does not pay.
  const nodeEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const baseline: number[] = [];
  const baselineCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    cpuMs = 0;
    const started = process.hrtime.bigint();
    await exec(process.execPath, ["-e", "0"], nodeEnv);
    baseline.push(Number(process.hrtime.bigint() - started) / 1e6);
    baselineCpu.push(cpuMs);
  }

  const rows: string[][] = [];
  const summary: string[] = [];
  for (const delay of [0, rttMs]) {
    front.setDelay(delay);
    tokenDelay.setDelay(delay);
    const network = delay === 0 ? "loopback" : `${delay} ms per request`;
    for (const source of sources) {
      const image = `${host}/${source.repo}`;
      const medians = new Map<string, number>();
      for (const tool of tools.filter((t) => t.takes(source.attested))) {
        const times: number[] = [];
        const cpu: number[] = [];
        const trips: number[] = [];
        const firsts: number[] = [];
        const lasts: number[] = [];
        let requests = 0;
        for (let i = 0; i < runs; i++) {
          const go = tool.prepare(image);
          counter.reset();
          const tokensBefore = tokens.requests.length;
          cpuMs = 0;
          exchanges.length = 0;
          const t0 = performance.now();
          const started = process.hrtime.bigint();
          await go();
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          const t3 = performance.now();
          firsts.push(Math.min(...exchanges.map((e) => e.start)) - t0);
          lasts.push(t3 - Math.max(...exchanges.map((e) => e.end)));
          cpu.push(cpuMs);
          trips.push(roundTrips(exchanges));
          requests = counter.requests.length + tokens.requests.length - tokensBefore;
          if (counter.count({ path: "/blobs/" }) > 0 && tool.name === "manifest-stitch") {
            throw new Error("manifest-stitch touched a blob");
          }
        }
        // Every tool must have written a usable multi-arch tag.
        const written = await inspectRaw(`${registry.host}/${source.repo}:latest`, { creds: user });
        if ((written.manifest.manifests ?? []).length < platforms.length)
          throw new Error(`${tool.name}: no index`);
        const median = medianOf(times);
        medians.set(tool.name, median);
        const stitch = medians.get("manifest-stitch") ?? median;
        rows.push([
          network,
          source.name,
          tool.name,
          String(requests),
          String(medianOf(trips)),
          median.toFixed(0),
          (median / stitch).toFixed(2),
          withTime ? medianOf(cpu).toFixed(0) : "n/a",
          medianOf(firsts).toFixed(0),
          medianOf(lasts).toFixed(0),
        ]);
      }
      const stitch = medians.get("manifest-stitch") ?? 0;
      const peers = [...medians].filter(([name]) => name !== "manifest-stitch");
      const fastest = peers.reduce((a, b) => (b[1] < a[1] ? b : a));
      summary.push(
        `${network}, ${source.name}: manifest-stitch ${stitch.toFixed(0)} ms = ${(stitch / fastest[1]).toFixed(2)}× the fastest peer (${fastest[0]}, ${fastest[1].toFixed(0)} ms)`,
      );
    }
  }

  const header = [
    "network",
    "sources",
    "tool",
    "requests",
    "round trips",
    "median ms",
    "× manifest-stitch",
    "CPU ms",
    "ms to 1st request",
    "ms after last answer",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  process.stdout.write(
    [
      "",
      `2 platforms × 3 tags (${tags.join(", ")}), token auth, ${runs} runs each, process start included; ` +
        `node -e 0: median ${medianOf(baseline).toFixed(0)} ms, CPU ${medianOf(baselineCpu).toFixed(0)} ms; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
      line(header),
      line(widths.map((w) => "-".repeat(w))),
      ...rows.map(line),
      "",
      ...summary,
      "",
    ].join("\n"),
  );
  await front.stop();
  await tokenDelay.stop();
});

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A fresh DOCKER_CONFIG with the login and the buildx plugin: nothing kept from an earlier run. */
function dockerConfig(configJson: string): string {
  const dir = makeTempDir("bench-docker");
  cpSync(configJson, join(dir, "config.json"));
  mkdirSync(join(dir, "cli-plugins"));
  symlinkSync(buildxPlugin, join(dir, "cli-plugins", "docker-buildx"));
  return dir;
}

// CPU time (user + system, the process and the children it waited for: docker's plugin process too),
// through GNU time: unlike wall time it hardly moves when other work shares the machine.
const TIME = "/usr/bin/time";
const withTime = existsSync(TIME);
let cpuMs = 0;

function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const argv = withTime ? [TIME, "-f", "mbp-cpu %U %S", command, ...args] : [command, ...args];
    const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const match = /mbp-cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (match) cpuMs += (Number(match[1]) + Number(match[2])) * 1000;
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** When each request through a delay proxy arrived and when its answer ended (ms, monotonic). */
const exchanges: Exchange[] = [];

/**
 * Sequential round trips on the critical path of the exchanges logged: the longest chain of requests
 * each sent only after the one before it was answered (a request sent while another was in flight
 * does not wait for it). Independent of how fast the machine is, unlike wall time.
 */
function roundTrips(log: readonly { start: number; end: number }[]): number {
  const sorted = [...log].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  sorted.forEach((exchange, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j] as { start: number; end: number };
      if (earlier.end <= exchange.start) before = Math.max(before, depth[j] ?? 0);
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}
