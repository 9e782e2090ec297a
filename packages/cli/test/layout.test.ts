import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalBytes, OCI_INDEX, OCI_MANIFEST, parsePlatform, sha256Digest } from "@mbp/image-spec";
import { OciLayoutStore } from "@mbp/manifest-stitch";
import { makeTempDir, stopAll } from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { importBuild } from "../src/layout";

afterAll(stopAll);

/** A one-image OCI layout as an engine writes it, with the config saying `architecture`. */
function stagingLayout(architecture: string, tag: string): { dir: string; digest: string } {
  const dir = makeTempDir("cli-staging");
  const blobs = join(dir, "blobs", "sha256");
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const digest = sha256Digest(bytes);
    writeFileSync(join(blobs, digest.slice("sha256:".length)), bytes);
    return { digest, size: bytes.length };
  };
  const config = put(canonicalBytes({ architecture, os: "linux", rootfs: { type: "layers", diff_ids: [] } }));
  const manifest = put(
    canonicalBytes({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [],
    }),
  );
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          ...manifest,
          annotations: { "org.opencontainers.image.ref.name": tag },
        },
      ],
    }),
  );
  return { dir, digest: manifest.digest };
}

describe("importing a platform's build into the shared layout", () => {
  it("moves its blobs in and tags it there through the stitch's OciLayoutStore", async () => {
    const staging = stagingLayout("arm64", "1.0-arm64");
    const store = new OciLayoutStore(join(makeTempDir("cli-layout"), "oci"));
    const descriptor = await importBuild(staging.dir, store, {
      digest: staging.digest,
      platform: parsePlatform("linux/arm64"),
      stagingTag: "1.0-arm64",
      tags: ["1.0-arm64", "1.0.0-arm64"],
    });
    expect(descriptor).toMatchObject({ digest: staging.digest, mediaType: OCI_MANIFEST });
    expect(await store.resolve("1.0.0-arm64")).toMatchObject({ digest: staging.digest });
    const index = JSON.parse(readFileSync(join(store.dir, "index.json"), "utf8"));
    expect(
      index.manifests.map((m: { annotations: Record<string, string> }) => Object.values(m.annotations)),
    ).toEqual([["1.0-arm64"], ["1.0.0-arm64"]]);
  });

  it("refuses an image whose config is for another platform than planned", async () => {
    const staging = stagingLayout("amd64", "1.0-arm64");
    const store = new OciLayoutStore(join(makeTempDir("cli-layout"), "oci"));
    await expect(
      importBuild(staging.dir, store, {
        digest: staging.digest,
        platform: parsePlatform("linux/arm64"),
        stagingTag: "1.0-arm64",
        tags: ["1.0-arm64"],
      }),
    ).rejects.toThrow(
      /^the image built for linux\/arm64 is a linux\/amd64 image \(config sha256:[0-9a-f]{64}\)/,
    );
    expect(await store.resolve("1.0-arm64")).toBeUndefined();
  });
});
