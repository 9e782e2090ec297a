import { execFile } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { request } from "node:http";
import { delimiter, dirname, join } from "node:path";
import { createEngine, type Engine, type EngineName } from "@mbp/arch-build";
import { dockerConfigPath } from "@mbp/image-spec";

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
  /** Why `docker buildx version` or `buildah --version` gave no version when it was not a plain no: it timed out. */
  readonly silent?: { readonly buildx?: string; readonly buildah?: string };
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
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8", env },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const code = failure === null ? 0 : typeof failure.code === "number" ? failure.code : -1;
        resolve({ code, stdout, stderr, timedOut: failure?.killed === true });
      },
    );
  });
}

/** A version probe's first line; without one, whether the command timed out (else it does not work). */
interface VersionAnswer {
  readonly line?: string;
  readonly timedOut?: boolean;
}

async function versionOf(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<VersionAnswer> {
  const result = await probe(command, args, BUILDER_CHECK_MS, env);
  if (result.code === 0) return { line: result.stdout.trim().split("\n")[0] };
  return result.timedOut ? { timedOut: true } : {};
}

/** `skopeo --version`'s line, or undefined where skopeo does not run (it pushes a layout by digest). */
export async function skopeoVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return (await versionOf("skopeo", ["--version"], env)).line;
}

/** What a user reads when a version probe timed out: a busy or stuck machine, not a missing tool. */
function silence(argv: string): string {
  return `\`${argv}\` did not answer within ${BUILDER_CHECK_MS / 1000} s`;
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
  env: NodeJS.ProcessEnv = process.env,
): Promise<BuilderStatus> {
  const result = await probe(
    "docker",
    ["buildx", "inspect", "--bootstrap", ...(name ? [name] : [])],
    timeoutMs,
    env,
  );
  return parseBuilderInspect({ ...result, timeoutMs });
}

// What `docker buildx …` answers when docker has no buildx plugin (or docker is missing: -1).
const NO_BUILDX = /is not a docker command|unknown command "?buildx/i;

