import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type RetryPolicy, runCommand, secretEnvName, tryCommand, withRetries } from "@mbp/image-spec";
import {
  type BuildEvents,
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

import { pushLayoutByDigest, requireSkopeo } from "./layout-push";

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
  } else if (output.kind === "registry-by-digest") {
    // One push to every repository, by digest only: no tag, canonical names (docker/github-builder's
    // output). The quotes keep the comma-separated names one CSV field for buildx.
    args.push(
      "--output",
      `type=image,"name=${output.repositories.join(",")}",push-by-digest=true,name-canonical=true,push=true`,
    );
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

/**
 * What buildx's plain progress output says about a push: the digest it exported (the manifest list
 * when there are attestations, else the manifest) and every `name[:tag]@digest` whose manifest push
 * finished (`#9 pushing manifest for host/org/app:1.0-amd64@sha256:… 0.1s done`). Read after a
 * failure, to say what the registries already hold.
 */
export function parseBuildxPushes(log: string): { exported?: string; pushed: string[] } {
  let manifest: string | undefined;
  let list: string | undefined;
  const pushed: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    const exported = /^#\d+ exporting manifest (list )?(sha256:[0-9a-f]{64})/.exec(line);
    if (exported) {
      if (exported[1]) list = exported[2];
      else manifest ??= exported[2];
      continue;
    }
    const done = /^#\d+ pushing manifest for (\S+@sha256:[0-9a-f]{64})(?: [\d.]+s)? done\s*$/.exec(line);
    if (done?.[1]) {
      // A push by digest names `name@digest`; a tagged push `name:tag@digest`, whose ref is `name:tag`.
      const [name, digest] = done[1].split("@") as [string, string];
      const ref = /:[^/]*$/.test(name) ? name : `${name}@${digest}`;
      if (!pushed.includes(ref)) pushed.push(ref);
    }
  }
  const exported = list ?? manifest;
  return exported ? { exported, pushed } : { pushed };
}

/** The lines of buildx's progress that mean the push to the registries has begun. */
const PUSH_STARTED = /^#\d+ (?:pushing layers|pushing manifest for |pushing \S+ with docker)/m;

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
  /**
   * For a push by digest on the `docker` driver, which pushes an OCI layout with skopeo: the
   * credentials file and the hosts spoken to without TLS verification (loopback always is).
   */
  readonly authFile?: string;
  readonly insecureRegistries?: readonly string[];
  /** The skopeo program (default `skopeo`). */
  readonly skopeo?: string;
}

/** How a push by digest is done: by buildx itself, or through an OCI layout that skopeo pushes. */
type DigestPush = "buildx" | "layout";

