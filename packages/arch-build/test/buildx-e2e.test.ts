/**
 * `engine: buildx` end to end: the bundled action (dist/index.js) run as the runner runs it, against
 * a real dockerd with the containerd image store (the `docker` buildx driver: multi-platform,
 * attestations, registry cache export) and loopback distribution registries. The images are
 * `FROM scratch` with Debian's static busybox, so RUN steps have a shell without any base image.
 * Skips, saying why, only where no dockerd can start (see @mbp/testkit's dockerd()).
 */
import { copyFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  busybox,
  type Credentials,
  type DebianArch,
  dockerd,
  httpRequest,
  inspectRaw,
  loadSbomScanner,
  type Manifest,
  type Registry,
  runCommand,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRun, makeContext, tarFiles } from "./contexts";
import { GITHUB_ENV as GITHUB_HELPERS_ENV, SHA } from "./helpers";

const here = dirname(fileURLToPath(import.meta.url));
const actionYml = join(here, "..", "action.yml");
const stitchYml = join(here, "..", "..", "manifest-stitch", "action.yml");
const user: Credentials = { username: "ci", password: "buildx-e2e-pw-5" };
const SECRET = "Buildx-S3cret-e2e-4410";
const GITHUB_ENV = { ...GITHUB_HELPERS_ENV, RUNNER_ENVIRONMENT: "self-hosted" };
const ATTESTATION = "attestation-manifest";

const engine = await dockerd();
const shells = { amd64: busybox("amd64"), arm64: busybox("arm64") };
const qemu = canRun("arm64");
const skipReason = !engine.ok
  ? engine.reason
  : !shells.amd64.ok
    ? shells.amd64.reason
    : !shells.arm64.ok
      ? shells.arm64.reason
      : undefined;
const skipped = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

let first: Registry;
let second: Registry;
let config: TempDockerConfig;
const contexts: string[] = [];

beforeAll(async () => {
  if (skipReason) return;
  [first, second] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
  ]);
  config = tempDockerConfig({ [first.host]: user, [second.host]: user });
  if (engine.ok && engine.dockerd.bridge) await loadSbomScanner(engine.dockerd);
});

afterAll(async () => {
  await stopAll();
  for (const dir of contexts) rmSync(dir, { recursive: true, force: true });
});

/** A context whose Dockerfile runs `script` with busybox's sh (no network: works without a bridge). */
function context(arch: DebianArch, script: string, extra = ""): string {
  const shell = shells[arch];
  if (!shell.ok) throw new Error(shell.reason);
  const dir = makeContext({
    Dockerfile: [
      "FROM scratch",
      "COPY busybox /bin/busybox",
      'SHELL ["/bin/busybox", "sh", "-c"]',
      extra,
      `RUN --network=none --mount=type=secret,id=token export PATH=/bin && /bin/busybox --install -s /bin && mkdir -p /out && ${script}`,
      "",
    ].join("\n"),
  });
  copyFileSync(shell.path, join(dir, "busybox"));
  contexts.push(dir);
  return dir;
}

async function build(dir: string, inputs: Record<string, string>): Promise<ActionRun> {
  if (!engine.ok) throw new Error(engine.reason);
  return runAction(actionYml, {
    cwd: dir,
    inputs: { engine: "buildx", cache: "false", ...inputs },
    env: { ...GITHUB_ENV, ...engine.dockerd.env, ...config.env },
    timeoutMs: 300_000,
  });
}

function registryOf(ref: string): Registry {
  return ref.startsWith(`${first.host}/`) ? first : second;
}

