/**
 * Plays one job of build.yaml as the runner runs it, for the repo checks: each step's `if:` decided
 * by GitHub's rules (expressions.ts: `success() &&` added where no status function is named, the
 * status functions answering from the job's status), `run:` steps run in bash with their `env:` and a
 * GITHUB_OUTPUT file, this repository's planning and stitching actions run from their bundled
 * `dist/` with their `with:` evaluated by GitHub's evaluator, and every other step (checkouts, the
 * login, whose Docker config the test provides) taken as succeeded. Then the job's `outputs:` are
 * evaluated over what the steps output. Also: a matrix job's outputs merged as the runner merges them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFileCommands, runAction } from "../packages/image-spec/src/testing/action-runner";
import { type Contexts, evaluateValue, runs, stepStatus } from "./expressions";
import { annotations, runStep } from "./run-step";
import { type Job, root, type Step } from "./workflow-files";

type JobStatus = "success" | "failure" | "cancelled";

export interface PlayedStep {
  readonly name: string;
  readonly id?: string;
  /** `run`, one of our actions by package name, or `stub` (taken as succeeded). */
  readonly kind: string;
  readonly outcome: "success" | "failure";
  /** `level title: message` of each `::error`/`::warning`/`::notice` (run steps and actions alike). */
  readonly annotations: string[];
  readonly outputs: Record<string, string>;
  /** What the step wrote to the job summary (our actions). */
  readonly summary: string;
  /** The values it `::add-mask::`ed (our actions), which the runner masks for the rest of the job. */
  readonly addMasks: string[];
}

export interface PlayedJob {
  /** The steps that ran, in order (skipped ones left out). */
  readonly steps: PlayedStep[];
  /** The job's `outputs:` evaluated over its steps, before the runner drops empty ones. */
  readonly outputs: Record<string, string>;
  readonly status: JobStatus;
}

export interface PlayOptions {
  /** The job's status as its first step sees it (`cancelled` when the run was cancelled before). */
  readonly status?: "success" | "cancelled";
  /** Environment of our actions: GITHUB_* and DOCKER_CONFIG. */
  readonly env?: Record<string, string>;
  /** Take our actions as succeeded too, without running them (for which steps run, alone). */
  readonly stubActions?: boolean;
  /**
   * Which of our actions run from their bundles; the others are taken as succeeded. Default: the plan
   * and the stitch (the test's Docker config stands in for the login).
   */
  readonly actions?: readonly string[];
}

const OURS = /^\.\/\.mbp\/packages\/([a-z-]+)$/;
const DEFAULT_ACTIONS = ["image-spec", "manifest-stitch"];

export async function playJob(job: Job, contexts: Contexts, options: PlayOptions = {}): Promise<PlayedJob> {
  let status: JobStatus = options.status ?? "success";
  const stepsContext: Record<
    string,
    { outcome: string; conclusion: string; outputs: Record<string, string> }
  > = {};
  const played: PlayedStep[] = [];
  for (const step of job.steps ?? []) {
    const scope: Contexts = { ...contexts, job: { ...jobContext(contexts), status }, steps: stepsContext };
    if (!runs(step.if, scope, stepStatus(status))) {
      if (step.id) stepsContext[step.id] = { outcome: "skipped", conclusion: "skipped", outputs: {} };
      continue;
    }
    const real = options.stubActions ? [] : (options.actions ?? DEFAULT_ACTIONS);
    const result = await playStep(step, scope, options.env ?? {}, real);
    played.push(result);
    if (step.id) {
      stepsContext[step.id] = {
        outcome: result.outcome,
        conclusion: result.outcome,
        outputs: result.outputs,
      };
    }
    if (result.outcome === "failure" && status === "success") status = "failure";
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([name, value]) => [
      name,
      evaluateValue(value, { ...contexts, job: { ...jobContext(contexts), status }, steps: stepsContext }),
    ]),
  );
  return { steps: played, outputs, status };
}

