import {
  canonicalBytes,
  type Descriptor,
  type ImageIndex,
  isAttestation,
  isImageManifestMediaType,
  isIndexMediaType,
  OCI_INDEX,
  type OciPlatform,
  type Platform,
  platformId,
  sha256Digest,
} from "@mbp/image-spec";

/** One per-architecture source as found in a store. */
export interface Source {
  /** The platform the plan built under this ref. */
  readonly platform: Platform;
  /** `ghcr.io/org/app:1.0-amd64`, for messages. */
  readonly ref: string;
  readonly descriptor: Descriptor;
  /** The source's bytes when it is itself an index (read once, to flatten it). */
  readonly index?: Buffer;
}

/** The index to push: its exact bytes, digest, parsed form, and notes for the log. */
export interface BuiltIndex {
  readonly index: ImageIndex;
  readonly bytes: Buffer;
  readonly digest: string;
  readonly mediaType: typeof OCI_INDEX;
  readonly warnings: readonly string[];
}

/** A source that cannot be made part of a multi-arch index. */
export class SourceError extends Error {
  override readonly name = "SourceError";
}

/**
 * Makes the multi-arch OCI index over the sources, in plan order:
 * - an image manifest becomes one entry with the plan's platform;
 * - an index (buildx with provenance) is flattened: its image entries and its attestation entries
 *   (`unknown/unknown`, `vnd.docker.reference.*`) are kept as they are; an index is never nested;
 * - entries are deduplicated by digest; images come first, then attestations, each in source order;
 * - index-level `annotations` are set when there are any.
 * Serialised canonically, so the same sources and annotations always give the same bytes and digest.
 */
export function buildIndex(
  sources: readonly Source[],
  annotations: Readonly<Record<string, string>>,
): BuiltIndex {
  const images: Descriptor[] = [];
  const attestations: Descriptor[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (list: Descriptor[], descriptor: Descriptor) => {
    if (seen.has(descriptor.digest)) return;
    seen.add(descriptor.digest);
    list.push(descriptor);
  };
  for (const source of sources) {
    const { descriptor } = source;
    if (isImageManifestMediaType(descriptor.mediaType)) {
      add(images, {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size,
        platform: ociPlatform(source.platform),
      });
      continue;
    }
    if (!isIndexMediaType(descriptor.mediaType)) {
      throw new SourceError(
        `${source.ref} is a ${descriptor.mediaType}, not an image manifest or index; push an image there`,
      );
    }
    if (source.index === undefined) throw new Error(`unreachable: index ${source.ref} was not read`);
    for (const child of childrenOf(source)) {
      if (isIndexMediaType(child.mediaType)) {
        throw new SourceError(
          `${source.ref} is an index that holds another index (${child.digest}); push a single-level index or an image`,
        );
      }
      if (isAttestation(child)) {
        add(attestations, child);
        continue;
      }
      const platform = child.platform ?? ociPlatform(source.platform);
      if (platformId(platform) !== source.platform.id) {
        warnings.push(
          `${source.ref} holds an image for ${platformId(platform)}, not ${source.platform.id} as planned; it is kept as ${platformId(platform)}`,
        );
      }
      add(images, { ...child, platform });
    }
  }
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [...images, ...attestations],
    ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
  };
  const bytes = canonicalBytes(index);
  return { index, bytes, digest: sha256Digest(bytes), mediaType: OCI_INDEX, warnings };
}

function childrenOf(source: Source): readonly Descriptor[] {
  let parsed: ImageIndex;
  try {
    parsed = JSON.parse((source.index ?? Buffer.alloc(0)).toString("utf8")) as ImageIndex;
  } catch {
    throw new SourceError(`${source.ref} claims to be an index but is not JSON`);
  }
  if (!Array.isArray(parsed.manifests) || parsed.manifests.length === 0) {
    throw new SourceError(`${source.ref} is an index without manifests`);
  }
  for (const child of parsed.manifests) {
    if (
      typeof child?.digest !== "string" ||
      typeof child.mediaType !== "string" ||
      typeof child.size !== "number"
    ) {
      throw new SourceError(`${source.ref} has an entry without mediaType, digest and size`);
    }
  }
  return parsed.manifests;
}

/** The OCI platform object of a planned platform. */
export function ociPlatform(platform: Platform): OciPlatform {
  return platform.variant === undefined
    ? { architecture: platform.architecture, os: platform.os }
    : { architecture: platform.architecture, os: platform.os, variant: platform.variant };
}
