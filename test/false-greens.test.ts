/**
 * No false greens (issue 17, point 3): branch protection requires `build / manifest`, and a skipped
 * check counts as passing there. So every run that did not publish what it was asked to, a cancelled
 * one included, must end with the manifest job run and failed, saying what happened.
 *
 * Played with GitHub's rules: a job's or step's `if:` is evaluated with GitHub's evaluator, with the
 * status functions answering as GitHub answers them (a job from its needs and the run's cancellation,
 * a step from the job's status) and `success() &&` added where the condition has no status function;
 * the steps that report run in bash as the runner runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Registry,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "../packages/testkit/src/index";
import { type Contexts, jobStatus, runs, stepStatus } from "./expressions";
import { playJob } from "./job-player";
import { annotations, runStep } from "./run-step";
import { type Job, readYaml, type Step, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const manifest = build.jobs.manifest as Job;
const plan = build.jobs.plan as Job;
const steps = (job: Job): Step[] => job.steps ?? [];
const named = (job: Job, name: string): Step => {
  const found = steps(job).find((s) => s.name === name);
  if (!found) throw new Error(`build.yaml: no step "${name}"`);
  return found;
};

// The registry the failed-run report looks in (nothing was pushed to it), and an empty login.
let registry: Registry;
let config: TempDockerConfig;
beforeAll(async () => {
  registry = await startRegistry();
  config = tempDockerConfig();
});
afterAll(() => stopAll());

const PLAN_OUTPUTS = {
  tag: "main",
  push: "true",
  matrix: JSON.stringify({ include: [{ index: 0, platform: "linux/amd64", suffix: "amd64" }] }),
  timeline: JSON.stringify({ name: "plan", start: 1_796_054_400_000, end: 1_796_054_409_000 }),
};

interface Scenario {
  readonly plan: string;
  readonly build: string;
  /** The run was cancelled (by a person, or by a newer run of a group with cancel-in-progress). */
  readonly cancelled: boolean;
  /** The manifest job's status as its steps see it. */
  readonly jobStatus: "success" | "cancelled";
}

/** The manifest job in a scenario: whether it runs, and its steps as the runner runs them. */
async function playManifest(scenario: Scenario, options: { stubActions?: boolean } = {}) {
  const needs = {
    plan: { result: scenario.plan, outputs: scenario.plan === "success" ? PLAN_OUTPUTS : {} },
    build: { result: scenario.build, outputs: {} },
  };
  const contexts: Contexts = {
    needs,
    inputs: { images: `${registry.host}/org/app`, platforms: "linux/amd64", "arch-tags": true },
    github: { event_name: "push", ref: "refs/heads/main" },
    job: { workflow_repository: "owner/mbp", workflow_sha: "0123abc" },
  };
  if (!runs(manifest.if, contexts, jobStatus(needs, scenario.cancelled))) return undefined;
  const env = {
    GITHUB_EVENT_NAME: "push",
    GITHUB_REF: "refs/heads/main",
    GITHUB_REPOSITORY: "org/app",
    ...config.env,
  };
  return playJob(manifest, contexts, { status: scenario.jobStatus, env, ...options });
}

describe("the manifest job reports a run that did not publish as failed, saying why", () => {
  it.each<[string, Scenario, string]>([
    [
      "a platform failed",
      { plan: "success", build: "failure", cancelled: false, jobStatus: "success" },
      "(build result: failure)",
    ],
    [
      "the run was cancelled while the platforms built",
      { plan: "success", build: "cancelled", cancelled: true, jobStatus: "success" },
      "(build result: cancelled)",
    ],
    [
      "the run was cancelled while the platforms built (the job sees itself cancelled)",
      { plan: "success", build: "cancelled", cancelled: true, jobStatus: "cancelled" },
      "(build result: cancelled)",
    ],
    [
      "the run was cancelled after every platform built, before the stitch",
      { plan: "success", build: "success", cancelled: true, jobStatus: "cancelled" },
      "(build result: cancelled)",
    ],
  ])("%s: the job runs, writes nothing, and fails with manifest-stitch's report", async (_, scenario, why) => {
    const played = await playManifest(scenario);
    // A job that does not run is a skipped check: branch protection would count it as passing.
    expect(played).toBeDefined();
    expect(played?.steps.map((s) => [s.name, s.kind])).toEqual([
      ["Check out the build actions at this workflow's commit", "stub"],
      ["Log in to the registries", "stub"],
      ["Say what a run that did not publish left", "manifest-stitch"],
    ]);
    const report = played?.steps.at(-1);
    expect(report?.outcome).toBe("failure");
    expect(report?.annotations).toHaveLength(1);
    expect(report?.annotations[0]).toMatch(/^error : Nothing published: /);
    expect(report?.annotations[0]).toContain(`${why}. No multi-arch tag was written.`);
    // No leg reported a digest, so no leg left anything (an earlier run's per-arch tag is not looked at).
    expect(report?.summary).toContain("nothing: no digest reported");
    expect(report?.summary).toContain("```mermaid");
    expect(played?.outputs.digest).toBe("");
  });

  it.each<[string, Scenario, string]>([
    [
      "the plan failed (bad input, or a runner without job.workflow_sha)",
      { plan: "failure", build: "skipped", cancelled: false, jobStatus: "success" },
      "The plan failed (see the plan job), so nothing was built",
    ],
    [
      "the run was cancelled during the plan",
      { plan: "cancelled", build: "skipped", cancelled: true, jobStatus: "success" },
      "The run was cancelled during the plan, so nothing was built",
    ],
  ])("%s: the job runs and fails at once, checking out nothing", async (_, scenario, why) => {
    const played = await playManifest(scenario);
    expect(played).toBeDefined();
    expect(played?.steps.map((s) => [s.name, s.outcome])).toEqual([["Say why nothing was built", "failure"]]);
    expect(played?.steps[0]?.annotations).toEqual([
      `error Nothing published: ${why}. No multi-arch tag was written (plan: ${scenario.plan}).`,
    ]);
  });

  it("a run that built everything goes on to log in and stitch, and reports no error", async () => {
    const played = await playManifest(
      { plan: "success", build: "success", cancelled: false, jobStatus: "success" },
      { stubActions: true },
    );
    expect(played?.steps.map((s) => s.name)).toEqual([
      "Check out the build actions at this workflow's commit",
      "Log in to the registries",
      "Write the multi-arch tags",
    ]);
    expect(played?.status).toBe("success");
  });

  it("the job's condition is a status function that holds when the run is cancelled", () => {
    // What the check used to be: `!cancelled()` skips the job in a cancelled run.
    const needs = { plan: { result: "success" }, build: { result: "cancelled" } };
    expect(runs("${{ !cancelled() }}", { needs }, jobStatus(needs, true))).toBe(false);
    expect(runs(manifest.if, { needs }, jobStatus(needs, true))).toBe(true);
  });

  it("a stitch that started is never followed by the report that nothing was written", () => {
    const report = named(manifest, "Say what a run that did not publish left");
    for (const outcome of ["cancelled", "failure", "success"]) {
      const contexts: Contexts = {
        needs: { plan: { result: "success" }, build: { result: "success" } },
        steps: { actions: { outcome: "success" }, stitch: { outcome } },
      };
      expect(runs(report.if, contexts, stepStatus("cancelled")), outcome).toBe(false);
    }
  });
});

