import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import {
  checkSecrets,
  expandArch,
  type GitHubContext,
  InputError,
  ignoredByBuildah,
  imageLabels,
  makePlan,
  type Plan,
  type PlannedPlatform,
  type PlatformRequestSettings,
  Problems,
  parseCacheEntries,
  parseInsecureRegistries,
  parseKeyValues,
  parseList,
  parsePlatform,
  parseSecretLines,
  resolveProvenance,
  settingsForPlatform,
} from "@mbp/image-spec";
import { checkBuildahCache } from "./buildah";
import { ENGINES, type EngineName } from "./engine";

// The {arch} rule lives with the rest of the build-request rule; named here too for older importers.
export { ARCH_PLACEHOLDER, expandCacheEntries } from "@mbp/image-spec";

/** The action's inputs as read (strings as given, booleans already strict). */
export interface RawInputs {
  readonly images: string;
  readonly tag: string;
  readonly additionalTags: string;
  readonly platform: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: string;
  /** `id=value` lines and `id<<DELIMITER` blocks (parseSecretLines); never shown. */
  readonly secrets: string;
  readonly push: boolean;
  readonly cache: boolean;
  readonly cacheFrom: string;
  readonly cacheTo: string;
  readonly provenance: string;
  readonly sbom: string;
  readonly labels: string;
  readonly annotations: string;
  readonly freeSpace: boolean;
  readonly engine: string;
  readonly insecureRegistries: string;
  /** false: push by digest only, no per-architecture tag in any registry. */
  readonly archTags: boolean;
}

/**
 * Validated inputs of one per-architecture build. Its secrets, labels (the GitHub context's OCI
 * source labels, then the `labels` input), cache and provenance are image-spec's build-request rule's.
 */
export interface ArchBuildInputs extends PlatformRequestSettings {
  readonly engine: EngineName;
  /** The same plan the planning job made, restricted to this build's platform. */
  readonly plan: Plan;
  readonly platform: PlannedPlatform;
  /** Every `image:tag-suffix` this build pushes. */
  readonly refs: readonly string[];
  readonly context: string;
  /** As given: relative to the working directory, empty for <context>/Dockerfile. */
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: ReadonlyArray<readonly [string, string]>;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  readonly push: boolean;
  readonly freeSpace: boolean;
  /** Insecure registries (buildah: --tls-verify=false for these and loopback hosts only). */
  readonly insecure: readonly string[];
  /** false: every image gets the build by digest only (`image@digest`), no tag at all. */
  readonly archTags: boolean;
  readonly warnings: readonly string[];
  /** What a reader of the log should know that is not a problem (logged as plain lines). */
  readonly notes: readonly string[];
}

/** The platform of the machine this runs on (`linux/amd64`, `linux/arm64`): the default `platform`. */
export function hostPlatformId(arch: string = process.arch): string {
  const names: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386" };
  return `linux/${names[arch] ?? arch}`;
}

/** A context that is not a local directory (git or HTTP URL): the engine fetches it. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@");
}

/**
 * Validates every input at once (InputErrors naming each input, value and fix) and makes the plan
 * with the same code as the planning job, so tags and refs are identical. Pure.
 */
