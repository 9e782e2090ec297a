/**
 * The wiring from the build legs to the stitch (issues 17 and 18), played as the runner plays it
 * against a real registry: the plan job's steps run (its `run:` step in bash, the bundled planning
 * action with its `with:` evaluated from build.yaml); each build leg's `outputs:` are evaluated from
 * build.yaml with GitHub's evaluator over its matrix entry and arch-build's `timeline` output (what
 * the leg pushed is pushed to the registry by the test), and merged by the runner's rule for matrix
 * jobs; then the manifest job's steps run, the bundled manifest-stitch with its `with:` evaluated
 * (the test's Docker config stands in for the login step).
 *
 * What a user sees: the index the stitch writes (by the legs' digests, whatever a per-arch tag says
 * by then), the error of a run that did not publish (per registry, what the platforms that built
 * left, looked up by the digests the legs reported: named by the per-arch tag that points at it, or
 * untagged; never an earlier run's per-arch tag), and the run's picture in the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInputs as parseBuildInputs } from "../packages/arch-build/src/inputs";
import { readGitHubContext } from "../packages/image-spec/src/lib";
import {
  httpRequest,
  inspectRaw,
  type PushedManifest,
  pushImage,
  type Registry,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "../packages/testkit/src/index";
import { actionInputs, archBuildRaw } from "./action-inputs";
import { mergeLegOutputs, type PlayedJob, playJob, tagPush } from "./job-player";
import { type Job, readYaml, type Step, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const call = build.on.workflow_call as { inputs: Record<string, { default?: unknown }> };
const jobs = build.jobs as Record<"plan" | "build" | "manifest", Job>;

const USER = { username: "lsstsqre", password: "leftovers-test-pw" };
const TAG = "w_2026_48";
let registry: Registry;
let config: TempDockerConfig;

beforeAll(async () => {
  registry = await startRegistry({ auth: { htpasswd: { [USER.username]: USER.password } } });
  config = tempDockerConfig({ [registry.host]: USER });
});
afterAll(() => stopAll());

const { github, env: githubEnv, job } = tagPush(TAG);

/** Two repositories on one registry, standing in for GHCR and Docker Hub. */
function imagesOf(name: string): string[] {
  return [`${registry.host}/lsst-sqre/${name}`, `${registry.host}/lsstsqre/${name}`];
}

function workflowInputs(values: Record<string, unknown>): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(call.inputs).map(([name, spec]) => [name, spec.default])),
    tag: TAG,
    ...values,
  };
}

interface MatrixEntry {
  readonly index: number;
  readonly platform: string;
  readonly suffix: string;
}

/** The plan job as the runner runs it, and its outputs as `needs.plan` gives them. */
async function planJob(inputs: Record<string, unknown>): Promise<PlayedJob & { matrix: MatrixEntry[] }> {
  const played = await playJob(jobs.plan, { github, inputs, job }, { env: githubEnv });
  const matrix = JSON.parse(played.outputs.matrix || '{"include":[]}') as { include: MatrixEntry[] };
  return { ...played, matrix: matrix.include };
}

/** A run of two platforms (the default) over two images named `name`: its inputs and its plan. */
async function twoPlatforms(name: string, values: Record<string, unknown> = {}) {
  const images = imagesOf(name);
  const inputs = workflowInputs({ images: images.join("\n"), ...values });
  const plan = await planJob(inputs);
  const [amd64, arm64] = plan.matrix;
  if (!amd64 || !arm64) throw new Error("no matrix");
  return { images, inputs, plan, amd64, arm64 };
}

const STEP = 60_000;

/**
 * One build leg: what arch-build pushed (by tag, or by digest only) to the first `pushedTo` images,
 * and its `timeline` output, which it writes also when it fails after pushing.
 */
