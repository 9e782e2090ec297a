import { execFileSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandResult, makeTempDir, runCommand } from "@mbp/testkit";
import type { RawFlags } from "../src/flags";

/** The bundled CLI, run as a user runs it from a clone. */
export const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));
export const HELLO = fileURLToPath(new URL("../../../examples/hello", import.meta.url));

/**
 * buildah flags that work in this container (and anywhere): no overlay mounts, no namespaces for RUN.
 * The engine is named because where docker buildx works too (GitHub's runners) auto would pick it.
 */
export const BUILDAH_FLAGS = ["--engine", "buildah", "--storage-driver", "vfs", "--isolation", "chroot"];

/** `node dist/index.js …` with extra environment; never throws on a non-zero exit. */
export function cli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return runCommand(process.execPath, [DIST, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    ignoreReturnCode: true,
    timeoutMs: 170_000,
  });
}

/** A private buildah storage (vfs) so tests neither see nor disturb anyone else's images. */
export function buildahStorage(): { env: { CONTAINERS_STORAGE_CONF: string } } {
  const dir = makeTempDir("cli-storage");
  const conf = join(dir, "storage.conf");
  writeFileSync(
    conf,
    ["[storage]", 'driver = "vfs"', `graphroot = "${dir}/root"`, `runroot = "${dir}/run"`, ""].join("\n"),
  );
  return { env: { CONTAINERS_STORAGE_CONF: conf } };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  }).trim();
}

/** A git checkout of examples/hello on `branch`, optionally tagged or detached. */
export function helloRepo(options: {
  branch: string;
  tag?: string;
  detached?: boolean;
  dockerfile?: string;
}): string {
  const dir = makeTempDir("cli-repo");
  cpSync(HELLO, dir, { recursive: true });
  if (options.dockerfile !== undefined) writeFileSync(join(dir, "Dockerfile"), options.dockerfile);
  git(dir, "init", "-q", "-b", options.branch);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "hello");
  if (options.tag) git(dir, "tag", options.tag);
  if (options.detached) git(dir, "checkout", "-q", "--detach");
  return dir;
}

/** `skopeo inspect --raw` of an OCI layout reference: the bytes' digest and the parsed manifest. */
export async function inspectLayout(
  dir: string,
  tag: string,
): Promise<{
  digest: string;
  manifest: { manifests?: Array<{ digest: string; platform?: { architecture: string } }> };
}> {
  const { stdout } = await runCommand("skopeo", ["inspect", "--raw", `oci:${dir}:${tag}`]);
  const { createHash } = await import("node:crypto");
  return {
    digest: `sha256:${createHash("sha256").update(stdout).digest("hex")}`,
    manifest: JSON.parse(stdout),
  };
}

/** Flags with nothing given, as the parser returns them; override what a case needs. */
export function rawFlags(overrides: Partial<RawFlags> = {}): RawFlags {
  return {
    images: "",
    tag: "",
    additionalTags: "",
    platforms: "",
    context: "",
    dockerfile: "",
    target: "",
    buildArgs: [],
    secrets: [],
    labels: [],
    annotations: [],
    provenance: "",
    sbom: "",
    noCache: false,
    cacheFrom: [],
    cacheTo: [],
    insecureRegistries: "",
    push: false,
    noArchTags: false,
    sources: [],
    summary: "",
    layout: "",
    engine: "",
    builders: [],
    storageDriver: "",
    isolation: "",
    json: false,
    verbose: false,
    ...overrides,
  };
}

/** The lines between two headings of the CLI's output (`==> Build …` up to the next `==> `). */
export function section(stdout: string, heading: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`==> ${heading}`));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.startsWith("==> "));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.trim() !== "");
}
