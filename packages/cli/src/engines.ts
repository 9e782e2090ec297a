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

/** The engine of one platform, made by arch-build's createEngine exactly as the action makes it. */
export function platformEngine(
  name: EngineName,
  options: {
    readonly tempDir: string;
    readonly env: NodeJS.ProcessEnv;
    readonly buildah: BuildahSettings;
    readonly builder?: string;
  },
): Engine {
  return createEngine(name, {
    buildah: { tempDir: options.tempDir, ...options.buildah },
    buildx: {
      tempDir: options.tempDir,
      env: options.env,
      ...(options.builder ? { builder: options.builder } : {}),
    },
  });
}

/** Builder names as buildx accepts them (checked before one is passed to --builder). */
export const BUILDER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
