import {
  archTag,
  type ImageIndex,
  isAttestation,
  isIndexMediaType,
  type Plan,
  platformId,
} from "@mbp/image-spec";
import type { ManifestStore } from "@mbp/manifest-stitch";

/** What verification found in one store. */
export interface VerifiedTarget {
  /** `oci:/…/out/oci`, `127.0.0.1:5000/org/app`. */
  readonly target: string;
  readonly tags: readonly string[];
  /** The multi-arch index every tag names. */
  readonly digest: string;
  /** Each planned platform's image in the index: the digest its `<tag>-<suffix>` (or source) names. */
  readonly platforms: ReadonlyArray<{ readonly platform: string; readonly digest: string }>;
  readonly attestations: number;
  /**
   * Per-architecture tags found where none were expected (`archTags: false`): left by an earlier run
   * with them, since a push by digest writes none.
   */
  readonly archTags: readonly string[];
}

/** What verification expects of the per-architecture images. */
export interface VerifyOptions {
  /** False: no `<tag>-<suffix>` is expected; each entry is checked by digest instead. */
  readonly archTags: boolean;
  /** Platform id → the image's digest (as built, or `--sources`): each entry must be that image. */
  readonly sources?: ReadonlyMap<string, string>;
}

/** The target does not hold what the plan says it should; every problem is listed. */
export class VerifyError extends Error {
  override readonly name = "VerifyError";
  constructor(readonly problems: readonly string[]) {
    super(`verification failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Reads every target back through its store (the same ManifestStore the stitch wrote with) and checks
 * that: every tag names the same index (the stitched digest, when given); the index has exactly one
 * image per planned platform and nothing else; each entry is the image its source names (the image
 * itself, or the platform's image inside it when it is an index): the digest in `sources`, else
 * `<tag>-<suffix>`; without per-arch tags and sources, the index's own entry; every manifest the index
 * lists is there with the right digest. Throws VerifyError naming every problem.
 */
export async function verifyTargets(
  stores: readonly ManifestStore[],
  plan: Plan,
  expected: ReadonlyMap<string, string> = new Map(),
  options: VerifyOptions = { archTags: true },
): Promise<VerifiedTarget[]> {
  const problems: string[] = [];
  const verified: VerifiedTarget[] = [];
  for (const store of stores) {
    const found = await verifyStore(store, plan, expected.get(store.name), options, problems);
    if (found) verified.push(found);
  }
  if (problems.length > 0) throw new VerifyError(problems);
  return verified;
}

async function verifyStore(
  store: ManifestStore,
  plan: Plan,
  expectedDigest: string | undefined,
  options: VerifyOptions,
  problems: string[],
): Promise<VerifiedTarget | undefined> {
  const before = problems.length;
  const tagged = await Promise.all(plan.tags.map(async (tag) => ({ tag, found: await store.resolve(tag) })));
  for (const { tag, found } of tagged) {
    if (!found) problems.push(`${store.refName(tag)} does not exist`);
  }
  const digests = new Set(tagged.flatMap(({ found }) => (found ? [found.digest] : [])));
  if (digests.size > 1) {
    problems.push(
      `the tags of ${store.name} name different manifests: ${tagged.map(({ tag, found }) => `${tag} → ${found?.digest}`).join(", ")}`,
    );
  }
  const index = tagged.find(({ found }) => found)?.found;
  if (!index) return undefined;
  if (expectedDigest && index.digest !== expectedDigest) {
    problems.push(
      `${store.refName(plan.tag)} names ${index.digest}, not the index just written (${expectedDigest})`,
    );
  }
  if (!isIndexMediaType(index.mediaType)) {
    problems.push(`${store.refName(plan.tag)} is a ${index.mediaType}, not a multi-arch index`);
    return undefined;
  }
  const parsed = JSON.parse((await store.fetch(index.digest)).bytes.toString("utf8")) as ImageIndex;
  const entries = parsed.manifests ?? [];
  const images = entries.filter((entry) => !isAttestation(entry));
  const platforms: Array<{ platform: string; digest: string }> = [];

  for (const platform of plan.platforms) {
    const sourceTag = archTag(plan.tag, platform.suffix);
    const inIndex = images.filter((entry) => platformId(entry.platform) === platform.id);
    if (inIndex.length !== 1) {
      problems.push(
        `${store.refName(plan.tag)} holds ${inIndex.length} images for ${platform.id}; it should hold one`,
      );
      continue;
    }
    const entry = inIndex[0] as (typeof inIndex)[number];
    const reference = options.sources?.get(platform.id) ?? (options.archTags ? sourceTag : undefined);
    if (reference === undefined) {
      // By digest with nothing to compare: the entry is the image (it is read below).
      platforms.push({ platform: platform.id, digest: entry.digest });
      continue;
    }
    const source = await store.resolve(reference);
    if (!source) {
      const hint =
        options.archTags && !options.sources ? "; if the run had --no-arch-tags, verify with it" : "";
      problems.push(`${store.refName(reference)} (${platform.id}) does not exist${hint}`);
      continue;
    }
    let sourceImages = [source.digest];
    if (isIndexMediaType(source.mediaType)) {
      const sourceIndex = JSON.parse((await store.fetch(source.digest)).bytes.toString("utf8")) as ImageIndex;
      sourceImages = sourceIndex.manifests
        .filter((child) => !isAttestation(child) && platformId(child.platform ?? platform) === platform.id)
        .map((child) => child.digest);
    }
    if (!sourceImages.includes(entry.digest)) {
      problems.push(
        `${store.refName(plan.tag)} lists ${entry.digest} for ${platform.id}, but ${store.refName(reference)} is ${sourceImages.join(", ") || source.digest}`,
      );
      continue;
    }
    platforms.push({ platform: platform.id, digest: entry.digest });
  }
  for (const entry of images) {
    const id = platformId(entry.platform);
    if (!plan.platforms.some((p) => p.id === id)) {
      problems.push(`${store.refName(plan.tag)} holds an image for ${id}, which is not planned`);
    }
  }
  // Every manifest the index lists must be readable and be what its digest says (the stores check).
  const reads = await Promise.allSettled(entries.map((entry) => store.fetch(entry.digest)));
  reads.forEach((read, i) => {
    if (read.status === "rejected") {
      problems.push(
        `${store.refName(entries[i]?.digest ?? "")} is listed in the index but cannot be read: ${(read.reason as Error).message}`,
      );
    }
  });
  if (problems.length > before) return undefined;
  // Without per-arch tags none should be there; one found was left by an earlier run with them.
  const archTags = options.archTags
    ? []
    : (
        await Promise.all(
          plan.platforms.flatMap((platform) =>
            plan.archTagBases.map(async (base) => {
              const tag = archTag(base, platform.suffix);
              return (await store.resolve(tag)) ? [tag] : [];
            }),
          ),
        )
      ).flat();
  return {
    target: store.name,
    tags: plan.tags,
    digest: index.digest,
    platforms,
    attestations: entries.length - images.length,
    archTags,
  };
}
