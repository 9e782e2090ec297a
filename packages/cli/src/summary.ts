import { writeFile } from "node:fs/promises";
import {
  formatBytes,
  type RunSummary,
  renderRunSummary,
  type TimelineEntry,
  type TimelineStep,
} from "@mbp/image-spec";
import {
  type Leftover,
  nothingPublishedSummary,
  publishedSummary,
  type StitchResult,
  type SummaryInputs,
} from "@mbp/manifest-stitch";
import type { CliOptions } from "./options";
import { layoutName } from "./targets";
import { formatTable } from "./terminal";

/** A step of the CLI's own timeline (epoch ms), as the summary's picture draws it. */
export interface TimedStep {
  readonly start: number;
  readonly end: number;
}

/** When each part of a run happened: what the summary's Mermaid gantt chart is drawn from. */
export interface RunTimes {
  /** Resolving the options: flags, git, the engines and builders, the registry logins. */
  readonly plan?: TimedStep;
  /** Each platform's build (and push, or write into the layout), in plan order. */
  readonly builds: readonly TimelineEntry[];
  readonly stitch?: TimedStep;
  readonly verify?: TimedStep;
}

/**
 * The picture's sections: the plan, each platform (build, then push or write), then the index
 * (stitch, verify). The same entries manifest-stitch draws from the jobs' outputs.
 */
export function timelineOf(times: RunTimes): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  if (times.plan) entries.push(entryOf("plan", [step("plan", times.plan)]));
  entries.push(...times.builds);
  const index = [
    ...(times.stitch ? [step("stitch", times.stitch)] : []),
    ...(times.verify ? [step("verify", times.verify)] : []),
  ];
  if (index.length > 0) entries.push(entryOf("index", index));
  return entries;
}

function step(name: string, times: TimedStep): TimelineStep {
  return { name, start: times.start, end: times.end, outcome: "success" };
}

function entryOf(name: string, steps: readonly TimelineStep[]): TimelineEntry {
  return { name, outcome: "success", steps };
}

/** What the summary of a run that published needs beyond the options. */
export interface PublishedRun {
  readonly stitched: readonly StitchResult[];
  /** Platform id → image size (config plus layers), where the build's was read. */
  readonly sizes: ReadonlyMap<string, number>;
  readonly times: RunTimes;
  readonly sourceDigests?: ReadonlyMap<string, string>;
  /** For a layout: the command that copies it to a registry (the summary's command to copy). */
  readonly copyCommand?: string;
}

/**
 * The run at a glance after the multi-arch tags were written: manifest-stitch's summary of the
 * stitch (the same table as the manifest job's), drawn from the CLI's own timings; for a layout it
 * says *Wrote* and offers its copy command instead of a pull.
 */
export function publishedRunSummary(options: CliOptions, run: PublishedRun): RunSummary {
  const inputs = summaryInputs(options, run.times, run.sourceDigests, "success");
  const stitch = run.times.stitch ?? { start: 0, end: 0 };
  const summary = publishedSummary(inputs, run.stitched, {
    started: stitch.start,
    ended: stitch.end,
    sizes: run.sizes,
  });
  const localised = { ...summary, timeline: timelineOf(run.times) };
  if (options.target.kind !== "layout") return localised;
  const layout = layoutName(options.target.dir, options.cwd);
  const { pull: _pull, ...rest } = localised;
  return {
    ...rest,
    heading: `Wrote ${options.plan.tags.map((t) => `\`${t}\``).join(", ")} in \`${layout}\``,
    images: summary.images.map((image) => ({ ...image, image: layout })),
    ...(run.copyCommand ? { pull: run.copyCommand } : {}),
  };
}

/** What the summary of a run whose builds failed needs beyond the options. */
export interface FailedRun {
  /** What the platforms that built left in each store (manifest-stitch's findLeftovers). */
  readonly leftovers: readonly Leftover[];
  readonly sizes: ReadonlyMap<string, number>;
  readonly times: RunTimes;
  readonly sourceDigests?: ReadonlyMap<string, string>;
}

