/**
 * A failed run says what it left (issue 12): when one platform's build fails, the manifest job writes
 * no index and its error names the per-arch tags the platforms that built pushed.
 *
 * Played as the runner plays it: the bundled planning action computes the plan's real outputs; the
 * build job's `outputs:` are evaluated from build.yaml once per matrix leg with GitHub's evaluator and
 * merged by the runner's rule for matrix jobs (a leg sends only its non-empty outputs, the last leg to
 * finish wins a name); then the manifest job's refusing step gets its `env:` evaluated the same way and
 * its `run:` script runs in bash.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "../packages/image-spec/src/testing/action-runner";
import { type Contexts, evaluateValue, runs, stepStatus } from "./expressions";
import { runStep } from "./run-step";
import { type Job, readYaml, root, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const buildJob = build.jobs.build as Job;
const manifestJob = build.jobs.manifest as Job;
const refuse = (manifestJob.steps ?? []).find((step) => step.name === "Refuse to publish a partial build");

const IMAGES = "ghcr.io/lsst-sqre/sciplat-lab\ndocker.io/lsstsqre/sciplat-lab";
const AMD64 = `sha256:${"a".repeat(64)}`;
const ARM64 = `sha256:${"b".repeat(64)}`;

/** The plan job's outputs, from the bundled planning action run as the runner runs it. */
async function planOutputs(platforms: string): Promise<Record<string, string>> {
  const run = await runAction(join(root, "packages/image-spec/action.yml"), {
    inputs: { images: IMAGES, tag: "w_2026_48", platforms },
    env: {
      GITHUB_EVENT_NAME: "push",
      GITHUB_REF: "refs/tags/w_2026_48",
      GITHUB_REPOSITORY: "lsst-sqre/sciplat-lab",
    },
  });
  expect(run.errors).toEqual([]);
  const contexts: Contexts = { steps: { plan: { outputs: run.outputs } } };
  const outputs = build.jobs.plan?.outputs ?? {};
  return Object.fromEntries(
    ["arch-tags", "matrix"].map((name) => [name, evaluateValue(outputs[name] ?? "", contexts)]),
  );
}

interface Leg {
  readonly suffix: string;
  readonly platform: string;
  readonly outcome: "success" | "failure";
  readonly digest?: string;
}

/** The build job's outputs after every leg, merged as the runner merges a matrix job's outputs. */
function buildOutputs(legs: readonly Leg[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const leg of legs) {
    const contexts: Contexts = {
      matrix: { platform: leg.platform, suffix: leg.suffix },
      steps: { build: { outcome: leg.outcome, outputs: leg.digest ? { digest: leg.digest } : {} } },
    };
    for (const [name, value] of Object.entries(buildJob.outputs ?? {})) {
      const evaluated = evaluateValue(value, contexts);
      if (evaluated !== "") merged[name] = evaluated;
    }
  }
  return merged;
}

/** The refusing step as the manifest job runs it: its `if:`, then its script with its `env:`. */
function refuseStep(plan: Record<string, string>, buildResult: string, outputs: Record<string, string>) {
  if (!refuse?.run || !refuse.if) throw new Error("build.yaml: manifest has no refusing step");
  const contexts: Contexts = {
    needs: {
      plan: { result: "success", outputs: plan },
      build: { result: buildResult, outputs },
    },
    job: { status: "success" },
  };
  if (!runs(refuse.if, contexts, stepStatus("success"))) return undefined;
  return runStep(refuse, contexts);
}

describe("a failed platform: the manifest job names what the others left", () => {
  it("lists every per-arch ref of the platform that built, with its digest, and none of the one that failed", async () => {
    const plan = await planOutputs("linux/amd64,linux/arm64");
    // amd64 finishes first and pushes; arm64 fails last (its empty outputs must not erase amd64's).
    const outputs = buildOutputs([
      { suffix: "amd64", platform: "linux/amd64", outcome: "success", digest: AMD64 },
      { suffix: "arm64", platform: "linux/arm64", outcome: "failure", digest: ARM64 },
    ]);
    expect(outputs).toEqual({ "pushed-amd64": AMD64 });
    const ran = refuseStep(plan, "failure", outputs);
    expect(ran?.code).toBe(1);
    expect(ran?.stderr).toBe("");
    expect(ran?.stdout).toContain(
      "::error title=Nothing published::A platform failed to build or push (see the build jobs). " +
        "No multi-arch tag was written (plan: success, build: failure).",
    );
    expect(ran?.stdout).toContain(
      "The platforms that built left their per-arch tags: " +
        `ghcr.io/lsst-sqre/sciplat-lab:w_2026_48-amd64@${AMD64}, docker.io/lsstsqre/sciplat-lab:w_2026_48-amd64@${AMD64}.`,
    );
    expect(ran?.stdout).not.toContain("arm64");
  });

  it("says that nothing was left when no platform pushed", async () => {
    const plan = await planOutputs("linux/amd64,linux/arm64,linux/arm/v7");
    const outputs = buildOutputs([
      { suffix: "amd64", platform: "linux/amd64", outcome: "failure" },
      { suffix: "arm64", platform: "linux/arm64", outcome: "failure" },
      { suffix: "arm-v7", platform: "linux/arm/v7", outcome: "failure" },
    ]);
    expect(outputs).toEqual({});
    const ran = refuseStep(plan, "failure", outputs);
    expect(ran?.code).toBe(1);
    expect(ran?.stdout).toContain(
      "No multi-arch tag was written (plan: success, build: failure). No platform pushed its per-arch tags.",
    );
  });

  it("has an output for the suffix of every platform the plan accepts by default, and runs only on failure", async () => {
    const plan = await planOutputs(
      "linux/amd64,linux/arm64,linux/arm/v7,linux/ppc64le,linux/s390x,linux/386",
    );
    const matrix = JSON.parse(plan.matrix ?? "{}") as { include: Array<{ suffix: string }> };
    for (const { suffix } of matrix.include) expect(buildJob.outputs).toHaveProperty(`pushed-${suffix}`);
    expect(refuseStep(plan, "success", {})).toBeUndefined();
  });
});
