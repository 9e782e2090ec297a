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
  /** Why the look-up gave no answer (refused, unreachable). */
  readonly error?: string;
}

/**
 * Looks, once per image and platform, at what the builds of a run that did not publish left in the
 * registries, rather than trusting the outputs of failed jobs: the per-architecture tag
 * (`<image>:<tag>-<suffix>`), or, for builds pushed by digest, `<image>@<digest>` for each digest a
 * build reported. A platform whose digest is not known cannot be looked up, and says so.
 */
export async function findLeftovers(request: {
  readonly targets: readonly ManifestStore[];
  readonly platforms: readonly Platform[];
  readonly sourceTag: string;
  /** Builds pushed by digest: the digests known (from `sources`). Unset: per-architecture tags. */
  readonly sourceDigests?: ReadonlyMap<string, string>;
}): Promise<Leftover[]> {
  const looks = request.targets.flatMap((store) =>
    request.platforms.map(async (platform): Promise<Leftover> => {
      const base = { image: store.name, platform: platform.id };
      const digest = request.sourceDigests?.get(platform.id);
      if (request.sourceDigests && !digest) return base;
      const lookedUp = digest
        ? { kind: "digest" as const, reference: digest, ref: store.refName(digest) }
        : (() => {
            const tag = archTag(request.sourceTag, platform.suffix);
            return { kind: "tag" as const, reference: tag, ref: store.refName(tag) };
          })();
      try {
        const found = await store.resolve(lookedUp.reference);
        return { ...base, lookedUp, ...(found ? { found } : {}) };
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
  if (!lookedUp) return "no digest reported (its build failed before pushing, or did not run)";
  if (leftover.error) return `could not check ${lookedUp.ref}: ${leftover.error}`;
  if (!found) return lookedUp.kind === "tag" ? `no tag ${lookedUp.reference}` : "nothing (not pushed here)";
  return lookedUp.kind === "tag"
    ? `left: tag ${lookedUp.reference} → ${found.digest}`
    : `left: untagged ${found.digest}`;
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
