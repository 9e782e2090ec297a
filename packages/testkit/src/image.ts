import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { RegistryClient, type RegistryTarget } from "./client";
import { header } from "./http";

/** An OCI platform. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Options for {@link pushImage}. */
export interface PushImageOptions {
  /** Tag to push; when omitted the manifest is pushed by digest only (as index children are). */
  tag?: string;
  platform: Platform;
  /**
   * Omitted: one small gzip layer (a text file naming the platform).
   * A number: an uncompressed tar layer holding one file of that many deterministic pseudo-random bytes,
   * generated and streamed twice (digest, then upload) so even 256 MiB is never held in memory.
   * A Buffer: an uncompressed tar layer holding one file with these bytes.
   */
  layerBytes?: number | Buffer;
  /** "oci" (default) or "docker" (schema 2) media types. */
  format?: "oci" | "docker";
  /** Changes the layer content; the same options always give the same digests. */
  seed?: string;
}

/** A manifest that is now in the registry. */
export interface PushedManifest {
  /** "sha256:…" of `bytes`. */
  digest: string;
  size: number;
  mediaType: string;
  /** The exact manifest bytes that were pushed. */
  bytes: Buffer;
}

/** One child of an index. Extra fields (like `bytes` of a {@link PushedManifest}) are ignored. */
export interface IndexEntry {
  digest: string;
  size: number;
  mediaType: string;
  platform?: Platform;
  annotations?: Record<string, string>;
}

/** Options for {@link pushIndex}. */
export interface PushIndexOptions {
  /** Tag to push; when omitted the index is pushed by digest only. */
  tag?: string;
  manifests: IndexEntry[];
  /** Default: "docker" (manifest list) when every child is a Docker schema 2 manifest, otherwise "oci". */
  format?: "oci" | "docker";
  annotations?: Record<string, string>;
}

/** Options for {@link pushProvenanceIndex}. */
export interface PushProvenanceOptions {
  tag: string;
  /** Default: linux/amd64 only. */
  platforms?: Platform[];
  layerBytes?: number | Buffer;
  seed?: string;
}

/** An index as `docker buildx build --push` writes it with provenance on. */
export interface ProvenanceIndex extends PushedManifest {
  /** The platform images, in `platforms` order. */
  images: PushedManifest[];
  /** The attestation manifests; `attestations[i]` describes `images[i]`. */
  attestations: PushedManifest[];
}

/** Media types used by the testkit's pushes. */
export const mediaTypes = {
  oci: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    index: "application/vnd.oci.image.index.v1+json",
    config: "application/vnd.oci.image.config.v1+json",
    layer: "application/vnd.oci.image.layer.v1.tar",
    layerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  },
  docker: {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    index: "application/vnd.docker.distribution.manifest.list.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    layer: "application/vnd.docker.image.rootfs.diff.tar",
    layerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  },
  inToto: "application/vnd.in-toto+json",
} as const;

interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  body: Buffer | (() => Readable);
  annotations?: Record<string, string>;
}

const chunkSize = 1024 * 1024;
const maxTarFileSize = 8 ** 11 - 1;

function sha256(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

function bufferBlob(mediaType: string, body: Buffer, annotations?: Record<string, string>): Blob {
  return {
    mediaType,
    digest: sha256(body),
    size: body.length,
    body,
    ...(annotations ? { annotations } : {}),
  };
}

function descriptor(blob: Blob): Record<string, unknown> {
  return {
    mediaType: blob.mediaType,
    digest: blob.digest,
    size: blob.size,
    ...(blob.annotations ? { annotations: blob.annotations } : {}),
  };
}

function tarHeader(name: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  block.write("00000000000\0", 136);
  block.write("        ", 148);
  block.write("0", 156);
  block.write("ustar\0", 257);
  block.write("00", 263);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}

function tarSize(fileSize: number): number {
  return 512 + Math.ceil(fileSize / 512) * 512 + 1024;
}

// One regular file, then the two zero blocks that end an archive.
function* tarChunks(name: string, fileSize: number, content: Iterable<Buffer>): Generator<Buffer> {
  yield tarHeader(name, fileSize);
  yield* content;
  yield Buffer.alloc(tarSize(fileSize) - 512 - fileSize);
}

// AES-CTR over zeros: fast, deterministic, incompressible.
function* pseudoRandom(size: number, seed: string): Generator<Buffer> {
  const cipher = createCipheriv("aes-256-ctr", createHash("sha256").update(seed).digest(), Buffer.alloc(16));
  const zeros = Buffer.alloc(chunkSize);
  for (let left = size; left > 0; left -= chunkSize) {
    yield cipher.update(left >= chunkSize ? zeros : zeros.subarray(0, left));
  }
}

function platformString(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part).join("/");
}