async function leg(
  entry: MatrixEntry,
  options: {
    readonly images: readonly string[];
    readonly archTags: boolean;
    readonly outcome: "success" | "failure";
    /** How many of the images it pushed to before it failed (all, when it succeeded). */
    readonly pushedTo: number;
    readonly start: number;
    readonly seed?: string;
  },
): Promise<{ matrix: MatrixEntry; steps: Record<string, unknown>; pushed?: PushedManifest }> {
  const [os = "linux", architecture = "", variant] = entry.platform.split("/");
  let pushed: PushedManifest | undefined;
  for (const image of options.images.slice(0, options.pushedTo)) {
    const repository = image.slice(registry.host.length + 1);
    pushed = await pushImage(
      { url: registry.url, repository, auth: USER },
      {
        ...(options.archTags ? { tag: `${TAG}-${entry.suffix}` } : {}),
        platform: { os, architecture, ...(variant ? { variant } : {}) },
        seed: options.seed ?? "this run",
      },
    );
  }
  const digest = pushed?.digest;
  const { start } = options;
  const timeline = {
    platform: entry.platform,
    outcome: options.outcome,
    ...(digest ? { digest } : {}),
    steps: [
      { name: "build", start, end: start + 10 * STEP, outcome: "success" },
      { name: "push", start: start + 10 * STEP, end: start + 12 * STEP, outcome: options.outcome },
    ],
  };
  return {
    matrix: entry,
    steps: {
      build: {
        outcome: options.outcome,
        conclusion: options.outcome,
        outputs: { timeline: JSON.stringify(timeline), ...(digest ? { digest } : {}) },
      },
    },
    ...(pushed ? { pushed } : {}),
  };
}

/** The manifest job after the legs, `needs` as GitHub gives them. */
function manifestJob(
  inputs: Record<string, unknown>,
  plan: PlayedJob,
  legs: ReadonlyArray<{ matrix: MatrixEntry; steps: Record<string, unknown> }>,
) {
  const outputs = mergeLegOutputs(
    jobs.build,
    legs.map((l) => ({ matrix: { ...l.matrix }, steps: l.steps })),
  );
  const failed = legs.some((l) => (l.steps.build as { outcome: string }).outcome !== "success");
  const needs = {
    plan: { result: "success", outputs: nonEmpty(plan.outputs) },
    build: { result: failed ? "failure" : "success", outputs },
  };
  return playJob(jobs.manifest, { github, inputs, needs, job }, { env: { ...githubEnv, ...config.env } });
}

const nonEmpty = (outputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== ""));

