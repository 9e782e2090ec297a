import { archTag, asError, type Descriptor, type Platform } from "@mbp/image-spec";
import type { ManifestStore } from "./store";

/** What one registry holds for one platform of a run that did not publish. */
export interface Leftover {
  /** The image (`ghcr.io/org/app`). */
  readonly image: string;
  readonly platform: string;
  /** What was looked up: the per-architecture tag, or the digest the build reported. */
  readonly lookedUp?: { readonly kind: "tag" | "digest"; readonly reference: string; readonly ref: string };
  /** What is there, if anything. */
  readonly found?: Descriptor;
  /** The per-architecture tag (`<image>:<tag>-<suffix>`) that points at `found`, when one does. */
  readonly taggedAs?: string;
  /** Why the per-architecture tag could not be checked, when `found` came by digest. */
  readonly tagError?: string;
  /** Why the look-up gave no answer (refused, unreachable). */
  readonly error?: string;
}

/**
 * Looks at what the builds of a run that did not publish left in the registries, once per image and
 * platform, rather than trusting the outputs of failed jobs.
 *
 * With the digests the builds reported (`sourceDigests`, from `sources`), each is looked up as
 * `<image>@<digest>`, and named by its per-architecture tag when that tag points at it: the tag is
 * asked first (one request when it does), the digest when it does not (an earlier run's tag, or none
 * with `arch-tags: false`). A platform that reported no digest left nothing: it is not looked up, so
 * an earlier run's per-architecture tag is never taken for this run's image.
 *
 * Without digests, only the per-architecture tag can be looked up, and it may be an earlier run's.
 */
export async function findLeftovers(request: {
  readonly targets: readonly ManifestStore[];
  readonly platforms: readonly Platform[];
  readonly sourceTag: string;
  /** The digests the builds reported (from `sources`). Unset: look up the per-architecture tags. */
  readonly sourceDigests?: ReadonlyMap<string, string>;
}): Promise<Leftover[]> {
  const looks = request.targets.flatMap((store) =>
    request.platforms.map(async (platform): Promise<Leftover> => {
      const base = { image: store.name, platform: platform.id };
      const tag = archTag(request.sourceTag, platform.suffix);
      const byTag = { kind: "tag" as const, reference: tag, ref: store.refName(tag) };
      if (!request.sourceDigests) {
        try {
          const found = await store.resolve(tag);
          return { ...base, lookedUp: byTag, ...(found ? { found, taggedAs: byTag.ref } : {}) };
        } catch (error) {
          return { ...base, lookedUp: byTag, error: asError(error).message };
        }
      }
      const digest = request.sourceDigests.get(platform.id);
      if (!digest) return base;
      const lookedUp = { kind: "digest" as const, reference: digest, ref: store.refName(digest) };
      let tagError: string | undefined;
      try {
        const tagged = await store.resolve(tag);
        if (tagged?.digest === digest) return { ...base, lookedUp, found: tagged, taggedAs: byTag.ref };
      } catch (error) {
        tagError = asError(error).message;
      }
      try {
        const found = await store.resolve(digest);
        if (!found) return { ...base, lookedUp };
        return { ...base, lookedUp, found, ...(tagError === undefined ? {} : { tagError }) };
      } catch (error) {
        return { ...base, lookedUp, error: asError(error).message };
      }
    }),
  );
  return Promise.all(looks);
}

/** One line per leftover, for the summary's State column and the error message. */
export function describeLeftover(leftover: Leftover): string {
  const { lookedUp, found } = leftover;
  if (!lookedUp) return "nothing: no digest reported (its build failed before pushing, or did not run)";
  if (leftover.error) return `could not check ${lookedUp.ref}: ${leftover.error}`;
  if (!found) return lookedUp.kind === "tag" ? `no tag ${lookedUp.reference}` : "nothing (not pushed here)";
  if (leftover.taggedAs) return `left: ${leftover.taggedAs} → ${found.digest}`;
  if (leftover.tagError)
    return `left: ${found.digest} (its per-architecture tag could not be checked: ${leftover.tagError})`;
  return `left: untagged ${found.digest}`;
}

/** The error of a run that did not publish: what happened, then per image what the builds left. */
export function nothingPublishedMessage(
  buildResult: string,
  failed: readonly string[],
  leftovers: readonly Leftover[],
  pushed = true,
): string {
  const what =
    failed.length > 0 ? `the build of ${failed.join(", ")} failed` : `the builds ended with ${buildResult}`;
  const images = [...new Set(leftovers.map((l) => l.image))];
  const left = leftovers.filter((l) => l.found);
  const lines = [
    `Nothing published: ${what} (build result: ${buildResult}). No multi-arch tag was written.`,
    !pushed
      ? "push is false: the builds pushed nothing."
      : left.length > 0
        ? "What the platforms that built left in each registry (no index points at it):"
        : "No platform left an image in any registry.",
  ];
  if (left.length > 0 || leftovers.some((l) => l.error || !l.lookedUp)) {
    for (const image of images) {
      lines.push(`  ${image}:`);
      for (const leftover of leftovers.filter((l) => l.image === image)) {
        lines.push(`    - ${leftover.platform}: ${describeLeftover(leftover)}`);
      }
    }
  }
  lines.push("A rerun builds and publishes everything again.");
  return lines.join("\n");
}