/**
 * The run at a glance after a platform failed: manifest-stitch's summary of a run that published
 * nothing (which platform failed, at which step and when; what each registry, or the layout, holds).
 */
export function failedRunSummary(options: CliOptions, run: FailedRun): RunSummary {
  const inputs = summaryInputs(options, run.times, run.sourceDigests, "failure");
  const now = run.times.builds.flatMap((b) => b.steps).reduce((last, s) => Math.max(last, s.end), 0);
  const layout = options.target.kind === "layout" ? layoutName(options.target.dir, options.cwd) : "";
  // The summary has a row per planned image; a layout is one store, shown as the first image's row.
  const first = options.plan.images[0]?.name ?? "";
  const summary = nothingPublishedSummary(inputs, {
    leftovers: layout ? run.leftovers.map((leftover) => asLayoutRow(leftover, first, layout)) : run.leftovers,
    report: { started: now, ended: now, sizes: run.sizes },
  });
  const where = layout ? `\`${layout}\`` : "the registries";
  return {
    ...summary,
    heading: layout ? summary.heading.replace(/^Nothing published/, "Nothing written") : summary.heading,
    images: layout
      ? summary.images.slice(0, 1).map((image) => ({ ...image, image: layout }))
      : summary.images,
    notes: [
      `No multi-arch tag was written; what the platforms that built left stays in ${where} (no index points at it). A rerun builds everything again.`,
      options.archTags
        ? `Per-architecture tags: \`${options.plan.tag}-<suffix>\`.`
        : "No per-architecture tags (--no-arch-tags): each platform's image is there by digest only.",
    ],
    timeline: timelineOf(run.times),
  };
}

/**
 * A layout's leftover as the summary shows it: in the first image's row, and named as the user named
 * the layout (`oci:out/oci:main-amd64`, not the absolute path the store uses).
 */
function asLayoutRow(leftover: Leftover, image: string, layout: string): Leftover {
  const store = leftover.image; // the layout store's name, `oci:<absolute dir>`
  const local = (ref: string) => (ref.startsWith(store) ? `${layout}${ref.slice(store.length)}` : ref);
  return {
    ...leftover,
    image,
    ...(leftover.taggedAs ? { taggedAs: local(leftover.taggedAs) } : {}),
    ...(leftover.lookedUp ? { lookedUp: { ...leftover.lookedUp, ref: local(leftover.lookedUp.ref) } } : {}),
  };
}

function summaryInputs(
  options: CliOptions,
  times: RunTimes,
  sourceDigests: ReadonlyMap<string, string> | undefined,
  buildResult: SummaryInputs["buildResult"],
): SummaryInputs {
  return {
    plan: options.plan,
    ...(sourceDigests ? { sourceDigests } : {}),
    timeline: times.builds,
    push: true,
    buildResult,
  };
}

/** The Markdown file `--summary` names: image-spec's renderRunSummary, as the job summary. */
export async function writeSummaryFile(file: string, summary: RunSummary): Promise<void> {
  await writeFile(file, renderRunSummary(summary));
}

/**
 * The summary's table for a terminal: the same rows as the Markdown (image, tags, index digest, each
 * platform's digest and size), then its notes without Markdown.
 */
export function summaryLines(summary: RunSummary): string[] {
  const rows = summary.images.flatMap((image) =>
    (image.platforms.length > 0 ? image.platforms : [{ platform: "" }]).map((platform, i) => [
      i === 0 ? image.image : "",
      i === 0 ? image.tags.join(", ") || "none" : "",
      i === 0 ? (image.index ?? "") : "",
      platform.platform,
      platform.digest ?? "",
      platform.size === undefined ? "" : formatBytes(platform.size),
    ]),
  );
  return [
    ...formatTable(["image", "tags", "index digest", "platform", "digest", "size"], rows),
    ...(summary.notes ?? []).map((note) => note.replaceAll("`", "")),
  ];
}