async function tagsOf(image: string): Promise<string[]> {
  const repository = image.slice(registry.host.length + 1);
  const response = await httpRequest(`${registry.url}/v2/${repository}/tags/list`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString("base64")}`,
    },
  });
  if (response.status === 404) return [];
  return ((JSON.parse(response.body.toString()) as { tags?: string[] | null }).tags ?? []).sort();
}

describe("a run whose builds did not all succeed: the manifest job writes nothing and names what was left", () => {
  /** An earlier run of the same tag left its per-arch tag for `entry` in each of `images`. */
  async function earlierRun(entry: MatrixEntry, images: readonly string[]): Promise<string> {
    const [os = "linux", architecture = ""] = entry.platform.split("/");
    const digests = new Set<string>();
    for (const image of images) {
      const pushed = await pushImage(
        { url: registry.url, repository: image.slice(registry.host.length + 1), auth: USER },
        { tag: `${TAG}-${entry.suffix}`, platform: { os, architecture }, seed: "an earlier run" },
      );
      digests.add(pushed.digest);
    }
    return [...digests][0] ?? "";
  }

  it("per-arch tags (the default): lists, per registry, the digest each leg reported with the per-arch tag that points at it, and no earlier run's tag", async () => {
    const { images, inputs, plan, amd64, arm64 } = await twoPlatforms("lab-tags");
    // An earlier run of this tag left arm64's per-arch tag in both registries.
    await earlierRun(arm64, images);
    // The plan's bar starts when its job did (its first step notes the time), before the checkout.
    const planned = JSON.parse(plan.outputs.timeline ?? "{}") as { start: number; end: number };
    expect(planned.start).toBe(Number(plan.steps.find((s) => s.id === "start")?.outputs.ms));
    const start = planned.end + 1000;
    // amd64 finishes first and pushes; arm64 fails last, before pushing anything.
    const legs = [
      await leg(amd64, { images, archTags: true, outcome: "success", pushedTo: 2, start }),
      await leg(arm64, { images, archTags: true, outcome: "failure", pushedTo: 0, start }),
    ];
    const manifest = await manifestJob(inputs, plan, legs);
    expect(manifest.status).toBe("failure");
    expect(manifest.steps.map((s) => [s.name, s.kind, s.outcome])).toEqual([
      ["Check out the build actions at this workflow's commit", "stub", "success"],
      ["Log in to the registries", "stub", "success"],
      ["Say what a run that did not publish left", "manifest-stitch", "failure"],
    ]);
    const report = manifest.steps.at(-1);
    const digest = legs[0]?.pushed?.digest;
    expect(report?.annotations).toEqual([
      [
        "error : Nothing published: the build of linux/arm64 failed (build result: failure). No multi-arch tag was written.",
        "What the platforms that built left in each registry (no index points at it):",
        ...images.flatMap((image) => [
          `  ${image}:`,
          `    - linux/amd64: left: ${image}:${TAG}-amd64 → ${digest}`,
          "    - linux/arm64: nothing: no digest reported (its build failed before pushing, or did not run)",
        ]),
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    ]);
    for (const image of images) expect(await tagsOf(image)).toEqual([`${TAG}-amd64`, `${TAG}-arm64`]);
    expect(report?.summary).toContain(
      `<br>\nLooked up: each platform's image by the digest its build reported, named by its per-architecture tag \`${TAG}-<suffix>\` where that tag points at it; a platform that reported no digest left nothing.`,
    );
    // The run at a glance: the plan, each platform (arm64's push failed), and this job.
    const chart = report?.summary.slice(report.summary.indexOf("```mermaid")) ?? "";
    expect(chart).toMatch(/section plan\n {4}plan [^\n]*:done, t0, \d{13}, \d{13}\n/);
    expect(chart).toContain(
      `section linux/arm64\n    build 10 min 0 s :done, t3, ${start}, ${start + 10 * STEP}`,
    );
    expect(chart).toContain(`push FAILED 2 min 0 s :crit, t4, ${start + 10 * STEP}, ${start + 12 * STEP}`);
    expect(chart).toContain("section manifest");
  });

  it("per-arch tags (the default): a leg that pushed to one registry and then failed left its tag there and nothing in the other, whatever an earlier run's tag says", async () => {
    const { images, inputs, plan, amd64, arm64 } = await twoPlatforms("lab-tags-half");
    const [first, second] = images;
    const earlier = await earlierRun(arm64, images);
    const start = Date.now();
    const legs = [
      await leg(amd64, { images, archTags: true, outcome: "success", pushedTo: 2, start }),
      await leg(arm64, { images, archTags: true, outcome: "failure", pushedTo: 1, start }),
    ];
    const [amd64Digest, arm64Digest] = legs.map((l) => l.pushed?.digest);
    expect(arm64Digest).not.toBe(earlier);
    const manifest = await manifestJob(inputs, plan, legs);
    const report = manifest.steps.find((s) => s.name === "Say what a run that did not publish left");
    expect(report?.annotations).toEqual([
      [
        "error : Nothing published: the build of linux/arm64 failed (build result: failure). No multi-arch tag was written.",
        "What the platforms that built left in each registry (no index points at it):",
        `  ${first}:`,
        `    - linux/amd64: left: ${first}:${TAG}-amd64 → ${amd64Digest}`,
        `    - linux/arm64: left: ${first}:${TAG}-arm64 → ${arm64Digest}`,
        `  ${second}:`,
        `    - linux/amd64: left: ${second}:${TAG}-amd64 → ${amd64Digest}`,
        "    - linux/arm64: nothing (not pushed here)",
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    ]);
  });

  it("arch-tags false: lists, per registry, the untagged digests, also of a leg that failed after pushing", async () => {
    const { images, inputs, plan, amd64, arm64 } = await twoPlatforms("lab-digests", { "arch-tags": false });
    const start = Date.now();
    // arm64 pushed to the first registry, then failed on the second: its leg still reports the digest.
    const legs = [
      await leg(arm64, { images, archTags: false, outcome: "failure", pushedTo: 1, start }),
      await leg(amd64, { images, archTags: false, outcome: "success", pushedTo: 2, start }),
    ];
    const [arm64Digest, amd64Digest] = legs.map((l) => l.pushed?.digest);
    const manifest = await manifestJob(inputs, plan, legs);
    expect(manifest.status).toBe("failure");
    const report = manifest.steps.find((s) => s.name === "Say what a run that did not publish left");
    const [first, second] = images;
    expect(report?.annotations).toEqual([
      [
        "error : Nothing published: the build of linux/arm64 failed (build result: failure). No multi-arch tag was written.",
        "What the platforms that built left in each registry (no index points at it):",
        `  ${first}:`,
        `    - linux/amd64: left: untagged ${amd64Digest}`,
        `    - linux/arm64: left: untagged ${arm64Digest}`,
        `  ${second}:`,
        `    - linux/amd64: left: untagged ${amd64Digest}`,
        "    - linux/arm64: nothing (not pushed here)",
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    ]);
    // No tag at all, in any registry.
    for (const image of images) expect(await tagsOf(image)).toEqual([]);
  });

  it("push false: fails at once, without asking any registry, and still draws the run", async () => {
    const { images, inputs, plan, amd64, arm64 } = await twoPlatforms("lab-nopush", { push: false });
    const start = Date.now();
    const legs = [
      await leg(amd64, { images, archTags: true, outcome: "success", pushedTo: 0, start }),
      await leg(arm64, { images, archTags: true, outcome: "failure", pushedTo: 0, start }),
    ];
    const manifest = await manifestJob(inputs, plan, legs);
    expect(manifest.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["Check out the build actions at this workflow's commit", "success"],
      ["Say what a run that did not publish left", "failure"],
    ]);
    const report = manifest.steps.at(-1);
    expect(report?.annotations[0]).toContain("push is false: the builds pushed nothing.");
    expect(report?.summary).toContain("section linux/arm64");
  });
});

