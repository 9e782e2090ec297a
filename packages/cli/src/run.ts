import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  type BuildOutput,
  type BuildRequest,
  buildahGlobalArgs,
  engineSteps,
  formatDuration,
  PartialBuildError,
} from "@mbp/arch-build";
import {
  archTag,
  asError,
  type Descriptor,
  formatBytes,
  imageSize,
  type PlannedPlatform,
  type RunSummary,
  settingsForPlatform,
  type TimelineEntry,
} from "@mbp/image-spec";
import {
  describeLeftover,
  findLeftovers,
  type Leftover,
  type ManifestStore,
  type StitchResult,
  stitch,
} from "@mbp/manifest-stitch";
import { platformEngine } from "./engines";
import { PROGRAM } from "./flags";
import { forgetScratch, noteBuildahContainers, noteScratch } from "./interrupt";
import { importBuild } from "./layout";
import type { BuildSettings, CliOptions } from "./options";
import {
  failedRunSummary,
  publishedRunSummary,
  type RunTimes,
  summaryLines,
  type TimedStep,
  writeSummaryFile,
} from "./summary";
import { layoutName, type OpenTargets, openTargets, platformRefs } from "./targets";
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
  /** When resolving the options (the plan) started and ended, for the summary's timeline. */
  readonly planned?: TimedStep;
}

/** One platform's build, as the final table shows it. */
export interface PlatformBuild {
  readonly platform: string;
  /** Digest of the per-architecture image (empty when the build failed). */
  readonly digest: string;
  /** Bytes stored: compressed layers plus config. */
  readonly size?: number;
  readonly ms: number;
  /**
   * Where it was written (`oci:out/oci:main-amd64`, `ghcr.io/org/app:main-amd64`; by digest with
   * `--no-arch-tags`: `ghcr.io/org/app@sha256:…`, `oci:out/oci@sha256:…`).
   */
  readonly refs: readonly string[];
  readonly error?: string;
  /** When its steps ran (build, then push or write) and the digest built (also after a failure). */
  readonly timeline?: TimelineEntry;
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
  /**
   * `untagged`: with `--no-arch-tags`, what each store (a registry, or the layout, shown as `name`
   * says) holds of each platform, looked up after the failure; without it the per-arch tags the
   * platforms that built wrote are listed from the builds.
   */
  constructor(
    readonly builds: readonly PlatformBuild[],
    readonly untagged?: { readonly leftovers: readonly Leftover[]; readonly name: (store: string) => string },
  ) {
    const failed = builds.filter((b) => b.error);
    super(
      [
        `${failed.length} of ${builds.length} platform builds failed:`,
        ...failed.map((b) => `  - ${b.platform}: ${b.error}`),
        ...(untagged ? untaggedLines(untagged.leftovers, untagged.name) : taggedLines(builds)),
      ].join("\n"),
    );
  }
}

// The others' per-arch tags stay (no index names them): say where, so they can be used or removed.
function taggedLines(builds: readonly PlatformBuild[]): string[] {
  const left = builds.filter((b) => !b.error && b.refs.length > 0);
  if (left.length === 0) return [];
  return [
    "No multi-arch index was written; the platforms that built left their per-arch tags:",
    ...left.map((b) => `  - ${b.platform}: ${b.refs.join(", ")}`),
  ];
}

