import { existsSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import {
  type BuildFiles,
  buildahAuthFile,
  checkBuildahCache,
  checkBuildFiles,
  type EngineName,
  hostPlatformId,
  isRemoteContext,
  NoDockerfileError,
} from "@mbp/arch-build";
import {
  ARCH_PLACEHOLDER,
  asError,
  type BuildSecret,
  checkSecrets,
  credentialsFor,
  DEFAULT_PLATFORMS,
  DEFAULT_RETRY_POLICY,
  dockerConfigPath,
  expandArch,
  InputError,
  ignoredByBuildah,
  imageLabels,
  isUnreachable,
  makePlan,
  type Plan,
  Problems,
  parseCacheEntries,
  parseInsecureRegistries,
  parsePlatform,
  parsePlatforms,
  type RequestSettings,
  type SecretEntry,
  secretIdProblem,
  sourceAnnotations,
  splitKeyValue,
  verifyCredentials,
} from "@mbp/image-spec";
import { parseSources } from "@mbp/manifest-stitch";
import {
  BUILDER_NAME_RE,
  type BuildahSettings,
  type BuilderProblem,
  type BuilderStatus,
  buildersWithBuildah,
  chooseEngine,
  type EngineAvailability,
  inspectBuilder,
  NAMED_BUILDER_CHECK_MS,
  type ProbeOptions,
  probeEngines,
  skopeoVersion,
  unansweredBuilders,
} from "./engines";
import { type CommandName, DEFAULT_LAYOUT, type RawFlags } from "./flags";
import { type GitState, gitHubContextOf, readGitState } from "./git";
import { type PlatformSetup, platformSetup, targetRunSteps } from "./qemu";
import { canWrite, layoutProblem, type Target } from "./targets";

/**
 * What building needs beyond the plan: validated flags and what was found on this machine. Its
 * request settings (secrets, labels, cache, provenance) are fitted to each platform by image-spec's
 * settingsForPlatform, the rule arch-build uses too.
 */
export interface BuildSettings extends RequestSettings {
  readonly engine: EngineName;
  /** Why this engine (`auto: docker buildx is not available; buildah version 1.28.2 …`). */
  readonly engineReason: string;
  /** Absolute context directory (or a remote context as given). */
  readonly context: string;
  /** The Dockerfile as the engine gets it. */
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: ReadonlyArray<readonly [string, string]>;
  /** OCI source labels from the checkout (as the action sets them from the GitHub context), then --label. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** `--secret` values, read from their files or variables; never printed. */
  readonly secrets: readonly BuildSecret[];
  readonly cache: {
    readonly noCache: boolean;
    /** As given: `{arch}` is replaced per platform (settingsForPlatform), as the action does. */
    readonly from: readonly string[];
    readonly to: readonly string[];
  };
  readonly buildah: BuildahSettings;
  /** Platform id → how it builds here. */
  readonly platforms: ReadonlyMap<string, PlatformSetup>;
}

/** Everything a command needs, validated together before anything runs. */
export interface CliOptions {
  readonly command: CommandName;
  readonly plan: Plan;
  /** Where the tag came from: `--tag`, `git branch main`, `git tag 1.2.0`. */
  readonly tagOrigin: string;
  readonly target: Target;
  /**
   * False with `--no-arch-tags`: each platform's image is in the target by digest only (no
   * `<tag>-<suffix>` in any registry, nor in the layout's index.json) and is stitched by digest.
   */
  readonly archTags: boolean;
  /** `--sources`: platform id → its image's digest, the stitch's sources instead of the arch tags. */
  readonly sourceDigests?: ReadonlyMap<string, string>;
  /** `--summary`: the file the run's Markdown summary is written to (absolute). */
  readonly summaryFile?: string;
  /** False when --images was not given and the plan names a local placeholder image. */
  readonly imagesGiven: boolean;
  /** Index annotations: the stitch action's from the checkout, then `--annotation` (which wins). */
  readonly annotations: Readonly<Record<string, string>>;
  /** `--insecure-registries`: hosts tried over HTTPS without verification, then plain HTTP (loopback always is). */
  readonly insecureRegistries: readonly string[];
  /** Present for plan, build and run. */
  readonly build?: BuildSettings;
  readonly cwd: string;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly warnings: readonly string[];
}

/** What resolving options may look at; tests replace the machine-dependent parts. */
export interface OptionDeps {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly binfmtDir?: string;
  readonly hostPlatform?: string;
  readonly probeEngines?: (requested: string, options?: ProbeOptions) => Promise<EngineAvailability>;
  /** Asks a named buildx builder to answer (`docker buildx inspect --bootstrap NAME`, bounded). */
  readonly inspectBuilder?: (name: string) => Promise<BuilderStatus>;
  readonly readGit?: (dir: string) => Promise<GitState>;
  /** Checks that the Docker config's credentials for a host work (docker login's check). */
  readonly checkLogin?: (host: string, env: NodeJS.ProcessEnv, insecure: boolean) => Promise<void>;
  /** `skopeo --version` (a buildah push by digest goes through skopeo). */
  readonly skopeoVersion?: (env: NodeJS.ProcessEnv) => Promise<string | undefined>;
}

/** A problem with a flag that has no value to quote: `--push needs --images, …`. */
export class FlagError extends InputError {
  constructor(flag: string, problem: string, fix: string) {
    super(flag, "", problem, fix);
    this.message = `${flag} ${problem}; ${fix}`;
  }
}

/**
 * A problem of this machine or the network rather than of the flags as typed (an engine or builder
 * that does not answer, QEMU missing, a registry that cannot be reached or refuses the login); named
 * by the flag it concerns, as every problem is.
 */
export class MachineError extends InputError {}

/** A problem of this machine with a flag that has no value to quote (`--no-arch-tags needs skopeo`). */
export class MachineFlagError extends MachineError {
  constructor(flag: string, problem: string, fix: string) {
    super(flag, "", problem, fix);
    this.message = `${flag} ${problem}; ${fix}`;
  }
}

const ENGINE_NAMES = ["auto", "buildx", "buildah"];

// The action input names the shared parsers report, as the flags the CLI has for them.
const FLAG_OF_INPUT: Readonly<Record<string, string>> = {
  images: "--images",
  tag: "--tag",
  "additional-tags": "--additional-tags",
  platforms: "--platforms",
  context: "--context",
  dockerfile: "--dockerfile",
  "insecure-registries": "--insecure-registries",
};

/** An InputError from the shared library, naming the flag instead of the action input. */
export function asFlagError(error: InputError): InputError {
  const flag = FLAG_OF_INPUT[error.input] ?? error.input;
  const fix = error.fix
    .replace(/\bthe ([a-z-]+) and ([a-z-]+) inputs\b/g, "--$1 and --$2")
    .replace(/\bthe ([a-z-]+) input\b/g, "--$1")
    .replace(/\bset the tag input\b/, "pass --tag");
  return new InputError(flag, error.value, error.problem, fix);
}

/** Runs a shared parser; its InputError(s) are recorded under the flag's name. */
function attempt<T>(problems: Problems, parse: () => T): T | undefined {
  return problems.attempt(parse, asFlagError);
}

const ISOLATIONS = ["oci", "rootless", "chroot"];

/**
 * Validates every flag at once and looks at the machine (git, engines, binfmt_misc, registry logins)
 * without changing anything. Throws InputErrors naming each flag, its value and the fix.
 */
export async function resolveOptions(
  command: CommandName,
  flags: RawFlags,
  deps: OptionDeps,
): Promise<CliOptions> {
  const problems = new Problems();
  const warnings: string[] = [];
  const { cwd, env } = deps;
  const builds = command === "plan" || command === "build" || command === "run";
  const contextFlag = flags.context.trim() || ".";
  const localContext = builds && !isRemoteContext(contextFlag) ? resolve(cwd, contextFlag) : undefined;

  // What this machine has is asked at once, side by side (git, the engines, named builders), each
  // question only when no flag settles it; the answers are taken in the order the checks report.
  const gitDir = localContext && existsSync(localContext) ? localContext : cwd;
  const probes = builds ? startProbes(flags, deps) : undefined;

  // The tag: --tag, else the checkout's tag or branch through the same rules as on GitHub.
  const git = await (deps.readGit ?? readGitState)(gitDir);
  let tag = flags.tag.trim();
  let tagOrigin = "--tag";
  if (!tag) {
    tagOrigin = git.refDescription;
    if (!git.ref) {
      problems.add(
        new FlagError(
          "--tag",
          `is not given, and no tag can be derived: ${git.noRefReason}`,
          "pass --tag, e.g. --tag dev",
        ),
      );
      tag = "unset"; // lets the rest of the plan be checked; never used, the problems throw first
    }
  }

  // The target: the registries of --images with --push, else an OCI layout directory.
  const imagesGiven = flags.images.trim() !== "";
  if (flags.push && !imagesGiven) {
    problems.add(
      new FlagError(
        "--push",
        "needs --images, the registries to push to",
        "add --images ghcr.io/org/app (comma-separated for several), or drop --push to write an OCI layout",
      ),
    );
  }
  if (flags.push && flags.layout.trim()) {
    problems.add(
      new InputError(
        "--layout",
        flags.layout,
        "cannot be combined with --push",
        "drop --layout to push to the registries of --images, or drop --push to write the layout",
      ),
    );
  }
  const target: Target = flags.push
    ? { kind: "registry" }
    : { kind: "layout", dir: resolve(cwd, flags.layout.trim() || DEFAULT_LAYOUT) };
  if (target.kind === "layout") {
    const layout = layoutProblem(target.dir, command === "stitch" || command === "verify" ? "read" : "write");
    if (layout) {
      problems.add(
        new InputError("--layout", flags.layout.trim() || `./${DEFAULT_LAYOUT}`, layout.problem, layout.fix),
      );
    }
  }

  const github = gitHubContextOf(git);
  const plan = attempt(problems, () =>
    makePlan(
      {
        images: imagesGiven ? flags.images : `localhost/${localImageName(localContext ?? cwd)}`,
        tag,
        additionalTags: flags.additionalTags,
        platforms: flags.platforms,
      },
      github,
    ),
  );

  const insecureRegistries = attempt(problems, () => parseInsecureRegistries(flags.insecureRegistries)) ?? [];
  for (const host of insecureRegistries) {
    if (plan && imagesGiven && !plan.registries.includes(host)) {
      warnings.push(`--insecure-registries: "${host}" is not the registry of any image; it is not used`);
    }
  }
  const sourceDigests = plan ? readSources(command, flags, plan, problems) : undefined;
  const summaryFile = flags.summary.trim()
    ? checkSummaryFile(flags.summary.trim(), cwd, problems)
    : undefined;
  const annotations = {
    ...sourceAnnotations(github),
    ...Object.fromEntries(keyValueFlags("--annotation", flags.annotations, problems)),
  };

  // `plan` refuses what `run` refuses: it shows what a build would do, so it checks all of it.
  const build = builds
    ? await resolveBuild({
        command,
        probes: probes as Probes,
        flags,
        plan,
        target,
        localContext,
        git,
        deps,
        problems,
        warnings,
        insecureRegistries,
      })
    : undefined;

  if (plan && target.kind === "registry" && problems.count === 0) {
    await checkLogins(plan, env, insecureRegistries, deps.checkLogin ?? defaultCheckLogin, problems);
  }
  problems.throwIfAny();
  if (!plan) throw new Error("unreachable: plan missing after validation");
  return {
    command,
    plan,
    tagOrigin,
    target,
    archTags: !flags.noArchTags,
    ...(sourceDigests ? { sourceDigests } : {}),
    ...(summaryFile ? { summaryFile } : {}),
    imagesGiven,
    annotations,
    insecureRegistries,
    ...(build ? { build } : {}),
    cwd,
    json: flags.json,
    verbose: flags.verbose,
    warnings: [...plan.warnings.map(flagWarning), ...warnings],
  };
}

/** What resolveBuild works from: the flags, what resolveOptions found, and where problems go. */
interface BuildContext {
  readonly command: CommandName;
  /** The machine's answers, asked for when resolveOptions started. */
  readonly probes: Probes;
  readonly flags: RawFlags;
  readonly plan: Plan | undefined;
  readonly target: Target;
  /** The context directory, when it is a local one. */
  readonly localContext: string | undefined;
  readonly git: GitState;
  readonly deps: OptionDeps;
  readonly problems: Problems;
  readonly warnings: string[];
  readonly insecureRegistries: readonly string[];
}

async function resolveBuild(context: BuildContext): Promise<BuildSettings | undefined> {
  const { flags, plan, target, deps, problems, warnings, insecureRegistries } = context;
  const files = buildFiles(context);
  for (const warning of files?.warnings ?? []) warnings.push(flagWarning(warning));

  const buildArgs = keyValueFlags("--build-arg", flags.buildArgs, problems);
  const userLabels = keyValueFlags("--label", flags.labels, problems);
  const secrets = checkSecrets(readSecrets(flags.secrets, deps, problems), problems, warnings);
  const sourceDateEpoch = deps.env.SOURCE_DATE_EPOCH?.trim();
  if (sourceDateEpoch && !/^\d{1,12}$/.test(sourceDateEpoch)) {
    problems.add(
      new InputError(
        "SOURCE_DATE_EPOCH",
        sourceDateEpoch,
        "is not a Unix time in seconds",
        "set it to whole seconds since 1970, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
      ),
    );
  }

  const builders = parseBuilders(flags.builders, plan, problems);
  const available = await context.probes.engines;
  // The current builder is not needed when every platform goes to a named one.
  const currentBuilder = !plan || builders.size === 0 || plan.platforms.some((p) => !builders.has(p.id));
  const choice = chooseEngine(flags.engine, available, { currentBuilder });
  if (!choice.ok) {
    // A name that is no engine is a typo; a named engine that does not answer is this machine's.
    const Problem = ENGINE_NAMES.includes(flags.engine.trim() || "auto") ? MachineError : InputError;
    problems.add(new Problem("--engine", flags.engine || "auto", choice.problem, choice.fix));
  }
  const engine = choice.ok ? choice.name : undefined;
  if (engine === "buildx" && builders.size > 0) {
    const unansweredNow =
      context.probes.builders ?? unansweredBuilders(builders, deps.inspectBuilder ?? inspectWith(deps.env));
    for (const unanswered of await unansweredNow) {
      problems.add(
        new MachineError("--builder", unanswered.entries.join(" "), unanswered.problem, unanswered.fix),
      );
    }
  }
  if (builders.size > 0 && engine === "buildah") {
    const conflict = buildersWithBuildah(flags.engine, available, choice.ok ? choice.reason : "");
    const Problem = flags.engine.trim() === "buildah" ? InputError : MachineError;
    problems.add(new Problem("--builder", flags.builders.join(" "), conflict.problem, conflict.fix));
  }
  // buildah cannot push by digest itself: its image goes through an OCI layout that skopeo pushes.
  if (engine === "buildah" && context.probes.skopeo && !(await context.probes.skopeo)) {
    problems.add(
      new MachineFlagError(
        "--no-arch-tags",
        "with --push and buildah needs skopeo, which does not run here (`skopeo --version`): buildah's image goes to each registry by digest through an OCI layout that skopeo copies",
        "install skopeo (apt-get install skopeo), or drop --no-arch-tags",
      ),
    );
  }
  const isolation = flags.isolation.trim();
  if (isolation && !ISOLATIONS.includes(isolation)) {
    problems.add(
      new InputError(
        "--isolation",
        isolation,
        "is not a buildah isolation",
        `write ${ISOLATIONS.join(", ")}`,
      ),
    );
  }
  const storageDriver = flags.storageDriver.trim();
  if (storageDriver && !/^[a-z0-9]+$/.test(storageDriver)) {
    problems.add(
      new InputError(
        "--storage-driver",
        storageDriver,
        "is not a storage driver name",
        "write vfs or overlay",
      ),
    );
  }
  if (engine === "buildx") {
    for (const [flag, value] of [
      ["--storage-driver", storageDriver],
      ["--isolation", isolation],
    ] as const) {
      if (value) warnings.push(`${flag}: ignored: it is a buildah setting and the engine is buildx`);
    }
    if (insecureRegistries.length > 0) {
      warnings.push(
        "--insecure-registries: buildx takes insecure registries from its builder, not from this flag: the daemon's insecure-registries (docker driver) or a buildkitd.toml [registry] entry (docker buildx create --config)",
      );
    }
  }
  // The action's {arch} placeholder, checked here; each platform gets its own suffix when it builds.
  const cacheFrom = flags.cacheFrom.flatMap((e) => parseCacheEntries("--cache-from", e, problems));
  const cacheTo = flags.cacheTo.flatMap((e) => parseCacheEntries("--cache-to", e, problems));
  const shared = flags.cacheTo.filter((entry) => !entry.includes(ARCH_PLACEHOLDER));
  if (shared.length > 0 && (plan?.platforms.length ?? 0) > 1) {
    warnings.push(
      `--cache-to: ${shared.join(" ")} has no ${ARCH_PLACEHOLDER}, so every platform writes the same cache and the last one wins; put ${ARCH_PLACEHOLDER} in the ref (buildcache-${ARCH_PLACEHOLDER}) for one cache per platform`,
    );
  }
  if (engine === "buildah") {
    warnings.push(
      ...ignoredByBuildah([
        ["--provenance", flags.provenance],
        ["--sbom", flags.sbom],
      ]),
    );
    if ((flags.cacheFrom.length > 0 || flags.cacheTo.length > 0) && (plan?.platforms.length ?? 0) > 1) {
      warnings.push(
        "--cache-from/--cache-to: they turn on buildah's --layers, and buildah 1.28 can mix up layers of builds running at once in one storage (linux/arm64 came out as the amd64 image); build one --platforms at a time with a cache",
      );
    }
    // The action's rules for a buildah cache: one repository each way (checked with the first
    // platform's suffix).
    const suffix = plan?.platforms[0]?.suffix ?? "";
    checkBuildahCache("--cache-from", expandArch(cacheFrom, suffix), problems, " ");
    checkBuildahCache("--cache-to", expandArch(cacheTo, suffix), problems, " ");
  }
  if (flags.noCache && (flags.cacheFrom.length > 0 || flags.cacheTo.length > 0)) {
    warnings.push("--no-cache: --cache-from is not read; --cache-to is still written");
  }

  // QEMU needs are judged once the plan and the Dockerfile are known good.
  if (!plan || !files || !engine) return undefined;
  const runSteps =
    context.localContext !== undefined && files.dockerfile
      ? targetRunSteps(await readFile(files.dockerfile, "utf8"))
      : undefined;
  const host = deps.hostPlatform ?? hostPlatformId();
  const platforms = new Map<string, PlatformSetup>();
  for (const platform of plan.platforms) {
    const builder = builders.get(platform.id);
    const setup = await platformSetup(platform, {
      host,
      runSteps,
      dockerfile: files.dockerfile,
      ...(builder ? { builder } : {}),
      ...(deps.binfmtDir ? { binfmtDir: deps.binfmtDir } : {}),
    });
    if (setup.ok) platforms.set(platform.id, setup.setup);
    else problems.add(new MachineError("--platforms", platform.id, setup.problem, setup.fix));
  }

  // The same credentials rule as the action's.
  const authFile = target.kind === "registry" ? buildahAuthFile(deps.env) : undefined;
  return {
    engine,
    engineReason: choice.ok ? choice.reason : "",
    context: files.context,
    dockerfile: files.dockerfile,
    target: flags.target.trim(),
    buildArgs,
    // The action's rule: the checkout's OCI source labels, then --label (which wins on a clash).
    labels: imageLabels(gitHubContextOf(context.git), plan.tag, userLabels),
    secrets,
    cache: { noCache: flags.noCache, from: flags.cacheFrom, to: flags.cacheTo },
    provenance: flags.provenance.trim(),
    sbom: flags.sbom.trim(),
    ...(sourceDateEpoch ? { sourceDateEpoch } : {}),
    buildah: {
      ...(storageDriver ? { storageDriver } : {}),
      ...(isolation ? { isolation } : {}),
      ...(authFile ? { authFile } : {}),
      ...(insecureRegistries.length > 0 ? { insecureRegistries } : {}),
      env: deps.env,
    },
    platforms,
  };
}

/** The machine's answers resolveOptions waits for, asked for all at once when it starts. */
interface Probes {
  readonly engines: Promise<EngineAvailability>;
  /** Named builders that do not answer, asked early when `--engine buildx` settles the engine. */
  readonly builders?: Promise<BuilderProblem[]>;
  /** `skopeo --version`, asked when buildah may push by digest (`--push --no-arch-tags`). */
  readonly skopeo?: Promise<string | undefined>;
}

/**
 * Starts the engine probe (skipping what the flags settle: buildah by name asks nothing of Docker,
 * a `--builder` for every platform needs no current builder) and, with `--engine buildx`, the named
 * builders' checks. The flags are read leniently here; their problems are reported where they are
 * checked.
 */
function startProbes(flags: RawFlags, deps: OptionDeps): Probes {
  const quiet = new Problems();
  const platforms = quiet.attempt(() => parsePlatforms(flags.platforms || DEFAULT_PLATFORMS)) ?? [];
  const named = new Map<string, string>();
  for (const entry of flags.builders) {
    const at = entry.indexOf("=");
    const platform = at > 0 ? quiet.attempt(() => parsePlatform(entry.slice(0, at))) : undefined;
    const name = entry.slice(at + 1).trim();
    const planned = platforms.some((p) => p.id === platform?.id);
    if (platform && planned && BUILDER_NAME_RE.test(name)) named.set(platform.id, name);
  }
  const currentBuilder = named.size === 0 || platforms.some((p) => !named.has(p.id));
  const engines = (deps.probeEngines ?? probeEngines)(flags.engine, { currentBuilder, env: deps.env });
  const early = flags.engine.trim() === "buildx" && named.size > 0 && quiet.count === 0;
  const builders = early
    ? unansweredBuilders(named, deps.inspectBuilder ?? inspectWith(deps.env))
    : undefined;
  const skopeo =
    flags.noArchTags && flags.push && flags.engine.trim() !== "buildx"
      ? (deps.skopeoVersion ?? skopeoVersion)(deps.env)
      : undefined;
  // Awaited later, in the order the checks report; never left unobserved meanwhile.
  engines.catch(() => {});
  builders?.catch(() => {});
  skopeo?.catch(() => {});
  return { engines, ...(builders ? { builders } : {}), ...(skopeo ? { skopeo } : {}) };
}

// The named builders' check, run with the environment the build will have.
function inspectWith(env: NodeJS.ProcessEnv): (name: string) => Promise<BuilderStatus> {
  return (name) => inspectBuilder(name, NAMED_BUILDER_CHECK_MS, env);
}

/**
 * Where the build is: the context and its Dockerfile. `plan` needs no Dockerfile unless one is named
 * (the tags, refs and runners it shows do not depend on it): without one it says so as a warning, and
 * cannot tell yet which platforms need QEMU; build and run refuse to start.
 */
function buildFiles(context: BuildContext): BuildFiles | undefined {
  const { flags, deps, problems } = context;
  try {
    return checkBuildFiles(
      { context: flags.context.trim() || ".", dockerfile: flags.dockerfile.trim() },
      deps.cwd,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const named = asFlagError(error);
    if (!(error instanceof NoDockerfileError) || context.command !== "plan") {
      problems.add(named);
      return undefined;
    }
    context.warnings.push(
      `${named.input}: ${JSON.stringify(named.value)} ${named.problem}; build and run need one: ${named.fix}`,
    );
    return { context: resolve(deps.cwd, flags.context.trim() || "."), dockerfile: "", warnings: [] };
  }
}

/** `--build-arg`, `--label`, `--annotation`: one KEY=VALUE pair per flag. */
function keyValueFlags(flag: string, values: readonly string[], problems: Problems): Array<[string, string]> {
  return values.flatMap((value) => {
    const pair = splitKeyValue(value.trim());
    if (pair) return [pair];
    const key = value.trim().split("=")[0] || "KEY";
    problems.add(
      new InputError(flag, value, "is not KEY=VALUE", `write ${flag} ${key}=VALUE, one pair per ${flag}`),
    );
    return [];
  });
}

/**
 * `--secret id=ID[,src=FILE|,env=VAR]` (buildx's syntax; without src or env, the variable named ID):
 * each value read now, so a missing file or variable stops the run before anything builds. The
 * shared checks (checkSecrets) follow. Messages name the flag's text, never a value.
 */
function readSecrets(entries: readonly string[], deps: OptionDeps, problems: Problems): SecretEntry[] {
  const secrets: SecretEntry[] = [];
  for (const entry of entries) {
    const fields = new Map<string, string>();
    let malformed = false;
    for (const part of entry.split(",")) {
      const at = part.indexOf("=");
      if (at <= 0) malformed = true;
      else fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    const id = fields.get("id") ?? "";
    const src = fields.get("src") ?? fields.get("source");
    const variable = fields.get("env");
    const unknown = [...fields.keys()].filter((key) => !["id", "src", "source", "env", "type"].includes(key));
    const fail = (problem: string, fix: string) =>
      problems.add(new InputError("--secret", entry, problem, fix));
    const invalid = secretIdProblem({ id, value: "", input: "--secret", shown: entry });
    if (malformed || !id || unknown.length > 0) {
      fail(
        "is not id=ID[,src=FILE|,env=VAR]",
        "write e.g. --secret id=npmrc,src=$HOME/.npmrc or --secret id=token,env=TOKEN",
      );
    } else if (invalid) {
      problems.add(invalid);
    } else if (src !== undefined && variable !== undefined) {
      fail("names both a file and a variable", "give src=FILE or env=VAR, not both");
    } else if (src !== undefined) {
      try {
        secrets.push({
          id,
          value: readFileSync(resolve(deps.cwd, src), "utf8"),
          input: "--secret",
          shown: entry,
        });
      } catch (error) {
        fail(
          `cannot be read: ${asError(error).message}`,
          "name a readable file, relative to the working directory",
        );
      }
    } else {
      const name = variable ?? id;
      const value = deps.env[name];
      if (value === undefined) {
        fail(
          `names the environment variable ${name}, which is not set`,
          `export ${name}, or read the secret from a file with src=FILE`,
        );
      } else {
        secrets.push({ id, value, input: "--secret", shown: entry });
      }
    }
  }
  return secrets;
}

/** `--builder linux/arm64=arm-node` entries: planned platforms, buildx builder names, once each. */
function parseBuilders(
  entries: readonly string[],
  plan: Plan | undefined,
  problems: Problems,
): Map<string, string> {
  const builders = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf("=");
    const name = at > 0 ? entry.slice(at + 1).trim() : "";
    if (at <= 0 || !name) {
      problems.add(
        new InputError(
          "--builder",
          entry,
          "is not PLATFORM=NAME",
          "write e.g. --builder linux/arm64=arm-node",
        ),
      );
      continue;
    }
    const platform = attempt(problems, () => parsePlatform(entry.slice(0, at), "--builder"));
    if (!platform) continue;
    if (!BUILDER_NAME_RE.test(name)) {
      problems.add(
        new InputError(
          "--builder",
          entry,
          `has an invalid builder name "${name}"`,
          "use the name `docker buildx ls` shows",
        ),
      );
    } else if (plan && !plan.platforms.some((p) => p.id === platform.id)) {
      problems.add(
        new InputError(
          "--builder",
          entry,
          `names ${platform.id}, which is not built`,
          "add it to --platforms or drop this --builder",
        ),
      );
    } else if (builders.has(platform.id)) {
      problems.add(
        new InputError("--builder", entry, `sets ${platform.id} twice`, "give one builder per platform"),
      );
    } else {
      builders.set(platform.id, name);
    }
  }
  return builders;
}

/**
 * `--sources`: each platform's image by digest, in manifest-stitch's forms (`platform=digest` pairs,
 * here comma-separated or one per flag, or one JSON value). Every planned platform needs one.
 * `mbp stitch --no-arch-tags` cannot do without them: no tag names the per-architecture images.
 */
function readSources(
  command: CommandName,
  flags: RawFlags,
  plan: Plan,
  problems: Problems,
): ReadonlyMap<string, string> | undefined {
  const given = flags.sources.map((value) => value.trim()).filter(Boolean);
  if (given.length === 0) {
    if (command === "stitch" && flags.noArchTags) {
      problems.add(
        new FlagError(
          "--no-arch-tags",
          "needs --sources in mbp stitch: without per-architecture tags, each platform's image is known only by its digest",
          `add --sources ${plan.platforms.map((p) => `${p.id}=sha256:…`).join(",")}, as mbp build --no-arch-tags printed them`,
        ),
      );
    }
    return undefined;
  }
  const json = given.length === 1 && /^[[{]/.test(given[0] ?? "");
  const text = json ? (given[0] ?? "") : given.flatMap((value) => value.split(",")).join("\n");
  const before = problems.count;
  const digests = parseSources(text, plan.platforms, problems, { complete: false, input: "--sources" });
  if (problems.count === before) {
    for (const platform of plan.platforms.filter((p) => !digests.has(p.id))) {
      problems.add(
        new InputError(
          "--sources",
          given.join(","),
          `has no digest for ${platform.id}`,
          `add ${platform.id}=sha256:… (mbp build --no-arch-tags prints each platform's digest)`,
        ),
      );
    }
  }
  return digests;
}

/** `--summary FILE`: written at the end, so its directory must be there and writable now. */
function checkSummaryFile(value: string, cwd: string, problems: Problems): string | undefined {
  const file = resolve(cwd, value);
  const dir = dirname(file);
  const fail = (problem: string, fix: string) => {
    problems.add(new InputError("--summary", value, problem, fix));
    return undefined;
  };
  if (existsSync(file) && statSync(file).isDirectory()) {
    return fail("is a directory", "name a file, e.g. --summary summary.md");
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return fail(
      `is in ${dir}, which is not a directory`,
      "create the directory first, or name a file in one",
    );
  }
  if (!canWrite(existsSync(file) ? file : dir)) {
    return fail(`cannot be written here (${existsSync(file) ? file : dir})`, "name a file you can write");
  }
  return file;
}

/** A repository name for the plan when no --images is given: the context directory's name. */
export function localImageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "");
  return /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(name) ? name : "image";
}

// Warnings from the shared library name action inputs (`tag: …`); say the flag.
function flagWarning(warning: string): string {
  return warning.replace(/^([a-z-]+): /, (whole, input: string) =>
    FLAG_OF_INPUT[input] ? `${FLAG_OF_INPUT[input]}: ` : whole,
  );
}

/** Before a build that takes minutes: can the Docker config's credentials push to every registry? */
async function checkLogins(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  insecure: readonly string[],
  check: (host: string, env: NodeJS.ProcessEnv, insecure: boolean) => Promise<void>,
  problems: Problems,
): Promise<void> {
  await Promise.all(
    plan.registries.map(async (host) => {
      try {
        await check(host, env, insecure.includes(host));
      } catch (error) {
        const images = plan.images.filter((i) => i.host === host).map((i) => i.name);
        // No HTTP answer at all: logging in would not help.
        const unreachable = isUnreachable(error);
        problems.add(
          new MachineError(
            "--images",
            images.join(","),
            unreachable
              ? `cannot be pushed: ${asError(error).message}`
              : `cannot be pushed with the credentials of ${dockerConfigPath(env)}: ${asError(error).message}`,
            unreachable
              ? `check that ${host} is up and reachable from here, or drop --push to write an OCI layout`
              : `log in first (docker login ${host}), or drop --push to write an OCI layout`,
          ),
        );
      }
    }),
  );
}

// A short, bounded check: a registry that does not answer must not hold the flags' answer for minutes.
async function defaultCheckLogin(host: string, env: NodeJS.ProcessEnv, insecure: boolean): Promise<void> {
  const credentials = await credentialsFor(host, { env });
  await verifyCredentials(host, credentials, {
    insecure,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, attempts: 3, deadlineMs: 15_000 },
    timeoutMs: 10_000,
  });
}
