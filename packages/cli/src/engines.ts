import { execFile } from "node:child_process";
import { createEngine, type Engine, type EngineName } from "@mbp/arch-build";

/** Whether a buildx builder answers, from `docker buildx inspect --bootstrap [NAME]`. */
export type BuilderStatus =
  | { readonly answers: true; readonly driver: string }
  | { readonly answers: false; readonly why: string };

/** Which engines answer on this machine, with the version line each printed. */
export interface EngineAvailability {
  /** `docker buildx version`: the plugin is installed. */
  readonly buildx?: string;
  /** Whether the current buildx builder answers (a daemon behind the docker driver, say). */
  readonly builder?: BuilderStatus;
  readonly buildah?: string;
}

/**
 * How long a builder may take to answer `docker buildx inspect --bootstrap` before it counts as down:
 * a few seconds when auto only asks whether buildx can build here; longer when buildx or a builder is
 * named, since bootstrapping a stopped docker-container builder starts a container first.
 */
export const BUILDER_CHECK_MS = 8_000;
export const NAMED_BUILDER_CHECK_MS = 60_000;

/** A bounded command for probes: its exit code (-1 when it could not run or timed out) and output. */
async function probe(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8" },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const code = failure === null ? 0 : typeof failure.code === "number" ? failure.code : -1;
        resolve({ code, stdout, stderr, timedOut: failure?.killed === true });
      },
    );
  });
}

async function versionOf(command: string, args: readonly string[]): Promise<string | undefined> {
  const result = await probe(command, args, BUILDER_CHECK_MS);
  return result.code === 0 ? result.stdout.trim().split("\n")[0] : undefined;
}

/**
 * Reads `docker buildx inspect --bootstrap` output: a builder answers when it exited 0 and a node is
 * `Status: running`. Without a daemon buildx still exits 0, with an `Error:` line instead. Pure.
 */
export function parseBuilderInspect(result: {
  code: number;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
  timeoutMs?: number;
}): BuilderStatus {
  if (result.timedOut) {
    return {
      answers: false,
      why: `it did not answer within ${(result.timeoutMs ?? BUILDER_CHECK_MS) / 1000} s`,
    };
  }
  const text = `${result.stdout}\n${result.stderr}`;
  const error = /^(?:Error|ERROR):?\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (result.code === 0 && /^Status:\s*running\s*$/m.test(result.stdout)) {
    return { answers: true, driver: /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? "unknown" };
  }
  const status = /^Status:\s*(\S+)/m.exec(result.stdout)?.[1];
  return {
    answers: false,
    why: error ?? (status ? `its status is ${status}` : `exit code ${result.code}`),
  };
}

/** Asks a buildx builder (the current one without a name) to answer, starting it if it needs to. */
export async function inspectBuilder(
  name?: string,
  timeoutMs = name ? NAMED_BUILDER_CHECK_MS : BUILDER_CHECK_MS,
): Promise<BuilderStatus> {
  const result = await probe(
    "docker",
    ["buildx", "inspect", "--bootstrap", ...(name ? [name] : [])],
    timeoutMs,
  );
  return parseBuilderInspect({ ...result, timeoutMs });
}

/**
 * Asks `docker buildx version`, the current builder and `buildah --version`, in parallel, for the
 * engine flag as given: buildah by name asks nothing of Docker, buildx by name waits longer for it.
 */
export async function probeEngines(requested = ""): Promise<EngineAvailability> {
  const wanted = requested.trim() || "auto";
  const askDocker = wanted !== "buildah";
  const [buildx, builder, buildah] = await Promise.all([
    askDocker ? versionOf("docker", ["buildx", "version"]) : undefined,
    askDocker
      ? inspectBuilder(undefined, wanted === "buildx" ? NAMED_BUILDER_CHECK_MS : BUILDER_CHECK_MS)
      : undefined,
    versionOf("buildah", ["--version"]),
  ]);
  return {
    ...(buildx ? { buildx, builder } : {}),
    ...(buildah ? { buildah } : {}),
  };
}

/** Whether buildx can build here: installed, and its current builder answers (when one is needed). */
export function buildxWorks(available: EngineAvailability, currentBuilder = true): boolean {
  return Boolean(available.buildx) && (!currentBuilder || available.builder?.answers === true);
}

/** What keeps this machine from doing what the flags ask, and how to fix it. */
export interface MachineProblem {
  readonly problem: string;
  readonly fix: string;
}

