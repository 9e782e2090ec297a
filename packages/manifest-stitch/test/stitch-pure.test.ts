import {
  canonicalBytes,
  DOCKER_MANIFEST,
  InputErrors,
  OCI_INDEX,
  OCI_MANIFEST,
  sha256Digest,
} from "@mbp/image-spec";
import { describe, expect, it } from "vitest";
import { buildIndex, parseInputs, type Source, SourceError } from "../src/lib";
import { context, platformOf } from "./helpers";

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const image = (n: number, mediaType = OCI_MANIFEST) => ({ mediaType, digest: digest(n), size: 500 + n });
const provenance = (img: number, att: number, platform = { architecture: "arm64", os: "linux" }) =>
  canonicalBytes({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      { ...image(img), platform },
      {
        ...image(att),
        platform: { architecture: "unknown", os: "unknown" },
        annotations: {
          "vnd.docker.reference.digest": digest(img),
          "vnd.docker.reference.type": "attestation-manifest",
        },
      },
    ],
  });
const indexSource = (platform: string, bytes: Buffer): Source => ({
  platform: platformOf(platform),
  ref: `r/app:1-${platformOf(platform).suffix}`,
  descriptor: { mediaType: OCI_INDEX, digest: sha256Digest(bytes), size: bytes.length },
  index: bytes,
});
const imageSource = (platform: string, n: number, mediaType = OCI_MANIFEST): Source => ({
  platform: platformOf(platform),
  ref: `r/app:1-${platformOf(platform).suffix}`,
  descriptor: image(n, mediaType),
});

describe("buildIndex", () => {
  it("gives an image source the plan's platform", () => {
    const built = buildIndex(
      [imageSource("linux/amd64", 1), imageSource("linux/arm/v7", 2, DOCKER_MANIFEST)],
      {},
    );
    expect(built.index).toEqual({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { ...image(1), platform: { architecture: "amd64", os: "linux" } },
        { ...image(2, DOCKER_MANIFEST), platform: { architecture: "arm", os: "linux", variant: "v7" } },
      ],
    });
    expect(built.digest).toBe(sha256Digest(built.bytes));
    expect(built.bytes.toString()).not.toContain("annotations");
  });

  it("flattens provenance indexes: images first, then their attestations, never nested", () => {
    const built = buildIndex(
      [
        indexSource("linux/amd64", provenance(1, 2, { architecture: "amd64", os: "linux" })),
        indexSource("linux/arm64", provenance(3, 4)),
      ],
      { "org.opencontainers.image.source": "https://github.com/o/a" },
    );
    expect(built.index.manifests.map((m) => [m.digest, m.platform?.architecture])).toEqual([
      [digest(1), "amd64"],
      [digest(3), "arm64"],
      [digest(2), "unknown"],
      [digest(4), "unknown"],
    ]);
    expect(built.index.manifests[3]?.annotations?.["vnd.docker.reference.digest"]).toBe(digest(3));
    expect(built.index.manifests.every((m) => m.mediaType !== OCI_INDEX)).toBe(true);
    expect(built.index.annotations).toEqual({ "org.opencontainers.image.source": "https://github.com/o/a" });
    expect(built.warnings).toEqual([]);
  });

  it("deduplicates by digest and is deterministic", () => {
    const sources = [imageSource("linux/amd64", 1), indexSource("linux/arm64", provenance(1, 2))];
    const built = buildIndex(sources, { b: "2", a: "1" });
    expect(built.index.manifests.map((m) => m.digest)).toEqual([digest(1), digest(2)]);
    expect(buildIndex(sources, { a: "1", b: "2" }).bytes.equals(built.bytes)).toBe(true);
  });

  it("warns when an index holds another platform than planned", () => {
    const built = buildIndex([indexSource("linux/amd64", provenance(1, 2))], {});
    expect(built.warnings).toEqual([
      "r/app:1-amd64 holds an image for linux/arm64, not linux/amd64 as planned; it is kept as linux/arm64",
    ]);
  });

  it("refuses nested indexes and things that are not manifests", () => {
    const nested = canonicalBytes({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_INDEX, digest: digest(5), size: 10 }],
    });
    expect(() => buildIndex([indexSource("linux/amd64", nested)], {})).toThrow(SourceError);
    expect(() =>
      buildIndex(
        [
          {
            ...imageSource("linux/amd64", 1),
            descriptor: { mediaType: "application/octet-stream", digest: digest(1), size: 1 },
          },
        ],
        {},
      ),
    ).toThrow(/not an image manifest or index/);
  });
});

