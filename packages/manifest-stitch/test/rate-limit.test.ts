/**
 * Release day: many bundled manifest-stitch runs at once against one registry behind a token-bucket
 * proxy that answers 429 with Retry-After, as GHCR and Docker Hub do. Every run must complete its tag
 * set within its deadline (the action's default, 110 s); with the limit at 0 every run must fail by
 * its deadline naming the host, and leave no alias anywhere. Prints its figures; asserts on outcomes,
 * never on wall time.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { foundManifest, RegistryClient } from "@mbp/image-spec";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  type RateLimitProxy,
  type Registry,
  startRateLimitProxy,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amd64, arm64, pushArch } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const user = { username: "release", password: "release-day-pw" };
const RUNS = 40;
const RATE = 20;
const repos = Array.from({ length: RUNS }, (_, i) => `release/svc-${i}`);
const github = {
  GITHUB_EVENT_NAME: "push",
  GITHUB_REF: "refs/tags/1.0",
  GITHUB_REPOSITORY: "octo/release",
  GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
};

let registry: Registry;
let proxy: RateLimitProxy;
let config: TempDockerConfig;
// Straight to the registry, not through the proxy: what the registry holds.
let direct: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry({ auth: { htpasswd: { [user.username]: user.password } } });
  proxy = await startRateLimitProxy({ target: registry.url, perSecond: RATE, retryAfterSeconds: 1 });
  config = tempDockerConfig({ [proxy.host]: user });
  direct = new RegistryClient({ credentials: async () => user });
  // Two architectures per service and tag; one repository's pushes in turn (the same blob pushed twice
  // at once into one repository races), 8 repositories at a time. The sources are not what is measured.
  const pushAll = async (repo: string) => {
    for (const tag of ["1.0", "2.0"]) {
      await pushArch(registry.url, repo, `${tag}-amd64`, amd64, { auth: user });
      await pushArch(registry.url, repo, `${tag}-arm64`, arm64, { auth: user });
    }
  };
  for (let i = 0; i < repos.length; i += 8) await Promise.all(repos.slice(i, i + 8).map(pushAll));
}, 180_000);
afterAll(() => {
  direct?.close();
  return stopAll();
});

/** The tags of `repo` the registry holds, with their digests (undefined when missing). */
async function tagsOf(repo: string, tags: readonly string[]): Promise<Record<string, string | undefined>> {
  const heads = await Promise.all(
    tags.map(async (tag) =>
      foundManifest(await direct.headManifest({ host: registry.host, path: repo }, tag)),
    ),
  );
  return Object.fromEntries(tags.map((tag, i) => [tag, heads[i]?.digest]));
}

async function stitchAll(tag: string, timeoutSeconds: number): Promise<ActionRun[]> {
  // One at a time, with a turn of the event loop between them: starting a child blocks this process
  // (which also hosts the proxy the runs talk to) until the child has exec'd. 40 in a row held it
  // 8 s at a load of 20, and longer at 60, where the first run's 30 s deadline passed before the
  // proxy could answer it ("not sent"). With a turn between them, it waited 1.5 s at most.
  const runs: Promise<ActionRun>[] = [];
  for (const repo of repos) {
    runs.push(
      runAction(actionYml, {
        inputs: {
          images: `${proxy.host}/${repo}`,
          tag,
          "additional-tags": `${tag.split(".")[0]},latest`,
          "timeout-seconds": String(timeoutSeconds),
        },
        env: { ...github, ...config.env },
        timeoutMs: (timeoutSeconds + 30) * 1000,
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Promise.all(runs);
}

declare module "vitest" {
  interface TaskMeta {
    /** Figures the suite's closing summary prints (scripts/test-summary.mjs). */
    figures?: string;
  }
}

describe("release day: 40 runs against one rate-limited registry", () => {
  it(
    `every run completes its tag set at ${RATE} requests a second`,
    { timeout: 240_000 },
    async ({ task }) => {
      const started = Date.now();
      // The registry refuses everything until it has refused RUNS requests, then lets RATE a second
      // through. However slowly 40 processes start on a busy machine (spread out enough, they would
      // never exceed the rate), runs do meet 429s: the test cannot pass without riding them out.
      proxy.setRate(0);
      const pending = stitchAll("1.0", 110);
      let settled = false;
      const done = () => {
        settled = true;
      };
      pending.then(done, done);
      while (!settled && proxy.limited.length < RUNS) await new Promise((resolve) => setTimeout(resolve, 20));
      proxy.setRate(RATE);
      const runs = await pending;
      const seconds = (Date.now() - started) / 1000;
      const succeeded = runs.filter((r) => r.exitCode === 0).length;
      // In the run's closing summary (scripts/test-summary.mjs prints every test's meta.figures).
      task.meta.figures =
        `release day, ${RUNS} runs × (2 platforms, 3 tags) through ${RATE} requests/s: ` +
        `${succeeded}/${RUNS} runs succeeded, ${proxy.limited.length} 429s absorbed, ` +
        `${proxy.passed.length} requests let through, at most ${proxy.peakInFlight} at once, ${seconds.toFixed(1)} s`;
      expect(runs.flatMap((r) => r.errors)).toEqual([]);
      expect(succeeded).toBe(RUNS);
      // The proxy did limit: this is not a test that would pass without rate limits.
      expect(proxy.limited.length).toBeGreaterThanOrEqual(RUNS);
      for (const [i, run] of runs.entries()) {
        expect(run.outputs.complete).toBe("true");
        expect(JSON.parse(run.outputs["unwritten-refs"] ?? "")).toEqual([]);
        const held = await tagsOf(repos[i] as string, ["1.0", "1", "latest"]);
        expect(held).toEqual({
          "1.0": run.outputs.digest,
          "1": run.outputs.digest,
          latest: run.outputs.digest,
        });
      }
    },
  );

  it(
    "with the limit at 0, every run fails by its deadline naming the host, and pushes nothing",
    { timeout: 180_000 },
    async ({ task }) => {
      proxy.setRate(0);
      const before = proxy.passed.length;
      const limitedBefore = proxy.limited.length;
      const started = Date.now();
      // 30 s: every run must get its first answer (a 429) inside it, then keep trying until the
      // deadline, no longer.
      const runs = await stitchAll("2.0", 30);
      const seconds = (Date.now() - started) / 1000;
      task.meta.figures =
        `limit 0: ${runs.filter((r) => r.exitCode !== 0).length}/${RUNS} runs failed by their 30 s deadline, ` +
        `${proxy.limited.length - limitedBefore} 429s in all, ${seconds.toFixed(1)} s`;
      for (const run of runs) {
        expect(run.exitCode).toBe(1);
        expect(run.errors).toHaveLength(1);
        expect(run.errors[0]).toContain(`${proxy.host}: `);
        expect(run.errors[0]).toMatch(/429 Too Many Requests|rate limiting/);
        expect(run.outputs.complete).toBe("false");
        expect(JSON.parse(run.outputs.refs ?? "")).toEqual([]);
        expect(JSON.parse(run.outputs["unwritten-refs"] ?? "")).toHaveLength(3);
      }
      // Every process has exited: nothing more arrives, nothing got through, no 2.0 tag or alias moved.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(proxy.passed.length).toBe(before);
      for (const repo of repos) {
        const held = await tagsOf(repo, ["2.0", "2", "latest"]);
        expect(held["2.0"]).toBeUndefined();
        expect(held["2"]).toBeUndefined();
        // latest still names the 1.0 index, whose version tag exists.
        expect(held.latest).toBe((await tagsOf(repo, ["1.0"]))["1.0"]);
      }
    },
  );
});
