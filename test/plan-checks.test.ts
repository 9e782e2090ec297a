/**
 * Bad input fails in the plan, before any build: the inputs that only later jobs read (the build's
 * build-args and caches, the stitch's annotations, the logins' insecure registries and keyless
 * inputs) reach the plan step too, which checks them with those jobs' own rules. The plan job is
 * played as the runner runs it (job-player.ts: its `run:` steps in bash, the bundled image-spec
 * action with its `with:` evaluated by GitHub's evaluator over a caller's inputs); whether the build
 * job then runs is decided by GitHub's rule for a job's `if:` over the plan's result.
 */
import { describe, expect, it } from "vitest";
import { type Contexts, jobStatus, runs } from "./expressions";
import { type PlayedJob, playJob, tagPush } from "./job-player";
import { type ActionManifest, type Job, readYaml, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const call = build.on.workflow_call as { inputs: Record<string, { default?: unknown }> };
const jobs = build.jobs as Record<"plan" | "build" | "manifest", Job>;
const planStep = (jobs.plan.steps ?? []).find((step) => step.uses === "./.mbp/packages/image-spec");
const { github, env, job } = tagPush("w_2026_48");

/** A caller's inputs as the workflow sees them: its defaults, then the caller's values. */
function callerInputs(values: Record<string, unknown>): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(call.inputs).map(([name, spec]) => [name, spec.default])),
    images: "ghcr.io/lsst-sqre/sciplat-lab",
    ...values,
  };
}

async function planFor(values: Record<string, unknown>): Promise<PlayedJob> {
  return playJob(jobs.plan, { github, inputs: callerInputs(values), job }, { env });
}

/** The `::error`s of the plan step, as `level title: message`. */
function planErrors(played: PlayedJob): string[] {
  const step = played.steps.find((s) => s.kind === "image-spec");
  return (step?.annotations ?? []).filter((a) => a.startsWith("error "));
}

/** Whether GitHub would start the build job after a plan with this result. */
function buildRuns(planResult: string): boolean {
  const needs = { plan: { result: planResult } };
  const contexts: Contexts = { github, inputs: callerInputs({}), needs };
  return runs(jobs.build.if, contexts, jobStatus(needs, false));
}

describe("the plan step gets the later jobs' inputs it checks", () => {
  it("passes every input the plan action shares with the workflow, as given", () => {
    const action = readYaml<ActionManifest>("packages/image-spec/action.yml");
    const shared = Object.keys(action.inputs ?? {}).filter((name) => name in call.inputs);
    expect(shared).toEqual(
      expect.arrayContaining(["annotations", "build-args", "cache-from", "cache-to", "insecure-registries"]),
    );
    for (const name of shared) expect(planStep?.with?.[name], name).toBe(`\${{ inputs.${name} }}`);
  });
});

describe("a caller's bad input fails in the plan job, before any build", () => {
  it("a good caller's plan succeeds and the build runs (the test can tell)", async () => {
    const played = await planFor({
      annotations: "org.opencontainers.image.description=The Rubin Science Platform lab",
      "build-args": "BASE=python:3.13\nVERSION=w_2026_48",
      "cache-from": "type=registry,ref=ghcr.io/lsst-sqre/sciplat-lab:cache-{arch}",
      "cache-to": "type=registry,ref=ghcr.io/lsst-sqre/sciplat-lab:cache-{arch},mode=max",
    });
    expect(planErrors(played)).toEqual([]);
    expect(played.status).toBe("success");
    expect(JSON.parse(played.outputs.matrix ?? "").include).toHaveLength(2);
    expect(buildRuns("success")).toBe(true);
  });

  it("annotations without = (read otherwise only by the stitch, after every build and push)", async () => {
    const played = await planFor({ annotations: "org.opencontainers.image.title: sciplat-lab" });
    expect(played.status).toBe("failure");
    expect(planErrors(played)).toEqual([
      'error Invalid input: annotations: annotations: "org.opencontainers.image.title: sciplat-lab" is not KEY=VALUE; write one KEY=VALUE per line',
      "error : 1 input problem; nothing was built or pushed",
    ]);
    expect(played.outputs.matrix).toBe("");
    expect(buildRuns("failure")).toBe(false);
  });

  it("build-args and cache-to (read otherwise by each build leg, after its setup), both at once", async () => {
    const played = await planFor({
      "build-args": "BASE=python:3.13\nDEBUG",
      "cache-to": "type=registry,ref=ghcr.io/lsst-sqre/sciplat-lab:cache-{platform},mode=max",
    });
    expect(played.status).toBe("failure");
    expect(planErrors(played)).toEqual([
      'error Invalid input: build-args: build-args: "DEBUG" is not KEY=VALUE; write one KEY=VALUE per line',
      'error Invalid input: cache-to: cache-to: "type=registry,ref=ghcr.io/lsst-sqre/sciplat-lab:cache-{platform},mode=max" has the placeholder {platform}, which is not known; write {arch} (the platform\'s tag suffix: amd64, arm64, arm-v7), or no placeholder',
      "error : 2 input problems; nothing was built or pushed",
    ]);
    expect(played.outputs.matrix).toBe("");
    expect(buildRuns("failure")).toBe(false);
  });
});
