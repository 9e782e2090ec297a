import {
  isAttestation,
  platformId,
  type RunSummary,
  type SummaryImage,
  type TimelineEntry,
} from "@mbp/image-spec";
import { describeLeftover } from "./leftovers";
import type { NothingPublishedError, StitchInputs, StitchReport } from "./run";
import type { StitchResult } from "./stitch";

/** What a summary needs of a run: the plan, its sources, its timeline, and how its builds ended. */
export type SummaryInputs = Pick<
  StitchInputs,
  "plan" | "sourceDigests" | "timeline" | "push" | "buildResult"
>;

/**
 * The picture's entries: the other jobs' (the plan) first, then each platform's build in plan order,
 * then this step's own work under `manifest`.
 */
function pictureOf(inputs: SummaryInputs, own: TimelineEntry): TimelineEntry[] {
  const order = inputs.plan.platforms.map((p) => p.id);
  const others = inputs.timeline.filter((e) => !e.platform);
  const builds = inputs.timeline
    .filter((e) => e.platform)
    .sort((a, b) => order.indexOf(a.platform ?? "") - order.indexOf(b.platform ?? ""));
  return [...others, ...builds, own];
}

// Whether per-architecture tags exist is the builds' business (arch-tags): by digest, the stitch
// neither reads nor needs them, so its note does not claim either way.
function sourcesNote(inputs: SummaryInputs): string {
  return inputs.sourceDigests
    ? "Sources: each platform's image by the digest its build reported."
    : `Sources: the per-architecture tags \`${inputs.plan.tag}-<suffix>\`.`;
}

function leftoversNote(inputs: SummaryInputs): string {
  const tags = `\`${inputs.plan.tag}-<suffix>\``;
  return inputs.sourceDigests
    ? `Looked up: each platform's image by the digest its build reported, named by its per-architecture tag ${tags} where that tag points at it; a platform that reported no digest left nothing.`
    : `Looked up: the per-architecture tags ${tags} (one may be an earlier run's; sources gives the digests this run's builds reported).`;
}

/** The summary of a stitch (or a dry run): what was published where, a pull command, the run. */
export function publishedSummary(
  inputs: SummaryInputs,
  results: readonly StitchResult[],
  report: StitchReport,
): RunSummary {
  const pushed = results.length > 0 && results.every((r) => r.pushed);
  const images: SummaryImage[] = results.map((result) => ({
    image: result.target,
    tags: result.pushed ? result.tags : [],
    index: result.digest,
    platforms: result.index.manifests
      .filter((entry) => !isAttestation(entry))
      .map((entry) => {
        const platform = platformId(entry.platform);
        const size = report.sizes.get(platform);
        return { platform, digest: entry.digest, ...(size === undefined ? {} : { size }) };
      }),
  }));
  const attestations = results[0]?.index.manifests.filter(isAttestation).length ?? 0;
  const [first] = results;
  const tags = inputs.plan.tags.map((t) => `\`${t}\``).join(", ");
  return {
    heading: pushed ? `Published ${tags}` : `Dry run: ${tags} not pushed`,
    images,
    notes: [
      sourcesNote(inputs),
      ...(attestations > 0
        ? [
            `The index also holds ${attestations} attestation manifest${attestations === 1 ? "" : "s"} (provenance, SBOM).`,
          ]
        : []),
      "Size: config plus layers, compressed, as the registry stores them.",
    ],
    ...(first && pushed ? { pull: `docker pull ${first.target}:${inputs.plan.tag}` } : {}),
    timeline: pictureOf(inputs, {
      name: "manifest",
      outcome: "success",
      steps: [
        { name: pushed ? "stitch" : "dry run", start: report.started, end: report.ended, outcome: "success" },
      ],
    }),
  };
}

/** The summary of a run whose builds did not succeed: who failed and when, and what was left where. */
export function nothingPublishedSummary(
  inputs: SummaryInputs,
  failure: Pick<NothingPublishedError, "leftovers" | "report">,
): RunSummary {
  const failed = new Map(
    inputs.timeline
      .filter((e) => e.platform && e.outcome === "failure")
      .map((e) => [e.platform as string, e]),
  );
  const reported = new Set(inputs.timeline.flatMap((e) => (e.platform ? [e.platform] : [])));
  const images: SummaryImage[] = inputs.plan.images.map((image) => ({
    image: image.name,
    tags: [],
    platforms: inputs.plan.platforms.map((platform) => {
      const leftover = failure.leftovers.find((l) => l.image === image.name && l.platform === platform.id);
      const build = failed.get(platform.id);
      const failedStep = build?.steps.find((s) => s.outcome === "failure")?.name;
      const state = [
        build ? `**${failedStep ?? "build"} failed**` : reported.has(platform.id) ? "built" : "no report",
        leftover ? describeLeftover(leftover) : "",
      ]
        .filter(Boolean)
        .join("; ");
      const size = leftover?.found ? failure.report.sizes.get(platform.id) : undefined;
      return {
        platform: platform.id,
        ...(leftover?.found ? { digest: leftover.found.digest } : {}),
        ...(size === undefined ? {} : { size }),
        state,
      };
    }),
  }));
  const names = [...failed.keys()];
  return {
    heading: `Nothing published: ${names.length > 0 ? `the build of ${names.map((n) => `\`${n}\``).join(", ")} failed` : `the builds ended with ${inputs.buildResult}`}`,
    images,
    notes: [
      inputs.push
        ? `Build result: ${inputs.buildResult}. No multi-arch tag was written; what the platforms that built pushed stays in the registries (no index points at it). A rerun builds and publishes everything again.`
        : `Build result: ${inputs.buildResult}. push is false: nothing was pushed.`,
      ...(inputs.push ? [leftoversNote(inputs)] : []),
    ],
    timeline: pictureOf(inputs, {
      name: "manifest",
      outcome: "failure",
      steps: [
        {
          name: "nothing published",
          start: failure.report.started,
          end: failure.report.ended,
          outcome: "failure",
        },
      ],
    }),
  };
}
