import {
  type CredentialResolver,
  type GitHubContext,
  makePlan,
  type Plan,
  Problems,
  parseInsecureRegistries,
  parseKeyValues,
  RegistryClient,
  type Reporter,
  type RetryPolicy,
  silentReporter,
  sourceAnnotations,
} from "@mbp/image-spec";
import { RegistryStore } from "./registry-store";
import { type NotFoundRetry, type StitchResult, stitch } from "./stitch";

/** The action's inputs as given (names as in action.yml); empty string means "not given". */
export interface RawInputs {
  readonly images: string;
  readonly tag: string;
  readonly additionalTags: string;
  readonly platforms: string;
  readonly annotations: string;
  readonly push: boolean;
  readonly insecureRegistries: string;
}

/** Validated inputs: the plan the builds used, plus what only stitching needs. */
export interface StitchInputs {
  readonly plan: Plan;
  /** Index-level annotations: source/revision from the GitHub context, then the `annotations` input. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly push: boolean;
  readonly insecure: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Validates every input at once (problems already found, e.g. a bad boolean, are passed in) and makes
 * the plan with the same code the builds used. Throws InputErrors; touches nothing.
 */
export function parseInputs(raw: RawInputs, context: GitHubContext, problems = new Problems()): StitchInputs {
  const plan = problems.attempt(() =>
    makePlan(
      { images: raw.images, tag: raw.tag, additionalTags: raw.additionalTags, platforms: raw.platforms },
      context,
    ),
  );
  const userAnnotations = problems.attempt(() => parseKeyValues(raw.annotations, "annotations")) ?? [];
  const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
  problems.throwIfAny();
  if (!plan) throw new Error("unreachable: plan missing after validation");
  const warnings = [...plan.warnings];
  for (const host of insecure) {
    if (!plan.registries.includes(host)) {
      warnings.push(`insecure-registries: "${host}" is not the registry of any image; it is not used`);
    }
  }
  return {
    plan,
    annotations: { ...sourceAnnotations(context), ...Object.fromEntries(userAnnotations) },
    push: raw.push,
    insecure,
    warnings,
  };
}

/** What the action needs from outside: credentials and logs, plus knobs tests turn. */
export interface StitchDeps {
  readonly credentials: CredentialResolver;
  readonly log?: Reporter;
  readonly retryPolicy?: RetryPolicy;
  /** One HTTP exchange; default 30 s. */
  readonly timeoutMs?: number;
  /** The whole run ends (no new try, no request outliving it) after this; default 110 s. */
  readonly deadlineMs?: number;
  readonly notFoundRetry?: NotFoundRetry;
}

/** The action's outputs. */
export interface StitchOutputs {
  readonly tag: string;
  /** The index digest (of the first image; all are equal when the images hold the same builds). */
  readonly digest: string;
  /** Image → index digest. */
  readonly digests: Record<string, string>;
  /** Every `image:tag@digest` pushed. */
  readonly refs: string[];
}

/** Builds the outputs from what was (or would be) pushed. */
export function outputsOf(plan: Plan, results: readonly StitchResult[]): StitchOutputs {
  return {
    tag: plan.tag,
    digest: results[0]?.digest ?? "",
    digests: Object.fromEntries(results.map((r) => [r.target, r.digest])),
    refs: results.flatMap((r) => [...r.refs]),
  };
}

/**
 * Stitches the plan's multi-arch tags in every image's registry over the distribution API. Returns the
 * per-image results and the outputs.
 */
export async function run(
  inputs: StitchInputs,
  deps: StitchDeps,
): Promise<{ results: StitchResult[]; outputs: StitchOutputs }> {
  const log = deps.log ?? silentReporter;
  const { plan } = inputs;
  const client = new RegistryClient({
    credentials: deps.credentials,
    insecure: inputs.insecure,
    push: inputs.push,
    deadline: Date.now() + (deps.deadlineMs ?? 110_000),
    debug: (message) => log.debug(message),
    ...(deps.retryPolicy ? { retryPolicy: deps.retryPolicy } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
  });
  try {
    const results = await stitch({
      targets: plan.images.map((image) => new RegistryStore(client, image)),
      platforms: plan.platforms,
      sourceTag: plan.tag,
      tags: plan.tags,
      annotations: inputs.annotations,
      push: inputs.push,
      log,
      ...(deps.notFoundRetry ? { notFoundRetry: deps.notFoundRetry } : {}),
    });
    return { results, outputs: outputsOf(plan, results) };
  } finally {
    for (const host of plan.registries) log.debug(`${host}: ${client.describeRequests(host)}`);
    client.close();
  }
}
