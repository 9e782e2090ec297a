import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError } from "@mbp/image-spec";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildxBuildArgs, buildxCache, parseBuildxPushes } from "../src/buildx";
import { checkBuildFiles, parseInputs, type RawInputs } from "../src/inputs";
import { ArchBuildError, makeBuildRequest, run } from "../src/run";
import { FAKE_DIGEST, type FakeDocker, fakeDocker } from "./fake-docker";
import { github, rawInputs, recordingReporter } from "./helpers";

const SECRET = "s3cr3t-Value-9f1c";
const GHA_ENV = {
  ACTIONS_RUNTIME_TOKEN: "runtime-token-xyz",
  ACTIONS_RESULTS_URL: "https://results-receiver.actions.githubusercontent.com/",
};

let work: string;
let docker: FakeDocker;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "arch-build-buildx-"));
  writeFileSync(join(work, "Dockerfile"), "FROM scratch\n");
});

afterEach(() => {
  docker?.remove();
  rmSync(work, { recursive: true, force: true });
});

function inputsFor(overrides: Partial<RawInputs> = {}) {
  return parseInputs(
    rawInputs({
      images: "ghcr.io/org/app\n127.0.0.1:5000/org/app",
      tag: "1.0.0",
      additionalTags: "latest",
      platform: "linux/arm64",
      buildArgs: "VERSION=1.0.0",
      secrets: `token=${SECRET}`,
      ...overrides,
    }),
    { github, hostPlatform: "linux/amd64" },
  );
}

async function runWith(
  fake: FakeDocker,
  overrides: Partial<RawInputs> = {},
  env: NodeJS.ProcessEnv = GHA_ENV,
) {
  const reporter = recordingReporter();
  const inputs = inputsFor(overrides);
  // A clock that moves one second per reading: the timeline's steps are then exact.
  let clock = 1_000_000;
  const result = await run(inputs, {
    reporter,
    env,
    cwd: work,
    tempDir: work,
    buildx: { command: fake.path, sleep: async () => {} },
    now: () => {
      clock += 1000;
      return clock;
    },
  });
  return { reporter, inputs, result };
}

