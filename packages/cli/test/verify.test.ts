import { join } from "node:path";
import { canonicalBytes, makePlan, OCI_INDEX, OCI_MANIFEST, sha256Digest } from "@mbp/image-spec";
import { OciLayoutStore } from "@mbp/manifest-stitch";
import { makeTempDir, stopAll } from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { VerifyError, verifyTargets } from "../src/verify";

afterAll(stopAll);

const plan = makePlan(
  { images: "localhost/app", tag: "1.0", additionalTags: "latest", platforms: "linux/amd64,linux/arm64" },
  { eventName: "push", ref: "refs/heads/main", headRef: "" },
);

function image(architecture: string): Buffer {
  return canonicalBytes({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: sha256Digest(architecture),
      size: 2,
    },
    layers: [],
  });
}

/** A layout holding both per-arch images and an index under `tags`, listing `entries` (arch → image arch). */
async function layout(entries: Record<string, string>, tags: readonly string[]): Promise<OciLayoutStore> {
  const store = new OciLayoutStore(join(makeTempDir("cli-verify"), "oci"));
  await store.put("1.0-amd64", image("amd64"), OCI_MANIFEST);
  await store.put("1.0-arm64", image("arm64"), OCI_MANIFEST);
  const index = canonicalBytes({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: Object.entries(entries).map(([architecture, built]) => ({
      mediaType: OCI_MANIFEST,
      digest: sha256Digest(image(built)),
      size: image(built).length,
      platform: { architecture, os: "linux" },
    })),
  });
  for (const tag of tags) await store.put(tag, index, OCI_INDEX);
  return store;
}

async function problems(store: OciLayoutStore): Promise<readonly string[]> {
  try {
    await verifyTargets([store], plan);
  } catch (error) {
    if (error instanceof VerifyError) return error.problems.map((p) => p.replaceAll(store.name, "oci:L"));
    throw error;
  }
  throw new Error("verified without a problem");
}

describe("verify", () => {
  it("accepts an index whose every tag and entry match the per-arch images", async () => {
    const store = await layout({ amd64: "amd64", arm64: "arm64" }, ["1.0", "latest"]);
    const [verified] = await verifyTargets([store], plan);
    expect(verified?.platforms).toEqual([
      { platform: "linux/amd64", digest: sha256Digest(image("amd64")) },
      { platform: "linux/arm64", digest: sha256Digest(image("arm64")) },
    ]);
  });

  it("names each problem: a missing tag, an entry that is not the per-arch image, a platform too many", async () => {
    const store = await layout({ amd64: "amd64", arm64: "amd64", s390x: "arm64" }, ["1.0"]);
    expect(await problems(store)).toEqual([
      "oci:L:latest does not exist",
      `oci:L:1.0 lists ${sha256Digest(image("amd64"))} for linux/arm64, but oci:L:1.0-arm64 is ${sha256Digest(image("arm64"))}`,
      "oci:L:1.0 holds an image for linux/s390x, which is not planned",
    ]);
  });

  it("refuses an index that is not the one just stitched", async () => {
    const store = await layout({ amd64: "amd64", arm64: "arm64" }, ["1.0", "latest"]);
    const other = `sha256:${"0".repeat(64)}`;
    await expect(verifyTargets([store], plan, new Map([[store.name, other]]))).rejects.toThrow(
      /:1\.0 names sha256:[0-9a-f]{64}, not the index just written \(sha256:0{64}\)/,
    );
  });
});
