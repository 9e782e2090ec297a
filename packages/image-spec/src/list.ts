import { InputError } from "./errors";

/** Splits a comma- or newline-separated list: trims each entry, drops empties. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/** Splits a newline-separated list (entries may contain commas, e.g. build args). */
export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0 && !entry.startsWith("#"));
}

/**
 * One `KEY=VALUE` line, split at the first `=` (the key trimmed, the value kept), or undefined when
 * it has no `=` or an empty key. One pair of surrounding double quotes is dropped first, `""` inside
 * standing for `"`: docker's build-push-action reads these lists as CSV, and its documented form
 * quotes each line (`"github_token=…"`), which callers of the workflow we replace rely on.
 */
export function splitKeyValue(line: string): [string, string] | undefined {
  const text = unquote(line);
  const at = text.indexOf("=");
  return at <= 0 ? undefined : [text.slice(0, at).trim(), text.slice(at + 1)];
}

function unquote(line: string): string {
  const quoted = /^"(.*)"$/.exec(line);
  return quoted ? (quoted[1] ?? "").replaceAll('""', '"') : line;
}

/**
 * Parses newline-separated `KEY=VALUE` lines (build args, labels, annotations). The value keeps
 * everything after the first `=`; a line without `=` or with an empty key is an error naming `input`.
 * (Build secrets, whose lines are never shown, have parseSecretLines.)
 */
export function parseKeyValues(value: string, input: string): Array<[string, string]> {
  return parseLines(value).map((line) => {
    const pair = splitKeyValue(line);
    if (!pair) throw new InputError(input, unquote(line), "is not KEY=VALUE", "write one KEY=VALUE per line");
    return pair;
  });
}