describe("a stitch that stopped part-way names what it wrote and what it did not", () => {
  const say = named(manifest, "Say what a stopped stitch left");
  const contextsWith = (refs: string[], unwritten: string[]): Contexts => ({
    needs: { plan: { result: "success", outputs: PLAN_OUTPUTS }, build: { result: "success", outputs: {} } },
    steps: {
      stitch: {
        outcome: "failure",
        outputs: { refs: JSON.stringify(refs), "unwritten-refs": JSON.stringify(unwritten) },
      },
    },
  });

  it("runs after the stitch failed with some tags written, and fails the job with both lists", () => {
    const contexts = contextsWith(["ghcr.io/org/app:main@sha256:1"], ["docker.io/org/app:main"]);
    expect(runs(say.if, contexts, stepStatus("failure"))).toBe(true);
    const result = runStep(say, contexts);
    expect(result.code).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      "error Published only in part: Multi-arch tags written: ghcr.io/org/app:main@sha256:1. " +
        "Not written: docker.io/org/app:main. Writing is idempotent: re-run the failed jobs to complete the set.",
    ]);
  });

  it("says so when the run was cancelled during the writes, which leaves no list", () => {
    const contexts: Contexts = { steps: { stitch: { outcome: "cancelled", outputs: {} } } };
    expect(runs(say.if, contexts, stepStatus("cancelled"))).toBe(true);
    const result = runStep(say, contexts);
    expect(result.code).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      "error Cancelled while publishing: The run was cancelled while the multi-arch tags were being written: " +
        "some may be written, some not. Writing is idempotent: re-run the failed jobs to complete the set.",
    ]);
  });

  it("stays quiet when the stitch wrote nothing (its own error says why) or succeeded", () => {
    expect(runs(say.if, contextsWith([], ["ghcr.io/org/app:main"]), stepStatus("failure"))).toBe(false);
    const ok = contextsWith(["ghcr.io/org/app:main@sha256:1"], []);
    (ok.steps as { stitch: { outcome: string } }).stitch.outcome = "success";
    expect(runs(say.if, ok, stepStatus("success"))).toBe(false);
  });
});

describe("a runner that does not name the workflow's commit fails first, saying why", () => {
  const guard = named(plan, "Check that the runner names this workflow's commit");
  const index = (name: string | undefined) => steps(plan).findIndex((s) => s.name === name);

  it("comes before the checkout of our actions, in the first job", () => {
    const checkout = steps(plan).find((s) => s.with?.path === ".mbp");
    expect(index(guard.name)).toBe(0);
    expect(index(guard.name)).toBeLessThan(index(checkout?.name));
    expect(Object.keys(build.jobs)[0]).toBe("plan");
  });

  it.each([
    [
      "both empty (GitHub Enterprise Server, older runners)",
      { workflow_repository: "", workflow_sha: "" },
      true,
    ],
    ["missing from the job context", {}, true],
    ["only the commit missing", { workflow_repository: "org/mbp", workflow_sha: "" }, true],
    ["both given", { workflow_repository: "org/mbp", workflow_sha: "0123abc" }, false],
  ])("%s: stops the run: %s", (_, job, stops) => {
    expect(runs(guard.if, { job }, stepStatus("success"))).toBe(stops);
  });

  it("says why and what to do, in one error", () => {
    const result = runStep(guard, { job: {} });
    expect(result.code).toBe(1);
    const [error, ...more] = annotations(result.stdout);
    expect(more).toEqual([]);
    expect(error).toMatch(/^error The runner does not name this workflow's commit: /);
    expect(error).toContain("job.workflow_repository and job.workflow_sha are empty");
    expect(error).toContain("from v2.334.0 on: update the runner");
    expect(error).toContain("call the actions (image-spec, arch-build, manifest-stitch) directly");
  });
});
