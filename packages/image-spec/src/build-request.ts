/**
 * The one rule, shared by arch-build and the CLI, for turning build settings into what an engine gets:
 * the cache (scope and `{arch}`), image labels, build secrets and provenance. Callers read their own
 * inputs or flags; everything after that is decided here, so the action and a local run build alike.
 */
import { InputError, type Problems } from "./errors";
import { type GitHubContext, sourceAnnotations, workflowRunUrl } from "./github";
import { parseLines, splitKeyValue } from "./list";
import type { Plan, PlannedPlatform } from "./plan";

/** A BuildKit secret: the value only ever travels through a child's environment or a 0600 file. */
export interface BuildSecret {
  readonly id: string;
  readonly value: string;
}

/** The cache of one platform's build, as the engines take it. */
export interface CacheOptions {
  /** Use a cache at all. */
  readonly enabled: boolean;
  /** Per-image, per-architecture scope (`<image path>-<suffix>`) so legs never overwrite each other. */
  readonly scope: string;
  /** Explicit cache entries in the engine's own syntax, `{arch}` replaced; they replace the default. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Build every step anew, reading no cache (`--no-cache`); the CLI's flag. */
  readonly noCache?: boolean;
}

/** The cache as configured, before it is fitted to a platform. */
export interface CacheSettings {
  /**
   * Whether the engine's own default cache applies when no entry is given: the action's `cache`
   * input (buildx: the GitHub cache, buildah: cached layers). The CLI has none: off GitHub the GitHub
   * cache is out of reach, and a builder caches on its own.
   */
  readonly byDefault?: boolean;
  /** Entries as given, `{arch}` not yet replaced (checked by parseCacheEntries). */
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly noCache?: boolean;
}

/** What every platform's build takes from the settings; fitted to one platform by settingsForPlatform. */
export interface RequestSettings {
  readonly secrets: readonly BuildSecret[];
  /** Image labels: the source labels, then the caller's (see imageLabels). */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly cache: CacheSettings;
  /** buildx `--provenance`; empty: buildx's own default (see resolveProvenance). */
  readonly provenance: string;
  /**
   * `provenance` is resolveProvenance's default, not a value the caller gave: the engine leaves it
   * out wherever buildx would leave out its own default (a builder that cannot attest,
   * BUILDX_NO_DEFAULT_ATTESTATIONS).
   */
  readonly defaultProvenance?: boolean;
  readonly sbom: string;
  /** SOURCE_DATE_EPOCH (seconds) for a reproducible image; unset: the build's own clock. */
  readonly sourceDateEpoch?: string;
}

/** RequestSettings fitted to one platform: the parts of a build request this rule decides. */
export interface PlatformRequestSettings extends Omit<RequestSettings, "cache"> {
  readonly cache: CacheOptions;
}

/** The placeholder of cache entries, replaced by the platform's tag suffix. */
export const ARCH_PLACEHOLDER = "{arch}";

/**
 * Cache entries, one per line, checked: any `{...}` other than `{arch}` is a problem, since a
 * misspelt placeholder would share one cache between architectures. `{arch}` stays until
 * settingsForPlatform (or expandArch) replaces it.
 */
export function parseCacheEntries(input: string, text: string, problems: Problems): string[] {
  return parseLines(text).map((entry) => {
    const unknown = [...entry.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).filter((p) => p !== ARCH_PLACEHOLDER);
    if (unknown.length > 0) {
      problems.add(
        new InputError(
          input,
          entry,
          `has the placeholder ${unknown.join(", ")}, which is not known`,
          `write ${ARCH_PLACEHOLDER} (the platform's tag suffix: amd64, arm64, arm-v7), or no placeholder`,
        ),
      );
    }
    return entry;
  });
}

/** Cache entries for one platform: `{arch}` becomes its tag suffix (`amd64`, `arm64`, `arm-v7`). */
export function expandArch(entries: readonly string[], suffix: string): string[] {
  return suffix ? entries.map((entry) => entry.replaceAll(ARCH_PLACEHOLDER, suffix)) : [...entries];
}

