import { InputError, Problems } from "./errors";
import type { GitHubContext } from "./github";
import { type ImageName, parseImages, registryHosts } from "./image";
import {
  chooseRunner,
  DEFAULT_PLATFORMS,
  type Platform,
  parsePlatforms,
  parseRunners,
  type RunnerLabels,
} from "./platform";
import { archTag, resolveTags, type TagSource } from "./tag";

/** The raw values a plan is made from (action inputs or CLI flags, names as in action.yml). */
export interface PlanOptions {
  readonly images: string;
  readonly tag?: string;
  readonly additionalTags?: string;
  readonly platforms?: string;
  readonly runners?: string;
  /**
   * The most platforms one run may build (`max-platforms`): the reusable workflow has one output per
   * build leg. Empty: no limit.
   */
  readonly maxPlatforms?: string;
}

/** One platform of a plan: where it builds and the refs it pushes. */
export interface PlannedPlatform extends Platform {
  readonly runner: RunnerLabels;
  readonly qemu: boolean;
  /** What the chosen GitHub-hosted runner may lack for this variant (see `hostedCpuWarning`). */
  readonly warning?: string;
  /** Every `image:tag-suffix` this platform pushes (all images × all non-`latest*` tags). */
  readonly refs: readonly string[];
}

/** Everything every job of a build agrees on: made once, by the same code, in every job. */
export interface Plan {
  readonly images: readonly ImageName[];
  readonly registries: readonly string[];
  readonly tag: string;
  readonly tagSource: TagSource;
  /** Every tag of the multi-arch index, primary first. */
  readonly tags: readonly string[];
  /** Tags that get per-architecture variants. */
  readonly archTagBases: readonly string[];
  readonly platforms: readonly PlannedPlatform[];
  readonly warnings: readonly string[];
}

/**
 * Validates all options together (every problem reported at once, as InputErrors) and makes the plan.
 * Pure: reads nothing but its arguments.
 */
export function makePlan(
  options: PlanOptions,
  context: Pick<GitHubContext, "eventName" | "ref" | "headRef">,
): Plan {
  const problems = new Problems();
  const parsedImages = problems.attempt(() => parseImages(options.images, "images"));
  const platforms = problems.attempt(() =>
    parsePlatforms(options.platforms || DEFAULT_PLATFORMS, "platforms"),
  );
  const runners = problems.attempt(() => parseRunners(options.runners ?? "", "runners"));
  const maxPlatforms = problems.attempt(() => parseMaxPlatforms(options.maxPlatforms ?? ""));
  if (platforms && maxPlatforms !== undefined && platforms.length > maxPlatforms) {
    problems.add(
      new InputError(
        "platforms",
        options.platforms ?? "",
        `names ${platforms.length} platforms, more than the ${maxPlatforms} one run can build (max-platforms)`,
        `build at most ${maxPlatforms}; for more, wire the actions into a workflow of your own (the README's "actions a la carte"), which has no such limit`,
      ),
    );
  }
  const longestSuffix = Math.max(...(platforms ?? parsePlatformsLenient()).map((p) => p.suffix.length));
  const tags = problems.attempt(() =>
    resolveTags(
      { tag: options.tag ?? "", additionalTags: options.additionalTags ?? "", longestSuffix },
      context,
    ),
  );
  if (runners && platforms) {
    for (const key of runners.keys()) {
      if (key !== "default" && !platforms.some((p) => p.id === key)) {
        problems.add(
          new InputError(
            "runners",
            key,
            "names a platform that is not built",
            "remove it or add it to platforms",
          ),
        );
      }
    }
  }
  problems.throwIfAny();
  if (!parsedImages || !platforms || !runners || !tags)
    throw new Error("unreachable: validated plan parts missing");
  const images = parsedImages.images;
  return {
    images,
    registries: registryHosts(images),
    tag: tags.tag,
    tagSource: tags.source,
    tags: tags.tags,
    archTagBases: tags.archTagBases,
    platforms: platforms.map((platform) => ({
      ...platform,
      ...chooseRunner(platform, runners),
      refs: images.flatMap((image) =>
        tags.archTagBases.map((t) => `${image.name}:${archTag(t, platform.suffix)}`),
      ),
    })),
    warnings: [...parsedImages.warnings, ...tags.warnings],
  };
}

/** `max-platforms`: a whole number from 1, or empty for no limit. */
function parseMaxPlatforms(value: string): number | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) {
    throw new InputError(
      "max-platforms",
      value,
      "is not a whole number from 1",
      "write e.g. 16, or leave it empty",
    );
  }
  return Number(text);
}

// When platforms are invalid, tags are still checked against the default platforms' suffixes.
function parsePlatformsLenient(): Platform[] {
  return parsePlatforms(DEFAULT_PLATFORMS);
}

/** The source a multi-arch index points at for one image and platform: `image:tag-suffix`. */
export function sourceRef(plan: Plan, image: ImageName, platform: Platform): string {
  return `${image.name}:${archTag(plan.tag, platform.suffix)}`;
}

/**
 * `{ include: [...] }` for `strategy.matrix` of the per-architecture job. `index` is the leg's place
 * in the plan (0, 1, …): a matrix job's legs share one set of outputs, so each leg writes its own
 * under a name made from it (`leg-<index>`).
 */
export function planMatrix(plan: Plan): {
  include: Array<{ index: number; platform: string; suffix: string; runner: RunnerLabels; qemu: boolean }>;
} {
  return {
    include: plan.platforms.map((p, index) => ({
      index,
      platform: p.id,
      suffix: p.suffix,
      runner: p.runner,
      qemu: p.qemu,
    })),
  };
}

/** Platform id → every `image:tag-suffix` ref it pushes (the `arch-tags` output). */
export function planArchRefs(plan: Plan): Record<string, string[]> {
  return Object.fromEntries(plan.platforms.map((p) => [p.id, [...p.refs]]));
}