// --no-arch-tags: no tag at all, and per store the untagged images that nothing points at now.
function untaggedLines(leftovers: readonly Leftover[], name: (store: string) => string): string[] {
  const shown = leftovers.filter((l) => l.found || l.error);
  const stores = [...new Set(shown.map((l) => l.image))];
  return [
    shown.length > 0
      ? "No tag was written, neither multi-arch nor per-architecture (--no-arch-tags). What the platforms that built left, by digest only (no index points at it):"
      : "No tag was written, neither multi-arch nor per-architecture (--no-arch-tags), and no platform left an image.",
    ...stores.flatMap((store) => [
      `  ${name(store)}:`,
      ...shown.filter((l) => l.image === store).map((l) => `    - ${l.platform}: ${describeLeftover(l)}`),
    ]),
  ];
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
      refs: platformRefs(options.target, plan, p, options.cwd, { archTags: options.archTags }),
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
  const times: { -readonly [K in keyof RunTimes]: RunTimes[K] } = {
    ...(deps.planned ? { plan: deps.planned } : {}),
    builds: [],
  };
  const timed = async <T>(phase: "stitch" | "verify", body: () => Promise<T>): Promise<T> => {
    const start = now();
    const value = await body();
    const end = now();
    timings[phase] = end - start;
    times[phase] = { start, end };
    return value;
  };
  let sourceDigests = options.sourceDigests;
  let stitched: StitchResult[] | undefined;
  let sizes = new Map<string, number>();
  try {
    if (phases.build) {
      if (!options.build) throw new Error("unreachable: build settings missing");
      const started = now();
      let builds: PlatformBuild[];
      try {
        builds = await buildAll(options, options.build, open, deps);
      } catch (error) {
        if (!(error instanceof BuildFailedError)) throw error;
        throw await reportFailure(options, error, { open, times, terminal });
      }
      timings.build = now() - started;
      timings.slowestBuild = Math.max(...builds.map((b) => b.ms));
      times.builds = builds.flatMap((b) => (b.timeline ? [b.timeline] : []));
      result = { ...result, builds };
      sizes = sizesOf(builds);
      // Without per-arch tags the builds' digests are the stitch's sources (and verify's).
      if (!options.archTags) sourceDigests = new Map(builds.map((b) => [b.platform, b.digest]));
    }
    if (phases.stitch) {
      stitched = await timed("stitch", () =>
        stitch({
          targets: open.stores,
          platforms: plan.platforms,
          sourceTag: plan.tag,
          ...(sourceDigests ? { sourceDigests } : {}),
          tags: plan.tags,
          annotations: options.annotations,
          push: true,
          log: terminal.log(),
        }),
      );
      const first = stitched[0];
      result = {
        ...result,
        index: { digest: first?.digest ?? "", refs: stitched.flatMap((r) => [...r.refs]) },
      };
      // Sizes for the table: the builds read theirs; a stitch alone reads them from its sources.
      if (!result.builds && first) sizes = await sourceSizes(first, open.stores[0], terminal);
    }
    if (phases.verify) {
      const index = new Map((stitched ?? []).map((r) => [r.target, r.digest]));
      const verified = await timed("verify", () => verify(options, open, index, sourceDigests, terminal));
      result = {
        ...result,
        verified,
        index: result.index ?? { digest: verified[0]?.digest ?? "", refs: [] },
      };
    }
  } finally {
    open.close();
  }
  const copy = copyCommands(options);
  const summary =
    stitched &&
    publishedRunSummary(options, {
      stitched,
      sizes,
      times,
      ...(sourceDigests ? { sourceDigests } : {}),
      ...(copy[0] ? { copyCommand: copy[0] } : {}),
    });
  printEnd(options, result, phases, deps, summary);
  if (summary && options.summaryFile) {
    await writeSummaryFile(options.summaryFile, summary);
    terminal.line(`The run at a glance (Markdown, with its timeline): ${options.summaryFile}`);
  }
  return result;
}