function makeLayer(options: PushImageOptions, format: "oci" | "docker"): { blob: Blob; diffId: string } {
  const types = mediaTypes[format];
  const seed = `${platformString(options.platform)}|${options.seed ?? ""}`;
  const layerBytes = options.layerBytes;
  if (layerBytes === undefined) {
    const text = Buffer.from(`testkit image for ${seed}\n`);
    const tar = Buffer.concat([...tarChunks("hello.txt", text.length, [text])]);
    return { blob: bufferBlob(types.layerGzip, gzipSync(tar)), diffId: sha256(tar) };
  }
  if (Buffer.isBuffer(layerBytes)) {
    const tar = Buffer.concat([...tarChunks("data", layerBytes.length, [layerBytes])]);
    return { blob: bufferBlob(types.layer, tar), diffId: sha256(tar) };
  }
  if (!Number.isSafeInteger(layerBytes) || layerBytes < 0 || layerBytes > maxTarFileSize) {
    throw new Error(
      `pushImage: layerBytes must be an integer from 0 to ${maxTarFileSize}, got ${layerBytes}`,
    );
  }
  const chunks = () => tarChunks("data", layerBytes, pseudoRandom(layerBytes, seed));
  const hash = createHash("sha256");
  for (const chunk of chunks()) hash.update(chunk);
  const digest = `sha256:${hash.digest("hex")}`;
  const blob: Blob = {
    mediaType: types.layer,
    digest,
    size: tarSize(layerBytes),
    body: () => Readable.from(chunks(), { objectMode: false }),
  };
  return { blob, diffId: digest };
}

async function uploadBlob(client: RegistryClient, blob: Blob): Promise<void> {
  const repository = client.target.repository;
  const head = await client.send("HEAD", `/v2/${repository}/blobs/${blob.digest}`, { expect: [200, 404] });
  if (head.status === 200) return;
  // Monolithic upload: POST opens the session (and answers any auth challenge), PUT sends all bytes.
  const started = await client.send("POST", `/v2/${repository}/blobs/uploads/`, {
    headers: { "content-length": 0 },
    expect: [202],
  });
  const location = header(started.headers, "location");
  if (location === undefined) throw new Error(`upload POST for ${repository} answered without Location`);
  const putUrl = `${location}${location.includes("?") ? "&" : "?"}digest=${encodeURIComponent(blob.digest)}`;
  await client.send("PUT", putUrl, {
    headers: { "content-type": "application/octet-stream", "content-length": blob.size },
    body: blob.body,
    expect: [201],
  });
}

async function putManifest(
  client: RegistryClient,
  reference: string | undefined,
  manifest: { mediaType: string; [key: string]: unknown },
): Promise<PushedManifest> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256(bytes);
  const res = await client.send("PUT", `/v2/${client.target.repository}/manifests/${reference ?? digest}`, {
    headers: { "content-type": manifest.mediaType },
    body: bytes,
    expect: [201],
  });
  const answered = header(res.headers, "docker-content-digest");
  if (answered !== undefined && answered !== digest) {
    throw new Error(`registry stored manifest ${answered}, but testkit pushed ${digest}`);
  }
  return { digest, size: bytes.length, mediaType: manifest.mediaType, bytes };
}

function platformJson(platform: Platform): Record<string, string> {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
  };
}

async function pushImageWith(client: RegistryClient, options: PushImageOptions): Promise<PushedManifest> {
  const format = options.format ?? "oci";
  const types = mediaTypes[format];
  const layer = makeLayer(options, format);
  const config = bufferBlob(
    types.config,
    Buffer.from(
      JSON.stringify({
        ...platformJson(options.platform),
        config: { Cmd: ["/bin/sh"] },
        rootfs: { type: "layers", diff_ids: [layer.diffId] },
        history: [{ created_by: "@mbp/testkit pushImage" }],
      }),
    ),
  );
  await uploadBlob(client, layer.blob);
  await uploadBlob(client, config);
  return putManifest(client, options.tag, {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: descriptor(config),
    layers: [descriptor(layer.blob)],
  });
}

/**
 * Pushes a real single-layer image straight through the distribution API (HEAD, then monolithic POST+PUT
 * per blob, then PUT manifest), answering Basic and Bearer challenges with `target.auth`.
 */
