/**
 * `arch-tags: false` end to end, through the bundled actions as the runner runs them: arch-build
 * pushes each platform to two registries by digest only (buildah, and the real buildx on the test
 * dockerd), manifest-stitch stitches the digests (its `sources` input fed the builds' `timeline`
 * outputs as a job's `toJSON(needs.build.outputs)` would carry them). Then each registry's tag list
 * holds exactly the multi-arch tags, both platforms pull by digest from every registry, skopeo and
 * `docker buildx imagetools inspect` read the index, and a failed platform leaves no tag at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  type Credentials,
  dockerd,
  httpRequest,
  inspectRaw,
  type Registry,
  runCommand,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext } from "./contexts";
import { GITHUB_ENV } from "./helpers";

const here = dirname(fileURLToPath(import.meta.url));
const archBuildYml = join(here, "..", "action.yml");
const stitchYml = join(here, "..", "..", "manifest-stitch", "action.yml");
const user: Credentials = { username: "ci", password: "arch-tags-e2e-pw-2" };
const PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

const engine = await dockerd();
let first: Registry;
let second: Registry;
let config: TempDockerConfig;
let storage: string;
const dirs: string[] = [];

beforeAll(async () => {
  [first, second] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
  ]);
  config = tempDockerConfig({ [first.host]: user, [second.host]: user });
  storage = mkdtempSync(join(tmpdir(), "arch-tags-e2e-"));
  writeFileSync(
    join(storage, "storage.conf"),
    `[storage]\ndriver = "vfs"\ngraphroot = "${storage}/root"\nrunroot = "${storage}/runroot"\n`,
  );
  dirs.push(storage);
});

afterAll(async () => {
  await stopAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A context whose image holds one file naming its architecture: no RUN step, so no QEMU needed. */
function context(archs: readonly string[] = ["amd64", "arm64"]): string {
  const files: Record<string, string> = {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JS template
    Dockerfile: "FROM scratch\nARG TARGETARCH\nCOPY ${TARGETARCH}.txt /arch.txt\n",
  };
  for (const arch of archs) files[`${arch}.txt`] = `${arch}\n`;
  const dir = makeContext(files);
  dirs.push(dir);
  return dir;
}

function images(repo: string): string {
  return `${first.host}/${repo}\n${second.host}/${repo}`;
}

async function build(engineName: "buildah" | "buildx", dir: string, repo: string, platform: string) {
  const dockerEnv = engine.ok ? engine.dockerd.env : {};
  return runAction(archBuildYml, {
    cwd: dir,
    inputs: {
      images: images(repo),
      "additional-tags": "latest",
      platform,
      engine: engineName,
      "arch-tags": "false",
      cache: "false",
    },
    env: {
      ...GITHUB_ENV,
      ...dockerEnv,
      ...config.env,
      RUNNER_ENVIRONMENT: "self-hosted",
      CONTAINERS_STORAGE_CONF: join(storage, "storage.conf"),
      BUILDAH_ISOLATION: "chroot",
    },
    timeoutMs: 300_000,
  });
}

/** The build job's outputs as the manifest job sees them: one `timeline-<suffix>` per leg. */
function needsBuildOutputs(legs: readonly ActionRun[]): string {
  return JSON.stringify(
    Object.fromEntries(
      legs.map((leg) => {
        const timeline = JSON.parse(leg.outputs.timeline ?? "{}") as { platform?: string };
        return [`timeline-${timeline.platform?.split("/")[1]}`, leg.outputs.timeline ?? ""];
      }),
    ),
  );
}

async function stitch(repo: string, builds: string, buildResult = "success") {
  return runAction(stitchYml, {
    inputs: {
      images: images(repo),
      "additional-tags": "latest",
      platforms: PLATFORMS.join(","),
      sources: builds,
      timeline: builds,
      "build-result": buildResult,
    },
    env: { ...GITHUB_ENV, ...config.env },
    timeoutMs: 120_000,
  });
}

