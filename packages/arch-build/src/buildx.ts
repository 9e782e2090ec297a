import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type RetryPolicy, runCommand, secretEnvName, tryCommand, withRetries } from "@mbp/image-spec";
import {
  type BuildRequest,
  type BuildResult,
  type CacheOptions,
  classifyEngineFailure,
  type Descriptor,
  descriptorPlatform,
  ENGINE_RETRY_POLICY,
  type Engine,
  explainFailure,
  PartialBuildError,
  type Reporter,
} from "./engine";

// Where buildx-args tests and older callers look for it; the rule itself is image-spec's.
export { secretEnvName };

/** The builder created when the current one uses the `docker` driver. */
export const CONTAINER_BUILDER = "mbp-arch-build";

/**
 * What buildx's `type=gha` cache reads from its environment (GitHub gives them to JavaScript actions,
 * not to `run:` steps). Passed through explicitly so a caller-supplied environment keeps them.
 */
export const GHA_CACHE_VARIABLES = [
  "ACTIONS_RESULTS_URL",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_CACHE_URL",
  "ACTIONS_CACHE_SERVICE_V2",
] as const;

/** The `--cache-from` / `--cache-to` values for buildx, and why a default was dropped. */
export interface BuildxCache {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Resolves the cache for buildx. Explicit `from`/`to` entries replace the default, both directions at
 * once (a read-only registry cache must not start writing the GitHub cache); the default is the
 * GitHub cache scoped per image and architecture, which needs the runtime variables GitHub gives
 * JavaScript actions (without them buildx cannot reach the cache service).
 */
export function buildxCache(cache: CacheOptions, env: NodeJS.ProcessEnv): BuildxCache {
  if (!cache.enabled) return { from: [], to: [], warnings: [] };
  if (cache.from.length > 0 || cache.to.length > 0) return { from: cache.from, to: cache.to, warnings: [] };
  const ghaReady = Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL));
  if (!ghaReady) {
    return {
      from: [],
      to: [],
      warnings: [
        "cache: the GitHub Actions cache needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, which are not set " +
          "(outside GitHub Actions?); building without the default cache",
      ],
    };
  }
  return {
    from: [`type=gha,scope=${cache.scope}`],
    to: [`type=gha,scope=${cache.scope},mode=max,ignore-error=true`],
    warnings: [],
  };
}

/**
 * The exact argv (after `docker`) of `docker buildx build` for a request. Pure: secret values never
 * appear, only the names of the environment variables that carry them.
 */
export function buildxBuildArgs(
  request: BuildRequest,
  files: { metadataFile: string; cache: Pick<BuildxCache, "from" | "to">; builder?: string | undefined },
): string[] {
  const args = ["buildx", "build"];
  if (files.builder) args.push("--builder", files.builder);
  args.push("--platform", request.platform.id, "--file", request.dockerfile);
  if (request.target) args.push("--target", request.target);
  for (const [key, value] of request.buildArgs) args.push("--build-arg", `${key}=${value}`);
  // BuildKit takes the reproducible-build time as this build argument (it sets image and history dates).
  if (request.sourceDateEpoch && !request.buildArgs.some(([key]) => key === "SOURCE_DATE_EPOCH")) {
    args.push("--build-arg", `SOURCE_DATE_EPOCH=${request.sourceDateEpoch}`);
  }
  for (const secret of request.secrets) {
    args.push("--secret", `id=${secret.id},env=${secretEnvName(secret.id)}`);
  }
  const output = request.output;
  if (output.kind === "registry") {
    for (const ref of output.refs) args.push("--tag", ref);
    args.push("--push");
  } else if (output.kind === "oci-layout") {
    args.push("--output", `type=oci,dest=${output.dir},tar=false,name=${output.tag}`);
  }
  args.push("--metadata-file", files.metadataFile);
  for (const [key, value] of request.labels) args.push("--label", `${key}=${value}`);
  for (const [key, value] of request.annotations) args.push("--annotation", `${key}=${value}`);
  for (const from of files.cache.from) args.push("--cache-from", from);
  for (const to of files.cache.to) args.push("--cache-to", to);
  if (request.cache.noCache) args.push("--no-cache");
  if (request.provenance) args.push("--provenance", request.provenance);
  if (request.sbom) args.push("--sbom", request.sbom);
  args.push(request.context);
  return args;
}

