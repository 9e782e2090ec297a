import { describe, expect, it } from "vitest";
import {
  buildxBuildArgs,
  buildxCache,
  buildxEnv,
  parseBuilderDriver,
  readBuildxMetadata,
  secretEnvName,
} from "../src/buildx";
import { parseInputs, type RawInputs } from "../src/inputs";
import { makeBuildRequest } from "../src/run";
import { github, rawInputs, SHA } from "./helpers";

const GHA_ENV = { ACTIONS_RUNTIME_TOKEN: "runtime-token", ACTIONS_RESULTS_URL: "https://results.example/" };
const SOURCE_LABELS = [
  "--label",
  "org.opencontainers.image.source=https://github.com/org/app",
  "--label",
  `org.opencontainers.image.revision=${SHA}`,
];

function argvFor(overrides: Partial<RawInputs>, env: NodeJS.ProcessEnv = GHA_ENV): string[] {
  const inputs = parseInputs(rawInputs(overrides), { github, hostPlatform: "linux/amd64" });
  const request = makeBuildRequest(inputs, { context: ".", dockerfile: "Dockerfile" });
  return buildxBuildArgs(request, { metadataFile: "/tmp/meta.json", cache: buildxCache(request.cache, env) });
}

describe("buildxBuildArgs pins the exact argv", () => {
  it("two registries, primary and additional tags, default per-arch GitHub cache", () => {
    expect(
      argvFor({
        images: "ghcr.io/org/app, us-central1-docker.pkg.dev/proj/repo/app",
        tag: "1.2.0",
        additionalTags: "latest,stable",
        platform: "linux/arm64",
      }),
    ).toEqual([
      "buildx",
      "build",
      "--platform",
      "linux/arm64",
      "--file",
      "Dockerfile",
      "--tag",
      "ghcr.io/org/app:1.2.0-arm64",
      "--tag",
      "ghcr.io/org/app:stable-arm64",
      "--tag",
      "us-central1-docker.pkg.dev/proj/repo/app:1.2.0-arm64",
      "--tag",
      "us-central1-docker.pkg.dev/proj/repo/app:stable-arm64",
      "--push",
      "--metadata-file",
      "/tmp/meta.json",
      ...SOURCE_LABELS,
      "--label",
      "org.opencontainers.image.version=1.2.0",
      "--cache-from",
      "type=gha,scope=org/app-arm64",
      "--cache-to",
      "type=gha,scope=org/app-arm64,mode=max,ignore-error=true",
      ".",
    ]);
  });

  it("build args, secrets, target, labels, annotations, provenance and sbom", () => {
    const argv = argvFor({
      tag: "v1",
      platform: "linux/amd64",
      target: "runtime",
      buildArgs: "VERSION=1.0\nURLS=a,b=c\n",
      secrets: "token=s3cr3t-value\npip.conf=index-url=https://user:pw@example/simple",
      labels: "org.opencontainers.image.description=An app\norg.opencontainers.image.version=override",
      annotations: "org.opencontainers.image.title=app",
      provenance: "mode=max",
      sbom: "true",
    });
    expect(argv).toEqual([
      "buildx",
      "build",
      "--platform",
      "linux/amd64",
      "--file",
      "Dockerfile",
      "--target",
      "runtime",
      "--build-arg",
      "VERSION=1.0",
      "--build-arg",
      "URLS=a,b=c",
      "--secret",
      "id=token,env=MBP_SECRET_TOKEN",
      "--secret",
      "id=pip.conf,env=MBP_SECRET_PIP_CONF",
      "--tag",
      "ghcr.io/org/app:v1-amd64",
      "--push",
      "--metadata-file",
      "/tmp/meta.json",
      ...SOURCE_LABELS,
      "--label",
      "org.opencontainers.image.version=override",
      "--label",
      "org.opencontainers.image.description=An app",
      "--annotation",
      "org.opencontainers.image.title=app",
      "--cache-from",
      "type=gha,scope=org/app-amd64",
      "--cache-to",
      "type=gha,scope=org/app-amd64,mode=max,ignore-error=true",
      "--provenance",
      "mode=max",
      "--sbom",
      "true",
      ".",
    ]);
    expect(argv.join(" ")).not.toContain("s3cr3t-value");
    expect(argv.join(" ")).not.toContain("user:pw");
  });

  it("cache false: no cache flags at all (explicit entries ignored)", () => {
    const argv = argvFor({
      tag: "v1",
      platform: "linux/amd64",
      cache: false,
      cacheTo: "type=registry,ref=r/x",
    });
    expect(argv.filter((a) => a.startsWith("--cache"))).toEqual([]);
    expect(argv).toEqual([
      "buildx",
      "build",
      "--platform",
      "linux/amd64",
      "--file",
      "Dockerfile",
      "--tag",
      "ghcr.io/org/app:v1-amd64",
      "--push",
      "--metadata-file",
      "/tmp/meta.json",
      ...SOURCE_LABELS,
      "--label",
      "org.opencontainers.image.version=v1",
      ".",
    ]);
  });

  it("explicit registry cache replaces the GitHub cache", () => {
    const argv = argvFor({
      tag: "v1",
      platform: "linux/arm64",
      cacheFrom: "type=registry,ref=ghcr.io/org/app-cache:arm64",
      cacheTo: "type=registry,ref=ghcr.io/org/app-cache:arm64,mode=max",
    });
    expect(argv.slice(-5)).toEqual([
      "--cache-from",
      "type=registry,ref=ghcr.io/org/app-cache:arm64",
      "--cache-to",
      "type=registry,ref=ghcr.io/org/app-cache:arm64,mode=max",
      ".",
    ]);
    expect(argv.join(" ")).not.toContain("type=gha");
  });

  it("one explicit direction replaces the whole default: a read-only registry cache writes no GitHub cache", () => {
    const inputs = parseInputs(
      rawInputs({ tag: "v1", cacheFrom: "type=registry,ref=ghcr.io/org/app:buildcache-{arch}" }),
      { github, hostPlatform: "linux/arm64" },
    );
    expect(buildxCache(inputs.cache, { ACTIONS_RUNTIME_TOKEN: "t", ACTIONS_RESULTS_URL: "u" })).toEqual({
      from: ["type=registry,ref=ghcr.io/org/app:buildcache-arm64"],
      to: [],
      warnings: [],
    });
  });

  it("push false: no tags and no output, only the metadata file", () => {
    expect(argvFor({ tag: "v1", platform: "linux/amd64", push: false, cache: false })).toEqual([
      "buildx",
      "build",
      "--platform",
      "linux/amd64",
      "--file",
      "Dockerfile",
      "--metadata-file",
      "/tmp/meta.json",
      ...SOURCE_LABELS,
      "--label",
      "org.opencontainers.image.version=v1",
      ".",
    ]);
  });

  it("outside GitHub Actions (no runtime token) the default cache is dropped with a warning", () => {
    const inputs = parseInputs(rawInputs({ tag: "v1" }), { github, hostPlatform: "linux/amd64" });
    const cache = buildxCache(inputs.cache, {});
    expect(cache.from).toEqual([]);
    expect(cache.to).toEqual([]);
    expect(cache.warnings.join()).toMatch(/ACTIONS_RUNTIME_TOKEN/);
    // An explicit registry cache still works there.
    const explicit = buildxCache(
      { ...inputs.cache, from: ["type=registry,ref=r/c"], to: ["type=registry,ref=r/c"] },
      {},
    );
    expect(explicit).toEqual({
      from: ["type=registry,ref=r/c"],
      to: ["type=registry,ref=r/c"],
      warnings: [],
    });
  });

  it("an OCI layout output (CLI) writes a directory instead of pushing", () => {
    const inputs = parseInputs(rawInputs({ tag: "v1", cache: false }), {
      github,
      hostPlatform: "linux/amd64",
    });
    const request = {
      ...makeBuildRequest(inputs, { context: ".", dockerfile: "Dockerfile" }),
      output: { kind: "oci-layout", dir: "/out/layout", tag: "v1-amd64" } as const,
    };
    const argv = buildxBuildArgs(request, { metadataFile: "/m.json", cache: { from: [], to: [] } });
    expect(argv).toContain("type=oci,dest=/out/layout,tar=false,name=v1-amd64");
    expect(argv).not.toContain("--push");
    expect(argv).not.toContain("--tag");
  });

  it("SOURCE_DATE_EPOCH (CLI) is BuildKit's build argument unless given as one; --no-cache is passed", () => {
    const inputs = parseInputs(rawInputs({ tag: "v1", cache: false }), {
      github,
      hostPlatform: "linux/amd64",
    });
    const request = makeBuildRequest(inputs, { context: ".", dockerfile: "Dockerfile" });
    const argv = buildxBuildArgs(
      { ...request, sourceDateEpoch: "1700000000", cache: { ...request.cache, noCache: true } },
      { metadataFile: "/m.json", cache: { from: [], to: [] } },
    );
    expect(argv.filter((arg) => arg.startsWith("SOURCE_DATE_EPOCH="))).toEqual([
      "SOURCE_DATE_EPOCH=1700000000",
    ]);
    expect(argv).toContain("--no-cache");
    const given = buildxBuildArgs(
      { ...request, buildArgs: [["SOURCE_DATE_EPOCH", "1"]], sourceDateEpoch: "1700000000" },
      { metadataFile: "/m.json", cache: { from: [], to: [] } },
    );
    expect(given.filter((arg) => arg.startsWith("SOURCE_DATE_EPOCH="))).toEqual(["SOURCE_DATE_EPOCH=1"]);
    expect(given).not.toContain("--no-cache");
  });

  it("a named builder (a remote native node) goes right after build", () => {
    const inputs = parseInputs(rawInputs({ tag: "v1", cache: false }), {
      github,
      hostPlatform: "linux/amd64",
    });
    const request = makeBuildRequest(inputs, { context: ".", dockerfile: "Dockerfile" });
    const argv = buildxBuildArgs(request, {
      metadataFile: "/m.json",
      cache: { from: [], to: [] },
      builder: "arm-node",
    });
    expect(argv.slice(0, 6)).toEqual([
      "buildx",
      "build",
      "--builder",
      "arm-node",
      "--platform",
      "linux/amd64",
    ]);
  });
});

