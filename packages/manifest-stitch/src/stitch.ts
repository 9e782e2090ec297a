import {
  archTag,
  asError,
  type Descriptor,
  isIndexMediaType,
  type Platform,
  RegistryError,
  type Reporter,
  silentReporter,
} from "@mbp/image-spec";
import { type BuiltIndex, buildIndex, type Source } from "./index-builder";
import { OciLayoutStore } from "./oci-layout";
import type { ManifestStore, StoredManifest } from "./store";

/** Where logs go; the action passes @actions/core, tests and a CLI their own. */
/** How long a missing source is looked for again before it counts as missing (read-after-write lag). */
export interface NotFoundRetry {
  /** Looks in all, the first included. */
  readonly attempts: number;
  /** Wait before the second look; doubles after each. */
  readonly delayMs: number;
}

/** About 3.5 s in all: GHCR can answer 404 for a few seconds after a push. */
export const DEFAULT_NOT_FOUND_RETRY: NotFoundRetry = { attempts: 4, delayMs: 500 };

export interface StitchRequest {
  /** One store per image (repository or layout); every one gets the same tags. */
  readonly targets: readonly ManifestStore[];
  /** The planned platforms, in plan order (the index's order). */
  readonly platforms: readonly Platform[];
  /** The tag the per-architecture sources carry before `-<suffix>` (the plan's primary tag). */
  readonly sourceTag: string;
  /**
   * Platform id → digest: the sources are `<image>@<digest>` instead of `<image>:<tag>-<suffix>`
   * (builds pushed by digest, `arch-tags: false`). Unset: the per-architecture tags.
   */
  readonly sourceDigests?: ReadonlyMap<string, string>;
  /** Every tag the index is pushed under, primary first. */
  readonly tags: readonly string[];
  /** Index-level annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** false: check the sources and build the index, push nothing (dry run). */
  readonly push: boolean;
  readonly notFoundRetry?: NotFoundRetry;
  readonly log?: Reporter;
  /** For tests: replaces the wait between looks for missing sources. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What was (or, in a dry run, would be) pushed to one target. */
export interface StitchResult extends BuiltIndex {
  readonly target: string;
  readonly sources: readonly Source[];
  readonly tags: readonly string[];
  readonly pushed: boolean;
  /** `name:tag@digest` of every tag pushed (empty in a dry run). */
  readonly refs: readonly string[];
  /** `name:tag` of every tag not pushed (all of them in a dry run). */
  readonly unwritten: readonly string[];
}

/** One or more per-architecture sources are not there: nothing was pushed. */
export class MissingSourcesError extends Error {
  override readonly name = "MissingSourcesError";
  constructor(
    readonly missing: readonly { ref: string; platform: string; reason?: string }[],
    byDigest = false,
  ) {
    super(
      `${missing.length} per-architecture image${missing.length === 1 ? " is" : "s are"} missing, so nothing was pushed:\n` +
        missing.map((m) => `  - ${m.ref} (${m.platform})${m.reason ? `: ${m.reason}` : ""}`).join("\n") +
        `\nEvery platform's build must push ${byDigest ? "its image by digest" : "its image:tag-suffix"} to every image before the multi-arch tags are written; check that those builds succeeded.`,
    );
  }
}

/** Several independent failures (one per registry, say), each with its own message. */
export class StitchError extends Error {
  override readonly name: string = "StitchError";
  constructor(
    summary: string,
    readonly errors: readonly Error[],
    /** What was pushed before the failure, so outputs can still say it. */
    readonly partial: readonly StitchResult[] = [],
    message?: string,
  ) {
    super(
      message ??
        (errors.length === 1
          ? (errors[0]?.message ?? summary)
          : `${summary}:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`),
    );
  }
}

/**
 * Writes the multi-arch index in every target, all or nothing: every source in every target is
 * checked first (one look-up each; a missing one is looked for again briefly), and a single missing
 * source fails the whole run, naming each, before anything is pushed. Index sources are read once (per
 * digest, across targets) and flattened. Then the same bytes are put under every tag in every target
 * and the digest each store reports is compared with the local one.
 */
export async function stitch(request: StitchRequest): Promise<StitchResult[]> {
  const log = request.log ?? silentReporter;
  const sleep = request.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retry = request.notFoundRetry ?? DEFAULT_NOT_FOUND_RETRY;

  const found = await log.group("Check the per-architecture images", async () => {
    const looks = request.targets.flatMap((store) =>
      request.platforms.map((platform) => {
        const tag = request.sourceDigests?.get(platform.id) ?? archTag(request.sourceTag, platform.suffix);
        return { store, platform, ref: store.refName(tag), tag };
      }),
    );
    const descriptors = new Map<(typeof looks)[number], Descriptor>();
    const refusals = new Map<(typeof looks)[number], Error>();
    let missing = looks;
    for (let attempt = 1; ; attempt++) {
      const answers = await settleAll(missing.map((look) => look.store.lookUp(look.tag)));
      missing.forEach((look, i) => {
        const answer = answers[i];
        if (answer?.outcome === "found") descriptors.set(look, answer.manifest);
        else if (answer?.outcome === "refused") refusals.set(look, answer.error);
        else refusals.delete(look);
      });
      missing = missing.filter((look) => !descriptors.has(look));
      if (missing.length === 0 || attempt >= retry.attempts) break;
      const delay = retry.delayMs * 2 ** (attempt - 1);
      log.debug(`${missing.map((m) => m.ref).join(", ")} not found; looking again in ${delay} ms`);
      await sleep(delay);
    }
    if (missing.length > 0) {
      throw new MissingSourcesError(
        missing.map((m) => {
          const refusal = refusals.get(m);
          const reason = refusal && `missing or not readable: ${refusal.message}`;
          return { ref: m.ref, platform: m.platform.id, ...(reason ? { reason } : {}) };
        }),
        request.sourceDigests !== undefined,
      );
    }
    for (const look of looks) {
      const d = descriptors.get(look) as Descriptor;
      log.info(`${look.ref} (${look.platform.id}): ${d.digest}, ${kindOf(d.mediaType)}, ${d.size} bytes`);
    }
    return looks.map((look) => ({ ...look, descriptor: descriptors.get(look) as Descriptor }));
  });

  // Index sources are read once per digest, from the first store that has them.
  const reads = new Map<string, Promise<StoredManifest>>();
  const read = (store: ManifestStore, digest: string) => {
    let known = reads.get(digest);
    if (known === undefined) {
      known = store.fetch(digest);
      reads.set(digest, known);
    }
    return known;
  };
  const built = await settleAll(
    request.targets.map(async (store) => {
      const mine = found.filter((f) => f.store === store);
      const sources: Source[] = await Promise.all(
        mine.map(async (f) => ({
          platform: f.platform,
          ref: f.ref,
          descriptor: f.descriptor,
          ...(isIndexMediaType(f.descriptor.mediaType)
            ? { index: (await read(store, f.descriptor.digest)).bytes }
            : {}),
        })),
      );
      return { store, sources, built: buildIndex(sources, request.annotations) };
    }),
  );
  const indexes = built;
  for (const { built: b } of indexes) for (const warning of b.warnings) log.warning(warning);
  const digests = new Set(indexes.map((i) => i.built.digest));
  if (digests.size > 1) {
    log.warning(
      `the images get different indexes (${indexes.map((i) => `${i.store.name}: ${i.built.digest}`).join(", ")}) because their per-architecture images differ`,
    );
  }

  if (!request.push) {
    return indexes.map(({ store, sources, built: b }) => ({
      ...b,
      target: store.name,
      sources,
      tags: request.tags,
      pushed: false,
      refs: [],
      unwritten: request.tags.map((t) => store.refName(t)),
    }));
  }

  // An OCI layout on this machine (the CLI's target) is written, not pushed: say so.
  const local = indexes.every(({ store }) => store instanceof OciLayoutStore);
  return log.group(local ? "Write the multi-arch tags" : "Push the multi-arch tags", async () => {
    // The primary (version) tag first, in every target; the aliases (additional tags, latest*) only
    // once every version tag is written everywhere. A failure part-way then never leaves an alias
    // (above all `latest`) on an index whose version tag is missing, and a rerun completes the set.
    const [primary, ...aliases] = request.tags;
    const written = new Map<ManifestStore, Set<string>>(indexes.map(({ store }) => [store, new Set()]));
    const putEverywhere = async (tag: string) => {
      const outcomes = await Promise.allSettled(
        indexes.map(async ({ store, built: b }) => {
          const reported = await store.put(tag, b.bytes, b.mediaType);
          if (reported !== undefined && reported !== b.digest) {
            throw new Error(
              `${store.refName(tag)}: the store reports digest ${reported} for the index, but its bytes have digest ${b.digest}`,
            );
          }
          if (reported === undefined) log.debug(`${store.refName(tag)}: no digest reported; not compared`);
          written.get(store)?.add(tag);
          log.info(
            `${store instanceof OciLayoutStore ? "Wrote" : "Pushed"} ${store.refName(tag)}@${b.digest}`,
          );
        }),
      );
      return outcomes.flatMap((o) => (o.status === "rejected" ? [asError(o.reason)] : []));
    };
    const failures = primary === undefined ? [] : await putEverywhere(primary);
    const aliasesHeldBack = failures.length > 0 && aliases.length > 0;
    if (failures.length === 0 && aliases.length > 0) {
      const settled = await Promise.all(aliases.map(putEverywhere));
      failures.push(...settled.flat());
    }
    const results = indexes.map(({ store, sources, built: b }) => {
      const mine = written.get(store) ?? new Set<string>();
      return {
        ...b,
        target: store.name,
        sources,
        tags: request.tags,
        pushed: mine.size === request.tags.length,
        refs: request.tags.filter((t) => mine.has(t)).map((t) => `${store.refName(t)}@${b.digest}`),
        unwritten: request.tags.filter((t) => !mine.has(t)).map((t) => store.refName(t)),
      };
    });
    if (failures.length > 0) throw new PartialPushError(dedupe(failures), results, aliasesHeldBack);
    return results;
  });
}

/**
 * Some tag pushes failed: says which, and lists exactly which refs were written and which were not,
 * so that a person (and the outputs) can tell what the registries hold; a rerun completes the set.
 */
export class PartialPushError extends StitchError {
  override readonly name: string = "PartialPushError";
  constructor(errors: readonly Error[], results: readonly StitchResult[], aliasesHeldBack: boolean) {
    const written = results.flatMap((r) => [...r.refs]);
    const unwritten = results.flatMap((r) => [...r.unwritten]);
    const failed =
      errors.length === 1
        ? (errors[0]?.message ?? "")
        : `${errors.length} tag pushes failed:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`;
    super(
      "tag pushes failed",
      errors,
      results,
      [
        failed,
        written.length
          ? `Written (${written.length}):\n${written.map((r) => `  - ${r}`).join("\n")}`
          : "Written: none",
        `Not written (${unwritten.length}):\n${unwritten.map((r) => `  - ${r}`).join("\n")}`,
        aliasesHeldBack
          ? "The additional tags were held back because a version tag was not written everywhere, so no alias points at an index whose version tag is missing."
          : "",
        "Pushing is idempotent: rerun the job to complete the set.",
      ]
        .filter(Boolean)
        .join("\n"),
    );
  }
}

/** Waits for every promise; throws one error naming every distinct failure if any failed. */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failures = dedupe(outcomes.flatMap((o) => (o.status === "rejected" ? [asError(o.reason)] : [])));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new StitchError(`${failures.length} registries or images failed`, failures);
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}

// A registry that is down fails every request the same way: say it once per registry and status.
function dedupe(errors: readonly Error[]): Error[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = e instanceof RegistryError ? `${e.host} ${e.status} ${e.code}` : e.message;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function kindOf(mediaType: string): string {
  return isIndexMediaType(mediaType) ? "index" : "image";
}
