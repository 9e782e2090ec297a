import { parseCacheEntries } from "./build-request";
import { InputError, Problems } from "./errors";
import type { GitHubContext } from "./github";
import { buildkitdConfig, parseInsecureRegistries } from "./image";
import { parseKeylessInputs } from "./keyless/plan";
import { parseKeyValues } from "./list";
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
  /** buildkitd.toml for the build job's buildx builder: the insecure registries; empty for none. */
  readonly "buildkitd-config": string;
}

/**
 * Inputs that the later jobs read (the build's, the stitch's, the logins'), as given; empty or absent
 * means "not given". The plan checks each with the very rule of the job that reads it, so that a typo
 * fails here, in seconds, and not once per platform after its setup, or after every platform was
 * built. What depends on the engine (buildah's cache rule) or on a secret stays with the build.
 */
export interface LaterInputs {
  /** arch-build's `build-args`: KEY=VALUE lines. */
  readonly buildArgs?: string;
  /** arch-build's `cache-from` and `cache-to`: cache entries, `{arch}` the one placeholder. */
  readonly cacheFrom?: string;
  readonly cacheTo?: string;
  /** manifest-stitch's `annotations`: KEY=VALUE lines. */
  readonly annotations?: string;
  /** Every action's `insecure-registries`: host[:port] entries. */
  readonly insecureRegistries?: string;
  /** multi-registry-login's keyless inputs (none is a secret). */
  readonly garWorkloadIdentityProvider?: string;
  readonly garServiceAccount?: string;
  readonly awsRoleArn?: string;
}

/**
 * The planning action's inputs: the plan's, the later jobs' it checks, and when the job started
 * (`started`, epoch ms).
 */
export interface PlanInputs extends PlanOptions, LaterInputs {
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
  const insecure = checkLaterInputs(options, problems);
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
      "buildkitd-config": buildkitdConfig(insecure),
    },
  };
}

/**
 * Records the problems of the later jobs' inputs, each found by the function that job calls on it
 * (arch-build's parseInputs, manifest-stitch's parseInputs, multi-registry-login's parseRequest).
 * Returns the insecure registries, which the build job's builder is configured with.
 */
function checkLaterInputs(inputs: LaterInputs, problems: Problems): string[] {
  problems.attempt(() => parseKeyValues(inputs.buildArgs ?? "", "build-args"));
  parseCacheEntries("cache-from", inputs.cacheFrom ?? "", problems);
  parseCacheEntries("cache-to", inputs.cacheTo ?? "", problems);
  problems.attempt(() => parseKeyValues(inputs.annotations ?? "", "annotations"));
  const insecure = problems.attempt(() => parseInsecureRegistries(inputs.insecureRegistries ?? "")) ?? [];
  parseKeylessInputs(
    {
      garWorkloadIdentityProvider: inputs.garWorkloadIdentityProvider ?? "",
      garServiceAccount: inputs.garServiceAccount ?? "",
      awsRoleArn: inputs.awsRoleArn ?? "",
    },
    problems,
  );
  return insecure;
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