export function parseInputs(
  raw: RawInputs,
  context: { github: GitHubContext; hostPlatform: string },
  problems: Problems = new Problems(),
): ArchBuildInputs {
  const warnings: string[] = [];
  const engineName = raw.engine.trim() || "buildx";
  const engine = (ENGINES as readonly string[]).includes(engineName) ? (engineName as EngineName) : undefined;
  const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
  // buildx pushes through its builder, whose own configuration decides how it speaks to a host.
  const notes: string[] = [];
  if (engine === "buildx" && insecure.length > 0) {
    notes.push(
      "insecure-registries: buildx pushes through its builder, which takes these hosts from its own configuration: a docker-container builder from buildkitd.toml ([registry.\"host\"] http = true, insecure = true; build.yaml sets its builder up so from the plan's buildkitd-config output), the docker driver from the daemon's insecure-registries (daemon.json)",
    );
  }
  if (!engine) {
    problems.add(
      new InputError("engine", raw.engine, "is not a build engine", `write ${ENGINES.join(" or ")}`),
    );
  }

  const platformEntries = parseList(raw.platform.trim() || context.hostPlatform);
  let platformId: string | undefined;
  if (platformEntries.length > 1) {
    problems.add(
      new InputError(
        "platform",
        raw.platform,
        `names ${platformEntries.length} platforms; each arch-build builds one`,
        "run one job per platform (the plan's matrix) and pass that job's platform",
      ),
    );
  } else {
    platformId = problems.attempt(() => parsePlatform(platformEntries[0] ?? "", "platform"))?.id;
  }

  const plan = problems.attempt(() =>
    makePlan(
      {
        images: raw.images,
        tag: raw.tag,
        additionalTags: raw.additionalTags,
        platforms: platformId ?? context.hostPlatform,
      },
      context.github,
    ),
  );

  const buildArgs = problems.attempt(() => parseKeyValues(raw.buildArgs, "build-args")) ?? [];
  const userLabels = problems.attempt(() => parseKeyValues(raw.labels, "labels")) ?? [];
  const annotations = problems.attempt(() => parseKeyValues(raw.annotations, "annotations")) ?? [];
  const secrets = checkSecrets(parseSecretLines(raw.secrets, "secrets", problems), problems, warnings);

  const from = parseCacheEntries("cache-from", raw.cacheFrom, problems);
  const to = parseCacheEntries("cache-to", raw.cacheTo, problems);
  if (!raw.cache && (from.length > 0 || to.length > 0)) {
    warnings.push("cache-from/cache-to: ignored because cache is false");
  }
  if (engine === "buildah") {
    // {arch} is replaced for the check: a buildah cache names a repository.
    const suffix = plan?.platforms[0]?.suffix ?? "";
    checkBuildahCache("cache-from", expandArch(from, suffix), problems);
    checkBuildahCache("cache-to", expandArch(to, suffix), problems);
    warnings.push(
      ...ignoredByBuildah([
        ["provenance", raw.provenance],
        ["sbom", raw.sbom],
      ]),
    );
  }

  problems.throwIfAny();
  if (!engine || !plan) throw new Error("unreachable: validated inputs missing");
  const platform = plan.platforms[0];
  if (!platform) throw new Error("unreachable: plan without platform");

  // The rule the CLI shares: {arch} becomes the platform's tag suffix, so every leg of a matrix
  // gets its own cache; the GitHub context's source labels, then the labels input.
  const request = settingsForPlatform(
    {
      secrets,
      labels: imageLabels(context.github, plan.tag, userLabels),
      cache: { byDefault: raw.cache, from: raw.cache ? from : [], to: raw.cache ? to : [] },
      // build-push-action's default on GitHub Actions (mode=max public, mode=min private).
      ...resolveProvenance(raw.provenance, context.github),
      sbom: raw.sbom.trim(),
    },
    plan,
    platform,
  );

  return {
    engine,
    plan,
    platform,
    refs: platform.refs,
    context: raw.context.trim() || ".",
    dockerfile: raw.dockerfile.trim(),
    target: raw.target.trim(),
    buildArgs,
    annotations,
    push: raw.push,
    ...request,
    freeSpace: raw.freeSpace,
    insecure,
    archTags: raw.archTags,
    warnings: [...plan.warnings, ...warnings],
    notes,
  };
}

/** Where the engine finds the build: paths resolved against `cwd` for a local context. */
export interface BuildFiles {
  readonly context: string;
  readonly dockerfile: string;
  readonly warnings: readonly string[];
}

/**
 * Checks that the context and the Dockerfile exist before anything runs. Paths follow `docker build`
 * (and build-push-action's `file`): the context and an explicit Dockerfile are relative to the working
 * directory; with no Dockerfile given it is `<context>/Dockerfile`. A Dockerfile that only exists
 * relative to the context gets a fix that says so. Remote contexts are passed through unchecked.
 */
export function checkBuildFiles(
  inputs: Pick<ArchBuildInputs, "context" | "dockerfile">,
  cwd: string,
): BuildFiles {
  if (isRemoteContext(inputs.context)) {
    return { context: inputs.context, dockerfile: inputs.dockerfile, warnings: [] };
  }
  const context = resolve(cwd, inputs.context);
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new InputError(
      "context",
      inputs.context,
      existsSync(context) ? "is not a directory" : "does not exist",
      "give the build context directory, relative to the working directory (default .)",
    );
  }
  const dockerfile = inputs.dockerfile ? resolve(cwd, inputs.dockerfile) : join(context, "Dockerfile");
  if (!inputs.dockerfile && !isFile(dockerfile)) {
    // Nobody named a Dockerfile: what is missing is the default one, in the context.
    const shown = relative(cwd, dockerfile);
    throw new NoDockerfileError(
      inputs.context,
      shown.startsWith("..") || isAbsolute(shown) ? dockerfile : `./${shown}`,
    );
  }
  if (!isFile(dockerfile)) {
    const inContext = inputs.dockerfile ? join(context, inputs.dockerfile) : "";
    const fix =
      inContext && isFile(inContext)
        ? `it is read relative to the working directory, as docker build -f does; write ${relative(cwd, inContext)}`
        : "give the Dockerfile's path relative to the working directory, or leave it empty for <context>/Dockerfile";
    throw new InputError("dockerfile", inputs.dockerfile || relative(cwd, dockerfile), `is not a file`, fix);
  }
  return { context, dockerfile, warnings: [] };
}

/** No Dockerfile was named and the context has none (`<context>/Dockerfile`). */
export class NoDockerfileError extends InputError {
  constructor(
    context: string,
    readonly path: string,
  ) {
    super(
      "context",
      context,
      `has no Dockerfile (${path} does not exist)`,
      "set the dockerfile input to the Dockerfile's path, or the context input to a directory that holds one",
    );
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
