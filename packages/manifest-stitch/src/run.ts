import {
  asError,
  type CredentialResolver,
  classifyRegistryError,
  type GitHubContext,
  InputError,
  imageSize,
  makePlan,
  type Plan,
  Problems,
  parseInsecureRegistries,
  parseKeyValues,
  parseTimelines,
  RegistryClient,
  RegistryError,
  type Reporter,
  type RetryPolicy,
  refName,
  silentReporter,
  sourceAnnotations,
  type TimelineEntry,
} from "@mbp/image-spec";
import { findLeftovers, type Leftover, nothingPublishedMessage } from "./leftovers";
import { RegistryStore } from "./registry-store";
import { parseSources } from "./sources";
import { type NotFoundRetry, StitchError, type StitchResult, stitch } from "./stitch";
import type { ManifestStore } from "./store";

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
  /** Per-platform digests (lines or JSON); empty: the per-architecture tags. */
  readonly sources: string;
  /** JSON timeline entries for the summary's picture; empty: none. */
  readonly timeline: string;
  /** How the builds ended (`needs.build.result`); empty: success. */
  readonly buildResult: string;
}

/** The results a `needs.<job>.result` can have. */
export const BUILD_RESULTS = ["success", "failure", "cancelled", "skipped"] as const;
export type BuildResult = (typeof BUILD_RESULTS)[number];

/** Validated inputs: the plan the builds used, plus what only stitching needs. */
export interface StitchInputs {
  readonly plan: Plan;
  /** Index-level annotations: source/revision from the GitHub context, then the `annotations` input. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly push: boolean;
  readonly insecure: readonly string[];
  /** The whole stitch ends (failing, naming the registry) after this many ms. */
  readonly deadlineMs: number;
  /** Platform id → digest when the sources are given by digest (`sources`); unset: the arch tags. */
  readonly sourceDigests?: ReadonlyMap<string, string>;
  /** The run's other timestamps (the plan, each build), for the summary's picture. */
  readonly timeline: readonly TimelineEntry[];
  /** Anything but success: nothing is written; what the builds left is listed and the step fails. */
  readonly buildResult: BuildResult;
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
  const buildResult = (raw.buildResult.trim() || "success") as BuildResult;
  if (!BUILD_RESULTS.includes(buildResult)) {
    problems.add(
      new InputError(
        "build-result",
        raw.buildResult,
        "is not a job result",
        `write ${BUILD_RESULTS.join(", ")} (e.g. \${{ needs.build.result }})`,
      ),
    );
  }
  const sourceDigests =
    plan && raw.sources.trim()
      ? parseSources(raw.sources, plan.platforms, problems, { complete: buildResult === "success" })
      : undefined;
  const timeline = raw.timeline.trim()
    ? (problems.attempt(() => parseTimelines(raw.timeline, "timeline")) ?? [])
    : [];
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
    ...(sourceDigests ? { sourceDigests } : {}),
    timeline,
    buildResult,
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
  /** Read each platform's image size (config plus layers) for the summary: a GET per image manifest. */
  readonly sizes?: boolean;
  readonly now?: () => number;
}

/** What the summary shows of a run, besides its results. */
export interface StitchReport {
  /** When this step's work started and ended (epoch ms). */
  readonly started: number;
  readonly ended: number;
  /** Platform id → image size as the registry shows it (config plus layers), where it was read. */
  readonly sizes: ReadonlyMap<string, number>;
}

/** The builds did not succeed: nothing was written; what they left, per image and platform. */
export class NothingPublishedError extends Error {
  override readonly name = "NothingPublishedError";
  constructor(
    message: string,
    readonly leftovers: readonly Leftover[],
    readonly report: StitchReport,
  ) {
    super(message);
  }
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
): Promise<{ results: StitchResult[]; outputs: StitchOutputs; report: StitchReport }> {
  const log = deps.log ?? silentReporter;
  const now = deps.now ?? Date.now;
  const started = now();
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
  const targets = plan.images.map((image) => new RegistryStore(client, image));
  try {
    if (inputs.buildResult !== "success") {
      // push false: the builds pushed nothing, so there is nothing to look for (nor credentials).
      const leftovers = !inputs.push
        ? []
        : await log.group("Look for what the builds left", () =>
            findLeftovers({
              targets,
              platforms: plan.platforms,
              sourceTag: plan.tag,
              ...(inputs.sourceDigests ? { sourceDigests: inputs.sourceDigests } : {}),
            }),
          );
      const found = leftovers.flatMap((l) =>
        l.found ? [{ store: storeOf(targets, l.image), platform: l.platform, descriptor: l.found }] : [],
      );
      const sizes = deps.sizes ? await readSizes(found, log) : new Map<string, number>();
      const failed = inputs.timeline
        .filter((e) => e.platform && e.outcome === "failure")
        .map((e) => e.platform as string);
      throw new NothingPublishedError(
        nothingPublishedMessage(inputs.buildResult, failed, leftovers, inputs.push),
        leftovers,
        { started, ended: now(), sizes },
      );
    }
    const results = await stitch({
      targets,
      platforms: plan.platforms,
      sourceTag: plan.tag,
      ...(inputs.sourceDigests ? { sourceDigests: inputs.sourceDigests } : {}),
      tags: plan.tags,
      annotations: inputs.annotations,
      push: inputs.push,
      log,
      ...(deps.notFoundRetry ? { notFoundRetry: deps.notFoundRetry } : {}),
    });
    const first = results[0];
    const sizes =
      deps.sizes && first
        ? await readSizes(
            first.sources.map((source) => ({
              store: storeOf(targets, first.target),
              platform: source.platform.id,
              descriptor: source.descriptor,
            })),
            log,
          )
        : new Map<string, number>();
    return { results, outputs: outputsOf(plan, results), report: { started, ended: now(), sizes } };
  } catch (error) {
    if (error instanceof NothingPublishedError) throw error;
    throw noteRateLimits(error, deadlineMs);
  } finally {
    for (const host of plan.registries) log.debug(`${host}: ${client.describeRequests(host)}`);
    client.close();
  }
}

function storeOf(targets: readonly ManifestStore[], name: string): ManifestStore {
  const store = targets.find((t) => t.name === name);
  if (!store) throw new Error(`unreachable: no store ${name}`);
  return store;
}

/**
 * Each platform's image size (config plus layers) as the registry shows it, for the summary, read
 * after the tags are written so that it never delays them: one GET per image manifest inside an
 * attested index (an image manifest's bytes were read already). A size that cannot be read is left out.
 */
async function readSizes(
  sources: ReadonlyArray<{
    store: ManifestStore;
    platform: string;
    descriptor: { mediaType: string; digest: string };
  }>,
  log: Reporter,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  await Promise.all(
    sources.map(async ({ store, platform, descriptor }) => {
      if (sizes.has(platform)) return;
      try {
        sizes.set(platform, await imageSize(descriptor, async (digest) => (await store.fetch(digest)).bytes));
      } catch (error) {
        log.debug(`size of ${store.refName(descriptor.digest)} not read: ${asError(error).message}`);
      }
    }),
  );
  return sizes;
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