async function verify(
  options: CliOptions,
  open: OpenTargets,
  index: ReadonlyMap<string, string>,
  sources: ReadonlyMap<string, string> | undefined,
  terminal: Terminal,
): Promise<VerifiedTarget[]> {
  terminal.heading(`Verify ${open.stores.map((s) => displayStore(s, options)).join(", ")}`);
  const verified = await verifyTargets(open.stores, options.plan, index, {
    archTags: options.archTags,
    ...(sources ? { sources } : {}),
  });
  for (const v of verified) {
    terminal.line(`${displayStore(v.target, options)}: ${v.tags.join(", ")} → index ${v.digest}`);
    for (const p of v.platforms) terminal.line(`  ${p.platform.padEnd(12)} ${p.digest}`);
    if (v.attestations > 0) terminal.line(`  and ${v.attestations} attestation manifest(s)`);
    if (v.archTags.length > 0) {
      terminal.warning(
        `${displayStore(v.target, options)} still has per-architecture tags (${v.archTags.join(", ")}), from an earlier run with them: this run wrote none`,
      );
    }
  }
  terminal.line(
    options.archTags
      ? "verified: every tag names this index; each platform's entry is its per-arch image"
      : `verified: every tag names this index; each platform's entry is its image${sources ? ", as built" : ""}, by digest, with no per-arch tag`,
  );
  return verified;
}

/**
 * After a platform failed: with `--no-arch-tags`, what each store holds of the platforms that built
 * (and of a failed one whose push began) is looked up once per store and platform, as manifest-stitch
 * does for a failed run, and goes into the error; with `--summary`, the run at a glance is written.
 * Returns the error to throw.
 */
async function reportFailure(
  options: CliOptions,
  failure: BuildFailedError,
  context: { open: OpenTargets; times: RunTimes; terminal: Terminal },
): Promise<BuildFailedError> {
  if (options.archTags && !options.summaryFile) return failure;
  const digests = new Map(
    failure.builds.flatMap((b) => {
      const digest = b.digest || b.timeline?.digest;
      return digest ? [[b.platform, digest] as const] : [];
    }),
  );
  const sourceDigests = options.archTags ? undefined : digests;
  const leftovers = await findLeftovers({
    targets: context.open.stores,
    platforms: options.plan.platforms,
    sourceTag: options.plan.tag,
    ...(sourceDigests ? { sourceDigests } : {}),
  });
  if (options.summaryFile) {
    const summary = failedRunSummary(options, {
      leftovers,
      sizes: sizesOf(failure.builds),
      times: { ...context.times, builds: failure.builds.flatMap((b) => (b.timeline ? [b.timeline] : [])) },
      ...(sourceDigests ? { sourceDigests } : {}),
    });
    await writeSummaryFile(options.summaryFile, summary);
    context.terminal.line(`The run at a glance (Markdown, with its timeline): ${options.summaryFile}`);
  }
  if (options.archTags) return failure;
  return new BuildFailedError(failure.builds, { leftovers, name: (store) => displayStore(store, options) });
}

/** Each platform's image size (config plus layers) read through the store, where it can be. */
async function sourceSizes(
  result: StitchResult,
  store: ManifestStore | undefined,
  terminal: Terminal,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (!store) return sizes;
  await Promise.all(
    result.sources.map(async (source) => {
      try {
        const fetch = async (digest: string) => (await store.fetch(digest)).bytes;
        sizes.set(source.platform.id, await imageSize(source.descriptor, fetch));
      } catch (error) {
        terminal.debug(`size of ${source.ref} not read: ${asError(error).message}`);
      }
    }),
  );
  return sizes;
}

function sizesOf(builds: readonly PlatformBuild[]): Map<string, number> {
  return new Map(builds.flatMap((b) => (b.size === undefined ? [] : [[b.platform, b.size] as const])));
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
    ...(options.archTags
      ? []
      : ([["per-arch", "by digest only, no tag (--no-arch-tags)"]] as Array<[string, string]>)),
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
      platformRefs(options.target, plan, p, options.cwd, { archTags: options.archTags }).join(", "),
      `${Array.isArray(p.runner) ? p.runner.join(", ") : p.runner}${p.qemu ? " (QEMU)" : ""}`,
    ]),
  );
  for (const line of table) terminal.line(line);
  // What a GitHub-hosted runner may lack for a variant concerns the workflow, not this machine (which
  // builds natively or under QEMU): the plan notes it beside its "GitHub runner" column.
  if (options.command === "plan") {
    for (const p of plan.platforms) {
      if (p.warning) terminal.line(`note (the workflow on GitHub's hosted runners): ${p.warning}`);
    }
  }
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
      return { platform: platform.id, digest: "", ms: 0, refs: [], error: asError(outcome.reason).message };
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

