import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createEngine, type Engine, type EngineName } from "@mbp/arch-build";
import { tryCommand } from "@mbp/image-spec";

/** Which engines answer on this machine, with the version line each printed. */
export interface EngineAvailability {
  readonly buildx?: string;
  readonly buildah?: string;
}

async function versionOf(command: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const result = await tryCommand(command, args, { silent: true });
    return result.exitCode === 0 ? result.stdout.trim().split("\n")[0] : undefined;
  } catch {
    return undefined; // not installed
  }
}

/** Asks `docker buildx version` and `buildah --version`, in parallel. */
export async function probeEngines(): Promise<EngineAvailability> {
  const [buildx, buildah] = await Promise.all([
    versionOf("docker", ["buildx", "version"]),
    versionOf("buildah", ["--version"]),
  ]);
  return { ...(buildx ? { buildx } : {}), ...(buildah ? { buildah } : {}) };
}

/** The engine a run uses and why, or the problem and its fix. */
export type EngineChoice =
  | { readonly ok: true; readonly name: EngineName; readonly reason: string }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

const INSTALL_BUILDAH = "apt-get install buildah (Debian/Ubuntu)";

/** `auto` (or empty) picks buildx when `docker buildx version` works, else buildah; a named engine must answer. */
export function chooseEngine(requested: string, available: EngineAvailability): EngineChoice {
  const wanted = requested.trim() || "auto";
  if (wanted === "buildx" || (wanted === "auto" && available.buildx)) {
    if (available.buildx) {
      return {
        ok: true,
        name: "buildx",
        reason: wanted === "auto" ? `auto: ${available.buildx}` : available.buildx,
      };
    }
    return {
      ok: false,
      problem: "needs docker buildx, but `docker buildx version` does not work here",
      fix: "install Docker with its buildx plugin (docker-buildx-plugin), or use --engine buildah",
    };
  }
  if (wanted === "buildah" || wanted === "auto") {
    if (available.buildah) {
      return {
        ok: true,
        name: "buildah",
        reason:
          wanted === "auto"
            ? `auto: docker buildx is not available; ${available.buildah}`
            : available.buildah,
      };
    }
    return {
      ok: false,
      problem:
        wanted === "auto"
          ? "found no build engine: neither `docker buildx version` nor `buildah --version` works"
          : "needs buildah, but `buildah --version` does not work here",
      fix: `install buildah: ${INSTALL_BUILDAH}; or Docker with buildx`,
    };
  }
  return { ok: false, problem: "is not an engine", fix: "write auto, buildx or buildah" };
}

/** buildah settings the CLI exposes as flags; unset means buildah's own defaults. */
export interface BuildahSettings {
  readonly storageDriver?: string;
  readonly isolation?: string;
  /** `--authfile`: the Docker config, when pushing. */
  readonly authFile?: string;
}

/**
 * The engine of one platform, made by arch-build's createEngine exactly as the action makes it. A
 * platform sent to a named buildx builder gets a docker wrapper that adds `--builder` (arch-build's
 * BuildxOptions has no builder option yet; see the report to the lead).
 */
export async function platformEngine(
  name: EngineName,
  options: {
    readonly tempDir: string;
    readonly env: NodeJS.ProcessEnv;
    readonly buildah: BuildahSettings;
    readonly builder?: string;
    readonly suffix: string;
  },
): Promise<Engine> {
  let docker: string | undefined;
  if (name === "buildx" && options.builder) {
    docker = join(options.tempDir, `docker-${options.suffix}`);
    await writeFile(docker, builderWrapper(options.builder));
    await chmod(docker, 0o755);
  }
  return createEngine(name, {
    buildah: { tempDir: options.tempDir, ...options.buildah },
    buildx: { tempDir: options.tempDir, env: options.env, ...(docker ? { command: docker } : {}) },
  });
}

/** Builder names as buildx accepts them; checked before one is written into the wrapper. */
export const BUILDER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A `docker` that sends every `docker buildx …` to one builder (`docker buildx --builder NAME …`). */
export function builderWrapper(builder: string): string {
  if (!BUILDER_NAME_RE.test(builder)) throw new Error(`unsafe builder name ${JSON.stringify(builder)}`);
  return [
    "#!/bin/sh",
    `# docker, with every buildx command sent to the builder ${builder} (written by mbp for one platform)`,
    'if [ "$1" = buildx ]; then',
    "  shift",
    `  exec docker buildx --builder ${builder} "$@"`,
    "fi",
    'exec docker "$@"',
    "",
  ].join("\n");
}
