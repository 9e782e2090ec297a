import { tmpdir } from "node:os";
import { asError, type TimelineEntry, type TimelineStep } from "@mbp/image-spec";
import { type BuildahOptions, buildahAuthFile, createBuildahEngine } from "./buildah";
import { type BuildxOptions, createBuildxEngine } from "./buildx";
import {
  type BuildRequest,
  type BuildResult,
  type Descriptor,
  type Engine,
  type EngineName,
  PartialBuildError,
  type Reporter,
} from "./engine";
import { type FreeSpaceResult, freeSpace } from "./free-space";
import { type ArchBuildInputs, checkBuildFiles } from "./inputs";

export interface RunDeps {
  readonly reporter: Reporter;
  /** Environment read for the runner, credentials and cache variables (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory the context and Dockerfile are relative to (default the process's). */
  readonly cwd?: string;
  /** Scratch directory (default RUNNER_TEMP, else the OS temp dir). */
  readonly tempDir?: string;
  /** Use this engine instead of the one `inputs.engine` names. */
  readonly engine?: Engine;
  /** Engine settings not exposed as action inputs (storage, isolation, program paths). */
  readonly buildah?: Partial<BuildahOptions>;
  readonly buildx?: Partial<BuildxOptions>;
  /** Root under which free-space removes toolchains (tests use a temporary directory). */
  readonly freeSpaceRoot?: string;
  readonly now?: () => number;
}

export interface ArchBuildOutputs {
  /**
   * Digest of what `<tag>-<suffix>` now names in every registry, or of what every registry holds by
   * digest (`arch-tags: false`); empty when nothing was pushed.
   */
  readonly digest: string;
  readonly descriptor?: Descriptor;
  readonly refs: readonly string[];
  /**
   * The `timeline` output: when each step (free-space, build, push) ran and how it ended, and the
   * digest built (known once the image exists, also when its push failed).
   */
  readonly timeline: TimelineEntry;
}

