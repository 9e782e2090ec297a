import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { type BuildRequest, buildahGlobalArgs, formatBytes, formatDuration } from "@mbp/arch-build";
import {
  archTag,
  asError,
  type Descriptor,
  type PlannedPlatform,
  settingsForPlatform,
} from "@mbp/image-spec";
import { type ManifestStore, type StitchResult, stitch } from "@mbp/manifest-stitch";
import { platformEngine } from "./engines";
import { PROGRAM } from "./flags";
import { forgetScratch, noteBuildahContainers, noteScratch } from "./interrupt";
import { importBuild } from "./layout";
import type { BuildSettings, CliOptions } from "./options";
import { layoutName, type OpenTargets, openTargets, platformRefs, storedImageSize } from "./targets";
import { BuildProgress, formatTable, type Terminal } from "./terminal";
import { type VerifiedTarget, verifyTargets } from "./verify";

/** What a command needs from outside: where to talk, the environment, and knobs tests turn. */
export interface RunDeps {
  readonly terminal: Terminal;
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** Parent of the run's scratch directory (default the OS temp dir). */
  readonly tempDir?: string;
  /** How often a non-terminal hears which builds are still running (default 30 s). */
  readonly heartbeatMs?: number;
  /** How the user runs this program (`mbp`, `node packages/cli/dist/index.js`), for suggested commands. */
  readonly program?: string;
  /** The command line's flags as typed, to repeat in a suggested command. */
  readonly argv?: readonly string[];
}

/** One platform's build, as the final table shows it. */
export interface PlatformBuild {
  readonly platform: string;
  /** Digest of the per-architecture image (empty when the build failed). */
  readonly digest: string;
  /** Bytes stored: compressed layers plus config. */
  readonly size?: number;
  readonly ms: number;
  /** Where it was written (`oci:out/oci:main-amd64`, `ghcr.io/org/app:main-amd64`). */
  readonly refs: readonly string[];
  readonly error?: string;
}

/** What a command did; `--json` prints it. */
export interface CommandResult {
  readonly command: string;
  readonly tag: string;
  readonly tags: readonly string[];
  /** `oci:out/oci`, or the images pushed to. */
  readonly targets: readonly string[];
  readonly platforms: ReadonlyArray<{ platform: string; refs: readonly string[]; runs: string }>;
  readonly builds?: readonly PlatformBuild[];
  /** The multi-arch index digest (of the first target; all are equal for the same builds). */
  readonly index?: { readonly digest: string; readonly refs: readonly string[] };
  readonly verified?: readonly VerifiedTarget[];
  /** Phase wall times in ms: build (all platforms), slowestBuild, stitch, verify. */
  readonly timings: Readonly<Record<string, number>>;
}

/** One or more platforms failed to build; the others finished and are in `builds`. */
export class BuildFailedError extends Error {
  override readonly name = "BuildFailedError";
  constructor(readonly builds: readonly PlatformBuild[]) {
    const failed = builds.filter((b) => b.error);
    // The others' per-arch tags stay (no index names them): say where, so they can be used or removed.
    const left = builds.filter((b) => !b.error && b.refs.length > 0);
    super(
      `${failed.length} of ${builds.length} platform builds failed:\n` +
        failed.map((b) => `  - ${b.platform}: ${b.error}`).join("\n") +
        (left.length > 0
          ? `\nNo multi-arch index was written; the platforms that built left their per-arch tags:\n${left
              .map((b) => `  - ${b.platform}: ${b.refs.join(", ")}`)
              .join("\n")}`
          : ""),
    );
  }
}

interface Phases {
  readonly build: boolean;
  readonly stitch: boolean;
  readonly verify: boolean;
}

/** `plan`: prints the plan; touches nothing. */
export function runPlan(options: CliOptions, deps: RunDeps): Promise<CommandResult> {
  return execute(options, deps, { build: false, stitch: false, verify: false });
}

/** `build`: every platform in parallel into the target, then the table of digests, sizes and times. */
export function runBuild(options: CliOptions, deps: RunDeps): Promise<CommandResult> {
  return execute(options, deps, { build: true, stitch: false, verify: false });
}

/** `stitch`: the multi-arch index over the per-architecture images already in the target. */
export function runStitch(options: CliOptions, deps: RunDeps): Promise<CommandResult> {
  return execute(options, deps, { build: false, stitch: true, verify: false });
}

/** `verify`: reads the target back and checks the index against the per-architecture images. */
export function runVerify(options: CliOptions, deps: RunDeps): Promise<CommandResult> {
  return execute(options, deps, { build: false, stitch: false, verify: true });
}