describe("a run whose builds all succeeded: the stitch takes each platform by the digest its leg reported", () => {
  it.each([
    true,
    false,
  ])("arch-tags %s: the index points at this run's images, even after another run moved a per-arch tag", async (archTags) => {
    const { images, inputs, plan, amd64, arm64 } = await twoPlatforms(`lab-ok-${archTags}`, {
      "arch-tags": archTags,
      "additional-tags": "latest_weekly",
    });
    const start = Date.now();
    const legs = [
      await leg(amd64, { images, archTags, outcome: "success", pushedTo: 2, start }),
      await leg(arm64, { images, archTags, outcome: "success", pushedTo: 2, start }),
    ];
    // Another run of the same tag (outside this run's lock) pushes its amd64 image under the tag.
    const [os, architecture] = amd64.platform.split("/");
    const other = await pushImage(
      { url: registry.url, repository: (images[0] ?? "").slice(registry.host.length + 1), auth: USER },
      {
        tag: `${TAG}-amd64`,
        platform: { os: os ?? "", architecture: architecture ?? "" },
        seed: "another run",
      },
    );
    const manifest = await manifestJob(inputs, plan, legs);
    expect(manifest.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["Check out the build actions at this workflow's commit", "success"],
      ["Log in to the registries", "success"],
      ["Write the multi-arch tags", "success"],
    ]);
    const digest = manifest.outputs.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const image of images) {
      const index = await inspectRaw(`${image}:${TAG}`, { creds: USER });
      expect(index.digest).toBe(digest);
      expect(index.manifest.manifests?.map((m) => m.digest)).toEqual(legs.map((l) => l.pushed?.digest));
      expect(index.manifest.manifests?.map((m) => m.digest)).not.toContain(other.digest);
      // With arch-tags false the registry holds the multi-arch tags and nothing else (here, but for
      // the other run's tag in the first image).
      const amd64Tag = archTags || image === images[0] ? [`${TAG}-amd64`] : [];
      const arm64Tag = archTags ? [`${TAG}-arm64`] : [];
      expect(await tagsOf(image)).toEqual([TAG, "latest_weekly", ...amd64Tag, ...arm64Tag].sort());
    }
    const stitch = manifest.steps.at(-1);
    // True in both modes: the stitch reads by digest, and does not know whether per-arch tags exist.
    expect(stitch?.summary).toContain(
      "\nSources: each platform's image by the digest its build reported.<br>",
    );
    expect(stitch?.summary).not.toContain("per-architecture tag");
    expect(stitch?.summary).toContain("section plan");
    expect(stitch?.summary).toContain("section linux/amd64");
    expect(stitch?.summary).toContain("section manifest");
  });
});

