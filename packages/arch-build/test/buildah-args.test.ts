import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildahBuildArgs,
  buildahCacheRepository,
  buildahDestinations,
  buildahGlobalArgs,
  buildahPushArgs,
  missingDockerConfig,
  parseManifestAddDigest,
  skipsTlsVerify,
} from "../src/buildah";
import { parseInputs, type RawInputs } from "../src/inputs";
import { makeBuildRequest } from "../src/run";
import { github, rawInputs, SHA } from "./helpers";

function requestFor(overrides: Partial<RawInputs>) {
  const inputs = parseInputs(rawInputs({ engine: "buildah", ...overrides }), {
    github,
    hostPlatform: "linux/amd64",
  });
  return makeBuildRequest(inputs, { context: "/ws", dockerfile: "/ws/Dockerfile" });
}

describe("buildahBuildArgs pins the exact argv", () => {
  it("build args, secrets as files, target, labels, annotations, local layer cache", () => {
    const request = requestFor({
      tag: "v1",
      platform: "linux/arm64",
      target: "runtime",
      buildArgs: "VERSION=1.0",
      secrets: "token=s3cr3t-value",
      annotations: "org.opencontainers.image.title=app",
    });
    const argv = buildahBuildArgs(request, {
      localName: "localhost/mbp-arch-build-x:arm64",
      secretFiles: new Map([["token", "/tmp/w/secrets/secret-0"]]),
      isolation: "chroot",
      authFile: "/home/runner/.docker/config.json",
    });
    expect(argv).toEqual([
      "build",
      "--format",
      "oci",
      "--platform",
      "linux/arm64",
      "--file",
      "/ws/Dockerfile",
      "--target",
      "runtime",
      "--build-arg",
      "VERSION=1.0",
      "--secret",
      "id=token,src=/tmp/w/secrets/secret-0",
      "--label",
      "org.opencontainers.image.source=https://github.com/org/app",
      "--label",
      `org.opencontainers.image.revision=${SHA}`,
      "--label",
      "org.opencontainers.image.version=v1",
      "--annotation",
      "org.opencontainers.image.title=app",
      "--layers",
      "--isolation",
      "chroot",
      "--authfile",
      "/home/runner/.docker/config.json",
      "--tag",
      "localhost/mbp-arch-build-x:arm64",
      "/ws",
    ]);
    expect(argv.join(" ")).not.toContain("s3cr3t-value");
  });

  it("registry cache repositories; TLS verification off only for a loopback cache", () => {
    const remote = buildahBuildArgs(
      requestFor({
        tag: "v1",
        cacheFrom: "type=registry,ref=ghcr.io/org/cache",
        cacheTo: "ghcr.io/org/cache",
      }),
      { localName: "l:amd64", secretFiles: new Map() },
    );
    expect(remote.slice(-8)).toEqual([
      "--layers",
      "--cache-from",
      "ghcr.io/org/cache",
      "--cache-to",
      "ghcr.io/org/cache",
      "--tag",
      "l:amd64",
      "/ws",
    ]);
    expect(remote).not.toContain("--tls-verify=false");
    const loopback = buildahBuildArgs(requestFor({ tag: "v1", cacheTo: "127.0.0.1:5000/cache" }), {
      localName: "l:amd64",
      secretFiles: new Map(),
    });
    expect(loopback).toContain("--tls-verify=false");
  });

  it("cache false turns layer caching off even if BUILDAH_LAYERS is set", () => {
    const argv = buildahBuildArgs(requestFor({ tag: "v1", cache: false }), {
      localName: "l:amd64",
      secretFiles: new Map(),
    });
    expect(argv).toContain("--layers=false");
    expect(argv).not.toContain("--layers");
  });

  it("SOURCE_DATE_EPOCH (CLI) becomes --timestamp, and --no-cache is passed", () => {
    const request = requestFor({ tag: "v1", cache: false });
    const argv = buildahBuildArgs(
      { ...request, sourceDateEpoch: "1700000000", cache: { ...request.cache, noCache: true } },
      { localName: "l:amd64", secretFiles: new Map() },
    );
    expect(argv.slice(argv.indexOf("--layers=false"), argv.indexOf("--tag"))).toEqual([
      "--layers=false",
      "--no-cache",
      "--timestamp",
      "1700000000",
    ]);
  });
});

