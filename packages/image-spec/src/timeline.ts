/**
 * The run's timestamps: what arch-build's `timeline` output holds for one platform, what other jobs
 * (the plan) can add, and how manifest-stitch reads them back from a job's outputs.
 */
import { InputError } from "./errors";
import { isDigest } from "./oci";

/** How a step, or a whole build, ended. */
export type Outcome = "success" | "failure";

/** One timed step (epoch milliseconds). */
export interface TimelineStep {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
}

/**
 * One part of a run: a platform's build (arch-build's `timeline` output: `platform`, `outcome`, the
 * `digest` built, its `steps`) or another job's (`name`, e.g. the plan). Image names never appear,
 * so it passes the runner's secret redaction as a job output.
 */
export interface TimelineEntry {
  /** `linux/arm64` for a platform's build. */
  readonly platform?: string;
  /** What else it is (`plan`), when not a platform's build. */
  readonly name?: string;
  readonly outcome: Outcome;
  /** The digest built, when known (also after a failed push). */
  readonly digest?: string;
  readonly steps: readonly TimelineStep[];
}

/**
 * Reads timeline entries from JSON: one entry, a list of them, or an object whose values are entries
 * (a job's `toJSON(needs.build.outputs)`, where each value is the JSON text of one), and lists or
 * objects of those in turn (`[<plan's entry>, <toJSON(needs.build.outputs)>]`). Empty values are
 * skipped (a matrix leg that wrote nothing). An entry may be a bare step, `{"name":"plan","start":…,
 * "end":…}`. Throws an InputError naming `input` for anything else.
 */
export function parseTimelines(text: string, input: string): TimelineEntry[] {
  const fail = (problem: string): never => {
    throw new InputError(
      input,
      text,
      problem,
      'give arch-build timeline outputs or {"name","start","end"} steps (epoch ms), as a JSON list or object',
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail("is not JSON");
  }
  const entries: TimelineEntry[] = [];
  const collect = (value: unknown, depth: number): void => {
    if (value === "" || value === null) return;
    let item: unknown = value;
    if (typeof value === "string") {
      try {
        item = JSON.parse(value);
      } catch {
        fail(`holds ${JSON.stringify(value.slice(0, 40))}, which is not JSON`);
      }
    }
    const container = Array.isArray(item) || (isObject(item) && !("steps" in item) && !("start" in item));
    if (container && depth < 3) {
      for (const inner of Array.isArray(item) ? item : Object.values(item as object))
        collect(inner, depth + 1);
      return;
    }
    const entry = toEntry(item);
    if (!entry) fail(`holds ${JSON.stringify(item)?.slice(0, 80)}, which is not a timeline entry`);
    else entries.push(entry);
  };
  collect(parsed, 0);
  return entries;
}

function toEntry(item: unknown): TimelineEntry | undefined {
  if (!isObject(item)) return undefined;
  const outcome = item.outcome === "failure" ? "failure" : "success";
  const platform = typeof item.platform === "string" ? item.platform : undefined;
  const name = typeof item.name === "string" ? item.name : undefined;
  const digest = typeof item.digest === "string" && isDigest(item.digest) ? item.digest : undefined;
  if (item.digest !== undefined && digest === undefined) return undefined;
  let steps: TimelineStep[];
  if (Array.isArray(item.steps)) {
    const parsed = item.steps.map(toStep);
    if (parsed.some((step) => step === undefined)) return undefined;
    steps = parsed as TimelineStep[];
  } else {
    const step = toStep({ name: name ?? platform ?? "step", ...item });
    if (!step) return undefined;
    steps = [step];
  }
  if (!platform && !name) return undefined;
  return {
    ...(platform ? { platform } : {}),
    ...(name ? { name } : {}),
    outcome,
    ...(digest ? { digest } : {}),
    steps,
  };
}

function toStep(item: unknown): TimelineStep | undefined {
  if (!isObject(item)) return undefined;
  const { name, start, end } = item;
  if (typeof name !== "string" || !isTime(start) || !isTime(end) || end < start) return undefined;
  return { name, start, end, outcome: item.outcome === "failure" ? "failure" : "success" };
}

// Epoch milliseconds between 2001 and 2286: a number in seconds is refused rather than drawn in 1970.
function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 1e12 && value < 1e13;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
