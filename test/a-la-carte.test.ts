/**
 * examples/workflows/a-la-carte.yaml, the actions wired together without build.yaml (issue 20.4):
 * read by GitHub's workflow parser, its expressions evaluated with GitHub's evaluator over the
 * contexts of a push, a tag and a pull request, the plan made by the bundled image-spec action, and
 * each later step's inputs parsed by that action's own input code. What the builds push must be
 * exactly what the stitch reads.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parseInputs as parseBuildInputs } from "../packages/arch-build/src/inputs";
import { type GitHubContext, sourceRef } from "../packages/image-spec/src/lib";
import { runAction } from "../packages/image-spec/src/testing/action-runner";
import { parseInputs as parseStitchInputs } from "../packages/manifest-stitch/src/run";
import { actionInputs, archBuildRaw, stitchRaw } from "./action-inputs";
import { type Contexts, evaluateValue, isTrue } from "./expressions";
import { type ActionManifest, type Job, readYaml, root, type Step, type Workflow } from "./workflow-files";

const PATH = "examples/workflows/a-la-carte.yaml";
const workflow = readYaml<Workflow & { env: Record<string, string> }>(PATH);
const OURS = /^OWNER\/multiplatform-build-and-push\/packages\/([a-z-]+)@v1$/;
const steps = (job: string): Step[] => workflow.jobs[job]?.steps ?? [];
const action = (step: Step) => OURS.exec(step.uses ?? "")?.[1];
const find = (job: string, name: string): Step => {
  const found = steps(job).find((s) => action(s) === name || s.uses?.startsWith(`${name}@`));
  if (!found) throw new Error(`${PATH}: job ${job} has no ${name} step`);
  return found;
};
const manifestOf = (name: string) => readYaml<ActionManifest>(`packages/${name}/action.yml`);

/** An action's inputs as the runner gives them: its action.yml defaults, then the step's `with:`. */
const inputsOf = (step: Step, contexts: Contexts) => actionInputs(action(step) ?? "", step, contexts);

const REPO = "lsst-sqre/app";
const runs: Array<[string, Record<string, unknown>, boolean]> = [
  ["a push to main", { event_name: "push", ref: "refs/heads/main", head_ref: "" }, true],
  ["a tag", { event_name: "push", ref: "refs/tags/12.0.0", head_ref: "" }, true],
  [
    "a pull request",
    { event_name: "pull_request", ref: "refs/pull/7/merge", head_ref: "tickets/DM-1" },
    false,
  ],
];

