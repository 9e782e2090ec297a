import type { Descriptor } from "@mbp/image-spec";

/** A manifest's exact bytes and the media type it is stored as. */
export interface StoredManifest {
  readonly bytes: Buffer;
  readonly mediaType: string;
}

/**
 * Where manifests are read and tagged: one repository of a registry (RegistryStore) or an OCI image
 * layout directory (OciLayoutStore). The stitch code speaks only this, so the action and a CLI share it.
 */
export interface ManifestStore {
  /** What people call it in messages: `ghcr.io/org/app`, `oci:/path/to/layout`. */
  readonly name: string;
  /** `name:tag` or `name@digest`, for messages and outputs. */
  refName(reference: string): string;
  /** A tag's or digest's descriptor (mediaType, digest, size) with one look-up; undefined if absent. */
  resolve(reference: string): Promise<Descriptor | undefined>;
  /** Why the last `resolve` of a reference found nothing, when the store refused rather than lacked it. */
  whyMissing?(reference: string): string | undefined;
  /** A manifest's exact bytes by digest. */
  fetch(digest: string): Promise<StoredManifest>;
  /** Stores `bytes` under `tag`; returns the digest the store reports (undefined if it reports none). */
  put(tag: string, bytes: Buffer, mediaType: string): Promise<string | undefined>;
}
