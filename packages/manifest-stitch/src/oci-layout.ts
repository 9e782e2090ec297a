import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  canonicalJson,
  type Descriptor,
  declaredMediaType,
  type ImageIndex,
  isDigest,
  type ManifestLookup,
  OCI_INDEX,
  REF_NAME_ANNOTATION,
  sha256Digest,
} from "@mbp/image-spec";
import type { ManifestStore, StoredManifest } from "./store";

/** A problem with an OCI image layout directory. */
export class OciLayoutError extends Error {
  override readonly name = "OciLayoutError";
}

/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`) as a ManifestStore: a
 * tag is an `index.json` entry with `org.opencontainers.image.ref.name`. Writes are atomic (a temporary
 * file renamed into place) and `put`s from one process are serialised, so `index.json` is never torn.
 */
export class OciLayoutStore implements ManifestStore {
  readonly name: string;
  readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.name = `oci:${this.dir}`;
  }

  refName(reference: string): string {
    return `${this.name}${isDigest(reference) ? "@" : ":"}${reference}`;
  }

  async lookUp(reference: string): Promise<ManifestLookup<Descriptor>> {
    const descriptor = await this.resolve(reference);
    return descriptor ? { outcome: "found", manifest: descriptor } : { outcome: "absent" };
  }

  async resolve(reference: string): Promise<Descriptor | undefined> {
    if (isDigest(reference)) {
      const bytes = await this.readBlob(reference);
      if (bytes === undefined) return undefined;
      const mediaType = declaredMediaType(bytes);
      if (mediaType === undefined) {
        throw new OciLayoutError(`${this.refName(reference)} has no mediaType member; cannot tell its type`);
      }
      return { mediaType, digest: reference, size: bytes.length };
    }
    const entry = (await this.readIndex()).manifests.find(
      (m) => m.annotations?.[REF_NAME_ANNOTATION] === reference,
    );
    return entry === undefined
      ? undefined
      : { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
  }

  /** The entries of the layout's index.json (none for a layout not written yet). */
  async entries(): Promise<readonly Descriptor[]> {
    return (await this.readIndex()).manifests;
  }

  async fetch(digest: string): Promise<StoredManifest> {
    const bytes = await this.readBlob(digest);
    if (bytes === undefined) throw new OciLayoutError(`${this.refName(digest)} is not in the layout`);
    const actual = sha256Digest(bytes);
    if (actual !== digest)
      throw new OciLayoutError(`${this.refName(digest)} holds bytes with digest ${actual}`);
    const mediaType = declaredMediaType(bytes);
    if (mediaType === undefined) throw new OciLayoutError(`${this.refName(digest)} has no mediaType member`);
    return { bytes, mediaType };
  }

  put(tag: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    const next = this.queue.then(() => this.putNow(tag, bytes, mediaType));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async putNow(tag: string, bytes: Buffer, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes);
    await mkdir(join(this.dir, "blobs", "sha256"), { recursive: true });
    if (!(await exists(join(this.dir, "oci-layout")))) {
      await atomicWrite(join(this.dir, "oci-layout"), `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`);
    }
    const blobPath = this.blobPath(digest);
    if (!(await exists(blobPath))) await atomicWrite(blobPath, bytes);
    const index = await this.readIndex();
    const entry: Descriptor = {
      mediaType,
      digest,
      size: bytes.length,
      annotations: { [REF_NAME_ANNOTATION]: tag },
    };
    const at = index.manifests.findIndex((m) => m.annotations?.[REF_NAME_ANNOTATION] === tag);
    const manifests = [...index.manifests];
    if (at >= 0) manifests[at] = entry;
    else manifests.push(entry);
    await atomicWrite(join(this.dir, "index.json"), canonicalJson({ ...index, manifests }));
    return digest;
  }

  private blobPath(digest: string): string {
    return join(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
  }

  private async readBlob(digest: string): Promise<Buffer | undefined> {
    if (!isDigest(digest)) throw new OciLayoutError(`"${digest}" is not a sha256 digest`);
    try {
      return await readFile(this.blobPath(digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  private async readIndex(): Promise<ImageIndex> {
    let text: string;
    try {
      text = await readFile(join(this.dir, "index.json"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
      }
      throw error;
    }
    try {
      const index = JSON.parse(text) as ImageIndex;
      if (!Array.isArray(index.manifests)) throw new Error("no manifests array");
      return index;
    } catch (error) {
      throw new OciLayoutError(
        `${join(this.dir, "index.json")} is not an OCI index: ${(error as Error).message}`,
      );
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function atomicWrite(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
