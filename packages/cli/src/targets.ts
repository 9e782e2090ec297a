import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { archTag, credentialsFor, type Plan, type Platform, RegistryClient } from "@mbp/image-spec";
import { type ManifestStore, OciLayoutStore, RegistryStore } from "@mbp/manifest-stitch";
import type { MachineProblem } from "./engines";
import { PROGRAM } from "./flags";

/** Where a run writes: an OCI image layout directory (the default), or the registries of `--images`. */
export type Target = { readonly kind: "layout"; readonly dir: string } | { readonly kind: "registry" };

/**
 * Whether `dir` can be the run's OCI layout. `read` (stitch, verify): it must be one already.
 * `write` (builds): new, empty, or a layout already; a new one needs an existing ancestor this
 * process may write in, since the build makes it (and its parents) next to its staging layouts.
 */
export function layoutProblem(dir: string, use: "read" | "write"): MachineProblem | undefined {
  const exists = existsSync(dir);
  if (exists && !statSync(dir).isDirectory()) {
    return { problem: "is a file, not a directory", fix: "name a directory for the OCI layout" };
  }
  const isLayout = existsSync(resolve(dir, "oci-layout"));
  if (use === "read") {
    return isLayout
      ? undefined
      : {
          problem: `is not an OCI layout (no ${resolve(dir, "oci-layout")})`,
          fix: `build into it first (${PROGRAM} build), or name the layout the build wrote`,
        };
  }
  if (!exists) {
    let ancestor = dirname(dir);
    while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
    const why = !statSync(ancestor).isDirectory()
      ? `${ancestor} is a file`
      : canWrite(ancestor)
        ? ""
        : `${ancestor} is not writable here`;
    return why ? { problem: `cannot be made: ${why}`, fix: "name a directory you can write to" } : undefined;
  }
  if (!isLayout && readdirSync(dir).length > 0) {
    return {
      problem: "is a directory with other files in it, not an OCI layout",
      fix: "name a new or empty directory, or an existing OCI layout",
    };
  }
  return undefined;
}

/** Whether this process may write `path` (a directory: create files in it). */
export function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The stores a run reads and writes, one per image (or the one layout), and how to let go of them. */
export interface OpenTargets {
  readonly stores: readonly ManifestStore[];
  /** The layout, when the target is one (builds are imported into it). */
  readonly layout?: OciLayoutStore;
  close(): void;
}

/**
 * Opens the target through manifest-stitch's stores: an OciLayoutStore, or one RegistryStore per image
 * over one shared registry client with the Docker config's credentials (as the action does).
 */
export function openTargets(
  target: Target,
  plan: Plan,
  options: {
    env: NodeJS.ProcessEnv;
    debug: (message: string) => void;
    /** Hosts tried over HTTPS without verification, then plain HTTP, besides loopback (`--insecure-registries`). */
    insecure?: readonly string[];
  },
): OpenTargets {
  if (target.kind === "layout") {
    const layout = new OciLayoutStore(target.dir);
    return { stores: [layout], layout, close: () => {} };
  }
  const client = new RegistryClient({
    credentials: (host) => credentialsFor(host, { env: options.env }),
    insecure: options.insecure ?? [],
    debug: options.debug,
  });
  return {
    stores: plan.images.map((image) => new RegistryStore(client, image)),
    close: () => {
      for (const host of plan.registries) options.debug(`${host}: ${client.describeRequests(host)}`);
      client.close();
    },
  };
}

/** `oci:out/oci` (relative to the working directory when inside it), for messages and copy commands. */
export function layoutName(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  return `oci:${rel && !rel.startsWith("..") ? rel : dir}`;
}

/**
 * The refs one platform's build is written to, as a person would name them: its `<tag>-<suffix>` tags,
 * or with `archTags: false` each image (or the layout) by digest, `<digest>` until it is known.
 */
export function platformRefs(
  target: Target,
  plan: Plan,
  platform: Platform & { refs: readonly string[] },
  cwd: string,
  options: { readonly archTags: boolean; readonly digest?: string },
): string[] {
  if (!options.archTags) {
    const digest = options.digest ?? "<digest>";
    return target.kind === "registry"
      ? plan.images.map((image) => `${image.name}@${digest}`)
      : [`${layoutName(target.dir, cwd)}@${digest}`];
  }
  if (target.kind === "registry") return [...platform.refs];
  return plan.archTagBases.map((tag) => `${layoutName(target.dir, cwd)}:${archTag(tag, platform.suffix)}`);
}
