import { relative } from "node:path";
import {
  archTag,
  credentialsFor,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  isAttestation,
  isIndexMediaType,
  type Plan,
  type Platform,
  RegistryClient,
} from "@mbp/image-spec";
import { type ManifestStore, OciLayoutStore, RegistryStore } from "@mbp/manifest-stitch";

/** Where a run writes: an OCI image layout directory (the default), or the registries of `--images`. */
export type Target = { readonly kind: "layout"; readonly dir: string } | { readonly kind: "registry" };

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
    /** Hosts spoken to over HTTP or without TLS verification, besides loopback (`--insecure-registries`). */
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

/** The refs one platform's build is written to, as a person would name them. */
export function platformRefs(
  target: Target,
  plan: Plan,
  platform: Platform & { refs: readonly string[] },
  cwd: string,
): string[] {
  if (target.kind === "registry") return [...platform.refs];
  return plan.archTagBases.map((tag) => `${layoutName(target.dir, cwd)}:${archTag(tag, platform.suffix)}`);
}

/**
 * Bytes of an image as stored (compressed layers and config), read through the store; for an index
 * (buildx with provenance) the sum over its images, attestations left out.
 */
export async function storedImageSize(store: ManifestStore, descriptor: Descriptor): Promise<number> {
  const { bytes } = await store.fetch(descriptor.digest);
  const parsed = JSON.parse(bytes.toString("utf8")) as Partial<ImageIndex & ImageManifest>;
  if (isIndexMediaType(descriptor.mediaType)) {
    const images = (parsed.manifests ?? []).filter((child) => !isAttestation(child));
    const sizes = await Promise.all(images.map((child) => storedImageSize(store, child)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }
  const layers = (parsed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
  return layers + (parsed.config?.size ?? 0);
}
