/**
 * A model of the runner's secret masker, for the repo checks: which strings the runner replaces with
 * `***` in a job's log, and so which job outputs it drops ("Skip output '…' since it may contain
 * secret"). Written from actions/runner:
 *
 * - src/Runner.Worker/Worker.cs (InitializeSecretMasker): each secret the job receives is trimmed and
 *   added whole, then each of its lines, trimmed, empty ones left out.
 * - src/Runner.Worker/ActionCommandManager.cs (`::add-mask::`): the value is added as given (after
 *   src/Runner.Common/ActionCommand.cs has percent-decoded the command's data: printedMaskForms),
 *   then each of its lines, trimmed.
 * - src/Runner.Common/HostContext.cs: every added value is also added in the forms of the value
 *   encoders of src/Sdk/DTLogging/Logging/ValueEncoders.cs: base64 of the UTF-8 bytes from offset 0,
 *   1 and 2 (a secret after a prefix, as in base64("user:password")), with its padding; `"` as `\"`
 *   (command lines); `'` as `''` (expression strings); a JSON string's escapes without the quotes;
 *   .NET's Uri.EscapeDataString; XML escapes; the inside of a quoted value longer than 8 characters;
 *   and the two halves around `&` of PowerShell's colouring, when 6 characters or more.
 * - src/Sdk/DTLogging/Logging/SecretMasker.cs: any occurrence of any added form is replaced, and
 *   overlapping or adjacent occurrences become one `***`. There is no minimum length: a one-character
 *   secret masks that character everywhere.
 * - src/Runner.Worker/JobExtension.cs: a job output whose masked text differs from its text is not
 *   sent, only a warning is.
 */

/** Base64 of the UTF-8 bytes from `shift` on; the whole value when it is not longer than `shift`. */
function base64From(value: string, shift: number): string {
  const bytes = Buffer.from(value, "utf8");
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString("base64");
}

/** Newtonsoft's JsonConvert.ToString without its quotes: JSON's escapes, and U+0085, U+2028, U+2029. */
function jsonEscape(value: string): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** .NET's Uri.EscapeDataString: only A-Z a-z 0-9 - _ . ~ stay; UTF-8, upper-case hex. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** .NET's SecurityElement.Escape. */
function xmlEscape(value: string): string {
  const entities: Record<string, string> = {
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
    "&": "&amp;",
  };
  return value.replace(/[<>"'&]/g, (c) => entities[c] ?? c);
}

function trimDoubleQuotes(value: string): string {
  return value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : "";
}

function powerShellBeforeAmpersand(value: string): string {
  if (!value.includes("&")) return "";
  const plus = value.indexOf("&+");
  const section = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf("&") + 1);
  return section.length >= 6 ? section : "";
}

function powerShellAfterAmpersand(value: string): string {
  if (!value.includes("&")) return "";
  const plus = value.indexOf("&+");
  let section = "";
  if (plus >= 0) {
    // The character after "&+" is the one PowerShell colours.
    if (value.length > plus + 3) section = value.slice(plus + 3);
  } else {
    section = value.slice(value.lastIndexOf("&") + 1);
  }
  return section.length >= 6 ? section : "";
}

const ENCODERS: ReadonlyArray<(value: string) => string> = [
  (value) => base64From(value, 0),
  (value) => base64From(value, 1),
  (value) => base64From(value, 2),
  (value) => value.replaceAll('"', '\\"'),
  (value) => value.replaceAll("'", "''"),
  jsonEscape,
  uriEscape,
  xmlEscape,
  trimDoubleQuotes,
  powerShellBeforeAmpersand,
  powerShellAfterAmpersand,
];

/** The forms the runner masks for one added value (SecretMasker.AddValue). */
function addValue(value: string): string[] {
  if (!value) return [];
  return [value, ...ENCODERS.map((encode) => encode(value))].filter((form) => form !== "");
}

function linesOf(value: string): string[] {
  return value
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Every form the runner masks for a secret the job receives. */
export function secretForms(secret: string): string[] {
  const value = secret.trim();
  return unique([value, ...linesOf(value)].flatMap(addValue));
}

/**
 * Every form the runner masks after the `::add-mask::` lines a step printed: the runner first
 * percent-decodes a command's data (ActionCommand.UnescapeData: `%0D`, `%0A`, then `%25`), which
 * core.setSecret escapes for and a shell's `echo` must too.
 */
export function printedMaskForms(stdout: string): string[] {
  const values = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map(([, data]) =>
    (data ?? "").replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%25", "%"),
  );
  return unique(values.flatMap(addMaskForms));
}

/** Every form the runner masks after `::add-mask::<value>` (core.setSecret). */
export function addMaskForms(value: string): string[] {
  if (value.trim() === "") return []; // the runner warns and adds nothing
  return unique([value, ...linesOf(value)].flatMap(addValue));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The text as the runner's log shows it: every occurrence of a form replaced, overlaps merged, by `***`. */
export function mask(text: string, forms: readonly string[]): string {
  const spans: Array<[number, number]> = [];
  for (const form of forms) {
    if (!form) continue;
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
      spans.push([at, at + form.length]);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let done = 0;
  let current: [number, number] | undefined;
  for (const span of spans) {
    if (current && span[0] <= current[1]) {
      current[1] = Math.max(current[1], span[1]);
      continue;
    }
    if (current) {
      out += `${text.slice(done, current[0])}***`;
      done = current[1];
    }
    current = [span[0], span[1]];
  }
  if (current) out += `${text.slice(done, current[0])}***`;
  return out + text.slice(current ? current[1] : done);
}

/** The runner's rule for job outputs: one whose masked text differs is dropped, with a warning. */
export function redactOutputs(outputs: Record<string, string>, forms: readonly string[]) {
  const kept: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(outputs)) {
    if (value === "") continue; // "Skip output '…' since it's empty" (debug)
    if (mask(value, forms) !== value) skipped.push(`Skip output '${name}' since it may contain secret.`);
    else kept[name] = value;
  }
  return { kept, skipped };
}