/** A build that failed: the outputs for what it did before (refs pushed, timeline), then the error. */
export class ArchBuildError extends Error {
  override readonly name = "ArchBuildError";
  constructor(
    message: string,
    readonly outputs: ArchBuildOutputs,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the job summary shows. */
export interface ArchBuildReport {
  readonly platform: string;
  readonly engine: EngineName;
  readonly pushed: boolean;
  readonly refs: readonly string[];
  readonly digest: string;
  readonly size?: number;
  readonly buildMs: number;
  readonly freeSpace?: FreeSpaceResult;
}

/** Makes an engine by name; the CLI uses this too. */
export function createEngine(
  name: EngineName,
  options: { buildah: BuildahOptions; buildx: BuildxOptions },
): Engine {
  return name === "buildah" ? createBuildahEngine(options.buildah) : createBuildxEngine(options.buildx);
}

/** The engine-neutral request for validated inputs and checked files. Pure. */
export function makeBuildRequest(
  inputs: ArchBuildInputs,
  files: { readonly context: string; readonly dockerfile: string },
): BuildRequest {
  return {
    platform: inputs.platform,
    context: files.context,
    dockerfile: files.dockerfile,
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    secrets: inputs.secrets,
    labels: inputs.labels,
    annotations: inputs.annotations,
    output: !inputs.push
      ? { kind: "none" }
      : inputs.archTags
        ? { kind: "registry", refs: inputs.refs }
        : { kind: "registry-by-digest", repositories: inputs.plan.images.map((image) => image.name) },
    cache: inputs.cache,
    provenance: inputs.provenance,
    ...(inputs.defaultProvenance ? { defaultProvenance: true } : {}),
    sbom: inputs.sbom,
  };
}

/** One per-architecture build: check the files, free space if asked, build and push everywhere. */
export async function run(
  inputs: ArchBuildInputs,
  deps: RunDeps,
): Promise<{ outputs: ArchBuildOutputs; report: ArchBuildReport }> {
  const { reporter } = deps;
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const files = checkBuildFiles(inputs, deps.cwd ?? process.cwd());
  for (const warning of files.warnings) reporter.warning(warning);
  const steps: TimelineStep[] = [];

  let freed: FreeSpaceResult | undefined;
  if (inputs.freeSpace) {
    const start = now();
    freed = await reporter.group("Free disk space", () =>
      freeSpace(
        {
          runnerEnvironment: env.RUNNER_ENVIRONMENT ?? "",
          sudo: process.getuid?.() !== 0,
          ...(deps.freeSpaceRoot ? { root: deps.freeSpaceRoot } : {}),
        },
        reporter,
      ),
    );
    steps.push({ name: "free-space", start, end: now(), outcome: "success" });
  }

  const tempDir = deps.tempDir ?? env.RUNNER_TEMP ?? tmpdir();
  const engine =
    deps.engine ??
    createEngine(inputs.engine, {
      buildah: {
        tempDir,
        env,
        insecureRegistries: inputs.insecure,
        ...authFileOption(env, reporter),
        ...deps.buildah,
      },
      buildx: {
        tempDir,
        env,
        insecureRegistries: inputs.insecure,
        ...authFileOption(env, reporter),
        ...deps.buildx,
      },
    });
  const request = makeBuildRequest(inputs, files);

  const started = now();
  let pushStarted: number | undefined;
  let result: BuildResult;
  try {
    result = await reporter.group(`Build ${inputs.platform.id} with ${engine.name}`, () =>
      engine.build(request, reporter, {
        pushing: () => {
          pushStarted = now();
        },
      }),
    );
  } catch (error) {
    const partial = error instanceof PartialBuildError ? error.partial : { digest: "", refs: [] };
    const built = partial.built || partial.digest;
    const timeline: TimelineEntry = {
      platform: inputs.platform.id,
      outcome: "failure",
      ...(built ? { digest: built } : {}),
      steps: [...steps, ...engineSteps(started, pushStarted, now(), "failure")],
    };
    throw new ArchBuildError(
      asError(error).message,
      { digest: partial.digest, refs: partial.refs, timeline },
      { cause: error },
    );
  }
  const ended = now();
  const buildMs = ended - started;
  if (!inputs.push) {
    reporter.info(`${inputs.platform.id}: built; nothing pushed (push is false)`);
  } else if (inputs.archTags) {
    reporter.info(`${inputs.platform.id}: ${result.digest} pushed as ${result.refs.join(", ")}`);
  } else {
    reporter.info(
      `${inputs.platform.id}: ${result.digest} pushed by digest, no tag: ${result.refs.join(", ")}`,
    );
  }
  const timeline: TimelineEntry = {
    platform: inputs.platform.id,
    outcome: "success",
    ...(result.digest ? { digest: result.digest } : {}),
    steps: [
      ...steps,
      ...engineSteps(started, inputs.push ? (pushStarted ?? ended) : undefined, ended, "success"),
    ],
  };
  return {
    outputs: {
      digest: result.digest,
      ...(result.descriptor ? { descriptor: result.descriptor } : {}),
      refs: result.refs,
      timeline,
    },
    report: {
      platform: inputs.platform.id,
      engine: engine.name,
      pushed: inputs.push,
      refs: result.refs,
      digest: result.digest,
      ...(result.descriptor ? { size: result.descriptor.size } : {}),
      buildMs,
      ...(freed ? { freeSpace: freed } : {}),
    },
  };
}

/**
 * The engine's steps: the build, then the push from the moment the engine said it began (a build that
 * never got there has no push step). The last step ends with `outcome`.
 */
export function engineSteps(
  start: number,
  pushStarted: number | undefined,
  end: number,
  outcome: TimelineStep["outcome"],
): TimelineStep[] {
  if (pushStarted === undefined) return [{ name: "build", start, end, outcome }];
  return [
    { name: "build", start, end: pushStarted, outcome: "success" },
    { name: "push", start: pushStarted, end, outcome },
  ];
}

// buildah reads REGISTRY_AUTH_FILE itself; otherwise point it at the Docker config the login step wrote.
function authFileOption(env: NodeJS.ProcessEnv, reporter: Reporter): { authFile?: string } {
  const authFile = buildahAuthFile(env);
  if (!authFile)
    reporter.debug("buildah uses its own credential lookup (REGISTRY_AUTH_FILE, or no Docker config)");
  return authFile ? { authFile } : {};
}

/** `4.2 s`, `3 min 7 s`. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