async function blob(registry: Registry, digest: string): Promise<Buffer> {
  const res = await httpRequest(`${registry.url}/v2/org/app/blobs/${digest}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
    },
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** The image manifest a per-arch ref names: itself, or the platform entry of buildx's attestation index. */
async function imageManifest(ref: string): Promise<{ digest: string; manifest: Manifest; index?: Manifest }> {
  const top = await inspectRaw(ref, { creds: user });
  if (!top.manifest.manifests) return { digest: top.digest, manifest: top.manifest };
  const images = top.manifest.manifests.filter(
    (entry) => entry.annotations?.["vnd.docker.reference.type"] !== ATTESTATION,
  );
  expect(images).toHaveLength(1);
  const digest = images[0]?.digest ?? "";
  const repo = ref.slice(0, ref.lastIndexOf(":"));
  const { manifest } = await inspectRaw(`${repo}@${digest}`, { creds: user });
  return { digest, manifest, index: top.manifest };
}

/** The files the build's RUN step wrote (its layer is the last one). */
async function runOutput(ref: string): Promise<Map<string, string>> {
  const { manifest } = await imageManifest(ref);
  const layer = manifest.layers?.at(-1);
  if (!layer) throw new Error(`${ref} has no layers`);
  const files = tarFiles(await blob(registryOf(ref), layer.digest));
  return new Map(
    [...files].filter(([name]) => name.startsWith("out/")).map(([n, c]) => [n, c.toString("utf8").trim()]),
  );
}

function log(result: ActionRun): string {
  return `${result.stdout.replace(/::add-mask::.*\n/g, "")}\n${result.stderr}`;
}

describe(`arch-build engine: buildx against a real dockerd${skipped(skipReason)}`, () => {
  it.skipIf(skipReason)(
    "builds linux/amd64 with build args, labels, annotations and a secret, one digest in both registries",
    async () => {
      const dir = context(
        "amd64",
        'uname -m > /out/arch && echo "$VERSION" > /out/version && cat /run/secrets/token > /out/secret',
        "ARG VERSION",
      );
      const result = await build(dir, {
        images: `${first.host}/org/app\n${second.host}/org/app`,
        platform: "linux/amd64",
        "build-args": "VERSION=1.2.3",
        labels: "org.example.team=infra",
        annotations: "org.opencontainers.image.description=buildx end to end",
        secrets: `token=${SECRET}`,
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const refs = [`${first.host}/org/app:1.0.0-amd64`, `${second.host}/org/app:1.0.0-amd64`];
      expect(JSON.parse(result.outputs.refs ?? "")).toEqual(refs);
      const digest = result.outputs.digest ?? "";
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      for (const ref of refs) expect((await inspectRaw(ref, { creds: user })).digest).toBe(digest);
      expect(JSON.parse(result.outputs.descriptor ?? "")).toMatchObject({
        digest,
        platform: { os: "linux", architecture: "amd64" },
      });

      const files = await runOutput(refs[1] ?? "");
      expect(files.get("out/arch")).toBe("x86_64");
      expect(files.get("out/version")).toBe("1.2.3");
      expect(files.get("out/secret")).toBe(SECRET);
      expect(log(result)).not.toContain(SECRET);
      expect(result.commands.some((c) => c.command === "add-mask" && c.message === SECRET)).toBe(true);

      const { manifest } = await imageManifest(refs[0] ?? "");
      expect(manifest.annotations?.["org.opencontainers.image.description"]).toBe("buildx end to end");
      const image = JSON.parse((await blob(first, manifest.config?.digest ?? "")).toString("utf8"));
      expect(image.config.Labels).toMatchObject({
        "org.example.team": "infra",
        "org.opencontainers.image.revision": SHA,
      });
    },
  );

  const attestationSkip =
    skipReason ??
    (qemu.ok ? undefined : qemu.reason) ??
    (engine.ok && !engine.dockerd.bridge
      ? "dockerd has no bridge network, which buildx's SBOM scanner needs"
      : undefined);
  it.skipIf(attestationSkip)(
    `builds linux/arm64 RUN steps under QEMU with provenance mode=max and an SBOM, which manifest-stitch flattens${skipped(attestationSkip)}`,
    async () => {
      const tag = "2.0.0";
      const digests: Record<string, string> = {};
      for (const arch of ["amd64", "arm64"] as const) {
        const result = await build(context(arch, "uname -m > /out/arch"), {
          images: `${first.host}/org/app`,
          tag,
          platform: `linux/${arch}`,
          provenance: "mode=max",
          sbom: "true",
        });
        expect(result.errors).toEqual([]);
        expect(result.exitCode).toBe(0);
        const ref = `${first.host}/org/app:${tag}-${arch}`;
        expect(await runOutput(ref)).toEqual(
          new Map([["out/arch", arch === "arm64" ? "aarch64" : "x86_64"]]),
        );
        const { digest, index } = await imageManifest(ref);
        digests[arch] = digest;
        const attestation = index?.manifests?.find(
          (entry) => entry.annotations?.["vnd.docker.reference.type"] === ATTESTATION,
        );
        expect(attestation?.annotations?.["vnd.docker.reference.digest"]).toBe(digest);
        const { manifest } = await inspectRaw(`${first.host}/org/app@${attestation?.digest}`, {
          creds: user,
        });
        expect(
          manifest.layers?.map((layer) => layer.annotations?.["in-toto.io/predicate-type"]).sort(),
        ).toEqual(["https://slsa.dev/provenance/v0.2", "https://spdx.dev/Document"]);
      }

      const stitched = await runAction(stitchYml, {
        inputs: { images: `${first.host}/org/app`, tag, platforms: "linux/amd64,linux/arm64" },
        env: { ...GITHUB_ENV, ...config.env },
        timeoutMs: 120_000,
      });
      expect(stitched.errors).toEqual([]);
      expect(stitched.exitCode).toBe(0);
      const index = await inspectRaw(`${first.host}/org/app:${tag}`, { creds: user });
      expect(index.digest).toBe(stitched.outputs.digest);
      const entries = index.manifest.manifests ?? [];
      const images = entries.filter((e) => e.annotations?.["vnd.docker.reference.type"] !== ATTESTATION);
      expect(images.map((e) => [e.platform?.architecture, e.digest])).toEqual([
        ["amd64", digests.amd64],
        ["arm64", digests.arm64],
      ]);
      const attestations = entries.filter(
        (e) => e.annotations?.["vnd.docker.reference.type"] === ATTESTATION,
      );
      expect(attestations.map((e) => e.annotations?.["vnd.docker.reference.digest"])).toEqual([
        digests.amd64,
        digests.arm64,
      ]);
      // Flat: no entry of the stitched index is itself an index.
      for (const entry of entries) expect(entry.mediaType).not.toMatch(/index|manifest\.list/);
    },
  );

  it.skipIf(skipReason)(
    "round-trips a registry cache: cache-to, then cache-from reuses it after the local cache is gone",
    async () => {
      if (!engine.ok) return;
      const dir = context("amd64", "date +%s%N > /out/stamp && echo cached > /out/what");
      const cacheRef = `${first.host}/org/app:buildcache-amd64`;
      const inputs = {
        images: `${first.host}/org/app`,
        platform: "linux/amd64",
        cache: "true",
        "cache-from": `type=registry,ref=${cacheRef}`,
        "cache-to": `type=registry,ref=${cacheRef},mode=max`,
        provenance: "false",
      };
      const one = await build(dir, { ...inputs, tag: "cache-1" });
      expect(one.errors).toEqual([]);
      expect(one.exitCode).toBe(0);
      expect(log(one)).toContain("exporting cache to registry");
      const cache = (await inspectRaw(cacheRef, { creds: user })).manifest;
      expect((cache.manifests ?? cache.layers ?? []).length).toBeGreaterThan(0);

      // Forget everything this daemon cached, so only the registry cache can make the step CACHED.
      await runCommand("docker", ["buildx", "prune", "--all", "--force"], {
        env: { ...process.env, ...engine.dockerd.env },
      });
      const two = await build(dir, { ...inputs, tag: "cache-2" });
      expect(two.errors).toEqual([]);
      expect(two.exitCode).toBe(0);
      expect(log(two)).toContain(`importing cache manifest from ${cacheRef}`);
      expect(log(two)).toMatch(/#(\d+) \[stage-0 2\/2\] RUN [^\n]*\n#\1 CACHED/);
      const layers = async (tag: string) =>
        (await imageManifest(`${first.host}/org/app:${tag}-amd64`)).manifest.layers?.map((l) => l.digest);
      // The RUN step wrote a timestamp: only a reused layer has the first build's digest.
      expect(await layers("cache-2")).toEqual(await layers("cache-1"));
    },
  );

  it.skipIf(skipReason)("fails a failing RUN step once, without retrying, and says which step", async () => {
    const dir = context("amd64", "echo 'about to fail' && exit 3");
    const result = await build(dir, {
      images: `${first.host}/org/app`,
      platform: "linux/amd64",
      tag: "broken",
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join("\n")).toMatch(
      /docker buildx build failed with exit code 1: .*did not complete successfully: exit code: 3/,
    );
    expect(log(result)).toContain("about to fail");
    expect(result.warnings.filter((w) => w.includes("retrying"))).toEqual([]);
    expect(log(result).match(/load build definition from Dockerfile/g)).toHaveLength(1);
    expect(result.outputs.digest ?? "").toBe("");
    await expect(inspectRaw(`${first.host}/org/app:broken-amd64`, { creds: user })).rejects.toThrow();
  });
});
