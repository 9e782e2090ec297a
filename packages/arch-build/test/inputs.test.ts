import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, InputErrors, makePlan, planArchRefs } from "@mbp/image-spec";
import { afterAll, describe, expect, it } from "vitest";
import { classifyEngineFailure, explainFailure } from "../src/engine";
import { checkBuildFiles, hostPlatformId, isRemoteContext, parseInputs, type RawInputs } from "../src/inputs";
import { github, rawInputs } from "./helpers";

function parse(overrides: Partial<RawInputs>, hostPlatform = "linux/amd64") {
  return parseInputs(rawInputs(overrides), { github, hostPlatform });
}

function problems(overrides: Partial<RawInputs>): string[] {
  try {
    parse(overrides);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error("expected input problems");
}

describe("parseInputs", () => {
  it("makes the same refs as the planning job, never arch-tagging latest*", () => {
    const options = {
      images: "ghcr.io/Org/App,docker.io/org/app",
      tag: "2.0.0",
      additionalTags: "latest,latest_weekly,recommended",
    };
    const inputs = parse({ ...options, additionalTags: options.additionalTags, platform: "linux/arm64" });
    const planned = planArchRefs(makePlan({ ...options, platforms: "linux/amd64,linux/arm64" }, github));
    expect(inputs.refs).toEqual(planned["linux/arm64"]);
    expect(inputs.refs).toEqual([
      "ghcr.io/org/app:2.0.0-arm64",
      "ghcr.io/org/app:recommended-arm64",
      "docker.io/org/app:2.0.0-arm64",
      "docker.io/org/app:recommended-arm64",
    ]);
    expect(inputs.refs.some((ref) => ref.includes(":latest"))).toBe(false);
    expect(inputs.cache.scope).toBe("org/app-arm64");
  });

  it("derives the tag from the ref like the planning job and labels the image with its source", () => {
    const inputs = parse({ tag: "" }, "linux/arm64");
    expect(inputs.platform.id).toBe("linux/arm64");
    expect(inputs.refs).toEqual(["ghcr.io/org/app:main-arm64"]);
    expect(Object.fromEntries(inputs.labels)).toEqual({
      "org.opencontainers.image.source": "https://github.com/org/app",
      "org.opencontainers.image.revision": github.sha,
      "org.opencontainers.image.version": "main",
    });
  });

  it("reports every problem at once, naming input, value and fix", () => {
    const messages = problems({
      images: "app",
      platform: "linux/amd64,linux/arm64",
      engine: "kaniko",
      buildArgs: "NOEQUALS",
      secrets: "token=fine\nbad id=value",
      additionalTags: "-bad",
    });
    expect(messages).toEqual([
      'engine: "kaniko" is not a build engine; write buildx or buildah',
      "platform: \"linux/amd64,linux/arm64\" names 2 platforms; each arch-build builds one; run one job per platform (the plan's matrix) and pass that job's platform",
      'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
      expect.stringMatching(/^additional-tags: "-bad" is not a valid tag/),
      'build-args: "NOEQUALS" is not KEY=VALUE; write one KEY=VALUE per line',
      expect.stringMatching(/^secrets: "bad id" is not a valid secret id/),
    ]);
  });

  it("never shows a secret value in a problem", () => {
    const messages = problems({ secrets: "token=ok\nhunter2-no-equals-sign\ntoken=again" });
    expect(messages.join("\n")).not.toContain("hunter2");
    expect(messages).toEqual([
      'secrets: "<line 2, hidden>" is not id=value; write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF',
      'secrets: "token" is given twice; give each secret id once',
    ]);
    const twice = problems({ secrets: "token=val-111\ntoken=val-222\na-b=val-333\na_b=val-444" });
    expect(twice).toEqual([
      'secrets: "token" is given twice; give each secret id once',
      'secrets: "a_b" clashes with "a-b" (both become MBP_SECRET_A_B); rename one of them',
    ]);
    expect(twice.join()).not.toContain("val-");
  });

  it("rejects a bad platform under the platform input's own name", () => {
    expect(problems({ platform: "linux/sparc" })).toEqual([
      expect.stringMatching(/^platform: "linux\/sparc" has unknown architecture "sparc"/),
    ]);
  });

  it("checks buildah caches: one registry repository each, never a gha cache or a tag", () => {
    expect(
      problems({
        engine: "buildah",
        cacheFrom: "type=gha,scope=x",
        cacheTo: "ghcr.io/org/cache:tag\nghcr.io/org/other",
      }),
    ).toEqual([
      'cache-from: "type=gha,scope=x" is a type=gha cache, which buildah cannot use; give a registry repository (ghcr.io/org/app-cache) or use engine: buildx',
      'cache-to: "ghcr.io/org/cache:tag\\nghcr.io/org/other" names several caches; buildah takes one; keep one repository',
      'cache-to: "ghcr.io/org/cache:tag" names a tag or digest; a buildah cache is a whole repository; write the repository without :tag, e.g. ghcr.io/org/app-cache',
    ]);
    const ok = parse({
      engine: "buildah",
      cacheFrom: "type=registry,ref=ghcr.io/org/cache",
      cacheTo: "ghcr.io/org/cache",
    });
    expect(ok.cache).toEqual({
      enabled: true,
      scope: "org/app-amd64",
      from: ["type=registry,ref=ghcr.io/org/cache"],
      to: ["ghcr.io/org/cache"],
    });
  });

  it.each([
    ["linux/amd64", "amd64"],
    ["linux/arm64", "arm64"],
    ["linux/arm/v7", "arm-v7"],
  ])("replaces {arch} in cache-from/cache-to with the tag suffix of %s (%s)", (platform, suffix) => {
    const inputs = parse({
      platform,
      cacheFrom: "type=registry,ref=ghcr.io/org/app:buildcache-{arch}",
      cacheTo: "type=registry,ref=ghcr.io/org/app:buildcache-{arch},mode=max",
    });
    expect(inputs.cache.from).toEqual([`type=registry,ref=ghcr.io/org/app:buildcache-${suffix}`]);
    expect(inputs.cache.to).toEqual([`type=registry,ref=ghcr.io/org/app:buildcache-${suffix},mode=max`]);
    const buildah = parse({ platform, engine: "buildah", cacheFrom: "ghcr.io/org/app-cache-{arch}" });
    expect(buildah.cache.from).toEqual([`ghcr.io/org/app-cache-${suffix}`]);
  });

  it("rejects an unknown placeholder in a cache entry", () => {
    expect(problems({ cacheTo: "type=registry,ref=ghcr.io/org/app:cache-{platform}" })).toEqual([
      'cache-to: "type=registry,ref=ghcr.io/org/app:cache-{platform}" has the placeholder {platform}, which is not known; write {arch} (the platform\'s tag suffix: amd64, arm64, arm-v7), or no placeholder',
    ]);
  });

  it("warns when an input is ignored", () => {
    expect(parse({ engine: "buildah", provenance: "false", sbom: "true" }).warnings).toEqual([
      "provenance: ignored by the buildah engine (buildx only)",
      "sbom: ignored by the buildah engine (buildx only)",
    ]);
    const off = parse({ cache: false, cacheFrom: "type=registry,ref=r/x" });
    expect(off.warnings).toEqual(["cache-from/cache-to: ignored because cache is false"]);
    expect(off.cache.from).toEqual([]);
    expect(parse({ secrets: "EMPTY=" }).warnings).toEqual([
      'secrets: "EMPTY" has an empty value (a secret not available here?)',
    ]);
  });

  it.each([
    ["x64", "linux/amd64"],
    ["arm64", "linux/arm64"],
  ])("defaults the platform to the runner's own (%s)", (arch, id) => {
    expect(hostPlatformId(arch)).toBe(id);
  });

  it.each([
    ["https://github.com/org/app.git#main", true],
    ["git@github.com:org/app.git", true],
    [".", false],
    ["docker/app", false],
  ])("isRemoteContext(%s) = %s", (context, remote) => {
    expect(isRemoteContext(context)).toBe(remote);
  });
});

describe("insecure-registries", () => {
  it("is read for buildah; for buildx a note says where its builder takes them from; checked", () => {
    const buildah = parse({ engine: "buildah", insecureRegistries: "Registry.Internal:5000, [::1]:5000" });
    expect(buildah.insecure).toEqual(["registry.internal:5000", "[::1]:5000"]);
    expect(buildah.warnings.join("\n")).not.toContain("insecure-registries");
    expect(buildah.notes).toEqual([]);
    const buildx = parse({ insecureRegistries: "registry.internal:5000" });
    expect(buildx.warnings.join("\n")).not.toContain("insecure-registries");
    expect(buildx.notes).toEqual([
      expect.stringContaining(
        "insecure-registries: buildx pushes through its builder, which takes these hosts",
      ),
    ]);
    expect(problems({ insecureRegistries: "http://registry.internal" })).toContainEqual(
      expect.stringContaining('insecure-registries: "http://registry.internal" is not a registry host'),
    );
  });
});

describe("secrets with values of several lines (id<<DELIMITER blocks, as GITHUB_OUTPUT takes them)", () => {
  const PIP_CONF = "[global]\nindex-url = https://user:pw-7@pypi.example/simple\n\n# trailing comment";

  it("reads id=value lines and blocks side by side, a block's lines kept exactly", () => {
    const inputs = parse({
      secrets: ["plain=inline-value", "pip_conf<<EOF", PIP_CONF, "EOF", "", "gh=tok-123456"].join("\n"),
    });
    expect(inputs.secrets).toEqual([
      { id: "plain", value: "inline-value" },
      { id: "pip_conf", value: PIP_CONF },
      { id: "gh", value: "tok-123456" },
    ]);
    // Windows line ends, blank lines and indentation inside a block are the value's own.
    const crlf = parse({ secrets: "key<<END\r\n  first\r\n\r\nlast\r\nEND\r\n" });
    expect(crlf.secrets).toEqual([{ id: "key", value: "  first\n\nlast" }]);
  });

  it("refuses an unclosed block, a delimiter inside the value, and a bad id, never showing a value line", () => {
    expect(problems({ secrets: "ok=1\npip_conf<<EOF\nindex-url = pw-7\n" })).toEqual([
      'secrets: "pip_conf<<EOF" (line 2) is never closed: no line EOF follows; end the value with a line that is EOF alone',
    ]);
    expect(problems({ secrets: "key<<END\nline with END-pw-7 in it\nEND" })).toEqual([
      'secrets: "key<<END" has its delimiter END inside the value (line 2); choose a delimiter that does not occur in the value, e.g. a random word',
    ]);
    const messages = problems({
      secrets: "bad id<<EOF\npw-7\nEOF\nhunter2-pw-7\ntoken<<EOF\nx\nEOF\ntoken=y",
    });
    expect(messages).toEqual([
      'secrets: "<line 4, hidden>" is not id=value; write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF',
      "secrets: \"bad id\" is not a valid secret id; use letters, digits, '_', '.' and '-' in the id",
      'secrets: "token" is given twice; give each secret id once',
    ]);
    expect(messages.join("\n")).not.toContain("pw-7");
  });

  it("takes a value with <<, and an id=value line, as one line", () => {
    expect(parse({ secrets: "heredoc=a<<b" }).secrets).toEqual([{ id: "heredoc", value: "a<<b" }]);
  });
});

describe("checkBuildFiles", () => {
  const root = mkdtempSync(join(tmpdir(), "arch-build-files-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "Dockerfile"), "FROM scratch\n");
  writeFileSync(join(root, "Dockerfile"), "FROM scratch\n");
  mkdirSync(join(root, "docker"));
  writeFileSync(join(root, "docker", "Containerfile"), "FROM scratch\n");

  it("reads an explicit Dockerfile relative to the working directory, as docker build -f does", () => {
    const files = checkBuildFiles({ context: "app", dockerfile: "docker/Containerfile" }, root);
    expect(files).toEqual({
      context: join(root, "app"),
      dockerfile: join(root, "docker", "Containerfile"),
      warnings: [],
    });
    expect(checkBuildFiles({ context: "app", dockerfile: "Dockerfile" }, root).dockerfile).toBe(
      join(root, "Dockerfile"),
    );
  });

  it("defaults to <context>/Dockerfile", () => {
    expect(checkBuildFiles({ context: "app", dockerfile: "" }, root).dockerfile).toBe(
      join(root, "app", "Dockerfile"),
    );
    expect(checkBuildFiles({ context: ".", dockerfile: "" }, root).dockerfile).toBe(join(root, "Dockerfile"));
  });

  it("says how to write a path that exists only relative to the context", () => {
    mkdirSync(join(root, "app", "sub"));
    writeFileSync(join(root, "app", "sub", "Containerfile"), "FROM scratch\n");
    expect(() => checkBuildFiles({ context: "app", dockerfile: "sub/Containerfile" }, root)).toThrow(
      'dockerfile: "sub/Containerfile" is not a file; it is read relative to the working directory, as docker build -f does; write app/sub/Containerfile',
    );
  });

  it("says that the context has no Dockerfile when none was named", () => {
    expect(() => checkBuildFiles({ context: "docker", dockerfile: "" }, root)).toThrow(
      `context: "docker" has no Dockerfile (./docker/Dockerfile does not exist); set the dockerfile input to the Dockerfile's path, or the context input to a directory that holds one`,
    );
  });

  it("rejects a missing context", () => {
    expect(() => checkBuildFiles({ context: "nope", dockerfile: "Dockerfile" }, root)).toThrow(
      'context: "nope" does not exist; give the build context directory, relative to the working directory (default .)',
    );
  });
});

describe("classifyEngineFailure", () => {
  const failure = (stderr: string) => classifyEngineFailure(new CommandError("buildah", 125, stderr));
  it.each([
    ["Error: pushing: received unexpected HTTP status: 429 Too Many Requests", true],
    [
      "ERROR: failed to push ghcr.io/o/a:1-amd64: unexpected status from PUT request: 503 Service Unavailable",
      true,
    ],
    ["Error: writing blob: ... 502 Bad Gateway", true],
    ["Error: pushing: read tcp 127.0.0.1:5000: read: connection reset by peer", true],
    ['time="2026-11-29T12:00:00Z" level=error msg="pushing: 503 Service Unavailable"', true],
    ["ERROR: failed to push ghcr.io/o/a:1-arm64: 403 Forbidden: secondary rate limit", true],
    ["ERROR: failed to push ghcr.io/o/a:1-arm64: blob upload unknown to registry", true],
    // A build log's step output says nothing about the registry; only the engine's last error line counts.
    [
      '#12 0.429 Collecting numpy\n#12 DONE 3.1s\nERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      false,
    ],
    [
      '#9 4.2 SyntaxError: unexpected EOF while parsing\nERROR: failed to solve: process "/bin/sh -c python x.py" did not complete successfully: exit code: 1',
      false,
    ],
    [
      '#9 1.0 assert 503 Service Unavailable == 200\nERROR: failed to solve: process "/bin/sh -c pytest" did not complete successfully: exit code: 1',
      false,
    ],
    [
      'ERROR: failed to solve: process "/bin/sh -c curl -f https://x/429" did not complete successfully: exit code: 22',
      false,
    ],
    [
      'Error: building at STEP "RUN wget x": while running runtime: exit status 8 (429 Too Many Requests)',
      false,
    ],
    ["Pulling 503 layers\nall fine, no error line", false],
    ["Error: writing manifest: denied: permission_denied: write_package", false],
    ["Error: unauthorized: authentication required", false],
    ['error building at STEP "RUN make": exit status 2', false],
    ["Error: image size 500 MB too large", false],
  ])("%s → retry %s", (stderr, retry) => {
    expect(failure(stderr).retry).toBe(retry);
  });

  it("never retries an error that is not a command failure", () => {
    expect(classifyEngineFailure(new Error("429")).retry).toBe(false);
  });
});

describe("explainFailure", () => {
  it("keeps the error lines at the end of a long build log, with the full failure as cause", () => {
    const log = [
      ...Array.from({ length: 500 }, (_, i) => `#${i} step output`),
      "ERROR: failed to solve: exit code: 2",
    ];
    const failure = new CommandError("docker", 1, log.join("\n"));
    const error = explainFailure("docker buildx build", failure);
    expect(error.message).toBe(
      "docker buildx build failed with exit code 1: ERROR: failed to solve: exit code: 2",
    );
    expect(error.cause).toBe(failure);
  });

  it("falls back to the last lines when no line says error", () => {
    const error = explainFailure("buildah push", new CommandError("buildah", 2, "a\nb\nc\nd\ne\nf"));
    expect(error.message).toBe("buildah push failed with exit code 2: b\nc\nd\ne\nf");
  });
});
