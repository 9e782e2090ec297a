/**
 * Runner I/O shared by every action's main.ts: reading inputs, publishing outputs, reporting
 * failures. Only main.ts files import this module; library code takes values, never input names.
 */
import * as core from "@actions/core";
import { asError, InputError, InputErrors, type Problems } from "./errors";
import type { Reporter } from "./reporter";
import { tableCell } from "./run-summary";

/** The Reporter of every action: @actions/core logging and groups. */
export const actionsReporter: Reporter = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, body) => core.group(name, body),
};

/** An input's value, trimmed; empty string means "not given". */
export function getString(name: string): string {
  return core.getInput(name).trim();
}

/** A multi-line input as given (lists, KEY=VALUE lines, YAML); empty string means "not given". */
export function getText(name: string): string {
  return core.getInput(name, { trimWhitespace: false });
}

/**
 * A strict boolean (`true`/`True`/`TRUE`/`false`/`False`/`FALSE`). A bad value is recorded in
 * `problems` and `fallback` returned, so every input problem is reported at once.
 */
export function getBoolean(name: string, problems: Problems, fallback = false): boolean {
  const value = core.getInput(name).trim();
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  problems.add(new InputError(name, value, "is not a boolean", "write true or false"));
  return fallback;
}

const masked = new Set<string>();

/**
 * Masks a secret and the derived forms that commonly reach logs (each line of a multi-line value,
 * base64 of the whole). Each distinct value is announced to the runner once.
 */
export function maskSecret(value: string): void {
  if (!value) return;
  // Lines of three characters or fewer would mask common words all over the log.
  const lines = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 3);
  for (const form of [value, ...lines, Buffer.from(value).toString("base64")]) {
    if (masked.has(form)) continue;
    masked.add(form);
    core.setSecret(form);
  }
}

export type OutputValue = string | number | boolean | readonly unknown[] | Record<string, unknown>;

/** Publishes outputs; structured values as compact JSON. */
export function setOutputs(outputs: Readonly<Record<string, OutputValue | undefined>>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    core.setOutput(name, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
}

/** Logs plan/validation warnings as `::warning`. */
export function warnAll(warnings: readonly string[]): void {
  for (const warning of warnings) core.warning(warning);
}

/**
 * The one top-level failure report of an action: each input problem as its own `::error` titled with
 * the input's name, anything else as one `::error`; then the step fails.
 */
export function reportFailure(thrown: unknown): void {
  const error = asError(thrown);
  if (error instanceof InputErrors || error instanceof InputError) {
    const problems = error instanceof InputErrors ? error.errors : [error];
    for (const problem of problems) core.error(problem.message, { title: `Invalid input: ${problem.input}` });
    core.setFailed(
      problems.length === 1
        ? "1 input problem; nothing was built or pushed"
        : `${problems.length} input problems; nothing was built or pushed`,
    );
    return;
  }
  core.debug(error.stack ?? error.message);
  core.setFailed(error.message);
}

/** Escapes text for a Markdown table cell of the job summary. */
export const cell = tableCell;

/** Writes a Markdown table to the job summary (a no-op when GITHUB_STEP_SUMMARY is not set). */
export async function writeSummary(
  title: string,
  header: readonly string[],
  rows: readonly string[][],
  notes = "",
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const table = [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
  await core.summary.addHeading(title, 3).addRaw(`\n${table}\n\n${notes}`, true).write();
}
