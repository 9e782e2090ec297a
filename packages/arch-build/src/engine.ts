import {
  asError,
  type BuildSecret,
  type CacheOptions,
  CommandError,
  DEFAULT_RETRY_POLICY,
  type Descriptor as OciDescriptor,
  type OciPlatform,
  type Platform,
  type PlatformRequestSettings,
  type Reporter,
  type RetryDecision,
  type RetryPolicy,
} from "@mbp/image-spec";

/** What was pushed, with the platform it was built for: an index entry as is. */
export type Descriptor = OciDescriptor & { readonly platform: OciPlatform };

/**
 * Where a build goes: every ref in the registries; every repository by digest only, no tag ever
 * (`arch-tags: false`); an OCI layout directory (CLI); or nowhere (check only).
 */
export type BuildOutput =
  | { readonly kind: "registry"; readonly refs: readonly string[] }
  | { readonly kind: "registry-by-digest"; readonly repositories: readonly string[] }
  | { readonly kind: "oci-layout"; readonly dir: string; readonly tag: string }
  | { readonly kind: "none" };

/**
 * Everything one engine needs for one build; engine-neutral. Its secrets, labels, cache and
 * provenance come from image-spec's build-request rule (settingsForPlatform), shared with the CLI.
 */
export interface BuildRequest extends PlatformRequestSettings {
  readonly platform: Platform;
  /** Build context: a directory, or a URL the engine understands. */
  readonly context: string;
  /** Dockerfile path as the engine gets it (resolved against the working directory). */
  readonly dockerfile: string;
  /** Stage to build; empty for the last one. */
  readonly target: string;
  readonly buildArgs: ReadonlyArray<readonly [string, string]>;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  readonly output: BuildOutput;
}

export interface BuildResult {
  /** Digest of what was written (empty when nothing was pushed or written). */
  readonly digest: string;
  readonly descriptor?: Descriptor;
  /** Refs that now hold `digest`: `image:tag`, or `image@digest` for a push by digest. */
  readonly refs: readonly string[];
}

export type { BuildSecret, CacheOptions, Reporter };

/** What an engine tells its caller while it works, for the run's timeline. */
export interface BuildEvents {
  /** The build is done and the push to the registries begins (called at most once). */
  pushing?(): void;
}

export interface Engine {
  readonly name: EngineName;
  build(request: BuildRequest, reporter: Reporter, events?: BuildEvents): Promise<BuildResult>;
}

export const ENGINES = ["buildx", "buildah"] as const;
export type EngineName = (typeof ENGINES)[number];

/** What a build had done when it failed. */
export interface PartialBuild {
  /** Digest of what `refs` hold (empty when none was pushed). */
  readonly digest: string;
  readonly refs: readonly string[];
  /** The digest the build produced, once known, even when no push of it succeeded. */
  readonly built?: string;
}

/**
 * A build that failed after part of its work was done: `refs` already hold `digest`, so main() can
 * publish what is known before failing the step.
 */
export class PartialBuildError extends Error {
  override readonly name = "PartialBuildError";
  constructor(
    message: string,
    readonly partial: PartialBuild,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Registry answers that mean "try again later" as buildx and buildah print them. Neither engine
// retries a 429 itself; buildah retries some network errors, buildx none. GHCR adds transient
// "blob upload unknown" and 403 "secondary rate limit" answers.
const TRANSIENT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b429\b|too many requests|toomanyrequests/i, "429 Too Many Requests"],
  [
    /\b(?:500|502|503|504)\b[^\n]{0,40}(?:internal server error|bad gateway|service unavailable|gateway time-?out)/i,
    "5xx",
  ],
  [/(?:status|status code|response)[:\s]+(?:500|502|503|504)\b/i, "5xx"],
  [/secondary rate limit/i, "GHCR secondary rate limit"],
  [/blob upload unknown|blob_upload_unknown/i, "blob upload unknown"],
  [
    /connection reset|econnreset|broken pipe|unexpected eof|i\/o timeout|tls handshake timeout/i,
    "connection reset",
  ],
];

// The engine's own closing error line: buildx `ERROR: …`, buildah `Error: …` or `level=error`.
const ERROR_LINE = /^(?:error\b|level=(?:error|fatal)\b)|\slevel=(?:error|fatal)\b/i;
// A build step that failed: its command text may contain anything, "429" included.
const STEP_FAILURE =
  /did not complete successfully|building at step|error building at step|while running runtime/i;

/**
 * Classifies an engine failure for withRetries. Only the engine's last error line counts: a build
 * log is full of step output (`#12 0.429 …`, a test printing "503 Service Unavailable") that says
 * nothing about the registry. Transient registry answers there (429, 5xx, GHCR's secondary rate
 * limit and lost blob uploads, resets, timeouts) are retried; anything else, a failed build step
 * above all, is final.
 */
export function classifyEngineFailure(error: unknown): RetryDecision {
  if (!(error instanceof CommandError)) return { retry: false };
  const last = error.stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => ERROR_LINE.test(line))
    .pop();
  if (!last || STEP_FAILURE.test(last)) return { retry: false };
  for (const [pattern, reason] of TRANSIENT_PATTERNS) {
    if (pattern.test(last)) return { retry: true, reason };
  }
  return { retry: false };
}

/**
 * Retries of an engine command: the shared policy's tries and backoff, but a try is a whole build
 * (buildx) or a whole push (buildah), which can take many minutes by itself, so the bound is the
 * number of tries rather than the two-minute deadline meant for single HTTP requests.
 */
export const ENGINE_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, deadlineMs: 60 * 60_000 };

/**
 * A short error for a failed engine command: its exit code and the error lines at the end of its
 * stderr (buildx writes the whole build log there), keeping the full CommandError as the cause.
 */
export function explainFailure(what: string, error: unknown): Error {
  if (!(error instanceof CommandError)) return asError(error);
  const lines = error.stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /^error\b/i.test(line) || /level=(?:error|fatal)/.test(line));
  const shown = (errors.length > 0 ? errors : lines).slice(-5).join("\n");
  return new Error(`${what} failed with exit code ${error.exitCode}${shown ? `: ${shown}` : ""}`, {
    cause: error,
  });
}

/** The platform object of a descriptor or index entry. */
export function descriptorPlatform(platform: Platform): Descriptor["platform"] {
  return platform.variant === undefined
    ? { os: platform.os, architecture: platform.architecture }
    : { os: platform.os, architecture: platform.architecture, variant: platform.variant };
}