describe(PATH, () => {
  it("is a valid workflow for GitHub's own parser", async () => {
    const content = readFileSync(join(root, PATH), "utf8");
    const parsed = parseWorkflow({ name: PATH, content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    if (!parsed.value) throw new Error(`${PATH} did not parse`);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    expect(template.errors ?? []).toEqual([]);
  });

  it("runs plan → build (the plan's matrix) → manifest", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["plan", "build", "manifest"]);
    const build = workflow.jobs.build as Job;
    expect(build.needs).toBe("plan");
    expect(build.strategy?.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(build.strategy?.["fail-fast"]).toBe(false);
    expect(build["runs-on"]).toBe("${{ matrix.runner }}");
    expect(workflow.jobs.plan?.outputs?.matrix).toBe(
      `\${{ steps.${find("plan", "image-spec").id}.outputs.matrix }}`,
    );
    expect(workflow.jobs.manifest?.needs).toEqual(["plan", "build"]);
  });

  it("checks out before arch-build, sets up QEMU where the matrix says, and logs in in the job that pushes", () => {
    const order = (job: string, ...names: string[]) =>
      names.map((name) => steps(job).indexOf(find(job, name)));
    const [checkout, qemu, buildx, login, build] = order(
      "build",
      "actions/checkout",
      "docker/setup-qemu-action",
      "docker/setup-buildx-action",
      "multi-registry-login",
      "arch-build",
    );
    expect([checkout, qemu, buildx, login, build]).toEqual(
      [...[checkout, qemu, buildx, login, build]].sort(),
    );
    expect(find("build", "docker/setup-qemu-action").if).toBe("${{ matrix.qemu }}");
    expect(find("build", "docker/setup-qemu-action").with?.platforms).toBe("${{ matrix.platform }}");
    const [stitchLogin, stitch] = order("manifest", "multi-registry-login", "manifest-stitch");
    expect(stitchLogin).toBeLessThan(stitch ?? -1);
  });

  it("gives every action of ours inputs it has, and every required one a value", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (!step.uses || step.uses.startsWith("actions/") || step.uses.startsWith("docker/")) continue;
        const pkg = action(step);
        expect(
          pkg,
          `${name}: ${step.uses} is not OWNER/multiplatform-build-and-push/packages/<name>@v1`,
        ).toBeDefined();
        const inputs = manifestOf(pkg ?? "").inputs ?? {};
        for (const key of Object.keys(step.with ?? {}))
          expect(Object.keys(inputs), `${name}: ${pkg}`).toContain(key);
        for (const [input, spec] of Object.entries(inputs)) {
          if (spec.required)
            expect(Object.keys(step.with ?? {}), `${name}: ${pkg} needs ${input}`).toContain(input);
        }
      }
    }
  });

  it.each(
    runs,
  )("%s: the builds push exactly what the stitch reads, on native runners", async (_, run, pushes) => {
    const github = { ...run, repository: REPO, repository_owner: "lsst-sqre", actor: "rra" };
    const env = Object.fromEntries(
      Object.entries(workflow.env).map(([key, value]) => [key, evaluateValue(value, { github })]),
    );
    expect(env.PUSH).toBe(String(pushes));
    const context: GitHubContext = {
      eventName: String(run.event_name),
      ref: String(run.ref),
      headRef: String(run.head_ref),
      repository: REPO,
      repositoryOwner: "lsst-sqre",
      actor: "rra",
      sha: "89abcdef0123456789abcdef0123456789abcdef",
      serverUrl: "https://github.com",
      runnerEnvironment: "github-hosted",
    };
    const runnerEnv = {
      GITHUB_EVENT_NAME: context.eventName,
      GITHUB_REF: context.ref,
      GITHUB_HEAD_REF: context.headRef,
      GITHUB_REPOSITORY: REPO,
    };

    // The plan job, as the runner runs it: the bundled image-spec action, then the job's outputs.
    const planStep = find("plan", "image-spec");
    const plan = await runAction(join(root, "packages/image-spec/action.yml"), {
      inputs: inputsOf(planStep, { github, env }),
      env: runnerEnv,
    });
    expect(plan.errors).toEqual([]);
    const planOutputs = Object.fromEntries(
      Object.entries(workflow.jobs.plan?.outputs ?? {}).map(([key, value]) => [
        key,
        evaluateValue(value, { steps: { [planStep.id ?? ""]: { outputs: plan.outputs } } }),
      ]),
    );
    const needs = { plan: { outputs: planOutputs } };

    // The build legs: the matrix GitHub expands, each leg's runner, QEMU and arch-build inputs.
    const matrixExpression = /^\$\{\{([\s\S]*)\}\}$/.exec(String(workflow.jobs.build?.strategy?.matrix))?.[1];
    const matrix = JSON.parse(evaluateValue(`\${{ toJSON(${matrixExpression}) }}`, { needs }));
    const pushed: string[] = [];
    const legs: string[] = [];
    for (const leg of matrix.include as Array<Record<string, unknown>>) {
      const contexts = { github, env, needs, matrix: leg };
      legs.push(
        `${leg.platform} on ${evaluateValue(String(workflow.jobs.build?.["runs-on"]), contexts)}` +
          (isTrue(find("build", "docker/setup-qemu-action").if ?? "", contexts) ? " (QEMU)" : ""),
      );
      const login = inputsOf(find("build", "multi-registry-login"), contexts);
      expect(login["check-push"]).toBe(String(pushes));
      const given = inputsOf(find("build", "arch-build"), contexts);
      const raw = archBuildRaw(given);
      const build = parseBuildInputs(raw, { github: context, hostPlatform: String(leg.platform) });
      expect(build.push).toBe(pushes);
      expect(build.context).toBe(".");
      pushed.push(...build.refs);
    }
    expect(legs).toEqual(["linux/amd64 on ubuntu-24.04", "linux/arm64 on ubuntu-24.04-arm"]);

    // The manifest job: only when pushing; its stitch reads <image>:<tag>-<suffix> of every platform.
    const manifest = workflow.jobs.manifest as Job;
    expect(isTrue(manifest.if ?? "true", { github })).toBe(pushes);
    const given = inputsOf(find("manifest", "manifest-stitch"), { github, env, needs });
    const stitch = parseStitchInputs(stitchRaw(given), context);
    const read = stitch.plan.images.flatMap((image) =>
      stitch.plan.platforms.map((platform) => sourceRef(stitch.plan, image, platform)),
    );
    expect(read.sort()).toEqual(pushed.sort());
    expect(stitch.plan.tags).toEqual([planOutputs.tag]);
    expect(pushed).toEqual(expect.arrayContaining([`ghcr.io/${REPO}:${planOutputs.tag}-arm64`]));
  });
});
