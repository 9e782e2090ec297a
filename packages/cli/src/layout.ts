import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Descriptor,
  declaredMediaType,
  type ImageIndex,
  type ImageManifest,
  isAttestation,
  isIndexMediaType,
  OCI_INDEX,
  type OciPlatform,
  type Platform,
  parsePlatform,
  platformId,
  REF_NAME_ANNOTATION,
  sha256Digest,
} from "@mbp/image-spec";
import { OciLayoutStore } from "@mbp/manifest-stitch";

/** A per-platform layout that cannot be imported. */
export class LayoutImportError extends Error {
  override readonly name = "LayoutImportError";
}

/**
 * Moves one platform's build from its own staging layout into the shared layout, then tags it there
 * through the same OciLayoutStore the stitch writes with (its puts are serialised, so index.json is
 * never torn). Each platform builds into its own staging layout because buildah and buildx both
 * rewrite a layout's index.json without locking: two builds into one directory would lose a tag.
 *
 * `digest` is what the engine reported; the staging index entry tagged `tag` is used when it is empty.
 */
export async function importBuild(
  staging: string,
  store: OciLayoutStore,
  options: { digest: string; platform: Platform; stagingTag: string; tags: readonly string[] },
): Promise<Descriptor> {
  const entries = await new OciLayoutStore(staging).entries();
  const entry =
    entries.find((m) => options.digest && m.digest === options.digest) ??
    entries.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === options.stagingTag);
  if (!entry) {
    throw new LayoutImportError(
      `the build wrote no image ${options.digest || options.stagingTag} into ${staging}/index.json`,
    );
  }
  await copyBlobs(join(staging, "blobs", "sha256"), join(store.dir, "blobs", "sha256"));
  const bytes = await readFile(join(store.dir, "blobs", "sha256", entry.digest.replace(/^sha256:/, "")));
  if (sha256Digest(bytes) !== entry.digest) {
    throw new LayoutImportError(`${staging}: blob ${entry.digest} does not have that digest`);
  }
  const mediaType = entry.mediaType || declaredMediaType(bytes) || "";
  await checkPlatform(store.dir, bytes, mediaType, options.platform);
  for (const tag of options.tags) await store.put(tag, bytes, mediaType);
  // Untagged (--no-arch-tags), the image is its blobs only: the directory must still be a layout.
  if (options.tags.length === 0) await ensureLayout(store.dir);
  return { mediaType, digest: entry.digest, size: bytes.length };
}

/**
 * Makes `dir` an OCI image layout if it is not one yet: its `oci-layout` file and an `index.json`
 * naming nothing. An existing file is kept (the layout may hold other tags).
 */
async function ensureLayout(dir: string): Promise<void> {
  const files: Array<[string, string]> = [
    ["oci-layout", `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`],
    ["index.json", `${JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] })}\n`],
  ];
  for (const [name, text] of files) {
    // Created only where there is none (a file another writer made meanwhile wins).
    await writeFile(join(dir, name), text, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}

/**
 * The image's config must say the planned platform: the index gets its platform from the plan, so an
 * image built for another architecture would otherwise be listed under the wrong one without a word.
 * (For registry targets arch-build's buildah engine reads the pushed image back and checks this itself.)
 */
async function checkPlatform(
  dir: string,
  bytes: Buffer,
  mediaType: string,
  platform: Platform,
): Promise<void> {
  const blob = (digest: string) => readFile(join(dir, "blobs", "sha256", digest.replace(/^sha256:/, "")));
  const manifests: Buffer[] = [];
  if (isIndexMediaType(mediaType)) {
    const index = JSON.parse(bytes.toString("utf8")) as ImageIndex;
    for (const child of index.manifests) {
      if (!isAttestation(child)) manifests.push(await blob(child.digest));
    }
  } else {
    manifests.push(bytes);
  }
  for (const manifest of manifests) {
    const { config } = JSON.parse(manifest.toString("utf8")) as ImageManifest;
    const image = JSON.parse((await blob(config.digest)).toString("utf8")) as OciPlatform;
    const built = platformId(image);
    let normalised = built;
    try {
      normalised = parsePlatform(built, "image config").id; // linux/arm64/v8 is linux/arm64
    } catch {
      // an architecture the plan cannot name cannot be the planned one either
    }
    if (normalised !== platform.id) {
      throw new LayoutImportError(
        `the image built for ${platform.id} is a ${built} image (config ${config.digest}); the engine did not build the platform it was asked for`,
      );
    }
  }
}

// Blobs are content-addressed: one already there is the same bytes and is kept. Hard links where the
// file system allows (the staging layout sits next to the target), copies elsewhere.
async function copyBlobs(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    const target = join(to, name);
    if (await exists(target)) continue;
    try {
      await link(join(from, name), target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      // Copied under a temporary name first: a blob named by its digest is always whole.
      const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await copyFile(join(from, name), temporary);
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
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
