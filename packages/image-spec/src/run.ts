import type { GitHubContext } from "./github";
import { makePlan, type Plan, type PlanOptions, planArchRefs, planMatrix } from "./plan";

export interface PlanOutputs {
  readonly tag: string;
  readonly tags: readonly string[];
  readonly images: readonly string[];
  readonly registries: readonly string[];
  readonly "arch-tags": Record<string, string[]>;
  readonly matrix: ReturnType<typeof planMatrix>;
}

/** The planning action: validate everything and describe the build. */
export function run(options: PlanOptions, context: GitHubContext): { plan: Plan; outputs: PlanOutputs } {
  const plan = makePlan(options, context);
  return {
    plan,
    outputs: {
      tag: plan.tag,
      tags: plan.tags,
      images: plan.images.map((image) => image.name),
      registries: plan.registries,
      "arch-tags": planArchRefs(plan),
      matrix: planMatrix(plan),
    },
  };
}
