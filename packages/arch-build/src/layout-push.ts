import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isInsecureRegistry, type RetryPolicy, runCommand, tryCommand, withRetries } from "@mbp/image-spec";
import {
  classifyEngineFailure,
  ENGINE_RETRY_POLICY,
  explainFailure,
  PartialBuildError,
  type Reporter,
} from "./engine";

/**
 * Pushing an OCI image layout to registries by digest only, with skopeo: what both engines do for
 * `arch-tags: false` when they cannot push by digest themselves. buildah cannot (its push to
 * `docker://repo@sha256:…` is refused, "Digest of source image's manifest would not match
 * destination reference": the image in its storage is not the pushed manifest), nor can buildx's
 * `docker` driver ("push-by-digest is currently not implemented for docker driver"). skopeo copies the
 * layout's exact bytes (`--preserve-digests`, every manifest of an index with `--all`) and PUTs the
 * manifest under its digest, so no tag exists in any registry at any moment.
 */
export interface LayoutPushOptions {
  /** The skopeo program (default `skopeo`, looked up on PATH). */
  readonly command?: string;
  /** Credentials file (`--dest-authfile`); unset: skopeo's own lookup. */
  readonly authFile?: string;
  /** Hosts spoken to without TLS verification, besides loopback hosts (which always are). */
  readonly insecureRegistries?: readonly string[];
  /** Where this call's scratch directory (skopeo's digest files) goes; it is removed at the end. */
  readonly tempDir: string;
  readonly retryPolicy?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** An OCI image layout and the name of the image in it (none: the layout's only image). */
export interface Layout {
  readonly dir: string;
  readonly name?: string;
}

/** The argv (after `skopeo`) of one copy of `oci:<dir>[:<name>]` to `docker://<repository>@<digest>`. */
export function skopeoCopyArgs(
  layout: Layout,
  repository: string,
  digest: string,
  options: { digestFile: string; authFile?: string; insecureRegistries?: readonly string[] },
): string[] {
  const args = [
    "copy",
    "--all",
    "--preserve-digests",
    "--retry-times",
    "3",
    "--digestfile",
    options.digestFile,
  ];
  if (options.authFile) args.push("--dest-authfile", options.authFile);
  const host = repository.split("/")[0] ?? "";
  if (isInsecureRegistry(host, options.insecureRegistries ?? [])) args.push("--dest-tls-verify=false");
  args.push(`oci:${layout.dir}${layout.name ? `:${layout.name}` : ""}`, `docker://${repository}@${digest}`);
  return args;
}

/**
 * Fails, before anything is built, when skopeo is not there: a push by digest without it would
 * only be found missing after the build.
 */
export async function requireSkopeo(command = "skopeo", why: string): Promise<void> {
  const probe = await tryCommand(command, ["--version"], { silent: true }).catch((error: unknown) => ({
    exitCode: -1,
    stdout: "",
    stderr: error instanceof Error ? error.message : String(error),
  }));
  if (probe.exitCode !== 0) {
    throw new Error(
      `${why} pushes through an OCI layout with skopeo, which is not there (${probe.stderr.trim() || `exit code ${probe.exitCode}`}); ` +
        "install skopeo (apt-get install skopeo; GitHub's Ubuntu runners have it), or set arch-tags: true",
    );
  }
}

/**
 * Copies the layout's image `digest` to every repository by digest, one after another, and checks
 * that each registry stored that very digest. Returns the `repository@digest` refs; a failure part-way
 * is a PartialBuildError with the refs already pushed.
 */
export async function pushLayoutByDigest(
  layout: Layout,
  digest: string,
  repositories: readonly string[],
  options: LayoutPushOptions,
  reporter: Reporter,
): Promise<string[]> {
  const skopeo = options.command ?? "skopeo";
  const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
  const pushed: string[] = [];
  // A directory of this call's own: two pushes at once (two platforms of one CLI run, two steps
  // sharing a temp dir) must never read each other's digest files.
  const scratch = mkdtempSync(join(options.tempDir, "layout-push-"));
  try {
    for (const [index, repository] of repositories.entries()) {
      await pushOne(repository, join(scratch, `digest-${index}`));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return pushed;

  async function pushOne(repository: string, digestFile: string): Promise<void> {
    const ref = `${repository}@${digest}`;
    const args = skopeoCopyArgs(layout, repository, digest, {
      digestFile,
      ...(options.authFile ? { authFile: options.authFile } : {}),
      ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
    });
    const partial = () => ({ digest: pushed.length > 0 ? digest : "", refs: [...pushed], built: digest });
    try {
      await withRetries(
        () => runCommand(skopeo, args, { output: reporter.output }),
        {
          classify: classifyEngineFailure,
          onRetry: ({ attempt, delayMs, reason }) =>
            reporter.warning(
              `skopeo copy to ${ref} failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s (try ${attempt + 1} of ${policy.attempts})`,
            ),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        },
        policy,
      );
    } catch (error) {
      throw new PartialBuildError(
        `${explainFailure(`skopeo copy to ${ref}`, error).message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`,
        partial(),
        { cause: error },
      );
    }
    const written = readFileSync(digestFile, "utf8").trim();
    if (written !== digest) {
      throw new PartialBuildError(
        `${repository} stored ${written || "no digest"} for the image ${digest}: the registries would not hold the same image`,
        partial(),
      );
    }
    pushed.push(ref);
    reporter.info(`Pushed ${ref} (no tag)`);
  }
}