/** The environment added for the build child: the cache variables and one variable per secret. */
export function buildxEnv(request: BuildRequest, env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of GHA_CACHE_VARIABLES) {
    const value = env[name];
    if (value) result[name] = value;
  }
  for (const secret of request.secrets) result[secretEnvName(secret.id)] = secret.value;
  return result;
}

/** The driver of the builder that `docker buildx inspect` describes (its first `Driver:` line). */
export function parseBuilderDriver(inspectOutput: string): string | undefined {
  const match = /^Driver:\s*(\S+)/im.exec(inspectOutput);
  return match?.[1];
}

/**
 * Whether the `docker` driver that `docker buildx inspect` describes runs on the containerd image
 * store (its BuildKit worker is containerd's): then it exports caches and OCI layouts itself.
 */
export function dockerDriverOnContainerd(inspectOutput: string): boolean {
  return /^\s*org\.mobyproject\.buildkit\.worker\.containerd\./m.test(inspectOutput);
}

/** The digest and descriptor buildx wrote to its `--metadata-file`. */
export function readBuildxMetadata(text: string): {
  digest: string;
  descriptor?: Omit<Descriptor, "platform">;
} {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "null") return { digest: "" };
  const metadata = JSON.parse(trimmed) as Record<string, unknown>;
  const digest =
    typeof metadata["containerimage.digest"] === "string" ? metadata["containerimage.digest"] : "";
  const raw = metadata["containerimage.descriptor"] as Partial<Descriptor> | undefined;
  if (
    raw &&
    typeof raw.mediaType === "string" &&
    typeof raw.digest === "string" &&
    typeof raw.size === "number"
  ) {
    return {
      digest: digest || raw.digest,
      descriptor: { mediaType: raw.mediaType, digest: raw.digest, size: raw.size },
    };
  }
  return { digest };
}

export interface BuildxOptions {
  /** The docker CLI (default `docker`, looked up on PATH). */
  readonly command?: string;
  /** Environment the secrets and cache variables are read from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory for the metadata file (RUNNER_TEMP in the action). */
  readonly tempDir: string;
  readonly retryPolicy?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * A named builder (`--builder`), e.g. a remote native arm64 BuildKit node. It is used as it is:
   * the current builder is neither inspected nor switched.
   */
  readonly builder?: string;
}

/** `docker buildx build`: one build that tags and pushes every ref itself. */
export function createBuildxEngine(options: BuildxOptions): Engine {
  const docker = options.command ?? "docker";
  const env = options.env ?? process.env;
  return {
    name: "buildx",
    async build(request: BuildRequest, reporter: Reporter): Promise<BuildResult> {
      const cache = buildxCache(request.cache, env);
      for (const warning of cache.warnings) reporter.warning(warning);
      const needsContainerBuilder = cache.to.length > 0 || request.output.kind === "oci-layout";
      // The current builder is asked about only when it matters: whether it can export (a cache, a
      // layout), or attest (a default provenance).
      const current =
        options.builder === undefined && (needsContainerBuilder || request.defaultProvenance)
          ? await inspectCurrentBuilder(docker)
          : undefined;
      const builder =
        options.builder ??
        (needsContainerBuilder && current
          ? await ensureContainerBuilder(docker, reporter, current)
          : undefined);
      const dropped = request.defaultProvenance
        ? defaultProvenanceLeftOut(env, builder === undefined ? current : undefined)
        : undefined;
      if (dropped) reporter.debug(`provenance: the default ${request.provenance} is left out: ${dropped}`);

      const metadataFile = join(options.tempDir, `arch-build-metadata-${request.platform.suffix}.json`);
      rmSync(metadataFile, { force: true });
      const args = buildxBuildArgs(dropped ? { ...request, provenance: "" } : request, {
        metadataFile,
        cache,
        builder,
      });
      const childEnv = buildxEnv(request, env);
      const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
      try {
        await withRetries(
          () => runCommand(docker, args, { env: childEnv, output: reporter.output }),
          {
            classify: classifyEngineFailure,
            onRetry: ({ attempt, delayMs, reason }) =>
              reporter.warning(
                `docker buildx build failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s ` +
                  `(try ${attempt + 1} of ${policy.attempts})`,
              ),
            ...(options.sleep ? { sleep: options.sleep } : {}),
          },
          policy,
        );
      } catch (error) {
        throw explainFailure("docker buildx build", error);
      }

      let metadataText = "";
      try {
        metadataText = readFileSync(metadataFile, "utf8");
      } catch {
        reporter.debug(`buildx wrote no metadata file at ${metadataFile}`);
      }
      const metadata = readBuildxMetadata(metadataText);
      const refs = request.output.kind === "registry" ? request.output.refs : [];
      if (request.output.kind !== "none" && !metadata.digest) {
        throw new PartialBuildError(
          `docker buildx build succeeded but wrote no containerimage.digest to ${metadataFile}`,
          { digest: "", refs },
        );
      }
      return {
        digest: metadata.digest,
        ...(metadata.descriptor
          ? { descriptor: { ...metadata.descriptor, platform: descriptorPlatform(request.platform) } }
          : {}),
        refs,
      };
    },
  };
}