async function tagList(registry: Registry, repo: string): Promise<string[]> {
  const res = await httpRequest(`${registry.url}/v2/${repo}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
    },
  });
  // distribution answers 404 NAME_UNKNOWN for a repository that holds no tag yet.
  if (res.status === 404) return [];
  expect(res.status).toBe(200);
  return ((JSON.parse(res.body.toString("utf8")) as { tags?: string[] | null }).tags ?? []).sort();
}

/** `skopeo copy` of one platform's image by digest into an OCI layout: a pull, independent of us. */
async function pullByDigest(ref: string): Promise<void> {
  const dest = mkdtempSync(join(tmpdir(), "arch-tags-pull-"));
  dirs.push(dest);
  // --all: a buildx build is an index of the image and its provenance, whatever the host's platform.
  await runCommand("skopeo", [
    "copy",
    "--all",
    "--src-tls-verify=false",
    "--src-creds",
    `${user.username}:${user.password}`,
    `docker://${ref}`,
    `oci:${dest}:pulled`,
  ]);
}

/** Everything a user checks after a published run with arch-tags false. */
async function expectPublished(repo: string, legs: readonly ActionRun[], stitched: ActionRun) {
  expect(stitched.errors).toEqual([]);
  expect(stitched.exitCode).toBe(0);
  const indexDigest = stitched.outputs.digest ?? "";
  expect(indexDigest).toMatch(DIGEST_RE);
  const digests = legs.map((leg) => leg.outputs.digest ?? "");
  for (const registry of [first, second]) {
    // Only the multi-arch tags: no <tag>-amd64, no <tag>-arm64.
    expect(await tagList(registry, repo)).toEqual(["1.0.0", "latest"]);
    const index = await inspectRaw(`${registry.host}/${repo}:1.0.0`, { creds: user });
    expect(index.digest).toBe(indexDigest);
    const entries = (index.manifest.manifests ?? []).filter(
      (e) => e.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest",
    );
    expect(entries.map((e) => e.platform?.architecture)).toEqual(["amd64", "arm64"]);
    for (const entry of entries) await pullByDigest(`${registry.host}/${repo}@${entry.digest}`);
    for (const digest of digests) await pullByDigest(`${registry.host}/${repo}@${digest}`);
  }
  // docker buildx imagetools reads the index as any multi-platform image (its own configs).
  const buildxConfig = mkdtempSync(join(tmpdir(), "arch-tags-buildx-"));
  dirs.push(buildxConfig);
  const inspected = await runCommand(
    "docker",
    ["buildx", "imagetools", "inspect", "--raw", `${first.host}/${repo}:latest`],
    {
      env: {
        ...process.env,
        ...(engine.ok ? engine.dockerd.env : {}),
        ...config.env,
        BUILDX_CONFIG: buildxConfig,
      },
    },
  );
  expect(JSON.parse(inspected.stdout).manifests.length).toBeGreaterThanOrEqual(2);
  // The summary: one table with the sizes, a pull command and the run's picture.
  expect(stitched.summary).toContain("| Image | Tags | Index digest | Platform | Digest | Size |");
  expect(stitched.summary).toContain(`docker pull ${first.host}/${repo}:1.0.0`);
  expect(stitched.summary).toMatch(/```mermaid\ngantt\n/);
  expect(stitched.summary).toMatch(/section linux\/arm64\n {4}build [^\n]*:done, /);
}

describe("arch-tags: false with buildah", () => {
  it("leaves only the multi-arch tags, and both platforms by digest in every registry", async () => {
    const dir = context();
    const legs = [];
    for (const platform of PLATFORMS) {
      const leg = await build("buildah", dir, "org/buildah", platform);
      expect(leg.errors).toEqual([]);
      expect(leg.exitCode).toBe(0);
      const digest = leg.outputs.digest ?? "";
      expect(digest).toMatch(DIGEST_RE);
      expect(JSON.parse(leg.outputs.refs ?? "")).toEqual([
        `${first.host}/org/buildah@${digest}`,
        `${second.host}/org/buildah@${digest}`,
      ]);
      // Not even for a moment: the registries never got a tag from the build.
      expect(first.logs()).not.toMatch(/PUT \/v2\/org\/buildah\/manifests\/(?!sha256:)/);
      legs.push(leg);
    }
    expect(await tagList(first, "org/buildah")).toEqual([]);
    await expectPublished("org/buildah", legs, await stitch("org/buildah", needsBuildOutputs(legs)));
  });
});

const skipBuildx = engine.ok ? undefined : engine.reason;
describe(`arch-tags: false with the real buildx${skipBuildx ? ` (skipped: ${skipBuildx})` : ""}`, () => {
  it.skipIf(skipBuildx)(
    "pushes by digest (docker driver: through an OCI layout), then the stitch leaves only the multi-arch tags",
    async () => {
      const dir = context();
      const legs = [];
      for (const platform of PLATFORMS) {
        const leg = await build("buildx", dir, "org/buildx", platform);
        expect(leg.errors).toEqual([]);
        expect(leg.exitCode).toBe(0);
        const digest = leg.outputs.digest ?? "";
        expect(JSON.parse(leg.outputs.refs ?? "")).toEqual([
          `${first.host}/org/buildx@${digest}`,
          `${second.host}/org/buildx@${digest}`,
        ]);
        legs.push(leg);
      }
      for (const registry of [first, second]) {
        expect(registry.logs()).not.toMatch(/PUT \/v2\/org\/buildx\/manifests\/(?!sha256:)/);
      }
      expect(await tagList(second, "org/buildx")).toEqual([]);
      await expectPublished("org/buildx", legs, await stitch("org/buildx", needsBuildOutputs(legs)));
    },
  );
});

describe("a failed platform with arch-tags: false", () => {
  it("leaves no tag at all, names what was left where; a rerun completes", async () => {
    const repo = "org/failing";
    // No arm64.txt: the arm64 build fails at its COPY step.
    const broken = context(["amd64"]);
    const legs = [];
    for (const platform of PLATFORMS) legs.push(await build("buildah", broken, repo, platform));
    expect(legs.map((leg) => leg.exitCode)).toEqual([0, 1]);
    const amd64 = legs[0]?.outputs.digest ?? "";
    expect(JSON.parse(legs[1]?.outputs.timeline ?? "")).toMatchObject({
      platform: "linux/arm64",
      outcome: "failure",
      steps: [{ name: "build", outcome: "failure" }],
    });

    const failed = await stitch(repo, needsBuildOutputs(legs), "failure");
    expect(failed.exitCode).toBe(1);
    const [error] = failed.errors;
    expect(error).toContain("Nothing published: the build of linux/arm64 failed (build result: failure)");
    for (const registry of [first, second]) {
      expect(error).toContain(`${registry.host}/${repo}:\n    - linux/amd64: left: untagged ${amd64}`);
      expect(await tagList(registry, repo)).toEqual([]);
    }
    expect(failed.outputs.complete).toBe("false");
    expect(failed.summary).toContain("### Nothing published: the build of `linux/arm64` failed");
    expect(failed.summary).toContain(`left: untagged ${amd64}`);
    expect(failed.summary).toMatch(/section linux\/arm64\n {4}build FAILED [^\n]*:crit, /);

    // The rerun, with the build fixed.
    const fixed = context();
    const rerun = [];
    for (const platform of PLATFORMS) rerun.push(await build("buildah", fixed, repo, platform));
    expect(rerun.map((leg) => leg.exitCode)).toEqual([0, 0]);
    await expectPublished(repo, rerun, await stitch(repo, needsBuildOutputs(rerun)));
  });
});