/**
 * One platform's build into the target: through its own staging layout into the layout (tagged
 * `<tag>-<suffix>`, or with `--no-arch-tags` only its blobs), or pushed to every registry (tagged, or
 * by digest only). A failure is returned, not thrown, with what it had done: its steps, and the
 * digest it built when it got that far.
 */
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
  const now = context.deps.now ?? Date.now;
  const log = terminal.log(prefixOf(platform.id, context.width), (line) =>
    context.progress.note(platform.id, line),
  );
  const stagingTag = archTag(plan.tag, platform.suffix);
  const stagingDir = context.staging ? join(context.staging, platform.suffix) : undefined;
  const setup = build.platforms.get(platform.id);
  const start = now();
  // The push (or, into a layout, the write) begins when the engine says so, else when it returns.
  let pushStart: number | undefined;
  const timeline = (outcome: "success" | "failure", digest: string): TimelineEntry => ({
    platform: platform.id,
    outcome,
    ...(digest ? { digest } : {}),
    steps: engineSteps(start, pushStart, now(), outcome).map((step) =>
      stagingDir && step.name === "push" ? { ...step, name: "write" } : step,
    ),
  });
  try {
    // Each platform's engine gets a scratch directory of its own: the engines name some files there
    // as one action's single build may (skopeo's digest file of a push by digest, for one), and the
    // platforms build at once.
    const engine = platformEngine(build.engine, {
      tempDir: await mkdtemp(join(context.scratch, `${platform.suffix}-`)),
      env: context.deps.env,
      buildah: build.buildah,
      ...(setup?.builder ? { builder: setup.builder } : {}),
    });
    const output: BuildOutput = stagingDir
      ? { kind: "oci-layout", dir: stagingDir, tag: stagingTag }
      : options.archTags
        ? { kind: "registry", refs: platform.refs }
        : { kind: "registry-by-digest", repositories: plan.images.map((image) => image.name) };
    const request: BuildRequest = {
      platform,
      context: build.context,
      dockerfile: build.dockerfile,
      target: build.target,
      buildArgs: build.buildArgs,
      // --annotation is the multi-arch index's (as the workflow's annotations input), set by stitch.
      annotations: [],
      output,
      // The action's rule. No cache by default, only what --cache-from/--cache-to name: buildx's
      // builder caches on its own (and the GitHub cache does not work off GitHub), and buildah 1.28's
      // --layers lets parallel builds of FROM scratch images in one storage take each other's layers,
      // so linux/arm64 came out as the amd64 image (seen in bench runs).
      ...settingsForPlatform(build, plan, platform),
    };
    const result = await engine.build(request, log, {
      pushing: () => {
        pushStart ??= now();
      },
    });
    if (stagingDir) pushStart ??= now();
    let store: ManifestStore;
    let descriptor: Descriptor | undefined;
    if (open.layout && stagingDir) {
      store = open.layout;
      descriptor = await importBuild(stagingDir, open.layout, {
        digest: result.digest,
        platform,
        stagingTag,
        // --no-arch-tags: the image's blobs only; the stitch finds it by digest.
        tags: options.archTags ? plan.archTagBases.map((tag) => archTag(tag, platform.suffix)) : [],
      });
    } else {
      store = open.stores[0] as ManifestStore;
      const reference = options.archTags ? stagingTag : result.digest;
      descriptor = result.descriptor ?? (await store.resolve(reference));
      if (!descriptor) throw new Error(`${store.refName(reference)} is not there after the build pushed it`);
    }
    const size = await imageSize(descriptor, async (digest) => (await store.fetch(digest)).bytes).catch(
      (error: unknown) => {
        log.debug(`size of ${descriptor.digest} unknown: ${asError(error).message}`);
        return undefined;
      },
    );
    const ms = context.progress.end(platform.id, false);
    const refs = platformRefs(options.target, plan, platform, options.cwd, {
      archTags: options.archTags,
      digest: descriptor.digest,
    });
    log.info(`built in ${formatDuration(ms)}: ${descriptor.digest} → ${refs.join(", ")}`);
    return {
      platform: platform.id,
      digest: descriptor.digest,
      ...(size === undefined ? {} : { size }),
      ms,
      refs,
      timeline: timeline("success", descriptor.digest),
    };
  } catch (error) {
    const ms = context.progress.end(platform.id, true);
    const message = asError(error).message;
    log.info(`FAILED after ${formatDuration(ms)}: ${message}`);
    const partial = error instanceof PartialBuildError ? error.partial : undefined;
    return {
      platform: platform.id,
      digest: "",
      ms,
      refs: partial?.refs ?? [],
      error: message,
      timeline: timeline("failure", partial?.built || partial?.digest || ""),
    };
  }
}