/**
 * Why buildx would leave out a default provenance here, as it leaves out its own default
 * (`mode=min,inline-only=true`): BUILDX_NO_DEFAULT_ATTESTATIONS is set, or the build runs on the
 * current builder (described by `current`, `docker buildx inspect`) and that is the `docker` driver on
 * the classic image store, which refuses attestations ("Attestation is not supported for the docker
 * driver"). Undefined when it stays. Pure.
 */
export function defaultProvenanceLeftOut(env: NodeJS.ProcessEnv, current?: string): string | undefined {
  const optOut = env.BUILDX_NO_DEFAULT_ATTESTATIONS?.trim() ?? "";
  if (["1", "t", "T", "true", "True", "TRUE"].includes(optOut)) {
    return `BUILDX_NO_DEFAULT_ATTESTATIONS=${optOut}`;
  }
  if (
    current !== undefined &&
    parseBuilderDriver(current) === "docker" &&
    !dockerDriverOnContainerd(current)
  ) {
    return "the builder uses the docker driver on the classic image store, which cannot attest";
  }
  return undefined;
}

/** `docker buildx inspect` of the current builder: its output, or an error saying how to set buildx up. */
async function inspectCurrentBuilder(docker: string): Promise<string> {
  const inspect = await tryCommand(docker, ["buildx", "inspect"], { silent: true });
  if (inspect.exitCode !== 0) {
    throw new Error(
      `docker buildx is not available (${inspect.stderr.trim() || `exit code ${inspect.exitCode}`}); ` +
        "set it up (docker/setup-buildx-action) or use engine: buildah",
    );
  }
  return inspect.stdout;
}

// The `docker` driver cannot export a cache (nor write an OCI layout) unless its daemon uses the
// containerd image store: otherwise build on a docker-container builder, reusing the one a previous
// run on this machine created. It is named with --builder, never made current (`buildx use`), so a
// self-hosted machine's current builder stays what its owner chose. Returns the builder to name, if any.
async function ensureContainerBuilder(
  docker: string,
  reporter: Reporter,
  current: string,
): Promise<string | undefined> {
  const driver = parseBuilderDriver(current);
  reporter.debug(`current buildx builder driver: ${driver ?? "unknown"}`);
  if (driver !== "docker" || dockerDriverOnContainerd(current)) return undefined;
  reporter.info(
    `The current builder uses the docker driver, which cannot export a build cache; building on a docker-container builder (${CONTAINER_BUILDER})`,
  );
  const existing = await tryCommand(docker, ["buildx", "inspect", CONTAINER_BUILDER], { silent: true });
  if (existing.exitCode !== 0) {
    await runCommand(
      docker,
      ["buildx", "create", "--name", CONTAINER_BUILDER, "--driver", "docker-container"],
      { output: reporter.output },
    );
  }
  return CONTAINER_BUILDER;
}