describe("buildx helpers", () => {
  it.each([
    ["token", "MBP_SECRET_TOKEN"],
    ["pip.conf", "MBP_SECRET_PIP_CONF"],
    ["a-b", "MBP_SECRET_A_B"],
    ["GIT_AUTH_TOKEN", "MBP_SECRET_GIT_AUTH_TOKEN"],
  ])("secret %s travels in %s", (id, name) => {
    expect(secretEnvName(id)).toBe(name);
  });

  it("puts secret values and the cache variables in the child's environment only", () => {
    const inputs = parseInputs(rawInputs({ secrets: "token=s3cr3t" }), {
      github,
      hostPlatform: "linux/amd64",
    });
    const request = makeBuildRequest(inputs, { context: ".", dockerfile: "Dockerfile" });
    expect(buildxEnv(request, { ...GHA_ENV, UNRELATED: "x" })).toEqual({
      ...GHA_ENV,
      MBP_SECRET_TOKEN: "s3cr3t",
    });
  });

  it.each([
    ["Name:   default\nDriver: docker\n\nNodes:\nName: default\n", "docker"],
    ["Name:          builder\nDriver:        docker-container\nLast Activity: x\n", "docker-container"],
    ["garbage", undefined],
  ])("reads the driver from buildx inspect (%#)", (text, driver) => {
    expect(parseBuilderDriver(text)).toBe(driver);
  });

  it("reads digest and descriptor from the metadata file", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const text = JSON.stringify({
      "buildx.build.ref": "builder/builder0/xyz",
      "containerimage.descriptor": {
        mediaType: "application/vnd.oci.image.index.v1+json",
        digest,
        size: 856,
      },
      "containerimage.digest": digest,
    });
    expect(readBuildxMetadata(text)).toEqual({
      digest,
      descriptor: { mediaType: "application/vnd.oci.image.index.v1+json", digest, size: 856 },
    });
    expect(readBuildxMetadata('{"buildx.build.ref":"b/b0/x"}')).toEqual({ digest: "" });
    expect(readBuildxMetadata("null")).toEqual({ digest: "" });
  });
});