/**
 * The end of the output: what to run next after a build alone; after a stitch the run at a glance
 * (the summary's table) and how to get at the image: a pull, or the layout's copy commands.
 */
function printEnd(
  options: CliOptions,
  result: CommandResult,
  phases: Phases,
  deps: RunDeps,
  summary: RunSummary | undefined,
): void {
  const { terminal } = deps;
  const program = deps.program ?? PROGRAM;
  const { plan, target } = options;
  if (!result.index) {
    if (phases.build) {
      terminal.line();
      const sources = options.archTags
        ? ""
        : ` --no-arch-tags --sources ${(result.builds ?? []).map((b) => `${b.platform}=${b.digest}`).join(",")}`;
      terminal.line(
        `Next: ${program} stitch${sources} (same --images, --tag, --platforms and target flags) writes the index.`,
      );
    }
    return;
  }
  terminal.heading("Done");
  if (summary) for (const line of summaryLines(summary)) terminal.line(line);
  else if (target.kind === "registry") {
    terminal.line(`multi-arch index ${result.index.digest}, tagged:`);
    for (const image of plan.images) for (const tag of plan.tags) terminal.line(`  ${image.name}:${tag}`);
  } else {
    const layout = layoutName(target.dir, options.cwd);
    terminal.line(`multi-arch index ${result.index.digest}, tagged ${plan.tags.join(", ")} in ${layout}`);
  }
  if (target.kind === "registry") {
    if (summary?.pull) terminal.line(`Pull it: ${summary.pull}`);
    return;
  }
  terminal.line("Copy it to a registry (every platform, digests unchanged) with skopeo:");
  for (const command of copyCommands(options)) terminal.line(`  ${command}`);
  if (options.command !== "run") return;
  // The command the reader just ran, pushing instead of writing the layout.
  const push = ["run", ...pushArguments(deps.argv ?? [], copyImages(options).join(","))];
  terminal.line(`or build and push instead, once logged in (docker login): ${program} ${shellWords(push)}`);
}

/** For a layout: `skopeo copy --all` of every tag to every image (a placeholder without --images). */
function copyCommands(options: CliOptions): string[] {
  const { target, plan } = options;
  if (target.kind !== "layout") return [];
  const layout = layoutName(target.dir, options.cwd);
  return copyImages(options).flatMap((image) =>
    plan.tags.map((tag) => `skopeo copy --all ${layout}:${tag} docker://${image}:${tag}`),
  );
}

function copyImages(options: CliOptions): string[] {
  const { plan } = options;
  if (options.imagesGiven) return plan.images.map((i) => i.name);
  // Without --images the plan names localhost/<context directory>; only a build knows its context.
  const name = options.build ? (plan.images[0]?.path.split("/").pop() ?? "IMAGE") : "IMAGE";
  return [`ghcr.io/OWNER/${name}`];
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