// The job context the test gives (job.workflow_repository, job.workflow_sha), with the live status.
function jobContext(contexts: Contexts): Record<string, unknown> {
  return typeof contexts.job === "object" && contexts.job !== null
    ? (contexts.job as Record<string, unknown>)
    : {};
}

async function playStep(
  step: Step,
  scope: Contexts,
  env: Record<string, string>,
  real: readonly string[],
): Promise<PlayedStep> {
  const base = { name: step.name ?? step.uses ?? "", ...(step.id ? { id: step.id } : {}) };
  if (step.run) {
    const dir = mkdtempSync(join(tmpdir(), "mbp-step-"));
    try {
      const output = join(dir, "output");
      const ran = runStep(step, scope, { GITHUB_OUTPUT: output });
      let outputs: Record<string, string> = {};
      try {
        outputs = parseFileCommands(readFileSync(output, "utf8"));
      } catch {
        // The step wrote no output.
      }
      return {
        ...base,
        kind: "run",
        outcome: ran.code === 0 ? "success" : "failure",
        annotations: annotations(ran.stdout),
        outputs,
        summary: "",
        addMasks: [],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = OURS.exec(step.uses ?? "")?.[1];
  const ours = name && real.includes(name) ? name : undefined;
  if (!ours)
    return {
      ...base,
      kind: "stub",
      outcome: "success",
      annotations: [],
      outputs: {},
      summary: "",
      addMasks: [],
    };
  const inputs = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([key, value]) => [key, evaluateValue(String(value), scope)]),
  );
  const run = await runAction(join(root, "packages", ours, "action.yml"), { inputs, env });
  return {
    ...base,
    kind: ours,
    outcome: run.exitCode === 0 ? "success" : "failure",
    annotations: run.commands
      .filter((c) => ["error", "warning", "notice"].includes(c.command))
      .map((c) => {
        const title = /(?:^|,)title=([^,]*)/.exec(c.properties)?.[1];
        return `${c.command} ${title ? decodeURIComponent(title) : ""}: ${c.message}`;
      }),
    outputs: run.outputs,
    summary: run.summary,
    addMasks: run.commands.filter((c) => c.command === "add-mask").map((c) => c.message),
  };
}

/**
 * A matrix job's outputs as the runner reports them: each leg's `outputs:` evaluated over its own
 * matrix entry and steps; a leg sends only its non-empty outputs, and where two legs send one name,
 * the leg that finished last wins (`legs` in the order they finished).
 */
export function mergeLegOutputs(
  job: Job,
  legs: ReadonlyArray<{ matrix: Record<string, unknown>; steps: Contexts }>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const leg of legs) {
    for (const [name, value] of Object.entries(job.outputs ?? {})) {
      const evaluated = evaluateValue(value, { matrix: leg.matrix, steps: leg.steps });
      if (evaluated !== "") merged[name] = evaluated;
    }
  }
  return merged;
}

/**
 * A push of the tag `tag` to sciplat-lab's repository, as each part of a run sees it: `github` for
 * expressions, the GITHUB_* environment of our actions, and the `job` context of a runner that names
 * the workflow's own commit (build.yaml's first step checks that it does).
 */
export function tagPush(tag: string) {
  const repository = "lsst-sqre/sciplat-lab";
  return {
    github: {
      event_name: "push",
      ref: `refs/tags/${tag}`,
      ref_name: tag,
      head_ref: "",
      repository,
      actor: "rra",
      run_id: "4242",
      event: {},
    },
    env: {
      GITHUB_EVENT_NAME: "push",
      GITHUB_REF: `refs/tags/${tag}`,
      GITHUB_REF_NAME: tag,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: "lsst-sqre",
      GITHUB_ACTOR: "rra",
      GITHUB_SHA: "89abcdef0123456789abcdef0123456789abcdef",
    },
    job: { workflow_repository: "owner/multiplatform-build-and-push", workflow_sha: "0123abc" },
  };
}