/** The engine a run uses and why, or the problem and its fix. */
export type EngineChoice =
  | { readonly ok: true; readonly name: EngineName; readonly reason: string }
  | ({ readonly ok: false } & MachineProblem);

const INSTALL_BUILDAH = "apt-get install buildah (Debian/Ubuntu)";

/**
 * `auto` (or empty) picks buildx when its current builder answers, else buildah, saying why; a named
 * engine must answer. `currentBuilder: false` when every platform goes to a named `--builder`.
 */
export function chooseEngine(
  requested: string,
  available: EngineAvailability,
  options: { currentBuilder?: boolean } = {},
): EngineChoice {
  const wanted = requested.trim() || "auto";
  const needsBuilder = options.currentBuilder ?? true;
  const builder = available.builder;
  const buildxReady = buildxWorks(available, needsBuilder);
  // Why buildx cannot build here.
  const buildxProblem = !available.buildx
    ? "docker buildx is not installed (`docker buildx version` does not work)"
    : builder && !builder.answers
      ? `docker buildx's current builder does not answer (${builder.why})`
      : "docker buildx's current builder was not checked";
  if (wanted === "buildx" || (wanted === "auto" && buildxReady)) {
    if (buildxReady) {
      const how = builder?.answers
        ? `${available.buildx}, builder driver ${builder.driver}`
        : available.buildx;
      return { ok: true, name: "buildx", reason: wanted === "auto" ? `auto: ${how}` : `${how}` };
    }
    return {
      ok: false,
      problem: `needs docker buildx, but ${buildxProblem}`,
      fix: available.buildx
        ? "start Docker (or the builder: docker buildx inspect --bootstrap), or use --engine buildah"
        : "install Docker with its buildx plugin (docker-buildx-plugin), or use --engine buildah",
    };
  }
  if (wanted === "buildah" || wanted === "auto") {
    if (available.buildah) {
      return {
        ok: true,
        name: "buildah",
        reason: wanted === "auto" ? `auto: ${buildxProblem}; ${available.buildah}` : available.buildah,
      };
    }
    return {
      ok: false,
      problem:
        wanted === "auto"
          ? `found no build engine: ${buildxProblem}, and \`buildah --version\` does not work`
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
  /** `--insecure-registries`: pushed to and read back with `--tls-verify=false`. */
  readonly insecureRegistries?: readonly string[];
  /** The environment buildah's credential rule looks at (DOCKER_CONFIG, REGISTRY_AUTH_FILE). */
  readonly env?: NodeJS.ProcessEnv;
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

/** `--builder` entries (`linux/arm64=arm-node`) sharing one builder, and why that builder cannot build. */
export interface BuilderProblem extends MachineProblem {
  readonly entries: readonly string[];
}

/**
 * Asks every named builder to answer before anything builds, in parallel, each bounded in time: one
 * problem per builder that does not, naming the entries that send platforms to it.
 */
export async function unansweredBuilders(
  builders: ReadonlyMap<string, string>,
  inspect: (name: string) => Promise<BuilderStatus> = inspectBuilder,
): Promise<BuilderProblem[]> {
  const names = [...new Set(builders.values())];
  // One argument only: inspectBuilder's second parameter is its time limit, not map's index.
  const statuses = await Promise.all(names.map((name) => inspect(name)));
  return names.flatMap((name, i) => {
    const status = statuses[i];
    if (!status || status.answers) return [];
    return [
      {
        entries: [...builders].filter(([, n]) => n === name).map(([platform]) => `${platform}=${name}`),
        problem: `names builder ${name}, which does not answer: ${status.why}`,
        fix: "name a builder `docker buildx ls` lists (docker buildx create --name NAME … makes one), or drop this --builder",
      },
    ];
  });
}

/**
 * Named buildx builders with the buildah engine: the fix depends on why buildah was chosen (by name,
 * buildx missing, or its current builder not answering).
 */
export function buildersWithBuildah(
  requested: string,
  available: EngineAvailability,
  reason: string,
): MachineProblem {
  return {
    problem: `names buildx builders, but the engine is buildah (${reason})`,
    fix:
      requested.trim() === "buildah"
        ? "drop --builder to build here with buildah, or use --engine buildx"
        : !available.buildx
          ? "install Docker with buildx, or drop --builder to build here with buildah"
          : buildxWorks(available)
            ? "use --engine buildx"
            : "start Docker so docker buildx's current builder answers, or give every platform a --builder, or drop --builder to build here with buildah",
  };
}
