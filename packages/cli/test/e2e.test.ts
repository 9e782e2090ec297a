import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspectRaw, makeTempDir, runCommand, startRegistry, stopAll, tempDockerConfig } from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/main";
import type { CommandResult } from "../src/run";
import { BUILDAH_FLAGS, buildahStorage, cli, DIST, helloRepo, inspectLayout, section } from "./helpers";

afterAll(stopAll);

const PLATFORMS = ["--platforms", "linux/amd64,linux/arm64"];
const storage = buildahStorage();

describe("the bundled CLI with buildah", () => {
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const creds = { username: "ci", password: "s3cret-pw" };
  beforeAll(async () => {
    registry = await startRegistry({ auth: { htpasswd: { [creds.username]: creds.password } } });
  });

  it("runs into the default OCI layout: both platforms, one index skopeo reads, prefixed output", async () => {
    const repo = helloRepo({ branch: "feature/x" });
    const cwd = makeTempDir("cli-cwd");
    const config = tempDockerConfig();
    const result = await cli(["run", "--context", repo, ...PLATFORMS, ...BUILDAH_FLAGS], {
      cwd,
      env: { ...storage.env, ...config.env },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const layout = join(cwd, "out", "oci");
    const index = await inspectLayout(layout, "feature-x");
    const amd64 = await inspectLayout(layout, "feature-x-amd64");
    const arm64 = await inspectLayout(layout, "feature-x-arm64");
    expect(index.manifest.manifests?.map((m) => [m.platform?.architecture, m.digest])).toEqual([
      ["amd64", amd64.digest],
      ["arm64", arm64.digest],
    ]);
    const tagged = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as {
      manifests: Array<{ digest: string; annotations?: Record<string, string> }>;
    };
    // Per-arch tags land as their builds finish, so in either order; the index is written last.
    expect(
      Object.fromEntries(
        tagged.manifests.map((m) => [m.annotations?.["org.opencontainers.image.ref.name"], m.digest]),
      ),
    ).toEqual({
      "feature-x-amd64": amd64.digest,
      "feature-x-arm64": arm64.digest,
      "feature-x": index.digest,
    });
    expect(tagged.manifests.at(-1)?.digest).toBe(index.digest);

    // What the user reads: the plan, both platforms' digests, the index digest, how to copy it.
    const out = result.stdout;
    expect(out).toContain("tag         feature-x (from git branch feature/x)");
    expect(section(out, "Plan")).toContainEqual(
      expect.stringMatching(
        /^linux\/arm64 +no RUN steps, no emulation needed +oci:out\/oci:feature-x-arm64 /,
      ),
    );
    expect(section(out, "Per-architecture images")).toEqual([
      expect.stringMatching(/^platform +digest +size +time$/),
      expect.stringMatching(new RegExp(`^linux/amd64  ${amd64.digest}  \\d+(\\.\\d)? k?B +\\d+\\.\\d s$`)),
      expect.stringMatching(new RegExp(`^linux/arm64  ${arm64.digest}  \\d+(\\.\\d)? k?B +\\d+\\.\\d s$`)),
    ]);
    // The run at a glance: the manifest job's table, then how to copy the layout to a registry.
    const name = repo.split("/").pop()?.toLowerCase();
    const copy = `skopeo copy --all oci:out/oci:feature-x docker://ghcr.io/OWNER/${name}:feature-x`;
    expect(section(out, "Done").slice(0, 6)).toEqual([
      expect.stringMatching(/^image +tags +index digest +platform +digest +size$/),
      expect.stringMatching(
        new RegExp(
          `^oci:out/oci  feature-x  ${index.digest}  linux/amd64  ${amd64.digest}  \\d+(\\.\\d)? k?B$`,
        ),
      ),
      expect.stringMatching(new RegExp(`^ {4,}linux/arm64  ${arm64.digest}  \\d+(\\.\\d)? k?B$`)),
      "Sources: the per-architecture tags feature-x-<suffix>.",
      "Size: config plus layers, compressed, as the registry stores them.",
      "Copy it to a registry (every platform, digests unchanged) with skopeo:",
    ]);
    expect(out).toContain(copy);
    // Nothing went to a registry, and the output says so; the command it offers is the one just run.
    expect(out).not.toMatch(/Pushed|Push the/);
    expect(section(out, "Build 2 platforms in parallel with buildah")).toContainEqual(
      expect.stringMatching(/^\[linux\/arm64\] Wrote oci:.*:feature-x-arm64@sha256:/),
    );
    expect(section(out, "Write the multi-arch tags")).toEqual([
      expect.stringMatching(/^Wrote oci:\/.*\/out\/oci:feature-x@sha256:[0-9a-f]{64}$/),
    ]);
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      `or build and push instead, once logged in (docker login): node ${DIST} run --context ${repo} --platforms linux/amd64,linux/arm64 ${BUILDAH_FLAGS.join(" ")} --push --images ghcr.io/OWNER/${name}`,
    );

    // Every line of the parallel builds says whose it is.
    const build = section(out, "Build 2 platforms in parallel with buildah");
    expect(build.length).toBeGreaterThan(10);
    for (const line of build) expect(line).toMatch(/^\[linux\/(amd64|arm64)\] /);
    for (const arch of ["amd64", "arm64"]) {
      expect(build).toContainEqual(
        expect.stringMatching(new RegExp(`^\\[linux/${arch}\\] STEP 1/\\d+: FROM scratch$`)),
      );
      expect(build).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\[linux/${arch}\\] built in \\d+\\.\\d s: sha256:[0-9a-f]{64} → oci:out/oci:feature-x-${arch}$`,
          ),
        ),
      );
    }

    // The printed copy command works as printed (plus the test registry's TLS and credentials).
    const target = `${registry.host}/org/hello`;
    await runCommand("skopeo", [
      "copy",
      "--all",
      "--dest-tls-verify=false",
      "--dest-creds",
      `${creds.username}:${creds.password}`,
      `oci:${layout}:feature-x`,
      `docker://${target}:feature-x`,
    ]);
    const copied = await inspectRaw(`${target}:feature-x`, { creds });
    expect(copied.digest).toBe(index.digest);
  });

  it("runs --push into a registry with the Docker config's credentials; --json gives the digests", async () => {
    const repo = helloRepo({ branch: "main" });
    const config = tempDockerConfig({ [registry.host]: creds });
    const image = `${registry.host}/org/app`;
    const result = await cli(
      [
        "run",
        "--push",
        "--images",
        image,
        "--additional-tags",
        "latest",
        "--context",
        repo,
        ...PLATFORMS,
        ...BUILDAH_FLAGS,
        "--json",
      ],
      { cwd: repo, env: { ...storage.env, ...config.env } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain(creds.password);
    const json = JSON.parse(result.stdout) as CommandResult;

    const index = await inspectRaw(`${image}:main`, { creds });
    const latest = await inspectRaw(`${image}:latest`, { creds });
    const amd64 = await inspectRaw(`${image}:main-amd64`, { creds });
    const arm64 = await inspectRaw(`${image}:main-arm64`, { creds });
    expect(latest.digest).toBe(index.digest);
    expect(index.manifest.manifests?.map((m) => [m.platform?.architecture, m.digest])).toEqual([
      ["amd64", amd64.digest],
      ["arm64", arm64.digest],
    ]);
    expect(json.index?.digest).toBe(index.digest);
    expect(json.builds?.map((b) => [b.platform, b.digest])).toEqual([
      ["linux/amd64", amd64.digest],
      ["linux/arm64", arm64.digest],
    ]);
    expect(json.verified?.[0]?.platforms).toEqual([
      { platform: "linux/amd64", digest: amd64.digest },
      { platform: "linux/arm64", digest: arm64.digest },
    ]);
    expect(result.stderr).toContain(`Pushed ${image}:latest@${index.digest}`);
  });

  it("refuses --push with credentials the registry rejects, before any build", async () => {
    const repo = helloRepo({ branch: "main" });
    const config = tempDockerConfig({ [registry.host]: { username: "ci", password: "wrong" } });
    const result = await cli(
      ["build", "--push", "--images", `${registry.host}/org/app`, "--context", repo, ...BUILDAH_FLAGS],
      { cwd: repo, env: { ...storage.env, ...config.env } },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(
        `^ {2}--images: "${registry.host}/org/app" cannot be pushed with the credentials of ${config.path}: .*401.*; log in first \\(docker login ${registry.host}\\), or drop --push`,
        "m",
      ),
    );
  });
});

describe("the README's first example", () => {
  it("plans from a clone's root, which has no Dockerfile, and says how to name one", async () => {
    const repo = helloRepo({ branch: "main" });
    rmSync(join(repo, "Dockerfile"));
    const result = await cli(["plan", "--images", "ghcr.io/org/app", "--engine", "buildah"], {
      cwd: repo,
      env: tempDockerConfig().env,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(section(result.stdout, "Plan")).toContainEqual(
      expect.stringMatching(
        /^linux\/arm64 +QEMU for RUN steps \(.*\) +oci:out\/oci:main-arm64 +ubuntu-24\.04-arm$/,
      ),
    );
    expect(result.stdout).toContain(
      `warning: --context: "." has no Dockerfile (./Dockerfile does not exist); build and run need one: set --dockerfile to the Dockerfile's path, or --context to a directory that holds one`,
    );
  });
});

describe("a variant GitHub's hosted runners may lack", () => {
  it("is a note of plan's, beside its GitHub runner column, and not a warning about this machine", async () => {
    const repo = helloRepo({ branch: "main" });
    const result = await cli(["plan", "--platforms", "linux/amd64,linux/arm64/v9", "--engine", "buildah"], {
      cwd: repo,
      env: tempDockerConfig().env,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const plan = section(result.stdout, "Plan");
    expect(plan).toContainEqual(
      expect.stringMatching(/^linux\/arm64\/v9 +no RUN steps, no emulation needed +.* ubuntu-24\.04-arm$/),
    );
    expect(plan).toContainEqual(
      "note (the workflow on GitHub's hosted runners): linux/arm64/v9 needs Armv9.0-A: GitHub's hosted arm64 runners have it today (Cobalt 100, Armv9.0-A) but have also run on Armv8.2-A machines, where a RUN step that uses it stops with \"Illegal instruction\". To be sure, set runners: linux/arm64/v9=LABEL naming a runner whose CPU has them",
    );
    expect(result.stdout).not.toContain("warning:");
  });
});

describe("progress while the platforms build (main() in process)", () => {
  // buildah is run by this process here: give it the private storage too.
  beforeAll(() => {
    process.env.CONTAINERS_STORAGE_CONF = storage.env.CONTAINERS_STORAGE_CONF;
  });

  async function build(stdout: { isTTY?: boolean; write(text: string): unknown }): Promise<number> {
    const repo = helloRepo({ branch: "main" });
    const config = tempDockerConfig();
    return main(["build", "--context", repo, ...PLATFORMS, ...BUILDAH_FLAGS], {
      stdout,
      stderr: stdout,
      env: { ...process.env, ...config.env },
      cwd: repo,
      run: { heartbeatMs: 20 },
    });
  }

  it("a log that is not a terminal hears which platforms are still building", async () => {
    const out: string[] = [];
    const code = await build({ write: (text) => out.push(text) });
    if (code !== 0) console.log(out.join(""));
    expect(code).toBe(0);
    expect(out.join("")).toMatch(
      /^\[linux\/(amd64|arm64)\] … still building \(\d+\.\d s(, step \d+\/\d+|, writing)?\)$/m,
    );
  });

  it("a terminal gets a status line below the log, cleared before every log line", async () => {
    const writes: string[] = [];
    const code = await build({ isTTY: true, write: (text) => writes.push(text) });
    if (code !== 0) console.log(writes.join(""));
    expect(code).toBe(0);
    const statuses = writes.flatMap((text, i) => (text.startsWith("building  ") ? [i] : []));
    expect(statuses.length).toBeGreaterThan(2);
    for (const i of statuses) expect(writes[i + 1]).toBe("\r\x1b[2K");
    expect(writes.find((text) => text.startsWith("building  linux/"))).toMatch(
      /^building {2}linux\/amd64 (starting|step \d+\/\d+|writing|done) \d+\.\d s · linux\/arm64 /,
    );
    expect(writes.join("")).not.toContain("still building");
  });
});

describe("the bundled CLI with buildx", () => {
  it("sends a platform to its --builder and shows each platform's failure under its prefix", async () => {
    // A docker CLI stand-in: buildx answers, every build fails; each call is logged.
    const bin = makeTempDir("cli-fake-docker");
    const calls = join(bin, "calls.log");
    writeFileSync(
      join(bin, "docker"),
      [
        "#!/bin/sh",
        'echo "$*" >> "$FAKE_DOCKER_LOG"',
        'case "$*" in',
        '  "buildx version") echo "github.com/docker/buildx v0.19.0 fake"; exit 0 ;;',
        '  "buildx inspect --bootstrap"*) printf "Name: b\\nDriver: docker-container\\n\\nNodes:\\nName: b0\\nStatus: running\\n"; exit 0 ;;',
        '  *" inspect") printf "Name: b\\nDriver: docker-container\\n"; exit 0 ;;',
        '  *" build "*) echo "#1 [internal] load build definition"; echo "ERROR: no builder here" >&2; exit 1 ;;',
        "esac",
        "exit 1",
        "",
      ].join("\n"),
    );
    chmodSync(join(bin, "docker"), 0o755);
    const repo = helloRepo({ branch: "main" });
    const result = await cli(
      [
        "build",
        "--context",
        repo,
        ...PLATFORMS,
        "--builder",
        "linux/arm64=arm-node",
        "--secret",
        "id=token,env=FAKE_TOKEN",
        "--label",
        "team=infra",
        "--provenance",
        "mode=max",
        "--sbom",
        "true",
        "--no-cache",
        "--cache-to",
        "type=registry,ref=localhost:5000/cache:buildcache-{arch},mode=max",
      ],
      {
        cwd: repo,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          FAKE_DOCKER_LOG: calls,
          FAKE_TOKEN: "never-in-argv",
          SOURCE_DATE_EPOCH: "1700000000",
        },
      },
    );
    expect(result.code).toBe(1);
    const log = readFileSync(calls, "utf8").split("\n");
    // The named builder was asked to answer before anything built.
    expect(log.indexOf("buildx inspect --bootstrap arm-node")).toBeLessThan(
      log.findIndex((line) => line.startsWith("buildx build")),
    );
    const amd64 = log.find((line) => line.startsWith("buildx build --platform linux/amd64 ")) ?? "";
    for (const arg of [
      "--build-arg SOURCE_DATE_EPOCH=1700000000",
      "--secret id=token,env=MBP_SECRET_TOKEN",
      "--label team=infra",
      // {arch} is each platform's own cache, as in the action.
      "--cache-to type=registry,ref=localhost:5000/cache:buildcache-amd64,mode=max",
      "--no-cache",
      "--provenance mode=max",
      "--sbom true",
    ]) {
      expect(amd64).toContain(arg);
    }
    expect(log.join("\n")).not.toContain("never-in-argv");
    expect(log).toContainEqual(
      expect.stringMatching(
        /^buildx build --builder arm-node --platform linux\/arm64 .*--cache-to type=registry,ref=localhost:5000\/cache:buildcache-arm64,mode=max /,
      ),
    );
    expect(log).toContainEqual(expect.stringMatching(/^buildx build --platform linux\/amd64 /));
    expect(section(result.stdout, "Plan")).toContainEqual(
      expect.stringMatching(/^linux\/arm64 +buildx builder arm-node /),
    );
    const build = section(result.stdout, "Build 2 platforms in parallel with buildx");
    for (const line of build) expect(line).toMatch(/^\[linux\/(amd64|arm64)\] /);
    for (const arch of ["amd64", "arm64"]) {
      expect(build).toContainEqual(`[linux/${arch}] ERROR: no builder here`);
      expect(build).toContainEqual(expect.stringMatching(new RegExp(`^\\[linux/${arch}\\] FAILED after `)));
    }
    expect(section(result.stdout, "Per-architecture images")).toEqual([
      "platform     digest              size  time",
      "linux/amd64  FAILED (see above)",
      "linux/arm64  FAILED (see above)",
    ]);
    expect(result.stderr).toMatch(
      /^error: 2 of 2 platform builds failed:\n {2}- linux\/amd64: .*ERROR: no builder here\n {2}- linux\/arm64: .*ERROR: no builder here\n$/,
    );
  });
});
