/**
 * OCI image-spec and Docker manifest types, media types, a canonical JSON serialisation and sha256
 * digests: what a manifest list / index is made of, and how its bytes (and so its digest) are fixed.
 */
import { createHash } from "node:crypto";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** Every manifest type a multi-arch tag can point at or be made of, for the `Accept` header. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  OCI_INDEX,
  DOCKER_MANIFEST_LIST,
  OCI_MANIFEST,
  DOCKER_MANIFEST,
];

/** The annotation an OCI image layout's `index.json` names a tag with. */
export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
/** buildx marks attestation manifests in an index with these (platform `unknown/unknown`). */
export const REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";
export const REFERENCE_DIGEST_ANNOTATION = "vnd.docker.reference.digest";
export const ATTESTATION_MANIFEST = "attestation-manifest";

/** True for an OCI index or a Docker manifest list. */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

/** True for an OCI image manifest or a Docker v2 schema 2 manifest. */
export function isImageManifestMediaType(mediaType: string): boolean {
  return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}

/** The platform of an index entry (OCI image-index `platform`). */
export interface OciPlatform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly "os.version"?: string;
  readonly "os.features"?: readonly string[];
  readonly features?: readonly string[];
}

/** A content descriptor: what an index entry (or a layout's `index.json` entry) is. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: OciPlatform;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
  readonly urls?: readonly string[];
}

/** An OCI image index or a Docker manifest list. */
export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly manifests: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An OCI image manifest or a Docker v2 schema 2 manifest (the parts this project reads). */
export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Deterministic JSON: object keys sorted by code point at every level, no white space, `undefined`
 * members dropped. The same value always gives the same bytes, so re-runs give the same digest.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Canonical JSON bytes (UTF-8) of a manifest or index. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), "utf8");
}

/** `sha256:<hex>` of some bytes: the digest registries name content by. */
export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** True for a well-formed sha256 digest (the only algorithm registries use in practice). */
export function isDigest(reference: string): boolean {
  return DIGEST_RE.test(reference);
}

/** `linux/arm64`, `linux/arm/v7`, `unknown/unknown`: a platform as people write it. */
export function platformId(platform: OciPlatform | undefined): string {
  if (platform === undefined) return "unknown/unknown";
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

/** True for buildx's attestation entries (`unknown/unknown` with `vnd.docker.reference.type`). */
export function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_MANIFEST ||
    (descriptor.platform?.os === "unknown" && descriptor.platform.architecture === "unknown")
  );
}

/** The media type a manifest's JSON says it is (its `mediaType` member), if any. */
export function declaredMediaType(bytes: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString("utf8")) as { mediaType?: unknown };
    return typeof parsed.mediaType === "string" ? parsed.mediaType : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bytes of an image as a registry stores and shows it: its config plus its (compressed) layers, not the
 * few hundred bytes of its manifest. For an index (buildx with provenance) the sum over its images,
 * attestations left out. `fetch` reads a manifest's bytes by digest.
 */
export async function imageSize(
  descriptor: Pick<Descriptor, "mediaType" | "digest">,
  fetch: (digest: string) => Promise<Uint8Array>,
): Promise<number> {
  const parsed = JSON.parse(Buffer.from(await fetch(descriptor.digest)).toString("utf8")) as Partial<
    ImageIndex & ImageManifest
  >;
  if (isIndexMediaType(descriptor.mediaType)) {
    const images = (parsed.manifests ?? []).filter((child) => !isAttestation(child));
    const sizes = await Promise.all(images.map((child) => imageSize(child, fetch)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }
  const layers = (parsed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
  return layers + (parsed.config?.size ?? 0);
}
