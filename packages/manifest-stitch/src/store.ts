import type { Descriptor, ManifestLookup } from "@mbp/image-spec";

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
  /**
   * A tag's or digest's descriptor (mediaType, digest, size) with one look-up: found, absent, or
   * refused with the store's own words (a registry's 403, which may be a manifest not there yet).
   */
  lookUp(reference: string): Promise<ManifestLookup<Descriptor>>;
  /** `lookUp`'s descriptor; undefined when absent or refused. */
  resolve(reference: string): Promise<Descriptor | undefined>;
  /** A manifest's exact bytes by digest. */
  fetch(digest: string): Promise<StoredManifest>;
  /** Stores `bytes` under `tag`; returns the digest the store reports (undefined if it reports none). */
  put(tag: string, bytes: Buffer, mediaType: string): Promise<string | undefined>;
}
