import { InputError, Problems } from "./errors";
import type { GitHubContext } from "./github";
import { makePlan, type Plan, type PlanOptions, planArchRefs, planMatrix } from "./plan";

export interface PlanOutputs {
  readonly tag: string;
  readonly tags: readonly string[];
  readonly images: readonly string[];
  readonly registries: readonly string[];
  readonly "arch-tags": Record<string, string[]>;
  readonly matrix: ReturnType<typeof planMatrix>;
  /** This planning job's entry for the run's picture (manifest-stitch's `timeline`), epoch ms. */
  readonly timeline: { readonly name: "plan"; readonly start: number; readonly end: number };
}

/** The planning action's inputs: the plan's, and when the job started (`started`, epoch ms). */
export interface PlanInputs extends PlanOptions {
  /** Epoch milliseconds of the job's start, from a step before this one; empty: this step's start. */
  readonly started?: string;
}

/** When the planning action's run began and ended (epoch ms). */
export interface PlanClock {
  readonly began: number;
  readonly now: () => number;
}

/** The planning action: validate everything and describe the build. */
export function run(
  options: PlanInputs,
  context: GitHubContext,
  clock: PlanClock = { began: Date.now(), now: Date.now },
): { plan: Plan; outputs: PlanOutputs } {
  const problems = new Problems();
  const started = problems.attempt(() => parseStarted(options.started ?? ""));
  const plan = problems.attempt(() => makePlan(options, context));
  problems.throwIfAny();
  if (!plan) throw new Error("unreachable: plan missing after validation");
  const end = clock.now();
  return {
    plan,
    outputs: {
      tag: plan.tag,
      tags: plan.tags,
      images: plan.images.map((image) => image.name),
      registries: plan.registries,
      "arch-tags": planArchRefs(plan),
      matrix: planMatrix(plan),
      // A start after the end (another clock) would be refused by the picture: never later than it.
      timeline: { name: "plan", start: Math.min(started ?? clock.began, end), end },
    },
  };
}

// Epoch milliseconds (13 digits), as `date +%s%3N` prints them; seconds are refused, not drawn in 1970.
function parseStarted(value: string): number | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  if (!/^[1-9][0-9]{12}$/.test(text)) {
    throw new InputError(
      "started",
      value,
      "is not a time in epoch milliseconds",
      "write what date +%s%3N prints (13 digits), or leave it empty",
    );
  }
  return Number(text);
}