describe("the buildx engine against a recording docker", () => {
  it("runs exactly the pinned argv, secrets only in the child's environment", async () => {
    docker = fakeDocker({ driver: "docker" });
    const { reporter, inputs, result } = await runWith(docker);
    const calls = docker.calls();
    expect(calls.map((c) => c.argv.slice(0, 2).join(" "))).toEqual([
      "buildx inspect",
      "buildx inspect",
      "buildx create",
      "buildx build",
    ]);
    // The builder is made and named for this build, never made current (`buildx use`).
    expect(calls[1]?.argv).toEqual(["buildx", "inspect", "mbp-arch-build"]);
    expect(calls[2]?.argv).toEqual([
      "buildx",
      "create",
      "--name",
      "mbp-arch-build",
      "--driver",
      "docker-container",
    ]);

    const build = calls[3];
    if (!build) throw new Error("no build call");
    const request = makeBuildRequest(inputs, checkBuildFiles(inputs, work));
    const metadataFile = build.argv[build.argv.indexOf("--metadata-file") + 1] ?? "";
    expect(build.argv).toEqual(
      buildxBuildArgs(request, {
        metadataFile,
        cache: buildxCache(request.cache, GHA_ENV),
        builder: "mbp-arch-build",
      }),
    );
    expect(build.argv).toContain("id=token,env=MBP_SECRET_TOKEN");
    expect(build.argv).toContain("type=gha,scope=org/app-arm64");
    expect(build.argv.filter((a) => a === "--tag")).toHaveLength(2);

    for (const call of calls) expect(JSON.stringify(call.argv)).not.toContain(SECRET);
    expect(build.env.MBP_SECRET_TOKEN).toBe(SECRET);
    expect(build.env.ACTIONS_RUNTIME_TOKEN).toBe(GHA_ENV.ACTIONS_RUNTIME_TOKEN);
    expect(build.env.ACTIONS_RESULTS_URL).toBe(GHA_ENV.ACTIONS_RESULTS_URL);
    expect(reporter.text()).not.toContain(SECRET);

    expect(result.outputs).toEqual({
      digest: FAKE_DIGEST,
      descriptor: {
        mediaType: "application/vnd.oci.image.index.v1+json",
        digest: FAKE_DIGEST,
        size: 856,
        platform: { os: "linux", architecture: "arm64" },
      },
      refs: ["ghcr.io/org/app:1.0.0-arm64", "127.0.0.1:5000/org/app:1.0.0-arm64"],
      // The push began when buildx printed "pushing layers" (the clock's second reading).
      timeline: {
        platform: "linux/arm64",
        outcome: "success",
        digest: FAKE_DIGEST,
        steps: [
          { name: "build", start: 1_001_000, end: 1_002_000, outcome: "success" },
          { name: "push", start: 1_002_000, end: 1_003_000, outcome: "success" },
        ],
      },
    });
    expect(result.report).toMatchObject({ platform: "linux/arm64", engine: "buildx", size: 856 });
  });

  it("keeps a builder that can already export a cache", async () => {
    docker = fakeDocker({ driver: "docker-container" });
    await runWith(docker);
    expect(docker.calls().map((c) => c.argv.slice(0, 2).join(" "))).toEqual([
      "buildx inspect",
      "buildx build",
    ]);
  });

  it("keeps the docker driver of a daemon with the containerd image store, which exports caches", async () => {
    docker = fakeDocker({ driver: "docker", containerdStore: true });
    await runWith(docker);
    expect(docker.calls().map((c) => c.argv.slice(0, 2).join(" "))).toEqual([
      "buildx inspect",
      "buildx build",
    ]);
  });

  it("needs no builder check without a cache, and pushes nothing when push is false", async () => {
    docker = fakeDocker({ driver: "docker" });
    const { result } = await runWith(docker, { cache: false, push: false });
    const calls = docker.calls();
    expect(calls.map((c) => c.argv.slice(0, 2).join(" "))).toEqual(["buildx build"]);
    expect(calls[0]?.argv).not.toContain("--push");
    expect(result.outputs).toEqual({
      digest: "",
      refs: [],
      timeline: {
        platform: "linux/arm64",
        outcome: "success",
        steps: [{ name: "build", start: 1_001_000, end: 1_002_000, outcome: "success" }],
      },
    });
  });

  it("drops the GitHub cache with a warning when the runtime variables are missing", async () => {
    docker = fakeDocker({ driver: "docker" });
    const { reporter } = await runWith(docker, {}, {});
    const build = docker.calls().at(-1);
    expect(build?.argv.some((a) => a.startsWith("--cache"))).toBe(false);
    expect(reporter.warnings).toEqual([expect.stringContaining("ACTIONS_RUNTIME_TOKEN")]);
  });

  it("retries a transient push failure (429) and reports it", async () => {
    docker = fakeDocker({
      driver: "docker-container",
      failures: [
        "ERROR: failed to solve: failed to push ghcr.io/org/app:1.0.0-arm64: unexpected status from PUT request: 429 Too Many Requests",
      ],
    });
    const { reporter, result } = await runWith(docker);
    expect(docker.calls().filter((c) => c.argv[1] === "build")).toHaveLength(2);
    expect(reporter.warnings).toEqual([
      expect.stringMatching(
        /^docker buildx build failed \(429 Too Many Requests\); retrying in .* \(try 2 of 5\)$/,
      ),
    ]);
    expect(result.outputs.digest).toBe(FAKE_DIGEST);
  });

  it("does not retry a permanent failure, and the error carries buildx's message", async () => {
    docker = fakeDocker({
      driver: "docker-container",
      failures: ["ERROR: failed to push: denied: permission_denied: write_package"],
    });
    const error = await runWith(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      "docker buildx build failed with exit code 1: ERROR: failed to push: denied: permission_denied: write_package",
    );
    expect(((error as Error).cause as Error).cause).toBeInstanceOf(CommandError);
    expect(docker.calls().filter((c) => c.argv[1] === "build")).toHaveLength(1);
  });

  it("gives up after the policy's tries on a registry that keeps failing", async () => {
    docker = fakeDocker({
      driver: "docker-container",
      failures: Array(6).fill("ERROR: 503 Service Unavailable"),
    });
    await expect(runWith(docker)).rejects.toThrow(/503 Service Unavailable/);
    expect(docker.calls().filter((c) => c.argv[1] === "build")).toHaveLength(5);
  });

  it("arch-tags false: one push by digest to every image, canonical names, no tag", async () => {
    docker = fakeDocker({ driver: "docker-container" });
    const { result } = await runWith(docker, { archTags: false });
    const build = docker.calls().at(-1);
    expect(build?.argv).toContain(
      'type=image,"name=ghcr.io/org/app,127.0.0.1:5000/org/app",push-by-digest=true,name-canonical=true,push=true',
    );
    expect(build?.argv).not.toContain("--tag");
    expect(build?.argv).not.toContain("--push");
    expect(result.outputs.digest).toBe(FAKE_DIGEST);
    expect(result.outputs.refs).toEqual([
      `ghcr.io/org/app@${FAKE_DIGEST}`,
      `127.0.0.1:5000/org/app@${FAKE_DIGEST}`,
    ]);
  });

  it("arch-tags false on the docker driver without the containerd store moves to a docker-container builder", async () => {
    docker = fakeDocker({ driver: "docker" });
    const { reporter } = await runWith(docker, { archTags: false, cache: false });
    const calls = docker.calls();
    expect(calls.map((c) => c.argv.slice(0, 2).join(" "))).toEqual([
      "buildx inspect",
      "buildx inspect",
      "buildx create",
      "buildx build",
    ]);
    expect(calls[3]?.argv.slice(0, 4)).toEqual(["buildx", "build", "--builder", "mbp-arch-build"]);
    expect(reporter.text()).toContain("cannot push by digest; building on a docker-container builder");
  });

  it("a push that fails part-way still says what it pushed, the digest built and when it failed", async () => {
    for (const archTags of [true, false]) {
      docker?.remove();
      docker = fakeDocker({ driver: "docker-container", pushFailsAfter: 1 });
      const error = await runWith(docker, { archTags }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchBuildError);
      const { outputs } = error as ArchBuildError;
      expect((error as Error).message).toMatch(/403 Forbidden \(after .* were pushed\)$/);
      expect(outputs).toEqual({
        digest: FAKE_DIGEST,
        refs: [archTags ? "ghcr.io/org/app:1.0.0-arm64" : `ghcr.io/org/app@${FAKE_DIGEST}`],
        timeline: {
          platform: "linux/arm64",
          outcome: "failure",
          digest: FAKE_DIGEST,
          steps: [
            { name: "build", start: 1_001_000, end: 1_002_000, outcome: "success" },
            { name: "push", start: 1_002_000, end: 1_003_000, outcome: "failure" },
          ],
        },
      });
    }
  });

  it("a build step that fails has no push step and no digest", async () => {
    docker = fakeDocker({
      driver: "docker-container",
      failures: [
        'ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      ],
    });
    const error = await runWith(docker).catch((e: unknown) => e);
    expect((error as ArchBuildError).outputs).toEqual({
      digest: "",
      refs: [],
      timeline: {
        platform: "linux/arm64",
        outcome: "failure",
        steps: [{ name: "build", start: 1_001_000, end: 1_002_000, outcome: "failure" }],
      },
    });
  });
});

describe("parseBuildxPushes reads what a failed buildx pushed", () => {
  const d = (c: string) => `sha256:${c.repeat(64)}`;
  it("the exported manifest list, and each manifest push that finished", () => {
    const log = [
      `#9 exporting manifest ${d("a")} done`,
      `#9 exporting attestation manifest ${d("b")} done`,
      `#9 exporting manifest list ${d("c")} done`,
      "#9 pushing layers 0.3s done",
      `#9 pushing manifest for ghcr.io/org/app:1.0-amd64@${d("c")}`,
      `#9 pushing manifest for ghcr.io/org/app:1.0-amd64@${d("c")} 0.2s done`,
      `#9 pushing manifest for 127.0.0.1:5000/org/app@${d("c")} 0.1s done`,
      `#9 pushing manifest for docker.io/org/app@${d("c")}`,
      "#9 ERROR: failed to push",
    ].join("\n");
    expect(parseBuildxPushes(log)).toEqual({
      exported: d("c"),
      pushed: ["ghcr.io/org/app:1.0-amd64", `127.0.0.1:5000/org/app@${d("c")}`],
    });
  });

  it("a manifest without attestations; a build that never exported", () => {
    expect(parseBuildxPushes(`#7 exporting manifest ${d("a")} 0.0s done\n#7 ERROR: x`)).toEqual({
      exported: d("a"),
      pushed: [],
    });
    expect(parseBuildxPushes("#5 [2/2] RUN false\n#5 ERROR: exit code: 1")).toEqual({ pushed: [] });
  });
});