describe("every platform the plan accepts has a leg output, and the plan refuses more than there are", () => {
  // 16 platforms, variants included (amd64-v3 and arm64-v9 had no output when outputs were named by suffix).
  const SIXTEEN = [
    "linux/amd64",
    "linux/amd64/v2",
    "linux/amd64/v3",
    "linux/amd64/v4",
    "linux/arm64",
    "linux/arm64/v8.2",
    "linux/arm64/v9",
    "linux/arm/v6",
    "linux/arm/v7",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
    "linux/mips64le",
    "linux/loong64",
    "linux/arm/v5",
  ];

  it("16 platforms: each leg's timeline reaches the manifest job under its own name", async () => {
    const plan = await planJob(
      workflowInputs({ images: "ghcr.io/lsst-sqre/app", platforms: SIXTEEN.join(",") }),
    );
    expect(plan.status).toBe("success");
    expect(plan.matrix.map((entry) => entry.index)).toEqual(SIXTEEN.map((_, i) => i));
    const start = Date.now();
    const legs = plan.matrix.map((entry) => ({
      matrix: { ...entry },
      steps: {
        build: {
          outcome: "success",
          outputs: {
            timeline: JSON.stringify({
              platform: entry.platform,
              outcome: "success",
              digest: `sha256:${entry.index.toString(16).padStart(64, "0")}`,
              steps: [{ name: "build", start, end: start + 1, outcome: "success" }],
            }),
          },
        },
      },
    }));
    const outputs = mergeLegOutputs(jobs.build, legs);
    const platforms = Object.values(outputs).map(
      (value) => (JSON.parse(value) as { platform: string }).platform,
    );
    expect(platforms.sort()).toEqual(plan.matrix.map((entry) => entry.platform).sort());
  });

  it("17 platforms: the plan fails, naming platforms and the limit", async () => {
    const plan = await planJob(
      workflowInputs({
        images: "ghcr.io/lsst-sqre/app",
        platforms: [...SIXTEEN, "linux/arm64/v8.1"].join(","),
      }),
    );
    expect(plan.status).toBe("failure");
    const step = plan.steps.find((s) => s.kind === "image-spec");
    expect(step?.annotations).toContainEqual(
      expect.stringMatching(
        /^error Invalid input: platforms: platforms: ".*" names 17 platforms, more than the 16 one run can build \(max-platforms\); build at most 16/,
      ),
    );
  });
});

describe("arch-tags reaches each build leg", () => {
  const archBuild = (jobs.build.steps ?? []).find((step) => step.uses?.endsWith("/arch-build")) as Step;

  it.each([
    ["not given (v4's per-arch tags)", true, {}],
    ["false", false, { "arch-tags": false }],
  ])("%s: arch-build reads archTags %s", async (_, archTags, values) => {
    const inputs = workflowInputs({ images: "ghcr.io/lsst-sqre/app", ...values });
    const plan = await planJob(inputs);
    const [entry] = plan.matrix;
    const given = actionInputs("arch-build", archBuild, {
      github,
      inputs,
      secrets: {},
      matrix: { ...entry },
      needs: { plan: { result: "success", outputs: nonEmpty(plan.outputs) } },
    });
    const parsed = parseBuildInputs(archBuildRaw(given), {
      github: readGitHubContext(githubEnv),
      hostPlatform: entry?.platform ?? "",
    });
    expect(parsed.archTags).toBe(archTags);
  });
});
