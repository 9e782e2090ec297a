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
 * One pair of surrounding double quotes is dropped, `""` inside standing for `"`: docker's
 * build-push-action reads these lists as CSV, and its documented form quotes each line
 * (`"github_token=…"`), which callers of the workflow we replace rely on.
 */
function unquote(line: string): string {
  const quoted = /^"(.*)"$/.exec(line);
  return quoted ? (quoted[1] ?? "").replaceAll('""', '"') : line;
}

/**
 * Parses newline-separated `KEY=VALUE` lines (build args, annotations, secrets). The value keeps
 * everything after the first `=`; a line without `=` or with an empty key is an error naming `input`.
 */
export function parseKeyValues(
  value: string,
  input: string,
  options: { secret?: boolean } = {},
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  parseLines(value).forEach((quoted, index) => {
    const line = unquote(quoted);
    const at = line.indexOf("=");
    if (at <= 0) {
      // A malformed secret line is never echoed: it may be the secret itself.
      const shown = options.secret ? `<line ${index + 1}, hidden>` : line;
      throw new InputError(input, shown, "is not KEY=VALUE", "write one KEY=VALUE per line");
    }
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1)]);
  });
  return pairs;
}