/** What the probes may skip, because a flag already settles it, and where they look. */
export interface ProbeOptions {
  /** False when every platform goes to a named `--builder`: the current builder is not asked. */
  readonly currentBuilder?: boolean;
  /** The environment docker and buildx run with (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * What can build here, for the engine flag as given. The current buildx builder is the expensive
 * question (each buildx process takes a few hundred ms to start on a busy machine), so it is asked
 * once, and not at all when a flag settles it: `--engine buildah` asks nothing of Docker, `--builder`
 * for every platform needs no current builder, and `--engine buildx` needs no buildah. Where the
 * current builder is Docker's own (the `docker` driver of the default context), a ping of the daemon
 * answers in a millisecond; anything else, a daemon that does not answer included, is asked with
 * `docker buildx inspect --bootstrap`, so its own words reach the user. Nothing is cached.
 */
export async function probeEngines(requested = "", options: ProbeOptions = {}): Promise<EngineAvailability> {
  const wanted = requested.trim() || "auto";
  const env = options.env ?? process.env;
  const buildah = async () => (wanted === "buildx" ? {} : versionOf("buildah", ["--version"], env));
  if (wanted === "buildah") return withBuildah({}, await buildah());
  if (options.currentBuilder === false) {
    const [installed, version] = await Promise.all([buildxInstalled(env), buildah()]);
    return withBuildah(
      installed.line
        ? { buildx: installed.line }
        : installed.timedOut
          ? { silent: { buildx: silence("docker buildx version") } }
          : {},
      version,
    );
  }
  const fast = await dockerDriverAnswers(env);
  if (fast) return { buildx: "docker buildx", builder: { answers: true, driver: "docker" } };
  const timeoutMs = wanted === "buildx" ? NAMED_BUILDER_CHECK_MS : BUILDER_CHECK_MS;
  const [inspect, version] = await Promise.all([
    probe("docker", ["buildx", "inspect", "--bootstrap"], timeoutMs, env),
    buildah(),
  ]);
  const missing = inspect.code === -1 && !inspect.timedOut ? true : NO_BUILDX.test(inspect.stderr);
  return withBuildah(
    missing ? {} : { buildx: "docker buildx", builder: parseBuilderInspect({ ...inspect, timeoutMs }) },
    version,
  );
}

function withBuildah(available: EngineAvailability, buildah: VersionAnswer): EngineAvailability {
  if (buildah.line) return { ...available, buildah: buildah.line };
  if (!buildah.timedOut) return available;
  return { ...available, silent: { ...available.silent, buildah: silence("buildah --version") } };
}

// Is the buildx plugin there? Its file where docker looks for plugins, else docker's own answer.
async function buildxInstalled(env: NodeJS.ProcessEnv): Promise<VersionAnswer> {
  if (onPath("docker", env) && buildxPlugin(env)) return { line: "docker buildx" };
  return versionOf("docker", ["buildx", "version"], env);
}

/** Where the docker CLI finds the buildx plugin: the Docker config's cli-plugins, then the system's. */
export function buildxPlugin(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [
    join(dirname(dockerConfigPath(env)), "cli-plugins"),
    "/usr/local/lib/docker/cli-plugins",
    "/usr/local/libexec/docker/cli-plugins",
    "/usr/lib/docker/cli-plugins",
    "/usr/libexec/docker/cli-plugins",
    "/Applications/Docker.app/Contents/Resources/cli-plugins",
  ];
  return dirs.map((dir) => join(dir, "docker-buildx")).find((path) => isExecutable(path));
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => dir && isExecutable(join(dir, command)));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The unix socket of the Docker daemon behind buildx's current builder, when that builder is the
 * `docker` driver of the default context: no BUILDX_BUILDER, no builder chosen with `docker buildx
 * use`, no docker context but the default, a unix DOCKER_HOST (or none); and docker with its buildx
 * plugin installed. Undefined for anything else, which `docker buildx inspect` then answers. Reads a
 * few small files; changes nothing.
 */
export function dockerDriverSocket(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BUILDX_BUILDER?.trim()) return undefined;
  const context = env.DOCKER_CONTEXT?.trim();
  if (context && context !== "default") return undefined;
  const configPath = dockerConfigPath(env);
  const config = readJson(configPath) as { currentContext?: unknown; cliPluginsExtraDirs?: unknown };
  if (config === null) return undefined;
  if (config.cliPluginsExtraDirs !== undefined) return undefined;
  if (!context && !env.DOCKER_HOST?.trim() && config.currentContext && config.currentContext !== "default") {
    return undefined;
  }
  const buildxDir = env.BUILDX_CONFIG?.trim() || join(dirname(configPath), "buildx");
  const current = readJson(join(buildxDir, "current")) as { Name?: unknown } | null;
  if (current === null || (current.Name && current.Name !== "default")) return undefined;
  const host = env.DOCKER_HOST?.trim() || "unix:///var/run/docker.sock";
  if (!host.startsWith("unix://")) return undefined;
  if (!onPath("docker", env) || !buildxPlugin(env)) return undefined;
  return host.slice("unix://".length);
}

// A small JSON file: {} when it does not exist, null when it cannot be read as JSON (then the fast
// path is not taken).
function readJson(path: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? {} : null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether the daemon behind the default `docker` builder answers its ping (false: ask buildx). */
async function dockerDriverAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  const socketPath = dockerDriverSocket(env);
  if (!socketPath) return false;
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: "/_ping", method: "GET", timeout: BUILDER_CHECK_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    ping.on("timeout", () => ping.destroy());
    ping.on("error", () => resolve(false));
    ping.end();
  });
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
    ? (available.silent?.buildx ?? "docker buildx is not installed (`docker buildx version` does not work)")
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
        : available.silent?.buildx
          ? "run `docker buildx version` yourself to see where it hangs (a stuck plugin or a very busy machine), or use --engine buildah"
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
    const buildahProblem = available.silent?.buildah ?? "`buildah --version` does not work";
    return {
      ok: false,
      problem:
        wanted === "auto"
          ? `found no build engine: ${buildxProblem}, and ${buildahProblem}`
          : `needs buildah, but ${buildahProblem}${available.silent?.buildah ? "" : " here"}`,
      fix: available.silent?.buildah
        ? "run `buildah --version` yourself to see where it hangs (a very busy machine, or storage locked by another buildah)"
        : `install buildah: ${INSTALL_BUILDAH}; or Docker with buildx`,
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
  const { authFile, insecureRegistries } = options.buildah;
  return createEngine(name, {
    buildah: { tempDir: options.tempDir, ...options.buildah },
    buildx: {
      tempDir: options.tempDir,
      env: options.env,
      ...(options.builder ? { builder: options.builder } : {}),
      // A push by digest on the docker driver goes through skopeo, with the same credentials.
      ...(authFile ? { authFile } : {}),
      ...(insecureRegistries ? { insecureRegistries } : {}),
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