describe("buildah pushes", () => {
  it("pushes OCI with gzip and a digest file; credentials and TLS per destination", () => {
    expect(
      buildahPushArgs("localhost/x:amd64", "docker://ghcr.io/org/app:v1-amd64", {
        digestFile: "/tmp/d0",
        authFile: "/cfg/config.json",
      }),
    ).toEqual([
      "push",
      "--format",
      "oci",
      "--compression-format",
      "gzip",
      "--digestfile",
      "/tmp/d0",
      "--authfile",
      "/cfg/config.json",
      "--retry",
      "3",
      "--retry-delay",
      "2s",
      "localhost/x:amd64",
      "docker://ghcr.io/org/app:v1-amd64",
    ]);
    expect(
      buildahPushArgs("localhost/x:amd64", "docker://127.0.0.1:5000/org/app:v1-amd64", {
        digestFile: "/tmp/d1",
      }),
    ).toContain("--tls-verify=false");
    expect(
      buildahPushArgs("localhost/x:amd64", "docker://registry.internal:5000/org/app:v1", {
        digestFile: "/tmp/d1",
        insecureRegistries: ["registry.internal:5000"],
      }),
    ).toContain("--tls-verify=false");
    expect(buildahPushArgs("l", "oci:/out/layout:v1-amd64", { digestFile: "/d", authFile: "/a" })).toEqual([
      "push",
      "--format",
      "oci",
      "--compression-format",
      "gzip",
      "--digestfile",
      "/d",
      // buildah checks the auth file even for a layout push: a missing one fails it.
      "--authfile",
      "/a",
      "l",
      "oci:/out/layout:v1-amd64",
    ]);
  });

  it("names destinations for every output kind", () => {
    expect(buildahDestinations({ kind: "registry", refs: ["a.io/x:1-amd64", "b.io/x:1-amd64"] })).toEqual([
      "docker://a.io/x:1-amd64",
      "docker://b.io/x:1-amd64",
    ]);
    expect(buildahDestinations({ kind: "oci-layout", dir: "/o", tag: "t" })).toEqual(["oci:/o:t"]);
    expect(buildahDestinations({ kind: "none" })).toEqual([]);
  });

  it("puts storage flags before the subcommand", () => {
    expect(buildahGlobalArgs({ storageDriver: "vfs", root: "/r", runroot: "/rr" })).toEqual([
      "--root",
      "/r",
      "--runroot",
      "/rr",
      "--storage-driver",
      "vfs",
    ]);
    expect(buildahGlobalArgs({})).toEqual([]);
  });

  it.each([
    ["127.0.0.1:5000", [], true],
    ["localhost:5000", [], true],
    ["ghcr.io", [], false],
    ["registry.internal", ["registry.internal"], true],
  ])("skipsTlsVerify(%s, %j) = %s", (host, insecure, skip) => {
    expect(skipsTlsVerify(host, insecure)).toBe(skip);
  });

  it("reads the digest buildah manifest add prints", () => {
    const digest = `sha256:${"b".repeat(64)}`;
    expect(parseManifestAddDigest(`2ab3ddd41d7f: ${digest}\n`)).toBe(digest);
    expect(parseManifestAddDigest("something else")).toBe("");
  });

  it.each([
    ["ghcr.io/org/cache", { repository: "ghcr.io/org/cache" }],
    ["type=registry,ref=ghcr.io/org/cache", { repository: "ghcr.io/org/cache" }],
    ["type=gha,scope=x", { problem: expect.stringContaining("type=gha") }],
    ["ghcr.io/org/cache:v1", { problem: expect.stringContaining("tag") }],
    ["cache", { problem: "is not a repository" }],
  ])("buildahCacheRepository(%s)", (entry, expected) => {
    expect(buildahCacheRepository(entry)).toMatchObject(expected);
  });
});

describe("missingDockerConfig", () => {
  it("names DOCKER_CONFIG's config.json only when that file is missing and REGISTRY_AUTH_FILE is unset", () => {
    const dir = mkdtempSync(join(tmpdir(), "arch-build-docker-config-"));
    try {
      expect(missingDockerConfig({ DOCKER_CONFIG: dir })).toBe(join(dir, "config.json"));
      expect(missingDockerConfig({ DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: "/a.json" })).toBeUndefined();
      expect(missingDockerConfig({})).toBeUndefined();
      writeFileSync(join(dir, "config.json"), "{}");
      expect(missingDockerConfig({ DOCKER_CONFIG: dir })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
