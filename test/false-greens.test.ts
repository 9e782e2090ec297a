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
import { describe, expect, it } from "vitest";
import { type Contexts, jobStatus, runs, type Status, stepStatus } from "./expressions";
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

const PLAN_OUTPUTS = {
  tag: "main",
  push: "true",
  matrix: JSON.stringify({ include: [{ platform: "linux/amd64", suffix: "amd64" }] }),
  "arch-tags": JSON.stringify({ "linux/amd64": ["ghcr.io/org/app:main-amd64"] }),
};

interface Scenario {
  readonly plan: string;
  readonly build: string;
  /** The run was cancelled (by a person, or by a newer run of a group with cancel-in-progress). */
  readonly cancelled: boolean;
  /** The manifest job's status as its steps see it. */
  readonly jobStatus: "success" | "cancelled";
}

/** The steps of the manifest job that run in a scenario, in order, each with what it printed. */
function playManifest(scenario: Scenario) {
  const needs = {
    plan: { result: scenario.plan, outputs: scenario.plan === "success" ? PLAN_OUTPUTS : {} },
    build: { result: scenario.build, outputs: {} },
  };
  const contexts: Contexts = {
    needs,
    inputs: { images: "ghcr.io/org/app" },
    job: { status: scenario.jobStatus },
    steps: {},
  };
  if (!runs(manifest.if, contexts, jobStatus(needs, scenario.cancelled))) return undefined;
  let status: Status = stepStatus(scenario.jobStatus);
  const ran: Array<{ name: string; code: number | null; annotations: string[] }> = [];
  for (const step of steps(manifest)) {
    if (!runs(step.if, contexts, status)) continue;
    if (!step.run) {
      // An action of ours: in these scenarios it must not be reached (nothing may be published).
      ran.push({ name: step.name ?? "", code: 0, annotations: [] });
      continue;
    }
    const result = runStep(step, contexts);
    ran.push({ name: step.name ?? "", code: result.code, annotations: annotations(result.stdout) });
    if (result.code !== 0) status = stepStatus("failure");
  }
  return ran;
}

describe("the manifest job reports a run that did not publish as failed, saying why", () => {
  it.each<[string, Scenario, string]>([
    [
      "a platform failed",
      { plan: "success", build: "failure", cancelled: false, jobStatus: "success" },
      "A platform failed to build or push",
    ],
    [
      "the run was cancelled while the platforms built",
      { plan: "success", build: "cancelled", cancelled: true, jobStatus: "success" },
      "The run was cancelled before every platform was built and pushed",
    ],
    [
      "the run was cancelled while the platforms built (the job sees itself cancelled)",
      { plan: "success", build: "cancelled", cancelled: true, jobStatus: "cancelled" },
      "The run was cancelled",
    ],
    [
      "the run was cancelled after every platform built, before the stitch",
      { plan: "success", build: "success", cancelled: true, jobStatus: "cancelled" },
      "The run was cancelled",
    ],
    [
      "the plan failed (bad input, or a runner without job.workflow_sha)",
      { plan: "failure", build: "skipped", cancelled: false, jobStatus: "success" },
      "The plan failed (see the plan job), so nothing was built",
    ],
    [
      "the run was cancelled during the plan",
      { plan: "cancelled", build: "skipped", cancelled: true, jobStatus: "success" },
      "The run was cancelled",
    ],
  ])("%s: the job runs, writes nothing and fails", (_, scenario, why) => {
    const ran = playManifest(scenario);
    // A job that does not run is a skipped check: branch protection would count it as passing.
    expect(ran).toBeDefined();
    const [first, ...rest] = ran ?? [];
    expect(first?.name).toBe("Refuse to publish a partial build");
    expect(first?.code).toBe(1);
    expect(first?.annotations).toHaveLength(1);
    expect(first?.annotations[0]).toMatch(/^error Nothing published: /);
    expect(first?.annotations[0]).toContain(`${why}`);
    expect(first?.annotations[0]).toContain("No multi-arch tag was written");
    // Nothing after it: no login, no stitch.
    expect(rest).toEqual([]);
  });

  it("a run that built everything goes on to log in and stitch, and reports no error", () => {
    const ran = playManifest({ plan: "success", build: "success", cancelled: false, jobStatus: "success" });
    expect(ran?.map((s) => s.name)).toEqual([
      "Check out the build actions at this workflow's commit",
      "Log in to the registries",
      "Write the multi-arch tags",
    ]);
  });

  it("the job's condition is a status function that holds when the run is cancelled", () => {
    // What the check used to be: `!cancelled()` skips the job in a cancelled run.
    const needs = { plan: { result: "success" }, build: { result: "cancelled" } };
    expect(runs("${{ !cancelled() }}", { needs }, jobStatus(needs, true))).toBe(false);
    expect(runs(manifest.if, { needs }, jobStatus(needs, true))).toBe(true);
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
