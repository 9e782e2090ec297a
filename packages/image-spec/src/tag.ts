import { createHash } from "node:crypto";
import { InputError, Problems } from "./errors";
import type { GitHubContext } from "./github";
import { parseList } from "./list";

/** Registries (and the distribution spec) allow tags of at most 128 characters. */
export const MAX_TAG_LENGTH = 128;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** True for `latest` and `latest` followed by `_`, `-` or `.` (`latest_weekly`, `latest-rc`). */
export function isLatestTag(tag: string): boolean {
  return /^latest(?:[_.-]|$)/.test(tag);
}

/** `<tag>-<suffix>`, the per-architecture tag (`1.2.0-arm64`). */
export function archTag(tag: string, suffix: string): string {
  return `${tag}-${suffix}`;
}

/** Where the primary tag came from, for the plan's log and summary. */
export type TagSource = "input" | "pull_request" | "ref";

/**
 * The tag a build gets when none is given: the head branch on `pull_request*` events, otherwise
 * the ref without `refs/heads/` or `refs/tags/`; then `/` becomes `-`. Not yet sanitised.
 */
export function rawTagFromContext(context: Pick<GitHubContext, "eventName" | "ref" | "headRef">): {
  raw: string;
  source: TagSource;
} {
  if (context.eventName.startsWith("pull_request") && context.headRef) {
    return { raw: context.headRef.replaceAll("/", "-"), source: "pull_request" };
  }
  const raw = context.ref.replace(/^refs\/(?:heads|tags)\//, "");
  return { raw: raw.replaceAll("/", "-"), source: "ref" };
}

/**
 * Makes a derived (never a typed) tag valid: runs of characters outside `[A-Za-z0-9._-]` become
 * `-`, leading `.`/`-` are dropped, and a tag longer than `maxLength` is cut and given a short hash
 * of the full name so that two long branch names never collide.
 */
export function sanitizeTag(raw: string, maxLength = MAX_TAG_LENGTH): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  if (cleaned.length <= maxLength) return cleaned;
  const hash = createHash("sha256").update(raw).digest("hex").slice(0, 8);
  return `${cleaned.slice(0, maxLength - hash.length - 1).replace(/[.-]+$/, "")}-${hash}`;
}

/**
 * Validates a tag a person typed. `suffixLength` is the length of the longest `-<arch>` that will be
 * appended (0 for `latest*` tags, which get no arch variants).
 */
export function validateTag(tag: string, input: string, suffixLength: number): string {
  if (!TAG_RE.test(tag)) {
    throw new InputError(
      input,
      tag,
      "is not a valid tag",
      "use letters, digits, '_', '.' and '-', not starting with '.' or '-'",
    );
  }
  const longest = tag.length + suffixLength;
  if (longest > MAX_TAG_LENGTH) {
    const room = MAX_TAG_LENGTH - suffixLength;
    const withSuffix = suffixLength > 0 ? " with its architecture suffix" : "";
    throw new InputError(
      input,
      tag,
      `is ${longest} characters long${withSuffix}; registries allow ${MAX_TAG_LENGTH}`,
      `shorten it to at most ${room} characters`,
    );
  }
  return tag;
}

/** The tags of one build: the primary tag first, then additional tags, without repeats. */
export interface ResolvedTags {
  /** The primary tag (`tag` output); always has per-architecture variants. */
  readonly tag: string;
  readonly source: TagSource;
  /** Every tag the multi-arch index is pushed under, primary first. */
  readonly tags: readonly string[];
  /** Tags that also get `-<suffix>` per-architecture variants (all but `latest*`). */
  readonly archTagBases: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Resolves `tag` and `additional-tags` against the GitHub context. An explicit value that is not a
 * valid tag is an error (never silently changed); a derived one is sanitised.
 */
export function resolveTags(
  options: { tag: string; additionalTags: string; longestSuffix: number },
  context: Pick<GitHubContext, "eventName" | "ref" | "headRef">,
): ResolvedTags {
  const problems = new Problems();
  const warnings: string[] = [];
  const suffixLength = options.longestSuffix + 1;
  let tag = options.tag.trim();
  let source: TagSource = "input";
  if (tag) {
    problems.attempt(() => validateTag(tag, "tag", suffixLength));
  } else {
    const derived = rawTagFromContext(context);
    source = derived.source;
    tag = sanitizeTag(derived.raw, MAX_TAG_LENGTH - suffixLength);
    if (!tag) {
      problems.add(
        new InputError(
          "tag",
          "",
          `is empty and no tag can be derived from GITHUB_REF=${JSON.stringify(context.ref)}`,
          "set the tag input",
        ),
      );
    } else if (tag !== derived.raw) {
      warnings.push(`tag: "${derived.raw}" from the ${source} is not a valid tag; using "${tag}"`);
    }
  }
  if (tag && isLatestTag(tag)) {
    problems.add(
      new InputError(
        "tag",
        tag,
        "is a latest* tag, which gets no per-architecture variants, so nothing could be built under it",
        "use a version or branch as tag and put latest tags in additional-tags",
      ),
    );
  }
  const tags = [tag];
  for (const extra of parseList(options.additionalTags)) {
    const ok = problems.attempt(() =>
      validateTag(extra, "additional-tags", isLatestTag(extra) ? 0 : suffixLength),
    );
    if (!ok) continue;
    if (tags.includes(extra)) warnings.push(`additional-tags: "${extra}" repeats a tag; it is used once`);
    else tags.push(extra);
  }
  problems.throwIfAny();
  return { tag, source, tags, archTagBases: tags.filter((t) => !isLatestTag(t)), warnings };
}
