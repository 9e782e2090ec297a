/**
 * The run at a glance, as Markdown for a job summary (or a file): one table of what was published
 * where, a pull command to copy, and a Mermaid gantt chart of the run, which GitHub renders in job
 * summaries. manifest-stitch writes it; the CLI can write the same from its own results.
 */
import type { Outcome, TimelineEntry } from "./timeline";

/** One platform of one image: the image it points at and its size as the registry shows it. */
export interface SummaryPlatform {
  readonly platform: string;
  /** The per-platform image (or its attestation index) digest; empty when there is none. */
  readonly digest?: string;
  /** Config plus layers, compressed, as the registry stores them. */
  readonly size?: number;
  /** What became of it, when that is not "published" (failed, left behind, …). */
  readonly state?: string;
}

/** One image (repository) and what it holds now. */
export interface SummaryImage {
  readonly image: string;
  /** Tags written (none when nothing was published). */
  readonly tags: readonly string[];
  /** The index digest those tags name. */
  readonly index?: string;
  readonly platforms: readonly SummaryPlatform[];
}

export interface RunSummary {
  readonly heading: string;
  readonly images: readonly SummaryImage[];
  /** Lines under the table (Markdown). */
  readonly notes?: readonly string[];
  /** A command to copy, e.g. `docker pull ghcr.io/org/app:1.0`. */
  readonly pull?: string;
  /** What the gantt chart is drawn from; none: no chart. */
  readonly timeline?: readonly TimelineEntry[];
}

/** `1.5 GB`, `300 MB`: decimal units, as registries and `df -H` show sizes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `0.4 s`, `42 s`, `3 min 7 s`, `1 h 2 min`. */
export function formatSpan(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Escapes text for a Markdown table cell. */
export function tableCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

const code = (text: string) => `\`${tableCell(text)}\``;

/** The whole summary as Markdown: heading, table, notes, pull command, gantt chart. */
export function renderRunSummary(summary: RunSummary): string {
  const withState = summary.images.some((image) => image.platforms.some((p) => p.state));
  const header = [
    "Image",
    "Tags",
    "Index digest",
    "Platform",
    "Digest",
    "Size",
    ...(withState ? ["State"] : []),
  ];
  const rows: string[][] = [];
  for (const image of summary.images) {
    const platforms = image.platforms.length > 0 ? image.platforms : [{ platform: "" }];
    platforms.forEach((platform, i) => {
      rows.push([
        i === 0 ? code(image.image) : "",
        i === 0 ? (image.tags.length > 0 ? image.tags.map(code).join(" ") : "none") : "",
        i === 0 ? (image.index ? code(image.index) : "") : "",
        platform.platform ? code(platform.platform) : "",
        platform.digest ? code(platform.digest) : "",
        platform.size === undefined ? "" : formatBytes(platform.size),
        ...(withState ? [tableCell(platform.state ?? "")] : []),
      ]);
    });
  }
  const parts = [
    `### ${summary.heading}`,
    [
      `| ${header.join(" | ")} |`,
      `| ${header.map(() => "---").join(" | ")} |`,
      ...rows.map((row) => `| ${row.join(" | ")} |`),
    ].join("\n"),
  ];
  if (summary.notes && summary.notes.length > 0) parts.push(summary.notes.join("<br>\n"));
  if (summary.pull) parts.push(["```sh", summary.pull, "```"].join("\n"));
  const chart = summary.timeline ? renderGantt(summary.timeline) : "";
  if (chart) parts.push(["```mermaid", chart, "```"].join("\n"));
  return `${parts.join("\n\n")}\n`;
}

/**
 * A Mermaid gantt chart of the run (dateFormat x: epoch milliseconds): one section per entry (the
 * plan, each platform, the stitch), a task per step, `done` when it succeeded and `crit` when it
 * failed, each labelled with its duration. A step too short to see at the run's scale is widened to
 * 1% of the run, its label keeping its real duration. Empty when there is nothing to draw.
 */
export function renderGantt(entries: readonly TimelineEntry[], title = "Run timeline"): string {
  const steps = entries.flatMap((entry) => entry.steps);
  if (steps.length === 0) return "";
  const first = Math.min(...steps.map((s) => s.start));
  const last = Math.max(...steps.map((s) => s.end));
  const span = Math.max(last - first, 1000);
  const minimum = Math.max(Math.round(span / 100), 1);
  const lines = [
    "gantt",
    `    title ${label(title)}`,
    "    dateFormat x",
    `    axisFormat ${span < 10 * 60_000 ? "%H:%M:%S" : "%H:%M"}`,
  ];
  let id = 0;
  for (const entry of entries) {
    lines.push(`    section ${label(entry.platform ?? entry.name ?? "")}`);
    for (const step of entry.steps) {
      const status = taskStatus(step.outcome);
      const end = Math.max(step.end, step.start + minimum);
      const name = `${step.name}${step.outcome === "failure" ? " FAILED" : ""} ${formatSpan(step.end - step.start)}`;
      lines.push(`    ${label(name)} :${status}, t${id++}, ${step.start}, ${end}`);
    }
  }
  return lines.join("\n");
}

function taskStatus(outcome: Outcome): "done" | "crit" {
  return outcome === "failure" ? "crit" : "done";
}

// Mermaid reads `:` as the start of a task's data and `#`/`;` as comments or entity codes.
function label(text: string): string {
  return text.replace(/[:#;]/g, " ").replace(/\s+/g, " ").trim() || "-";
}