/** `run`: plan, build, stitch, verify. */
export function runPipeline(options: CliOptions, deps: RunDeps): Promise<CommandResult> {
  return execute(options, deps, { build: true, stitch: true, verify: true });
}

async function execute(options: CliOptions, deps: RunDeps, phases: Phases): Promise<CommandResult> {
  const { terminal } = deps;
  const now = deps.now ?? Date.now;
  const { plan } = options;
  printPlan(options, terminal);
  const timings: Record<string, number> = {};
  let result: CommandResult = {
    command: options.command,
    tag: plan.tag,
    tags: plan.tags,
    targets: targetNames(options),
    platforms: plan.platforms.map((p) => ({
      platform: p.id,
      refs: platformRefs(options.target, plan, p, options.cwd),
      runs: options.build?.platforms.get(p.id)?.runs ?? "",
    })),
    timings,
  };
  if (!phases.build && !phases.stitch && !phases.verify) return result;

  const open = openTargets(options.target, plan, {
    env: deps.env,
    debug: (m) => terminal.debug(m),
    insecure: options.insecureRegistries,
  });
  try {
    if (phases.build) {
      if (!options.build) throw new Error("unreachable: build settings missing");
      const started = now();
      const builds = await buildAll(options, options.build, open, deps);
      timings.build = now() - started;
      timings.slowestBuild = Math.max(...builds.map((b) => b.ms));
      result = { ...result, builds };
    }
    let stitched: StitchResult[] | undefined;
    if (phases.stitch) {
      const started = now();
      stitched = await stitch({
        targets: open.stores,
        platforms: plan.platforms,
        sourceTag: plan.tag,
        tags: plan.tags,
        annotations: options.annotations,
        push: true,
        log: terminal.log(),
      });
      timings.stitch = now() - started;
      const first = stitched[0];
      result = {
        ...result,
        index: { digest: first?.digest ?? "", refs: stitched.flatMap((r) => [...r.refs]) },
      };
    }
    if (phases.verify) {
      const started = now();
      terminal.heading(`Verify ${open.stores.map((s) => displayStore(s, options)).join(", ")}`);
      const expected = new Map((stitched ?? []).map((r) => [r.target, r.digest]));
      const verified = await verifyTargets(open.stores, plan, expected);
      timings.verify = now() - started;
      for (const v of verified) {
        terminal.line(`${displayStore(v.target, options)}: ${v.tags.join(", ")} → index ${v.digest}`);
        for (const p of v.platforms) terminal.line(`  ${p.platform.padEnd(12)} ${p.digest}`);
        if (v.attestations > 0) terminal.line(`  and ${v.attestations} attestation manifest(s)`);
      }
      terminal.line("verified: every tag names this index; each platform's entry is its per-arch image");
      result = {
        ...result,
        verified,
        index: result.index ?? { digest: verified[0]?.digest ?? "", refs: [] },
      };
    }
  } finally {
    open.close();
  }
  printEnd(options, result, phases, deps);
  return result;
}

function targetNames(options: CliOptions): string[] {
  return options.target.kind === "layout"
    ? [layoutName(options.target.dir, options.cwd)]
    : options.plan.images.map((i) => i.name);
}

function displayStore(store: ManifestStore | string, options: CliOptions): string {
  const name = typeof store === "string" ? store : store.name;
  return options.target.kind === "layout" ? layoutName(options.target.dir, options.cwd) : name;
}

