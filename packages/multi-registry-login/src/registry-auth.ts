import { InputError, InputErrors, parseImage } from "@mbp/image-spec";
import type { Node } from "yaml";

// The YAML parser is most of this action's bundle and start-up, and only registry-auth needs it: it
// is loaded (a chunk of its own in dist/) by loadYamlParser(), which main runs when the input is set.
let yaml: typeof import("yaml") | undefined;

/** Loads the YAML parser that parseRegistryAuth and registryAuthPasswords use; call it first. */
export async function loadYamlParser(): Promise<void> {
  yaml ??= await import("yaml");
}

function parser(): typeof import("yaml") {
  if (yaml === undefined) throw new Error("registry-auth: loadYamlParser() has not run");
  return yaml;
}

/** One `registry-auth` entry: explicit credentials for a registry host. */
export interface RegistryAuthEntry {
  /** Canonical host (`docker.io` for every Docker Hub alias). */
  readonly host: string;
  readonly username: string;
  readonly password: string;
  /** 1-based position in the list, for messages. */
  readonly entry: number;
}

/** Shown instead of the value of an input that holds passwords. */
export const HIDDEN = "<not shown: it holds passwords>";
const KEYS = ["registry", "username", "password"] as const;
const SHAPE = "write a YAML list of {registry, username, password}, e.g. - registry: quay.io";
const QUOTE_FIX = `quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`;
const quoteFix = (key: string) => (key === "password" ? QUOTE_FIX : `quote it, e.g. ${key}: "1234"`);

/**
 * Parses the `registry-auth` input: a YAML list of `{registry, username, password}`. Every problem is
 * reported at once; no message ever contains a password (YAML errors give only their position).
 */
export function parseRegistryAuth(text: string, input = "registry-auth"): RegistryAuthEntry[] {
  if (text.trim() === "") return [];
  const { isMap, isScalar, isSeq, parseDocument } = parser();
  // prettyErrors sets linePos; its message quotes the input and is never shown.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    throw new InputError(
      input,
      HIDDEN,
      `is not valid YAML${where} (${yamlError.code})`,
      `${SHAPE}; ${QUOTE_FIX}`,
    );
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return [];
  if (!isSeq(root)) {
    const what = isMap(root) ? "a single mapping, not a list" : "not a YAML list";
    throw new InputError(input, HIDDEN, `is ${what}`, `${SHAPE} (each entry starts with "- ")`);
  }
  const errors: InputError[] = [];
  const entries: RegistryAuthEntry[] = [];
  root.items.forEach((item, index) => {
    const entry = index + 1;
    const label = `entry ${entry}`;
    if (!isMap(item)) {
      errors.push(new InputError(input, label, "is not a mapping", SHAPE));
      return;
    }
    const fields: Partial<Record<(typeof KEYS)[number], string>> = {};
    const mistyped = new Set<string>();
    const problems: Array<[string, string]> = [];
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!(KEYS as readonly string[]).includes(key)) {
        problems.push([
          `has an unknown key ${JSON.stringify(key.slice(0, 40))}`,
          "use only registry, username and password",
        ]);
        continue;
      }
      const value = pair.value as Node | null;
      if (isScalar(value) && typeof value.value === "string") {
        fields[key as (typeof KEYS)[number]] = value.value;
      } else if (value === null || (isScalar(value) && value.value === null)) {
        fields[key as (typeof KEYS)[number]] = "";
      } else {
        mistyped.add(key);
        const kind = isScalar(value) ? typeof value.value : isMap(value) ? "mapping" : "list";
        problems.push([`has a ${key} that YAML reads as a ${kind}, not a string`, quoteFix(key)]);
      }
    }
    const registry = fields.registry?.trim() ?? "";
    const host = registry === "" ? undefined : registryHost(registry);
    if (registry === "" && !mistyped.has("registry")) {
      problems.push(["has no registry", "add registry: <host>, e.g. registry: quay.io"]);
    } else if (registry !== "" && host === undefined) {
      problems.push([
        "is not a registry host",
        "write only the host, optionally with :port (quay.io, registry.example:5000)",
      ]);
    }
    if ((fields.username ?? "").trim() === "" && !mistyped.has("username")) {
      problems.push(["has no username", "add username: <account>"]);
    }
    if ((fields.password ?? "") === "" && !mistyped.has("password")) {
      problems.push([
        "has no password",
        `add password: \${{ secrets.<NAME> }}; if it is there, the secret is empty or not available to this workflow (forks and environments get none)`,
      ]);
    }
    const shown = registry === "" ? label : registry;
    const where = registry === "" ? "" : ` (${label})`;
    for (const [problem, fix] of problems)
      errors.push(new InputError(input, shown, `${where.trim()} ${problem}`.trim(), fix));
    if (problems.length === 0 && host !== undefined) {
      const seen = entries.find((other) => other.host === host);
      if (seen) {
        errors.push(
          new InputError(
            input,
            registry,
            `(${label}) repeats entry ${seen.entry} for ${host}`,
            "keep one entry per registry",
          ),
        );
      } else {
        entries.push({
          host,
          username: (fields.username ?? "").trim(),
          password: fields.password ?? "",
          entry,
        });
      }
    }
  });
  if (errors.length > 0) throw new InputErrors(errors);
  return entries;
}

/**
 * Every value a `password` key holds anywhere in `registry-auth`, found even when the input is not valid
 * for parseRegistryAuth, so it can be masked before anything is printed. Throws only when
 * loadYamlParser() has not run.
 */
export function registryAuthPasswords(text: string): string[] {
  if (text.trim() === "") return [];
  const { isScalar, parseDocument, visit } = parser();
  const found = new Set<string>();
  try {
    const document = parseDocument(text, { prettyErrors: false });
    visit(document, {
      Pair(_, pair) {
        if (isScalar(pair.key) && String(pair.key.value) === "password" && isScalar(pair.value)) {
          const value = pair.value.source ?? String(pair.value.value ?? "");
          if (value !== "") found.add(String(value));
          const raw = pair.value.value;
          if (raw !== null && raw !== undefined && String(raw) !== "") found.add(String(raw));
        }
      },
    });
  } catch {
    // Fall through to the line scan.
  }
  for (const match of text.matchAll(/password\s*:\s*(.+)$/gm)) {
    const raw = (match[1] ?? "").trim();
    // `password: |` starts a block scalar (its lines were found above); masking `|` itself would
    // turn every `|` of the job log into ***.
    if (/^[|>][0-9+-]*$/.test(raw)) continue;
    if (raw) found.add(raw);
    const unquoted = raw.replace(/^(["'])(.*)\1$/, "$2").trim();
    if (unquoted) found.add(unquoted);
  }
  return [...found];
}

/** The canonical host of a `registry:` value (`https://index.docker.io/v1/` → `docker.io`), if valid. */
export function registryHost(value: string): string | undefined {
  let rest = value.trim().replace(/^https?:\/\//i, "");
  if (/^(?:index\.|registry-1\.)?docker\.io\/v1\/?$/i.test(rest)) rest = "docker.io";
  rest = rest.replace(/\/$/, "");
  if (rest === "" || rest.includes("/")) return undefined;
  try {
    return parseImage(`${rest}/probe`, "registry").host;
  } catch {
    return undefined;
  }
}
