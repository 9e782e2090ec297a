import {
  InputError,
  isDigest,
  type Platform,
  type Problems,
  parseKeyValues,
  parseTimelines,
  type TimelineEntry,
} from "@mbp/image-spec";

/**
 * The `sources` input: each platform's image by digest, so the stitch reads `<image>@<digest>` and
 * needs no per-architecture tag. Either `platform=digest` lines (the platform as `linux/arm64` or as
 * its tag suffix `arm64`), or JSON: an object of the same pairs, or arch-build `timeline` outputs (a
 * list, or an object of them such as a job's `toJSON(needs.build.outputs)`), each naming its platform
 * and digest. Returns platform id → digest; every problem goes to `problems`.
 *
 * `complete`: every planned platform must have a digest (a stitch); otherwise the ones known are
 * enough (what a failed run left behind).
 */
export function parseSources(
  text: string,
  platforms: readonly Platform[],
  problems: Problems,
  options: { complete: boolean; input?: string },
): Map<string, string> {
  const input = options.input ?? "sources";
  const digests = new Map<string, string>();
  // Platforms named at all, rightly or not: a wrong digest is one problem, not two.
  const named = new Set<string>();
  if (!text.trim()) return digests;
  const platformOf = (key: string) => platforms.find((p) => p.id === key || p.suffix === key);
  const add = (key: string, digest: string, shown: string) => {
    const platform = platformOf(key);
    if (!platform) {
      problems.add(
        new InputError(
          input,
          shown,
          `names ${key}, which is not a planned platform`,
          `use one of ${platforms.map((p) => `${p.id} (or ${p.suffix})`).join(", ")}`,
        ),
      );
      return;
    }
    named.add(platform.id);
    if (!isDigest(digest)) {
      problems.add(new InputError(input, shown, "has no sha256:<64 hex> digest", "write platform=sha256:…"));
      return;
    }
    const known = digests.get(platform.id);
    if (known !== undefined && known !== digest) {
      problems.add(
        new InputError(
          input,
          shown,
          `gives ${platform.id} a second digest (${known} before)`,
          "give each platform one digest",
        ),
      );
      return;
    }
    digests.set(platform.id, digest);
  };

  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    for (const entry of problems.attempt(() => jsonSources(trimmed, input)) ?? []) {
      if ("digest" in entry && entry.digest) add(entry.key, entry.digest, entry.shown);
    }
  } else {
    for (const [key, digest] of problems.attempt(() => parseKeyValues(text, input)) ?? []) {
      add(key.trim(), digest.trim(), `${key}=${digest}`);
    }
  }
  if (options.complete) {
    for (const platform of platforms) {
      if (named.has(platform.id)) continue;
      problems.add(
        new InputError(
          input,
          text.length > 200 ? `${text.slice(0, 200)}…` : text,
          `has no digest for ${platform.id} (its build failed, did not run, or did not push)`,
          `give ${platform.id}=sha256:… or that platform's arch-build timeline output`,
        ),
      );
    }
  }
  // In plan order, whatever order they were given in.
  return new Map(platforms.flatMap((p) => (digests.has(p.id) ? [[p.id, digests.get(p.id) as string]] : [])));
}

// An object's digest values are pairs; anything else is read as timeline entries.
function jsonSources(text: string, input: string): Array<{ key: string; digest?: string; shown: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(input, text, "is not JSON", "write platform=sha256:… lines, or valid JSON");
  }
  const pairs: Array<{ key: string; digest?: string; shown: string }> = [];
  const rest: unknown[] = [];
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && !("steps" in parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" && /^sha256:/.test(value))
        pairs.push({ key, digest: value, shown: `${key}=${value}` });
      else rest.push(value);
    }
  } else {
    rest.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }
  const entries: TimelineEntry[] = rest.length > 0 ? parseTimelines(JSON.stringify(rest), input) : [];
  for (const entry of entries) {
    if (!entry.platform) continue;
    pairs.push({
      key: entry.platform,
      ...(entry.digest ? { digest: entry.digest } : {}),
      shown: `${entry.platform} (${entry.outcome})`,
    });
  }
  return pairs;
}