function printPlan(options: CliOptions, terminal: Terminal): void {
  const { plan, build } = options;
  terminal.heading("Plan");
  const rows: Array<[string, string]> = [
    ["tag", `${plan.tag} (from ${options.tagOrigin})`],
    ["index tags", plan.tags.join(", ")],
    [
      "target",
      options.target.kind === "layout"
        ? `OCI image layout ${layoutName(options.target.dir, options.cwd)}`
        : `registries: ${plan.images.map((i) => i.name).join(", ")}`,
    ],
  ];
  if (build) {
    rows.push(["engine", `${build.engine} (${build.engineReason})`]);
    rows.push([
      "context",
      `${build.context} (${build.dockerfile ? `Dockerfile ${build.dockerfile}` : "no Dockerfile"})`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows) terminal.line(`${key.padEnd(width)}  ${value}`);
  terminal.line();
  const table = formatTable(
    ["platform", ...(build ? ["runs here"] : []), "per-arch refs", "GitHub runner"],
    plan.platforms.map((p) => [
      p.id,
      ...(build ? [build.platforms.get(p.id)?.runs ?? ""] : []),
      platformRefs(options.target, plan, p, options.cwd).join(", "),
      `${Array.isArray(p.runner) ? p.runner.join(", ") : p.runner}${p.qemu ? " (QEMU)" : ""}`,
    ]),
  );
  for (const line of table) terminal.line(line);
  for (const warning of options.warnings) terminal.warning(warning);
}

async function buildAll(
  options: CliOptions,
  build: BuildSettings,
  open: OpenTargets,
  deps: RunDeps,
): Promise<PlatformBuild[]> {
  const { terminal } = deps;
  const { plan, target } = options;
  terminal.heading(
    `Build ${plan.platforms.length} platform${plan.platforms.length === 1 ? "" : "s"} in parallel with ${build.engine}`,
  );
  const scratch = await mkdtemp(join(deps.tempDir ?? tmpdir(), "mbp-"));
  noteScratch(scratch);
  if (build.engine === "buildah") await noteBuildahContainers(buildahGlobalArgs(build.buildah));
  // Each platform builds into its own layout next to the target (see importBuild), then is moved in.
  let staging: string | undefined;
  if (target.kind === "layout") {
    await mkdir(dirname(target.dir), { recursive: true });
    staging = await mkdtemp(join(dirname(target.dir), `.${basename(target.dir)}-staging-`));
    noteScratch(staging);
  }
  const width = Math.max(...plan.platforms.map((p) => p.id.length));
  const progress = new BuildProgress(deps.now);
  const stopStatus = terminal.showStatus(() => progress.render());
  // On a terminal the status line shows progress; elsewhere (CI logs, pipes) a line now and then.
  const heartbeat = setInterval(() => {
    if (terminal.tty) return;
    for (const r of progress.running()) {
      terminal.line(
        `${prefixOf(r.platform, width)}… still building (${formatDuration(r.ms)}${r.step ? `, ${r.step}` : ""})`,
      );
    }
  }, deps.heartbeatMs ?? 30_000);
  heartbeat.unref();
  try {
    // Every platform is on the status line from its first draw.
    for (const platform of plan.platforms) progress.start(platform.id);
    const outcomes = await Promise.allSettled(
      plan.platforms.map((platform) =>
        buildOne(platform, options, build, open, { scratch, staging, width, progress, deps }),
      ),
    );
    clearInterval(heartbeat);
    stopStatus();
    const builds = outcomes.map((outcome, i): PlatformBuild => {
      if (outcome.status === "fulfilled") return outcome.value;
      const platform = plan.platforms[i] as PlannedPlatform;
      return {
        platform: platform.id,
        digest: "",
        ms: 0,
        refs: [],
        error: asError(outcome.reason).message,
      };
    });
    terminal.heading("Per-architecture images");
    const table = formatTable(
      ["platform", "digest", "size", "time"],
      builds.map((b) => [
        b.platform,
        b.error ? "FAILED (see above)" : b.digest,
        b.size === undefined ? "" : formatBytes(b.size),
        b.error ? "" : formatDuration(b.ms),
      ]),
    );
    for (const line of table) terminal.line(line);
    if (builds.some((b) => b.error)) throw new BuildFailedError(builds);
    return builds;
  } finally {
    clearInterval(heartbeat);
    stopStatus();
    for (const dir of [scratch, staging]) {
      if (dir === undefined) continue;
      await rm(dir, { recursive: true, force: true });
      forgetScratch(dir);
    }
  }
}

function prefixOf(platform: string, width: number): string {
  return `[${platform}]${" ".repeat(width - platform.length)} `;
}

async function buildOne(
  platform: PlannedPlatform,
  options: CliOptions,
  build: BuildSettings,
  open: OpenTargets,
  context: {
    scratch: string;
    staging: string | undefined;
    width: number;
    progress: BuildProgress;
    deps: RunDeps;
  },
): Promise<PlatformBuild> {
  const { plan } = options;
  const { terminal } = context.deps;
  const log = terminal.log(prefixOf(platform.id, context.width), (line) =>
    context.progress.note(platform.id, line),
  );
  const stagingTag = archTag(plan.tag, platform.suffix);
  const stagingDir = context.staging ? join(context.staging, platform.suffix) : undefined;
  const setup = build.platforms.get(platform.id);
  try {
    const engine = platformEngine(build.engine, {
      tempDir: context.scratch,
      env: context.deps.env,
      buildah: build.buildah,
      ...(setup?.builder ? { builder: setup.builder } : {}),
    });
    const request: BuildRequest = {
      platform,
      context: build.context,
      dockerfile: build.dockerfile,
      target: build.target,
      buildArgs: build.buildArgs,
      // --annotation is the multi-arch index's (as the workflow's annotations input), set by stitch.
      annotations: [],
      output: stagingDir
        ? { kind: "oci-layout", dir: stagingDir, tag: stagingTag }
        : { kind: "registry", refs: platform.refs },
      // The action's rule. No cache by default, only what --cache-from/--cache-to name: buildx's
      // builder caches on its own (and the GitHub cache does not work off GitHub), and buildah 1.28's
      // --layers lets parallel builds of FROM scratch images in one storage take each other's layers,
      // so linux/arm64 came out as the amd64 image (seen in bench runs).
      ...settingsForPlatform(build, plan, platform),
    };
    const result = await engine.build(request, log);
    let store: ManifestStore;
    let descriptor: Descriptor | undefined;
    if (open.layout && stagingDir) {
      store = open.layout;
      descriptor = await importBuild(stagingDir, open.layout, {
        digest: result.digest,
        platform,
        stagingTag,
        tags: plan.archTagBases.map((tag) => archTag(tag, platform.suffix)),
      });
    } else {
      store = open.stores[0] as ManifestStore;
      descriptor = result.descriptor ?? (await store.resolve(stagingTag));
      if (!descriptor) throw new Error(`${store.refName(stagingTag)} is not there after the build pushed it`);
    }
    const size = await storedImageSize(store, descriptor).catch((error: unknown) => {
      log.debug(`size of ${descriptor.digest} unknown: ${asError(error).message}`);
      return undefined;
    });
    const ms = context.progress.end(platform.id, false);
    const refs = platformRefs(options.target, plan, platform, options.cwd);
    log.info(`built in ${formatDuration(ms)}: ${descriptor.digest} → ${refs.join(", ")}`);
    return {
      platform: platform.id,
      digest: descriptor.digest,
      ...(size === undefined ? {} : { size }),
      ms,
      refs,
    };
  } catch (error) {
    const ms = context.progress.end(platform.id, true);
    log.info(`FAILED after ${formatDuration(ms)}: ${asError(error).message}`);
    throw error;
  }
}

function printEnd(options: CliOptions, result: CommandResult, phases: Phases, deps: RunDeps): void {
  const { terminal } = deps;
  const program = deps.program ?? PROGRAM;
  const { plan, target } = options;
  if (!result.index) {
    if (phases.build) {
      terminal.line();
      terminal.line(
        `Next: ${program} stitch (same --images, --tag, --platforms and target flags) writes the index.`,
      );
    }
    return;
  }
  terminal.heading("Done");
  if (target.kind === "registry") {
    terminal.line(`multi-arch index ${result.index.digest}, tagged:`);
    for (const image of plan.images) for (const tag of plan.tags) terminal.line(`  ${image.name}:${tag}`);
    return;
  }
  const layout = layoutName(target.dir, options.cwd);
  terminal.line(`multi-arch index ${result.index.digest}, tagged ${plan.tags.join(", ")} in ${layout}`);
  terminal.line("Copy it to a registry (every platform, digests unchanged) with skopeo:");
  // Without --images the plan names localhost/<context directory>; only a build knows its context.
  const name = options.build ? (plan.images[0]?.path.split("/").pop() ?? "IMAGE") : "IMAGE";
  const images = options.imagesGiven ? plan.images.map((i) => i.name) : [`ghcr.io/OWNER/${name}`];
  for (const image of images) {
    for (const tag of plan.tags)
      terminal.line(`  skopeo copy --all ${layout}:${tag} docker://${image}:${tag}`);
  }
  if (options.command !== "run") return;
  // The command the reader just ran, pushing instead of writing the layout.
  const push = ["run", ...pushArguments(deps.argv ?? [], images.join(","))];
  terminal.line(`or build and push instead, once logged in (docker login): ${program} ${shellWords(push)}`);
}

// The flags as typed, without the layout's and the output's, then --push --images.
function pushArguments(argv: readonly string[], images: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const flag = arg.split("=")[0] ?? "";
    if (["--layout", "--images"].includes(flag)) {
      if (!arg.includes("=")) i++;
      continue;
    }
    if (["--json", "--push"].includes(flag) || i === 0) continue;
    kept.push(arg);
  }
  return [...kept, "--push", "--images", images];
}

// Arguments as a POSIX shell reads them back: quoted only where they need it.
function shellWords(args: readonly string[]): string {
  return args
    .map((arg) => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
    .join(" ");
}