describe("parseInputs", () => {
  const raw = {
    images: "ghcr.io/org/app",
    tag: "1.0",
    additionalTags: "latest",
    platforms: "linux/amd64,linux/arm64",
    annotations: "",
    push: true,
    insecureRegistries: "",
    timeoutSeconds: "",
    sources: "",
    timeline: "",
    buildResult: "",
  };

  it("plans like the builds and adds source annotations", () => {
    const inputs = parseInputs(
      { ...raw, annotations: "org.opencontainers.image.revision=override\nk=v=w" },
      context,
    );
    expect(inputs.plan.tags).toEqual(["1.0", "latest"]);
    expect(inputs.plan.platforms.map((p) => p.suffix)).toEqual(["amd64", "arm64"]);
    expect(inputs.annotations).toEqual({
      "org.opencontainers.image.source": "https://github.com/octo/app",
      "org.opencontainers.image.revision": "override",
      k: "v=w",
    });
  });

  it("reports every problem at once, naming the input and the value", () => {
    let thrown: unknown;
    try {
      parseInputs(
        {
          ...raw,
          images: "app",
          platforms: "linux/sparc",
          annotations: "no-equals",
          insecureRegistries: "http://reg.local:5000",
        },
        context,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputErrors);
    const messages = (thrown as InputErrors).errors.map((e) => `${e.input}: ${e.value}`);
    expect(messages).toEqual([
      "images: app",
      "platforms: linux/sparc",
      "annotations: no-equals",
      "insecure-registries: http://reg.local:5000",
    ]);
  });

  it("warns about an insecure registry no image uses", () => {
    const inputs = parseInputs({ ...raw, insecureRegistries: "Reg.Local:5000" }, context);
    expect(inputs.insecure).toEqual(["reg.local:5000"]);
    expect(inputs.warnings).toEqual([
      'insecure-registries: "reg.local:5000" is not the registry of any image; it is not used',
    ]);
  });
});

describe("parseInputs: sources, timeline and build-result", () => {
  const raw = {
    images: "ghcr.io/org/app",
    tag: "1.0",
    additionalTags: "",
    platforms: "linux/amd64,linux/arm64",
    annotations: "",
    push: true,
    insecureRegistries: "",
    timeoutSeconds: "",
    sources: "",
    timeline: "",
    buildResult: "",
  };
  const A = `sha256:${"a".repeat(64)}`;
  const B = `sha256:${"b".repeat(64)}`;
  const leg = (platform: string, digest?: string, outcome = "success") =>
    JSON.stringify({
      platform,
      outcome,
      ...(digest ? { digest } : {}),
      steps: [{ name: "build", start: 1_796_054_400_000, end: 1_796_054_460_000, outcome }],
    });
  const problems = (overrides: Partial<typeof raw>) => {
    try {
      parseInputs({ ...raw, ...overrides }, context);
    } catch (error) {
      return (error as InputErrors).errors.map((e) => e.message);
    }
    return [];
  };

  it.each([
    ["platform=digest lines", `linux/amd64=${A}\nlinux/arm64=${B}`],
    ["tag suffixes as keys", `amd64=${A}\narm64=${B}`],
    ["a JSON object of pairs", JSON.stringify({ "linux/amd64": A, arm64: B })],
    [
      "the builds' timelines, as toJSON(needs.build.outputs)",
      JSON.stringify({ "timeline-amd64": leg("linux/amd64", A), "timeline-arm64": leg("linux/arm64", B) }),
    ],
    ["a list of timelines", `[${leg("linux/arm64", B)},${leg("linux/amd64", A)}]`],
  ])("reads %s", (_what, sources) => {
    const inputs = parseInputs({ ...raw, sources }, context);
    expect([...(inputs.sourceDigests ?? [])]).toEqual([
      ["linux/amd64", A],
      ["linux/arm64", B],
    ]);
    expect(inputs.buildResult).toBe("success");
  });

  it("without sources the per-arch tags are the sources", () => {
    expect(parseInputs(raw, context).sourceDigests).toBeUndefined();
  });

  it("names every problem of sources, timeline and build-result at once", () => {
    expect(
      problems({
        sources: `linux/s390x=${A}\nlinux/amd64=sha256:abc`,
        timeline: "{",
        buildResult: "failed",
      }),
    ).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      'build-result: "failed" is not a job result; write success, failure, cancelled, skipped (e.g. ${{ needs.build.result }})',
      `sources: "linux/s390x=${A}" names linux/s390x, which is not a planned platform; use one of linux/amd64 (or amd64), linux/arm64 (or arm64)`,
      'sources: "linux/amd64=sha256:abc" has no sha256:<64 hex> digest; write platform=sha256:…',
      'timeline: "{" is not JSON; give arch-build timeline outputs or {"name","start","end"} steps (epoch ms), as a JSON list or object',
    ]);
  });

  it("a stitch needs every platform's digest; a failed run takes the ones it has", () => {
    expect(problems({ sources: `amd64=${A}\narm64=sha256:abc` })).toEqual([
      'sources: "arm64=sha256:abc" has no sha256:<64 hex> digest; write platform=sha256:…',
    ]);
    const sources = JSON.stringify({
      "timeline-amd64": leg("linux/amd64", A),
      "timeline-arm64": leg("linux/arm64", undefined, "failure"),
    });
    expect(problems({ sources })).toEqual([expect.stringContaining("has no digest for linux/arm64")]);
    const inputs = parseInputs({ ...raw, sources, timeline: sources, buildResult: "failure" }, context);
    expect([...(inputs.sourceDigests ?? [])]).toEqual([["linux/amd64", A]]);
    expect(inputs.timeline.map((e) => [e.platform, e.outcome])).toEqual([
      ["linux/amd64", "success"],
      ["linux/arm64", "failure"],
    ]);
  });
});
