/**
 * manifest-stitch against `docker manifest create` + `push` and `buildah manifest`, on the same local
 * registry (distribution 2.8 with token auth, behind the testkit's counting proxy) and the same images:
 * 2 platforms × 3 tags, once with a tiny layer and once with a 256 MiB layer per image; on loopback,
 * and again with BENCH_RTT_MS (default 25) added to every registry request by a delaying proxy, as a
 * stand-in for a real registry's round trip. Prints registry requests by kind (token requests counted
 * at the token server, which the delay does not touch) and wall time (median of BENCH_RUNS, process
 * start included). Asserts nothing about time.
 *
 *   pnpm --filter @mbp/manifest-stitch build && pnpm exec vitest run --config bench/stitch.vitest.config.ts
 */
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { runAction } from "../packages/image-spec/src/testing/action-runner";
import {
  type Proxy as CountingProxy,
  inspectRaw,
  makeTempDir,
  pushImage,
  runCommand,
  startDelayProxy,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  type TokenServer,
  tempDockerConfig,
} from "../packages/testkit/src/index";

const runs = Number(process.env.BENCH_RUNS ?? 3);
const rttMs = Number(process.env.BENCH_RTT_MS ?? 25);
const actionYml = new URL("../packages/manifest-stitch/action.yml", import.meta.url).pathname;
const user = { username: "bench", password: "bench-password" };
const tags = ["1.0", "1", "latest"];
const platforms = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64" },
];
const scenarios = [
  { name: "tiny layer", repo: "bench/tiny", layerBytes: undefined },
  { name: "256 MiB layer", repo: "bench/large", layerBytes: 256 * 1024 * 1024 },
];

interface Sample {
  ms: number;
  counts: Record<string, number>;
}

afterAll(() => stopAll());

test("manifest-stitch vs docker manifest vs buildah manifest", async () => {
  const tokens = await startTokenServer({ users: { [user.username]: user.password } });
  const registry = await startRegistry({ auth: { token: tokens } });
  const proxy = await startProxy({ target: registry.url });
  const slow = await startDelayProxy({ target: proxy.url, delayMs: rttMs });
  const login = tempDockerConfig();
  for (const host of [proxy.host, slow.host]) {
    await runCommand("docker", ["login", "-u", user.username, "--password-stdin", host], {
      input: user.password,
      env: { ...process.env, ...login.env },
    });
  }
  for (const scenario of scenarios) {
    for (const platform of platforms) {
      await pushImage(
        { url: registry.url, repository: scenario.repo, auth: user },
        {
          tag: `1.0-${platform.architecture}`,
          platform,
          ...(scenario.layerBytes ? { layerBytes: scenario.layerBytes } : {}),
        },
      );
    }
  }

  const tools: Array<{ name: string; run: (image: string) => Promise<void> }> = [
    {
      name: "manifest-stitch (dist/index.js)",
      run: async (image) => {
        const result = await runAction(actionYml, {
          inputs: { images: image, tag: "1.0", "additional-tags": "1,latest" },
          env: { ...login.env, GITHUB_REPOSITORY: "octo/bench", GITHUB_SHA: "0".repeat(40) },
        });
        if (result.exitCode !== 0) throw new Error(`manifest-stitch failed:\n${result.stdout}`);
      },
    },
    {
      name: "docker manifest create + push",
      run: async (image) => {
        // A fresh config dir each run: docker keeps created lists under $DOCKER_CONFIG/manifests.
        const dir = makeTempDir("bench-docker");
        cpSync(login.path, join(dir, "config.json"));
        const env = { ...process.env, DOCKER_CONFIG: dir };
        for (const tag of tags) {
          const sources = platforms.map((p) => `${image}:1.0-${p.architecture}`);
          await runCommand("docker", ["manifest", "create", "--insecure", `${image}:${tag}`, ...sources], {
            env,
          });
          await runCommand("docker", ["manifest", "push", "--insecure", `${image}:${tag}`], { env });
        }
      },
    },
    {
      name: "buildah manifest create/add/push",
      run: async (image) => {
        const dir = makeTempDir("bench-buildah");
        mkdirSync(join(dir, "root"));
        const base = ["--root", join(dir, "root"), "--runroot", join(dir, "run"), "--storage-driver", "vfs"];
        const remote = ["--tls-verify=false", "--authfile", login.path];
        await runCommand("buildah", [...base, "manifest", "create", "list"]);
        for (const p of platforms) {
          await runCommand("buildah", [
            ...base,
            "manifest",
            "add",
            ...remote,
            "list",
            `docker://${image}:1.0-${p.architecture}`,
          ]);
        }
        for (const tag of tags) {
          await runCommand("buildah", [
            ...base,
            "manifest",
            "push",
            ...remote,
            "--all=false",
            "list",
            `docker://${image}:${tag}`,
          ]);
        }
      },
    },
  ];

  const rows: string[][] = [];
  const networks = [
    { name: "loopback", host: proxy.host },
    { name: `+${rttMs} ms RTT`, host: slow.host },
  ];
  for (const network of networks) {
    for (const scenario of scenarios) {
      const image = `${network.host}/${scenario.repo}`;
      for (const tool of tools) {
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await measure(proxy, tokens, () => tool.run(image)));
        // Every tool must have written a usable multi-arch tag.
        const written = await inspectRaw(`${registry.host}/${scenario.repo}:latest`, { creds: user });
        if ((written.manifest.manifests ?? []).length < platforms.length)
          throw new Error(`${tool.name}: no index`);
        const last = samples[samples.length - 1] as Sample;
        const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
        const c = last.counts;
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        rows.push([
          network.name,
          scenario.name,
          tool.name,
          String(total),
          String(c.ping ?? 0),
          String(c.token ?? 0),
          String(c["HEAD manifest"] ?? 0),
          String(c["GET manifest"] ?? 0),
          String(c["PUT manifest"] ?? 0),
          String(
            Object.entries(c)
              .filter(([k]) => k.includes("blob"))
              .reduce((a, [, n]) => a + n, 0),
          ),
          String(c.other ?? 0),
          (ms[Math.floor(ms.length / 2)] ?? 0).toFixed(0),
          (ms[0] ?? 0).toFixed(0),
        ]);
      }
    }
  }
  const header = [
    "network",
    "images",
    "tool",
    "requests",
    "ping",
    "token",
    "HEAD man",
    "GET man",
    "PUT man",
    "blob",
    "other",
    "median ms",
    "min ms",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const out = [
    "",
    `2 platforms × 3 tags (${tags.join(", ")}), token auth, ${runs} runs each; requests of the last run`,
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  await slow.stop();
});

async function measure(proxy: CountingProxy, tokens: TokenServer, run: () => Promise<void>): Promise<Sample> {
  proxy.reset();
  const tokensBefore = tokens.requests.length;
  const started = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const counts: Record<string, number> = {};
  const add = (key: string, n = 1) => {
    counts[key] = (counts[key] ?? 0) + n;
  };
  for (const r of proxy.requests) {
    const path = r.path.split("?")[0] ?? "";
    if (path === "/v2/" || path === "/v2") add("ping");
    else if (path.includes("/manifests/")) add(`${r.method} manifest`);
    else if (path.includes("/blobs/")) add(`${r.method} blob`);
    else add("other");
  }
  add("token", tokens.requests.length - tokensBefore);
  return { ms, counts };
}
