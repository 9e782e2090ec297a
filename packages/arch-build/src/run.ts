import { tmpdir } from "node:os";
import { type BuildahOptions, buildahAuthFile, createBuildahEngine } from "./buildah";
import { type BuildxOptions, createBuildxEngine } from "./buildx";
import type { BuildRequest, Descriptor, Engine, EngineName, Reporter } from "./engine";
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
  /** Digest of what `<tag>-<suffix>` now names in every registry (empty when nothing was pushed). */
  readonly digest: string;
  readonly descriptor?: Descriptor;
  readonly refs: readonly string[];
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
    output: inputs.push ? { kind: "registry", refs: inputs.refs } : { kind: "none" },
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

  let freed: FreeSpaceResult | undefined;
  if (inputs.freeSpace) {
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
      buildx: { tempDir, env, ...deps.buildx },
    });
  const request = makeBuildRequest(inputs, files);

  const started = now();
  const result = await reporter.group(`Build ${inputs.platform.id} with ${engine.name}`, () =>
    engine.build(request, reporter),
  );
  const buildMs = now() - started;
  if (inputs.push) {
    reporter.info(`${inputs.platform.id}: ${result.digest} pushed as ${result.refs.join(", ")}`);
  } else {
    reporter.info(`${inputs.platform.id}: built; nothing pushed (push is false)`);
  }
  return {
    outputs: {
      digest: result.digest,
      ...(result.descriptor ? { descriptor: result.descriptor } : {}),
      refs: result.refs,
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