/** parseCacheEntries, then expandArch: one platform's entries, with the problems of all. */
export function expandCacheEntries(
  input: string,
  text: string,
  suffix: string,
  problems: Problems,
): string[] {
  return expandArch(parseCacheEntries(input, text, problems), suffix);
}

/** The cache scope of one platform's build: one per image and architecture. */
export function cacheScope(plan: Pick<Plan, "images">, platform: Pick<PlannedPlatform, "suffix">): string {
  return `${plan.images[0]?.path ?? "image"}-${platform.suffix}`;
}

/**
 * The settings every platform shares, fitted to one: its cache scope, `{arch}` replaced, and the
 * cache on when it is on by default or an entry names one (`--no-cache` reads none of them).
 */
export function settingsForPlatform(
  settings: RequestSettings,
  plan: Pick<Plan, "images">,
  platform: Pick<PlannedPlatform, "suffix">,
): PlatformRequestSettings {
  const { cache } = settings;
  return {
    secrets: settings.secrets,
    labels: settings.labels,
    cache: {
      enabled: Boolean(cache.byDefault) || cache.from.length > 0 || cache.to.length > 0,
      scope: cacheScope(plan, platform),
      from: cache.noCache ? [] : expandArch(cache.from, platform.suffix),
      to: expandArch(cache.to, platform.suffix),
      ...(cache.noCache === undefined ? {} : { noCache: cache.noCache }),
    },
    provenance: settings.provenance,
    ...(settings.defaultProvenance ? { defaultProvenance: true } : {}),
    sbom: settings.sbom,
    ...(settings.sourceDateEpoch ? { sourceDateEpoch: settings.sourceDateEpoch } : {}),
  };
}

/**
 * Image labels: the OCI source labels of the checkout (`source`, `revision`, `version` = the tag),
 * then the caller's, which win on a clash.
 */
export function imageLabels(
  github: GitHubContext,
  version: string,
  labels: ReadonlyArray<readonly [string, string]>,
): Array<[string, string]> {
  return [...new Map<string, string>([...Object.entries(sourceAnnotations(github, version)), ...labels])];
}

/**
 * The provenance attestation to ask buildx for, as docker/build-push-action (v6, through
 * actions-toolkit's getProvenanceInput and its default) asks on GitHub Actions: with no value,
 * `mode=max` for a public repository and `mode=min,inline-only=true` (buildx's own default) for a
 * private one, by the event payload's `repository.private` (a payload that does not say counts as
 * public there too); `true` becomes the default mode; every value but `false` names the workflow
 * run as `builder-id`. Off GitHub Actions (no run) the value is kept as given, and empty stays empty:
 * buildx's own default, which records no build arguments.
 */
export function resolveProvenance(
  given: string,
  github: GitHubContext,
): Pick<RequestSettings, "provenance" | "defaultProvenance"> {
  const value = given.trim();
  const run = workflowRunUrl(github);
  if (!run) return { provenance: value };
  if (["false", "False", "FALSE"].includes(value)) return { provenance: "false" };
  if (["true", "True", "TRUE"].includes(value)) return { provenance: `builder-id=${run}` };
  if (value === "") {
    const mode = github.repositoryPrivate === true ? "mode=min,inline-only=true" : "mode=max";
    return { provenance: `${mode},builder-id=${run}`, defaultProvenance: true };
  }
  const named = value.split(",").some((attribute) => attribute.split("=")[0]?.trim() === "builder-id");
  return { provenance: named ? value : `${value},builder-id=${run}` };
}

/** Environment variable that carries one secret's value to buildx (`--secret id=X,env=MBP_SECRET_X`). */
export function secretEnvName(id: string): string {
  return `MBP_SECRET_${id.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase()}`;
}

const SECRET_ID_RE = /^[A-Za-z0-9_.-]+$/;

/** One secret as read by a caller, before the shared checks. */
export interface SecretEntry {
  readonly id: string;
  readonly value: string;
  /** The input or flag it came from, for messages. */
  readonly input: string;
  /** What a message shows for it (default: the id); never the value. */
  readonly shown?: string;
}