export function pushImage(target: RegistryTarget, options: PushImageOptions): Promise<PushedManifest> {
  return pushImageWith(new RegistryClient(target), options);
}

async function pushIndexWith(client: RegistryClient, options: PushIndexOptions): Promise<PushedManifest> {
  const format =
    options.format ??
    (options.manifests.length > 0 &&
    options.manifests.every((m) => m.mediaType === mediaTypes.docker.manifest)
      ? "docker"
      : "oci");
  const manifests = options.manifests.map((entry) => ({
    mediaType: entry.mediaType,
    digest: entry.digest,
    size: entry.size,
    ...(entry.annotations ? { annotations: entry.annotations } : {}),
    ...(entry.platform ? { platform: platformJson(entry.platform) } : {}),
  }));
  return putManifest(client, options.tag, {
    schemaVersion: 2,
    mediaType: mediaTypes[format].index,
    manifests,
    ...(options.annotations ? { annotations: options.annotations } : {}),
  });
}

/** Pushes an OCI index (or Docker manifest list) over manifests that are already in the repository. */
export function pushIndex(target: RegistryTarget, options: PushIndexOptions): Promise<PushedManifest> {
  return pushIndexWith(new RegistryClient(target), options);
}

async function pushAttestation(
  client: RegistryClient,
  subject: { name: string; digest: string },
): Promise<PushedManifest> {
  const predicateType = "https://slsa.dev/provenance/v0.2";
  const statement = {
    _type: "https://in-toto.io/Statement/v0.1",
    predicateType,
    subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, "") } }],
    predicate: {
      builder: { id: "" },
      buildType: "https://mobyproject.org/buildkit@v1",
      materials: [],
      invocation: { configSource: {}, parameters: { frontend: "dockerfile.v0" } },
      metadata: {
        completeness: { parameters: false, environment: false, materials: false },
        reproducible: false,
      },
    },
  };
  const layer = bufferBlob(mediaTypes.inToto, Buffer.from(JSON.stringify(statement)), {
    "in-toto.io/predicate-type": predicateType,
  });
  const config = bufferBlob(
    mediaTypes.oci.config,
    Buffer.from(
      JSON.stringify({
        architecture: "unknown",
        os: "unknown",
        config: {},
        rootfs: { type: "layers", diff_ids: [layer.digest] },
      }),
    ),
  );
  await uploadBlob(client, layer);
  await uploadBlob(client, config);
  return putManifest(client, undefined, {
    schemaVersion: 2,
    mediaType: mediaTypes.oci.manifest,
    config: descriptor(config),
    layers: [descriptor(layer)],
  });
}

/**
 * Pushes what `docker buildx build --push` produces with provenance on: per platform an OCI image manifest
 * and an attestation manifest (platform unknown/unknown, `vnd.docker.reference.type: attestation-manifest`,
 * `vnd.docker.reference.digest: <image digest>`, one `application/vnd.in-toto+json` layer), all children
 * pushed by digest, wrapped in an OCI index pushed under `tag`.
 */
export async function pushProvenanceIndex(
  target: RegistryTarget,
  options: PushProvenanceOptions,
): Promise<ProvenanceIndex> {
  const client = new RegistryClient(target);
  const platforms = options.platforms ?? [{ os: "linux", architecture: "amd64" }];
  const host = new URL(target.url).host;
  const images: PushedManifest[] = [];
  const attestations: PushedManifest[] = [];
  for (const platform of platforms) {
    const image = await pushImageWith(client, {
      platform,
      format: "oci",
      ...(options.layerBytes !== undefined ? { layerBytes: options.layerBytes } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    images.push(image);
    const name = `pkg:docker/${host}/${target.repository}@${options.tag}?platform=${encodeURIComponent(platformString(platform))}`;
    attestations.push(await pushAttestation(client, { name, digest: image.digest }));
  }
  const index = await pushIndexWith(client, {
    tag: options.tag,
    format: "oci",
    manifests: [
      ...images.map((image, i) => ({ ...image, platform: platforms[i] })),
      ...attestations.map((attestation, i) => ({
        ...attestation,
        platform: { os: "unknown", architecture: "unknown" },
        annotations: {
          "vnd.docker.reference.digest": images[i]?.digest ?? "",
          "vnd.docker.reference.type": "attestation-manifest",
        },
      })),
    ],
  });
  return { ...index, images, attestations };
}