/** `docker buildx build`: one build that tags and pushes every ref itself. */
export function createBuildxEngine(options: BuildxOptions): Engine {
  const docker = options.command ?? "docker";
  const env = options.env ?? process.env;
  return {
    name: "buildx",
    async build(request: BuildRequest, reporter: Reporter, events: BuildEvents = {}): Promise<BuildResult> {
      const cache = buildxCache(request.cache, env);
      for (const warning of cache.warnings) reporter.warning(warning);
      const byDigest = request.output.kind === "registry-by-digest";
      const needsExporter = cache.to.length > 0 || request.output.kind === "oci-layout";
      // The builder is asked about only when it matters: whether it can push by digest, export (a
      // cache, a layout), or attest (a default provenance).
      const asksBuilder = byDigest || (needsExporter && !options.builder);
      const described =
        asksBuilder || (request.defaultProvenance && !options.builder)
          ? await inspectBuilder(docker, asksBuilder ? options.builder : undefined)
          : undefined;
      let builder = options.builder;
      let digestPush: DigestPush = "buildx";
      if (asksBuilder && described !== undefined) {
        const chosen = await chooseBuilder(docker, builder, described, { byDigest }, reporter);
        builder = chosen.builder;
        digestPush = chosen.digestPush;
      }
      const dropped = request.defaultProvenance
        ? defaultProvenanceLeftOut(env, builder === undefined ? described : undefined)
        : undefined;
      if (dropped) reporter.debug(`provenance: the default ${request.provenance} is left out: ${dropped}`);
      if (byDigest && digestPush === "layout") {
        await requireSkopeo(options.skopeo, "arch-tags: false on the docker driver");
      }

      // A directory of this build's own for buildx's metadata file and the OCI layout: two builds
      // may share tempDir (the CLI's platforms, steps without RUNNER_TEMP), and must not share files.
      const work = mkdtempSync(join(options.tempDir, `arch-build-${request.platform.suffix}-`));
      const layoutDir = byDigest && digestPush === "layout" ? join(work, "layout") : undefined;
      if (layoutDir) mkdirSync(layoutDir);
      try {
        const attested: BuildRequest = dropped ? { ...request, provenance: "" } : request;
        const buildRequest: BuildRequest = layoutDir
          ? {
              ...attested,
              // The layout gets what the push would get: buildx adds provenance to a push (mode=min,
              // "inline-only"), not to an OCI layout, unless it is asked for or left out.
              provenance: dropped ? "" : request.provenance || "mode=min",
              output: { kind: "oci-layout", dir: layoutDir, tag: "build" },
            }
          : attested;
        const metadataFile = join(work, "metadata.json");
        const args = buildxBuildArgs(buildRequest, { metadataFile, cache, builder });
        const childEnv = buildxEnv(request, env);
        const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
        let log = "";
        const pushing = once(events.pushing);
        const watch = (chunk: string) => {
          log += chunk;
          if (buildRequest.output.kind !== "oci-layout" && PUSH_STARTED.test(chunk)) pushing();
        };
        try {
          await withRetries(
            () => {
              log = "";
              return runCommand(docker, args, {
                env: childEnv,
                output: reporter.output,
                onStdout: watch,
                onStderr: watch,
              });
            },
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
          const failure = explainFailure("docker buildx build", error);
          const { exported, pushed } = parseBuildxPushes(log);
          if (pushed.length === 0 && !exported) throw failure;
          // Some registries may hold the image already: say which, so the outputs can name them.
          throw new PartialBuildError(
            `${failure.message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`,
            {
              digest: pushed.length ? (exported ?? "") : "",
              refs: pushed,
              ...(exported ? { built: exported } : {}),
            },
            { cause: failure },
          );
        }

        let metadataText = "";
        try {
          metadataText = readFileSync(metadataFile, "utf8");
        } catch {
          reporter.debug(`buildx wrote no metadata file at ${metadataFile}`);
        }
        const metadata = readBuildxMetadata(metadataText);
        const output = request.output;
        const tagged = output.kind === "registry" ? output.refs : [];
        if (output.kind !== "none" && !metadata.digest) {
          throw new PartialBuildError(
            `docker buildx build succeeded but wrote no containerimage.digest to ${metadataFile}`,
            { digest: "", refs: tagged },
          );
        }
        let refs: readonly string[] = tagged;
        if (output.kind === "registry-by-digest") {
          if (layoutDir) {
            pushing();
            refs = await pushLayoutByDigest(
              { dir: layoutDir },
              metadata.digest,
              output.repositories,
              {
                tempDir: work,
                ...(options.skopeo ? { command: options.skopeo } : {}),
                ...(options.authFile ? { authFile: options.authFile } : {}),
                ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
                ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
                ...(options.sleep ? { sleep: options.sleep } : {}),
              },
              reporter,
            );
          } else {
            refs = output.repositories.map((repository) => `${repository}@${metadata.digest}`);
          }
        }
        return {
          digest: metadata.digest,
          ...(metadata.descriptor
            ? { descriptor: { ...metadata.descriptor, platform: descriptorPlatform(request.platform) } }
            : {}),
          refs,
        };
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

function once(callback: (() => void) | undefined): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback?.();
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
/**
 * `docker buildx inspect` of the named builder, or of the current one: its output, or an error saying
 * how to set buildx up.
 */
async function inspectBuilder(docker: string, named?: string): Promise<string> {
  const inspect = await tryCommand(docker, ["buildx", "inspect", ...(named ? [named] : [])], {
    silent: true,
  });
  if (inspect.exitCode !== 0) {
    throw new Error(
      `docker buildx is not available (${inspect.stderr.trim() || `exit code ${inspect.exitCode}`}); ` +
        "set it up (docker/setup-buildx-action) or use engine: buildah",
    );
  }
  return inspect.stdout;
}

/**
 * The builder a build needs, from what `docker buildx inspect` says of the current (or named) one.
 * The `docker` driver exports a cache and an OCI layout only on the containerd image store, and never
 * pushes by digest: on the containerd store a push by digest goes through an OCI layout (skopeo);
 * without it the build moves to a docker-container builder, reusing the one a previous run on this
 * machine created. That builder is named with --builder, never made current (`buildx use`), so a
 * self-hosted machine's current builder stays what its owner chose.
 */
async function chooseBuilder(
  docker: string,
  named: string | undefined,
  described: string,
  need: { byDigest: boolean },
  reporter: Reporter,
): Promise<{ builder: string | undefined; digestPush: DigestPush }> {
  const driver = parseBuilderDriver(described);
  reporter.debug(`buildx builder ${named ?? "(current)"} driver: ${driver ?? "unknown"}`);
  if (driver !== "docker") return { builder: named, digestPush: "buildx" };
  if (dockerDriverOnContainerd(described)) {
    if (need.byDigest) {
      reporter.info(
        "The builder uses the docker driver, which cannot push by digest; the image goes through an OCI layout that skopeo pushes by digest",
      );
    }
    return { builder: named, digestPush: need.byDigest ? "layout" : "buildx" };
  }
  if (named) {
    throw new Error(
      `builder ${named} uses the docker driver without the containerd image store, which can neither push by digest nor export a cache; name a docker-container builder`,
    );
  }
  reporter.info(
    `The current builder uses the docker driver, which cannot ${need.byDigest ? "push by digest" : "export a build cache"}; building on a docker-container builder (${CONTAINER_BUILDER})`,
  );
  const existing = await tryCommand(docker, ["buildx", "inspect", CONTAINER_BUILDER], { silent: true });
  if (existing.exitCode !== 0) {
    await runCommand(
      docker,
      ["buildx", "create", "--name", CONTAINER_BUILDER, "--driver", "docker-container"],
      { output: reporter.output },
    );
  }
  return { builder: CONTAINER_BUILDER, digestPush: "buildx" };
}
