import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OCI_INDEX, REF_NAME_ANNOTATION } from "@mbp/image-spec";
import { inspectRaw, makeTempDir, type Registry, runCommand, startRegistry, stopAll } from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MissingSourcesError, OciLayoutStore, stitch } from "../src/lib";
import { amd64, arm64, platformOf, pushArch } from "./helpers";

let registry: Registry;
let layout: string;
const platforms = [platformOf("linux/amd64"), platformOf("linux/arm64")];

beforeAll(async () => {
  registry = await startRegistry();
  layout = join(makeTempDir("layout"), "app");
  await pushArch(registry.url, "org/app", "1.0-amd64", amd64);
  await pushArch(registry.url, "org/app", "1.0-arm64", arm64, { provenance: true });
  // An independent tool fills the layout, as a CLI user's `skopeo copy` or `buildah push oci:` would.
  for (const suffix of ["amd64", "arm64"]) {
    await runCommand("skopeo", [
      "copy",
      "--all",
      "--preserve-digests",
      "--src-tls-verify=false",
      "--src-no-creds",
      `docker://${registry.host}/org/app:1.0-${suffix}`,
      `oci:${layout}:1.0-${suffix}`,
    ]);
  }
});
afterAll(() => stopAll());

function refNames(): Record<string, string> {
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as {
    manifests: Array<{ digest: string; annotations?: Record<string, string> }>;
  };
  return Object.fromEntries(
    index.manifests.map((m) => [m.annotations?.[REF_NAME_ANNOTATION] ?? "", m.digest]),
  );
}

describe("OciLayoutStore", () => {
  it("stitches into a layout with the same code, atomically and idempotently", async () => {
    const store = new OciLayoutStore(layout);
    const request = {
      targets: [store],
      platforms,
      sourceTag: "1.0",
      tags: ["1.0", "latest"],
      annotations: { "org.opencontainers.image.revision": "abc" },
      push: true,
    };
    const [result] = await stitch(request);
    if (!result) throw new Error("no result");
    expect(result.refs).toEqual([
      `oci:${layout}:1.0@${result.digest}`,
      `oci:${layout}:latest@${result.digest}`,
    ]);
    const names = refNames();
    expect(Object.keys(names).sort()).toEqual(["1.0", "1.0-amd64", "1.0-arm64", "latest"]);
    expect(names["1.0"]).toBe(result.digest);
    expect(names.latest).toBe(result.digest);

    // skopeo reads the layout independently: same bytes, an index over the flattened sources.
    const seen = await skopeoRaw(`oci:${layout}:latest`);
    expect(seen.digest).toBe(result.digest);
    expect(seen.manifest.mediaType).toBe(OCI_INDEX);
    expect(seen.manifest.manifests?.map((m) => m.platform?.architecture)).toEqual([
      "amd64",
      "arm64",
      "unknown",
    ]);
    expect(readdirSync(join(layout, "blobs", "sha256")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(join(layout, "oci-layout"), "utf8"))).toEqual({
      imageLayoutVersion: "1.0.0",
    });

    const [again] = await stitch(request);
    expect(again?.digest).toBe(result.digest);
    expect(refNames()).toEqual(names);

    // The layout is a valid source for another tool: copy the multi-arch image out to a registry.
    await runCommand("skopeo", [
      "copy",
      "--all",
      "--preserve-digests",
      "--dest-tls-verify=false",
      "--dest-no-creds",
      `oci:${layout}:1.0`,
      `docker://${registry.host}/org/from-layout:1.0`,
    ]);
    expect((await inspectRaw(`${registry.host}/org/from-layout:1.0`)).digest).toBe(result.digest);
  });

  it("names missing sources and writes nothing", async () => {
    const before = readFileSync(join(layout, "index.json"));
    const error = await stitch({
      targets: [new OciLayoutStore(layout)],
      platforms,
      sourceTag: "2.0",
      tags: ["2.0"],
      annotations: {},
      push: true,
      notFoundRetry: { attempts: 1, delayMs: 0 },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(MissingSourcesError);
    expect(error.missing.map((m: { ref: string }) => m.ref)).toEqual([
      `oci:${layout}:2.0-amd64`,
      `oci:${layout}:2.0-arm64`,
    ]);
    expect(readFileSync(join(layout, "index.json")).equals(before)).toBe(true);
  });
});

// testkit's inspectRaw reads registries only; a layout is read the same way by path.
async function skopeoRaw(ref: string) {
  const { stdout } = await runCommand("skopeo", ["inspect", "--raw", ref]);
  return {
    digest: `sha256:${createHash("sha256").update(stdout).digest("hex")}`,
    manifest: JSON.parse(stdout) as {
      mediaType?: string;
      manifests?: Array<{ platform?: { architecture: string } }>;
    },
  };
}
