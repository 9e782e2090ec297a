import {
  type CredentialResolver,
  classifyRegistryError,
  type GitHubContext,
  InputError,
  makePlan,
  type Plan,
  Problems,
  parseInsecureRegistries,
  parseKeyValues,
  RegistryClient,
  RegistryError,
  type Reporter,
  type RetryPolicy,
  refName,
  silentReporter,
  sourceAnnotations,
} from "@mbp/image-spec";
import { RegistryStore } from "./registry-store";
import { type NotFoundRetry, StitchError, type StitchResult, stitch } from "./stitch";

/** The action's inputs as given (names as in action.yml); empty string means "not given". */
export interface RawInputs {
  readonly images: string;
  readonly tag: string;
  readonly additionalTags: string;
  readonly platforms: string;
  readonly annotations: string;
  readonly push: boolean;
  readonly insecureRegistries: string;
  readonly timeoutSeconds: string;
}

/** Validated inputs: the plan the builds used, plus what only stitching needs. */
export interface StitchInputs {
  readonly plan: Plan;
  /** Index-level annotations: source/revision from the GitHub context, then the `annotations` input. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly push: boolean;
  readonly insecure: readonly string[];
  /** The whole stitch ends (failing, naming the registry) after this many ms. */
  readonly deadlineMs: number;
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
  const timeout = raw.timeoutSeconds.trim() === "" ? 110 : Number(raw.timeoutSeconds.trim());
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > 3600) {
    problems.add(
      new InputError(
        "timeout-seconds",
        raw.timeoutSeconds,
        "is not a number of seconds from 1 to 3600",
        "write a whole number such as 110 (the default), below the job's own timeout",
      ),
    );
  }
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
    deadlineMs: Math.round(timeout * 1000),
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
  /** The whole run ends (no new try, no request outliving it) after this; default the inputs'. */
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
  /** Every planned `image:tag` not pushed: empty after a complete run. */
  readonly unwrittenRefs: string[];
  /** Every tag was pushed to every image. */
  readonly complete: boolean;
}

/**
 * Builds the outputs from what was (or would be) pushed: `results` may be partial (a failure part-way)
 * or empty (a failure before any push); every planned ref not in them counts as not written.
 */
export function outputsOf(plan: Plan, results: readonly StitchResult[]): StitchOutputs {
  const refs = results.flatMap((r) => [...r.refs]);
  const written = new Set(refs.map((ref) => ref.slice(0, ref.lastIndexOf("@"))));
  const unwrittenRefs = plan.images
    .flatMap((image) => plan.tags.map((tag) => refName(image, tag)))
    .filter((ref) => !written.has(ref));
  return {
    tag: plan.tag,
    digest: results[0]?.digest ?? "",
    digests: Object.fromEntries(results.map((r) => [r.target, r.digest])),
    refs,
    unwrittenRefs,
    complete: unwrittenRefs.length === 0,
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
  const deadlineMs = deps.deadlineMs ?? inputs.deadlineMs;
  const client = new RegistryClient({
    credentials: deps.credentials,
    insecure: inputs.insecure,
    push: inputs.push,
    deadline: Date.now() + deadlineMs,
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
  } catch (error) {
    throw noteRateLimits(error, deadlineMs);
  } finally {
    for (const host of plan.registries) log.debug(`${host}: ${client.describeRequests(host)}`);
    client.close();
  }
}

/**
 * A run that ended on a rate limit ended by its deadline (rate limits are waited out until then):
 * says so, naming the hosts, and what to do.
 */
function noteRateLimits(error: unknown, deadlineMs: number): unknown {
  if (!(error instanceof Error)) return error;
  const errors = error instanceof StitchError ? error.errors : [error];
  const hosts = new Set<string>();
  for (const e of errors) {
    const decision = classifyRegistryError(e);
    if (e instanceof RegistryError && decision.retry && decision.rateLimited) hosts.add(e.host);
  }
  if (hosts.size === 0) return error;
  error.message +=
    `\n${[...hosts].join(", ")} kept rate limiting this run until its ${Math.round(deadlineMs / 1000)} s deadline ` +
    "(timeout-seconds), and nothing was sent after it. Rerun later, or raise timeout-seconds.";
  return error;
}
