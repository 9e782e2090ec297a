import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import {
  type BuildSecret,
  type CacheOptions,
  checkSecrets,
  expandArch,
  type GitHubContext,
  InputError,
  ignoredByBuildah,
  imageLabels,
  makePlan,
  type Plan,
  type PlannedPlatform,
  Problems,
  parseCacheEntries,
  parseInsecureRegistries,
  parseKeyValues,
  parseList,
  parsePlatform,
  type SecretEntry,
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
  readonly secrets: string;
  /** `id=SECRET_NAME` lines: build secrets taken by name from `secretValues`. */
  readonly secretNames: string;
  /** Secrets by name (the workflow's `toJSON(secrets)`); only the named ones are used. */
  readonly secretValues: Readonly<Record<string, string>>;
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
}

/** Validated inputs of one per-architecture build. */
export interface ArchBuildInputs {
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
  readonly secrets: readonly BuildSecret[];
  /** OCI source labels from the GitHub context, then the `labels` input (which wins on a clash). */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  readonly push: boolean;
  readonly cache: CacheOptions;
  readonly provenance: string;
  readonly sbom: string;
  readonly freeSpace: boolean;
  /** Insecure registries (buildah: --tls-verify=false for these and loopback hosts only). */
  readonly insecure: readonly string[];
  readonly warnings: readonly string[];
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
  if (engine === "buildx" && insecure.length > 0) {
    warnings.push(
      'insecure-registries: ignored by the buildx engine; list them in the Docker daemon\'s insecure-registries (daemon.json) or in buildkitd.toml ([registry."host"] http/insecure)',
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
  const secrets = checkSecrets(
    [
      ...(problems.attempt(() => parseKeyValues(raw.secrets, "secrets", { secret: true })) ?? []).map(
        ([id, value]) => ({ id, value, input: "secrets" }),
      ),
      ...secretsByName(raw.secretNames, raw.secretValues, problems),
    ],
    problems,
    warnings,
  );

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
      provenance: raw.provenance.trim(),
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
    secrets: request.secrets,
    labels: request.labels,
    annotations,
    push: raw.push,
    cache: request.cache,
    provenance: request.provenance,
    sbom: request.sbom,
    freeSpace: raw.freeSpace,
    insecure,
    warnings: [...plan.warnings, ...warnings],
  };
}

/**
 * The secret `name` in `available`, as GitHub resolves secret names: case-insensitively (an exact
 * match first). Undefined when there is none, or when several differ only in case.
 */
export function findSecret(
  available: Readonly<Record<string, string>>,
  name: string,
): { name: string; value: string } | undefined {
  const exact = available[name];
  if (exact !== undefined) return { name, value: exact };
  const matches = Object.keys(available).filter((key) => key.toUpperCase() === name.toUpperCase());
  const [only] = matches;
  return matches.length === 1 && only !== undefined
    ? { name: only, value: available[only] ?? "" }
    : undefined;
}

/**
 * Only the secrets that `secret-names` lines name, out of every secret the job received
 * (`toJSON(secrets)`): the others are dropped before anything else runs, so they never reach a child
 * process. Lines that do not parse are left to parseInputs to report.
 */
export function keepNamedSecrets(
  available: Readonly<Record<string, string>>,
  names: string,
): Record<string, string> {
  const pairs = new Problems().attempt(() => parseKeyValues(names, "secret-names")) ?? [];
  const kept: Record<string, string> = {};
  for (const [, name] of pairs) {
    const found = findSecret(available, name.trim());
    if (found) kept[found.name] = found.value;
  }
  return kept;
}

/**
 * `secret-names` lines `id=SECRET_NAME`, each resolved in `available` (the workflow's secrets): a
 * build secret can then come from any repository secret while the caller passes `secrets: inherit`,
 * multi-line values (a pip.conf, a key file) included. Names are matched case-insensitively, as
 * GitHub matches secret names. Names missing from `available` are errors.
 */
export function secretsByName(
  names: string,
  available: Readonly<Record<string, string>>,
  problems: Problems,
): SecretEntry[] {
  const pairs = problems.attempt(() => parseKeyValues(names, "secret-names")) ?? [];
  const found: SecretEntry[] = [];
  for (const [id, name] of pairs) {
    const value = findSecret(available, name.trim())?.value;
    if (value === undefined) {
      problems.add(
        new InputError(
          "secret-names",
          `${id}=${name}`,
          `names ${name.trim()}, which is not among the secrets this job received`,
          `add a repository or organisation secret ${name.trim()} (secrets: inherit passes it), or fix the name`,
        ),
      );
      continue;
    }
    found.push({ id, value, input: "secret-names" });
  }
  return found;
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

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The `secret-values` input (`${{ toJSON(secrets) }}`): its text is never shown, not even in an error. */
export function parseSecretValues(text: string, problems: Problems): Record<string, string> {
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
    }
  } catch {
    // reported below
  }
  problems.add(
    new InputError(
      "secret-values",
      "<hidden>",
      "is not a JSON object of secrets",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      "pass ${{ toJSON(secrets) }}",
    ),
  );
  return {};
}