/**
 * Build secrets as the action's `secrets` input (and the workflow's IMAGE_SECRETS) takes them: one
 * `id=value` per line (blank lines and `#` comments skipped, as in every list), and for a value of
 * several lines a block as GITHUB_OUTPUT takes one: `id<<DELIMITER`, the value's lines, then a line
 * that is the delimiter alone. The delimiter must not occur in the value. A problem never shows a
 * line that may hold a value: only its number, or a block's `id<<DELIMITER` line.
 */
export function parseSecretLines(text: string, input: string, problems: Problems): SecretEntry[] {
  const entries: SecretEntry[] = [];
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const opens = /^([^=]*?)\s*<<\s*(\S+)$/.exec(line);
    // `id=a<<b` is a one-line value: an id has no `=`.
    if (opens) {
      const [opener, id = "", delimiter = ""] = opens;
      const start = i;
      const value: string[] = [];
      for (i++; i < lines.length && (lines[i] ?? "").trim() !== delimiter; i++) value.push(lines[i] ?? "");
      const inValue = value.findIndex((valueLine) => valueLine.includes(delimiter));
      if (i >= lines.length) {
        problems.add(
          new InputError(
            input,
            opener,
            `(line ${start + 1}) is never closed: no line ${delimiter} follows`,
            `end the value with a line that is ${delimiter} alone`,
          ),
        );
      } else if (inValue >= 0) {
        problems.add(
          new InputError(
            input,
            opener,
            `has its delimiter ${delimiter} inside the value (line ${start + 2 + inValue})`,
            "choose a delimiter that does not occur in the value, e.g. a random word",
          ),
        );
      } else {
        entries.push({ id, value: value.join("\n"), input });
      }
      continue;
    }
    const pair = splitKeyValue(line);
    if (!pair) {
      problems.add(
        new InputError(
          input,
          `<line ${i + 1}, hidden>`,
          "is not id=value",
          "write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF",
        ),
      );
      continue;
    }
    entries.push({ id: pair[0], value: pair[1], input });
  }
  return entries;
}

/**
 * The problem of a secret id that BuildKit would refuse, if any. The sentence follows what is shown:
 * the id itself "is not" one, a flag's whole entry "has" an invalid one.
 */
export function secretIdProblem(entry: SecretEntry): InputError | undefined {
  if (SECRET_ID_RE.test(entry.id)) return undefined;
  const shown = entry.shown ?? entry.id;
  return new InputError(
    entry.input,
    shown,
    shown === entry.id ? "is not a valid secret id" : "has an invalid secret id",
    "use letters, digits, '_', '.' and '-' in the id",
  );
}

/**
 * The checks every build secret passes, wherever it was read: a valid id, given once, whose buildx
 * variable does not clash with another's. An empty value is a warning (a secret not available here).
 * Values are never part of a message.
 */
export function checkSecrets(
  entries: readonly SecretEntry[],
  problems: Problems,
  warnings: string[],
): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  const envNames = new Map<string, string>();
  for (const entry of entries) {
    const { id, value, input, shown = id } = entry;
    const invalid = secretIdProblem(entry);
    if (invalid) {
      problems.add(invalid);
      continue;
    }
    if (secrets.some((s) => s.id === id)) {
      problems.add(new InputError(input, shown, "is given twice", "give each secret id once"));
      continue;
    }
    const envName = secretEnvName(id);
    const clash = envNames.get(envName);
    if (clash !== undefined) {
      problems.add(
        new InputError(
          input,
          shown,
          `clashes with "${clash}" (both become ${envName})`,
          "rename one of them",
        ),
      );
      continue;
    }
    envNames.set(envName, id);
    if (value === "") warnings.push(`${input}: "${id}" has an empty value (a secret not available here?)`);
    secrets.push({ id, value });
  }
  return secrets;
}

/** Warnings for settings only buildx reads, when the engine is buildah. */
export function ignoredByBuildah(settings: ReadonlyArray<readonly [string, string]>): string[] {
  return settings
    .filter(([, value]) => value.trim() !== "")
    .map(([input]) => `${input}: ignored by the buildah engine (buildx only)`);
}
