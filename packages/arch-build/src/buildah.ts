import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CommandResult,
  dockerConfigPath,
  InputError,
  isInsecureRegistry,
  type Problems,
  type RetryPolicy,
  runCommand,
  tryCommand,
  withRetries,
} from "@mbp/image-spec";
import {
  type BuildEvents,
  type BuildOutput,
  type BuildRequest,
  type BuildResult,
  classifyEngineFailure,
  type Descriptor,
  descriptorPlatform,
  ENGINE_RETRY_POLICY,
  type Engine,
  explainFailure,
  PartialBuildError,
  type Reporter,
} from "./engine";
import { pushLayoutByDigest, requireSkopeo } from "./layout-push";

export interface BuildahOptions {
  /** The buildah program (default `buildah`, looked up on PATH). */
  readonly command?: string;
  /**
   * Storage driver (global `--storage-driver`). Unset: buildah's own choice (STORAGE_DRIVER or
   * storage.conf; overlay on GitHub-hosted runners). `vfs` works anywhere, unprivileged containers too.
   */
  readonly storageDriver?: string;
  /** Storage root and run root (global `--root` / `--runroot`); unset: buildah's defaults. */
  readonly root?: string;
  readonly runroot?: string;
  /** `--isolation` of RUN steps (oci, rootless, chroot). Unset: BUILDAH_ISOLATION or buildah's default. */
  readonly isolation?: string;
  /** Credentials file (`--authfile`): the Docker config multi-registry-login wrote. Unset: buildah's lookup. */
  readonly authFile?: string;
  /** Environment looked at for DOCKER_CONFIG and REGISTRY_AUTH_FILE (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Hosts spoken to without TLS verification, besides loopback hosts (which always are). */
  readonly insecureRegistries?: readonly string[];
  /** Directory for secret files and digest files (RUNNER_TEMP in the action). */
  readonly tempDir: string;
  /** The skopeo program that pushes by digest (`arch-tags: false`; default `skopeo`). */
  readonly skopeo?: string;
  readonly retryPolicy?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Registry host of a `host/path[:tag]` reference. */
export function refHost(ref: string): string {
  return ref.replace(/^docker:\/\//, "").split("/")[0] ?? "";
}

/** True when TLS verification is turned off for `host`: loopback, or listed as insecure. */
export function skipsTlsVerify(host: string, insecure: readonly string[] = []): boolean {
  return isInsecureRegistry(host, insecure);
}

/**
 * The cache repository a `cache-from`/`cache-to` entry names for buildah: a bare repository or
 * `type=registry,ref=<repository>`. Returns a problem for anything buildah cannot use.
 */
export function buildahCacheRepository(
  entry: string,
): { repository: string } | { problem: string; fix: string } {
  let ref = entry.trim();
  if (ref.includes("=")) {
    const attrs = new Map(
      ref.split(",").map((part) => {
        const at = part.indexOf("=");
        return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
      }),
    );
    const type = attrs.get("type") ?? "registry";
    if (type !== "registry") {
      return {
        problem: `is a type=${type} cache, which buildah cannot use`,
        fix: "give a registry repository (ghcr.io/org/app-cache) or use engine: buildx",
      };
    }
    ref = attrs.get("ref") ?? "";
    if (!ref) return { problem: "has no ref=", fix: "write type=registry,ref=<repository>" };
  }
  const last = ref.split("/").pop() ?? "";
  if (ref.includes("@") || last.includes(":")) {
    return {
      problem: "names a tag or digest; a buildah cache is a whole repository",
      fix: "write the repository without :tag, e.g. ghcr.io/org/app-cache",
    };
  }
  if (!ref.includes("/")) {
    return { problem: "is not a repository", fix: "write host/path, e.g. ghcr.io/org/app-cache" };
  }
  return { repository: ref };
}

/**
 * The problems of a buildah cache input (the action's `cache-from`/`cache-to`, the CLI's flags): one
 * registry repository at most, each entry one buildah can use. `entries` are as given, one per line
 * (or flag), shown joined by `separator`.
 */
export function checkBuildahCache(
  input: string,
  entries: readonly string[],
  problems: Problems,
  separator = "\n",
): void {
  if (entries.length > 1) {
    problems.add(
      new InputError(
        input,
        entries.join(separator),
        "names several caches; buildah takes one",
        "keep one repository",
      ),
    );
  }
  for (const entry of entries) {
    const cache = buildahCacheRepository(entry);
    if ("problem" in cache) problems.add(new InputError(input, entry, cache.problem, cache.fix));
  }
}

/** Global flags (before the subcommand): storage driver and storage locations. */
export function buildahGlobalArgs(
  options: Pick<BuildahOptions, "storageDriver" | "root" | "runroot">,
): string[] {
  const args: string[] = [];
  if (options.root) args.push("--root", options.root);
  if (options.runroot) args.push("--runroot", options.runroot);
  if (options.storageDriver) args.push("--storage-driver", options.storageDriver);
  return args;
}

/** What `buildah build` needs beyond the request: the local name, secret files and options. */
export interface BuildahBuildFiles {
  readonly localName: string;
  /** Secret id → path of its 0600 file. */
  readonly secretFiles: ReadonlyMap<string, string>;
  readonly isolation?: string;
  readonly authFile?: string;
  readonly insecureRegistries?: readonly string[];
}

/** The exact argv (after `buildah` and its global flags) of `buildah build`. Pure. */
export function buildahBuildArgs(request: BuildRequest, files: BuildahBuildFiles): string[] {
  const args = ["build", "--format", "oci", "--platform", request.platform.id, "--file", request.dockerfile];
  if (request.target) args.push("--target", request.target);
  for (const [key, value] of request.buildArgs) args.push("--build-arg", `${key}=${value}`);
  for (const secret of request.secrets) {
    const file = files.secretFiles.get(secret.id);
    if (!file) throw new Error(`no file for secret ${secret.id}`);
    args.push("--secret", `id=${secret.id},src=${file}`);
  }
  for (const [key, value] of request.labels) args.push("--label", `${key}=${value}`);
  for (const [key, value] of request.annotations) args.push("--annotation", `${key}=${value}`);
  const cacheRepos: string[] = [];
  if (request.cache.enabled) {
    args.push("--layers");
    for (const [flag, entries] of [
      ["--cache-from", request.cache.from],
      ["--cache-to", request.cache.to],
    ] as const) {
      for (const entry of entries) {
        const cache = buildahCacheRepository(entry);
        if ("problem" in cache) throw new Error(`${flag} ${entry} ${cache.problem}`);
        args.push(flag, cache.repository);
        cacheRepos.push(cache.repository);
      }
    }
  } else {
    args.push("--layers=false");
  }
  if (request.cache.noCache) args.push("--no-cache");
  if (request.sourceDateEpoch) args.push("--timestamp", request.sourceDateEpoch);
  if (files.isolation) args.push("--isolation", files.isolation);
  if (files.authFile) args.push("--authfile", files.authFile);
  // Only a cache on a loopback/insecure registry turns verification off (it also covers base image pulls).
  if (
    cacheRepos.length > 0 &&
    cacheRepos.every((repo) => skipsTlsVerify(refHost(repo), files.insecureRegistries))
  ) {
    args.push("--tls-verify=false");
  }
  args.push("--tag", files.localName, request.context);
  return args;
}

/**
 * buildah's name for a destination: `docker://<ref>` or `oci:<dir>:<tag>`. A push by digest goes to an
 * OCI layout first (see pushLayoutByDigest): buildah itself refuses a `docker://repo@digest` target.
 */
export function buildahDestinations(output: BuildOutput, work = ""): string[] {
  if (output.kind === "registry") return output.refs.map((ref) => `docker://${ref}`);
  if (output.kind === "oci-layout") return [`oci:${output.dir}:${output.tag}`];
  if (output.kind === "registry-by-digest") return [`oci:${join(work, "layout")}:${LAYOUT_NAME}`];
  return [];
}

/** The image's name in the OCI layout a push by digest goes through. */
const LAYOUT_NAME = "build";

/**
 * The exact argv (after the global flags) of one `buildah push`: OCI manifest, gzip layers
 * (explicit, so a containers.conf default cannot make registries differ), the digest to a file.
 */
export function buildahPushArgs(
  localName: string,
  destination: string,
  options: { digestFile: string; authFile?: string; insecureRegistries?: readonly string[] },
): string[] {
  const args = [
    "push",
    "--format",
    "oci",
    "--compression-format",
    "gzip",
    "--digestfile",
    options.digestFile,
  ];
  // buildah checks the auth file for every destination, a layout included (a DOCKER_CONFIG without
  // config.json fails even an oci: push), so an auth file chosen for it goes with every push.
  if (options.authFile) args.push("--authfile", options.authFile);
  if (destination.startsWith("docker://")) {
    // buildah's own retry reruns the copy (blobs already there are skipped) after network errors and
    // registry errors other than auth and not-found, a fixed delay apart; it reads no Retry-After, so
    // arch-build's retry (429 and GHCR's secondary rate limit, with backoff and jitter) stays around
    // it. Explicit, so a buildah whose default differs behaves the same.
    args.push("--retry", "3", "--retry-delay", "2s");
    if (skipsTlsVerify(refHost(destination), options.insecureRegistries)) args.push("--tls-verify=false");
  }
  args.push(localName, destination);
  return args;
}

/** The digest `buildah manifest add` printed (`<list id>: sha256:…`). */
export function parseManifestAddDigest(stdout: string): string {
  const match = /(sha256:[0-9a-f]{64})\s*$/.exec(stdout.trim());
  return match?.[1] ?? "";
}

interface ManifestListEntry {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/**
 * The `--authfile` buildah gets: the Docker config that docker login and multi-registry-login write,
 * unless REGISTRY_AUTH_FILE (which buildah reads itself) is set or there is no such file.
 */
export function buildahAuthFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.REGISTRY_AUTH_FILE) return undefined;
  const file = dockerConfigPath(env);
  return existsSync(file) ? file : undefined;
}

/**
 * The `config.json` that DOCKER_CONFIG points at when that file does not exist (and REGISTRY_AUTH_FILE
 * is unset). buildah takes DOCKER_CONFIG as its default auth file and then fails every pull and push
 * with "checking authfile: stat …/config.json: no such file or directory"; the docker CLI reads such a
 * folder as "no credentials", and so does this engine.
 */
export function missingDockerConfig(env: NodeJS.ProcessEnv): string | undefined {
  if (env.REGISTRY_AUTH_FILE) return undefined;
  const dir = env.DOCKER_CONFIG?.trim();
  if (!dir) return undefined;
  const file = join(dir, "config.json");
  return existsSync(file) ? undefined : file;
}

// Builds running at once in one buildah storage (the CLI builds every platform in parallel) share
// the layers that are the same on every architecture (a COPY of the same file). Removing one build's
// local image while another commits fails that commit with "layer not known", so local images are
// removed only when the last build using that storage has finished.
const storageUsers = new Map<string, { active: number; finished: string[] }>();

function useStorage(key: string): void {
  const users = storageUsers.get(key) ?? { active: 0, finished: [] };
  users.active++;
  storageUsers.set(key, users);
}

async function releaseStorage(
  key: string,
  localName: string | undefined,
  remove: (names: string[]) => Promise<void>,
): Promise<void> {
  const users = storageUsers.get(key);
  if (!users) return;
  users.active--;
  if (localName) users.finished.push(localName);
  if (users.active > 0) return;
  storageUsers.delete(key);
  await remove(users.finished);
}

/** `buildah build` then `buildah push` of that one image to every ref: the same bytes everywhere. */
export function createBuildahEngine(options: BuildahOptions): Engine {
  const buildah = options.command ?? "buildah";
  const global = buildahGlobalArgs(options);
  const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
  const insecure = options.insecureRegistries ?? [];

  const retrying = <T>(what: string, reporter: Reporter, operation: () => Promise<T>): Promise<T> =>
    withRetries(
      operation,
      {
        classify: classifyEngineFailure,
        onRetry: ({ attempt, delayMs, reason }) =>
          reporter.warning(
            `${what} failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s (try ${attempt + 1} of ${policy.attempts})`,
          ),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      },
      policy,
    );

  return {
    name: "buildah",
    async build(request: BuildRequest, reporter: Reporter, events: BuildEvents = {}): Promise<BuildResult> {
      if (request.output.kind === "registry-by-digest") {
        await requireSkopeo(options.skopeo, "arch-tags: false with buildah");
      }
      const work = mkdtempSync(join(options.tempDir, "arch-build-"));
      const localName = `localhost/mbp-arch-build-${randomBytes(6).toString("hex")}:${request.platform.suffix}`;
      const storage = global.join(" ");
      useStorage(storage);
      let keep = false;
      try {
        const authFile = options.authFile ?? noCredentials(work, reporter);
        await buildImage(request, localName, work, authFile, reporter);
        if (request.output.kind === "none") {
          keep = true;
          reporter.info(
            `Built ${localName} (not pushed: push is false); it stays in buildah's local storage`,
          );
          return { digest: "", refs: [] };
        }
        events.pushing?.();
        return await pushEverywhere(request, request.output, localName, work, authFile, reporter);
      } finally {
        rmSync(work, { recursive: true, force: true });
        await releaseStorage(storage, keep ? undefined : localName, async (names) => {
          for (const name of names) {
            const removed = await tryCommand(buildah, [...global, "rmi", name], { silent: true });
            if (removed.exitCode !== 0) reporter.debug(`could not remove ${name}: ${removed.stderr.trim()}`);
          }
        });
      }
    },
  };

  // An empty auth file in place of a DOCKER_CONFIG folder without config.json: anonymous access.
  function noCredentials(work: string, reporter: Reporter): string | undefined {
    const missing = missingDockerConfig(options.env ?? process.env);
    if (!missing) return undefined;
    reporter.debug(`DOCKER_CONFIG has no ${missing}: no registry credentials`);
    const file = join(work, "no-credentials.json");
    writeFileSync(file, '{"auths":{}}\n', { mode: 0o600 });
    return file;
  }

  async function buildImage(
    request: BuildRequest,
    localName: string,
    work: string,
    authFile: string | undefined,
    reporter: Reporter,
  ) {
    // Secret values go to 0600 files in a private directory, removed as soon as the build ends.
    const secretDir = mkdtempSync(join(work, "secrets-"));
    try {
      const secretFiles = new Map<string, string>();
      request.secrets.forEach((secret, index) => {
        const file = join(secretDir, `secret-${index}`);
        writeFileSync(file, secret.value, { mode: 0o600 });
        chmodSync(file, 0o600);
        secretFiles.set(secret.id, file);
      });
      const args = buildahBuildArgs(request, {
        localName,
        secretFiles,
        ...(options.isolation ? { isolation: options.isolation } : {}),
        ...(authFile ? { authFile } : {}),
        insecureRegistries: insecure,
      });
      try {
        await runCommand(buildah, [...global, ...args], { output: reporter.output });
      } catch (error) {
        throw explainFailure("buildah build", error);
      }
    } finally {
      rmSync(secretDir, { recursive: true, force: true });
    }
  }

  async function pushEverywhere(
    request: BuildRequest,
    output: Exclude<BuildOutput, { kind: "none" }>,
    localName: string,
    work: string,
    authFile: string | undefined,
    reporter: Reporter,
  ): Promise<BuildResult> {
    const pushed: string[] = [];
    let digest = "";
    const destinations = buildahDestinations(output, work);
    for (const [index, destination] of destinations.entries()) {
      const digestFile = join(work, `digest-${index}`);
      const args = buildahPushArgs(localName, destination, {
        digestFile,
        ...(authFile ? { authFile } : {}),
        insecureRegistries: insecure,
      });
      try {
        await retrying(`buildah push to ${destination}`, reporter, () =>
          runCommand(buildah, [...global, ...args], { output: reporter.output }),
        );
      } catch (error) {
        throw new PartialBuildError(
          `${explainFailure(`buildah push to ${destination}`, error).message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`,
          { digest, refs: pushed },
          { cause: error },
        );
      }
      const written = readFileSync(digestFile, "utf8").trim();
      if (digest && written !== digest) {
        throw new PartialBuildError(
          `${destination} got ${written} but ${pushed[0]} got ${digest}: the registries would not hold the same image`,
          { digest, refs: pushed },
        );
      }
      digest = written;
      pushed.push(destination.replace(/^docker:\/\//, ""));
      // An OCI layout (the CLI's) is written on this machine, not pushed anywhere.
      reporter.info(
        `${output.kind === "oci-layout" ? "Wrote" : "Pushed"} ${destination.replace(/^docker:\/\//, "")}@${digest}`,
      );
    }
    if (output.kind === "oci-layout") {
      return { digest, descriptor: layoutDescriptor(output.dir, output.tag, request), refs: [] };
    }
    if (output.kind === "registry-by-digest") {
      const refs = await pushLayoutByDigest(
        { dir: join(work, "layout"), name: LAYOUT_NAME },
        digest,
        output.repositories,
        {
          tempDir: work,
          ...(options.skopeo ? { command: options.skopeo } : {}),
          ...(authFile ? { authFile } : {}),
          insecureRegistries: insecure,
          ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        },
        reporter,
      );
      return { digest, descriptor: await readBack(refs, digest, request, authFile, reporter), refs };
    }
    return {
      digest,
      descriptor: await readBack(output.refs, digest, request, authFile, reporter),
      refs: pushed,
    };
  }

  /**
   * Reads every ref back through a throwaway manifest list: checks that each registry answers with
   * the pushed digest and the requested platform, and learns the manifest's media type and size.
   */
  async function readBack(
    refs: readonly string[],
    digest: string,
    request: BuildRequest,
    authFile: string | undefined,
    reporter: Reporter,
  ): Promise<Descriptor> {
    const probe = `localhost/mbp-arch-build-probe-${randomBytes(6).toString("hex")}`;
    const silent = { silent: true } as const;
    await runCommand(buildah, [...global, "manifest", "create", probe], silent);
    try {
      for (const ref of refs) {
        const args = ["manifest", "add"];
        if (authFile) args.push("--authfile", authFile);
        if (skipsTlsVerify(refHost(ref), insecure)) args.push("--tls-verify=false");
        args.push(probe, `docker://${ref}`);
        const result: CommandResult = await retrying(`reading back ${ref}`, reporter, () =>
          runCommand(buildah, [...global, ...args], silent),
        ).catch((error: unknown) => {
          throw new PartialBuildError(explainFailure(`reading back ${ref}`, error).message, { digest, refs });
        });
        const found = parseManifestAddDigest(result.stdout);
        if (found !== digest) {
          throw new PartialBuildError(`${ref} answers ${found || "no digest"} after pushing ${digest}`, {
            digest,
            refs,
          });
        }
      }
      const inspected = await runCommand(buildah, [...global, "manifest", "inspect", probe], silent);
      const list = JSON.parse(inspected.stdout) as { manifests?: ManifestListEntry[] };
      const entry = list.manifests?.find((m) => m.digest === digest);
      if (!entry?.mediaType || typeof entry.size !== "number") {
        throw new PartialBuildError(`could not read the descriptor of ${digest} back`, { digest, refs });
      }
      const want = descriptorPlatform(request.platform);
      const got = entry.platform ?? {};
      if (
        got.os !== want.os ||
        got.architecture !== want.architecture ||
        (got.variant || undefined) !== want.variant
      ) {
        throw new PartialBuildError(
          `the pushed image is for ${[got.os, got.architecture, got.variant].filter(Boolean).join("/")}, not ${request.platform.id}`,
          { digest, refs },
        );
      }
      return { mediaType: entry.mediaType, digest, size: entry.size, platform: want };
    } finally {
      const removed = await tryCommand(buildah, [...global, "manifest", "rm", probe], silent);
      if (removed.exitCode !== 0) reporter.debug(`could not remove ${probe}: ${removed.stderr.trim()}`);
    }
  }
}

/** The descriptor of `tag` in an OCI layout's index.json. */
function layoutDescriptor(dir: string, tag: string, request: BuildRequest): Descriptor {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as {
    manifests?: Array<ManifestListEntry & { annotations?: Record<string, string> }>;
  };
  const entry = index.manifests?.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
  if (!entry?.mediaType || !entry.digest || typeof entry.size !== "number") {
    throw new Error(`${dir}/index.json has no manifest tagged ${tag}`);
  }
  return {
    mediaType: entry.mediaType,
    digest: entry.digest,
    size: entry.size,
    platform: descriptorPlatform(request.platform),
  };
}
