/**
 * The buildah engine for real: buildah (vfs storage, chroot isolation) builds tiny FROM scratch
 * images and pushes them to two distribution registries on loopback with htpasswd auth, through
 * the Docker config a login step writes. Everything is read back with skopeo, an independent client.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Problems } from "@mbp/image-spec";
import {
  type Credentials,
  httpRequest,
  inspectRaw,
  type Registry,
  runCommand,
  startProxy,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuildahEngine } from "../src/buildah";
import { PartialBuildError } from "../src/engine";
import { checkBuildFiles, parseInputs, type RawInputs } from "../src/inputs";
import { ArchBuildError, makeBuildRequest, run } from "../src/run";
import { canRun, makeContext, probeExecutable, tarFiles } from "./contexts";
import { github, rawInputs, recordingReporter } from "./helpers";

const alice: Credentials = { username: "alice", password: "alice-pass-1" };
const bob: Credentials = { username: "bob", password: "bob-pass-2" };
const SECRET = "s3cr3t-from-buildah-test";

let first: Registry;
let second: Registry;
let config: TempDockerConfig;
let storage: string;
const contexts: string[] = [];

beforeAll(async () => {
  [first, second] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [alice.username]: alice.password } } }),
    startRegistry({ auth: { htpasswd: { [bob.username]: bob.password } } }),
  ]);
  config = tempDockerConfig({ [first.host]: alice, [second.host]: bob });
  storage = mkdtempSync(join(tmpdir(), "arch-build-buildah-"));
});

afterAll(async () => {
  await stopAll();
  for (const dir of contexts) rmSync(dir, { recursive: true, force: true });
  // vfs layers are plain directories owned by root; buildah itself need not clean them.
  rmSync(storage, { recursive: true, force: true });
});

function context(files: Record<string, string | Buffer>): string {
  const dir = makeContext(files);
  contexts.push(dir);
  return dir;
}

function credsFor(ref: string): Credentials {
  return ref.startsWith(first.host) ? alice : bob;
}

async function build(
  overrides: Partial<RawInputs>,
  dir: string,
  registries: string[] = [first.host, second.host],
) {
  const reporter = recordingReporter();
  const inputs = parseInputs(
    rawInputs({
      engine: "buildah",
      images: registries.map((host) => `${host}/org/app`).join(","),
      ...overrides,
    }),
    { github, hostPlatform: "linux/amd64" },
    new Problems(),
  );
  const result = await run(inputs, {
    reporter,
    env: { ...config.env, HOME: storage, RUNNER_ENVIRONMENT: "self-hosted" },
    cwd: dir,
    tempDir: storage,
    buildah: {
      storageDriver: "vfs",
      isolation: "chroot",
      root: join(storage, "root"),
      runroot: join(storage, "runroot"),
    },
  });
  return { ...result, reporter, inputs };
}

async function configOf(
  ref: string,
): Promise<{ architecture: string; os: string; config?: { Labels?: Record<string, string> } }> {
  const creds = credsFor(ref);
  const { stdout } = await runCommand("skopeo", [
    "inspect",
    "--config",
    "--tls-verify=false",
    "--creds",
    `${creds.username}:${creds.password}`,
    `docker://${ref}`,
  ]);
  return JSON.parse(stdout);
}

/** The files of the image's last layer, fetched straight from the registry. */
async function lastLayerFiles(
  registry: Registry,
  creds: Credentials,
  ref: string,
): Promise<Map<string, Buffer>> {
  const { manifest } = await inspectRaw(ref, { creds });
  const layer = manifest.layers?.at(-1);
  if (!layer) throw new Error(`${ref} has no layers`);
  const res = await httpRequest(`${registry.url}/v2/org/app/blobs/${layer.digest}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`,
    },
  });
  expect(res.status).toBe(200);
  return tarFiles(res.body);
}

async function expectMissing(ref: string): Promise<void> {
  await expect(inspectRaw(ref, { creds: credsFor(ref) })).rejects.toThrow(/manifest unknown|not found/i);
}

describe.each([
  ["linux/amd64", "amd64"],
  ["linux/arm64", "arm64"],
])("buildah builds %s once and pushes it to two registries", (platform, suffix) => {
  it("every registry holds the same digest under every per-arch tag; latest* is never arch-tagged", async () => {
    const dir = context({
      Dockerfile: "FROM scratch\nCOPY hello.txt /hello.txt\n",
      "hello.txt": `hello ${suffix}\n`,
    });
    const { outputs, report, reporter } = await build(
      { tag: "1.2.3", additionalTags: "latest,stable", platform, labels: "org.example.team=sqre" },
      dir,
    );
    const expectedRefs = [first.host, second.host].flatMap((host) => [
      `${host}/org/app:1.2.3-${suffix}`,
      `${host}/org/app:stable-${suffix}`,
    ]);
    expect(outputs.refs).toEqual(expectedRefs);
    expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const ref of expectedRefs) {
      const { digest, raw, manifest } = await inspectRaw(ref, { creds: credsFor(ref) });
      expect(digest, ref).toBe(outputs.digest);
      expect(raw.length).toBe(outputs.descriptor?.size);
      expect(manifest.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    }
    expect(outputs.descriptor).toEqual({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: outputs.digest,
      size: expect.any(Number),
      platform: { os: "linux", architecture: suffix },
    });
    for (const host of [first.host, second.host]) {
      await expectMissing(`${host}/org/app:latest-${suffix}`);
      await expectMissing(`${host}/org/app:latest`);
      await expectMissing(`${host}/org/app:1.2.3`);
    }
    const imageConfig = await configOf(expectedRefs[0] ?? "");
    expect(imageConfig.architecture).toBe(suffix);
    expect(imageConfig.os).toBe("linux");
    expect(imageConfig.config?.Labels).toMatchObject({
      "org.opencontainers.image.source": "https://github.com/org/app",
      "org.opencontainers.image.revision": github.sha,
      "org.opencontainers.image.version": "1.2.3",
      "org.example.team": "sqre",
    });
    expect(report).toMatchObject({
      platform,
      engine: "buildah",
      pushed: true,
      size: outputs.descriptor?.size,
    });
    expect(reporter.lines).toContain(`info: Pushed ${expectedRefs[0]}@${outputs.digest}`);
  });
});

describe("an OCI layout output (for the local CLI)", () => {
  it("writes the image to a directory with the descriptor the index records", async () => {
    const dir = context({ Dockerfile: "FROM scratch\nCOPY f /f\n", f: "layout\n" });
    const out = mkdtempSync(join(storage, "layout-"));
    const inputs = parseInputs(
      rawInputs({ engine: "buildah", images: "example.com/org/app", tag: "v1", platform: "linux/arm64" }),
      { github, hostPlatform: "linux/amd64" },
    );
    const engine = createBuildahEngine({
      tempDir: storage,
      storageDriver: "vfs",
      isolation: "chroot",
      root: join(storage, "root"),
      runroot: join(storage, "runroot"),
    });
    const result = await engine.build(
      {
        ...makeBuildRequest(inputs, checkBuildFiles(inputs, dir)),
        output: { kind: "oci-layout", dir: out, tag: "v1-arm64" },
      },
      recordingReporter(),
    );
    const manifest = readFileSync(join(out, "blobs", "sha256", result.digest.replace("sha256:", "")));
    expect(`sha256:${createHash("sha256").update(manifest).digest("hex")}`).toBe(result.digest);
    expect(result.descriptor).toEqual({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: result.digest,
      size: manifest.length,
      platform: { os: "linux", architecture: "arm64" },
    });
    expect(result.refs).toEqual([]);
  });
});

describe("RUN steps", () => {
  it.skipIf(!canRun("amd64").ok)(
    `runs a linux/amd64 RUN step with a secret mounted from a 0600 file ${canRun("amd64").ok ? "" : `(skipped: ${(canRun("amd64") as { reason: string }).reason})`}`,
    async () => {
      const dir = context({
        Dockerfile: 'FROM scratch\nCOPY probe /probe\nRUN --mount=type=secret,id=token ["/probe"]\n',
        probe: probeExecutable("amd64"),
      });
      const { outputs, reporter } = await build(
        { tag: "run", platform: "linux/amd64", secrets: `token=${SECRET}` },
        dir,
        [first.host],
      );
      const files = await lastLayerFiles(first, alice, outputs.refs[0] ?? "");
      expect(files.get("arch")?.toString("utf8").replace(/\0+$/, "")).toBe("x86_64");
      expect(files.get("secret-seen")?.toString("utf8")).toBe(SECRET);
      expect(reporter.text()).not.toContain(SECRET);
      // The secret's file lived only during the build.
      const { stdout } = await runCommand("find", [storage, "-maxdepth", "3", "-name", "secret-*"]);
      expect(stdout.trim()).toBe("");
    },
  );

  const qemu = canRun("arm64");
  it.skipIf(!qemu.ok)(
    `runs a linux/arm64 RUN step (under QEMU on an amd64 host) ${qemu.ok ? "" : `(skipped: ${(qemu as { reason: string }).reason})`}`,
    async () => {
      const dir = context({
        Dockerfile: 'FROM scratch\nCOPY probe /probe\nRUN ["/probe"]\n',
        probe: probeExecutable("arm64"),
      });
      const { outputs } = await build({ tag: "run", platform: "linux/arm64" }, dir);
      for (const [registry, creds] of [
        [first, alice],
        [second, bob],
      ] as const) {
        const ref = `${registry.host}/org/app:run-arm64`;
        expect((await inspectRaw(ref, { creds })).digest).toBe(outputs.digest);
        const files = await lastLayerFiles(registry, creds, ref);
        expect(files.get("arch")?.toString("utf8").replace(/\0+$/, "")).toBe("aarch64");
        expect(files.has("secret-seen")).toBe(false);
      }
    },
  );
});

describe("push failures", () => {
  it("retries a 429 from a registry and still ends with one digest everywhere", async () => {
    // buildah retries a failed manifest upload 3 times itself (2 s apart); the 4th 429 ends its push
    // and it is this action's retry that pushes again.
    const proxy = await startProxy({
      target: second.url,
      faults: [
        {
          match: { method: "PUT", path: /\/manifests\// },
          times: 4,
          respond: {
            status: 429,
            headers: { "retry-after": "0" },
            body: { errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] },
          },
        },
      ],
    });
    const proxied = tempDockerConfig({ [first.host]: alice, [proxy.host]: bob });
    const dir = context({ Dockerfile: "FROM scratch\nCOPY f /f\n", f: "retry\n" });
    const reporter = recordingReporter();
    const inputs = parseInputs(
      rawInputs({
        engine: "buildah",
        images: `${first.host}/org/app,${proxy.host}/org/app`,
        tag: "retry",
        platform: "linux/amd64",
      }),
      { github, hostPlatform: "linux/amd64" },
    );
    const { outputs } = await run(inputs, {
      reporter,
      env: { ...proxied.env, RUNNER_ENVIRONMENT: "self-hosted" },
      cwd: dir,
      tempDir: storage,
      buildah: {
        storageDriver: "vfs",
        isolation: "chroot",
        root: join(storage, "root"),
        runroot: join(storage, "runroot"),
        sleep: async () => {},
      },
    });
    expect(proxy.count({ method: "PUT", path: /\/manifests\//, status: 429 })).toBe(4);
    expect(proxy.count({ method: "PUT", path: /\/manifests\//, status: 201 })).toBe(1);
    expect(reporter.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^buildah push to docker://${proxy.host}/org/app:retry-amd64 failed \\(429 Too Many Requests\\); retrying in .* \\(try 2 of 5\\)$`,
        ),
      ),
    ]);
    expect((await inspectRaw(`${second.host}/org/app:retry-amd64`, { creds: bob })).digest).toBe(
      outputs.digest,
    );
    expect((await inspectRaw(`${first.host}/org/app:retry-amd64`, { creds: alice })).digest).toBe(
      outputs.digest,
    );
  });

  it.each([
    ["per-arch tags", true],
    ["arch-tags false (by digest, through skopeo)", false],
  ])("reports what was pushed before a registry refused the push: %s", async (_what, archTags) => {
    const proxy = await startProxy({
      target: second.url,
      faults: [
        {
          match: { method: "PUT", path: /\/manifests\// },
          times: Number.POSITIVE_INFINITY,
          respond: {
            status: 403,
            body: { errors: [{ code: "DENIED", message: "requested access to the resource is denied" }] },
          },
        },
      ],
    });
    const proxied = tempDockerConfig({ [first.host]: alice, [proxy.host]: bob });
    const dir = context({ Dockerfile: "FROM scratch\nCOPY f /f\n", f: `denied ${archTags}\n` });
    const inputs = parseInputs(
      rawInputs({
        engine: "buildah",
        images: `${first.host}/org/app,${proxy.host}/org/app`,
        tag: "denied",
        platform: "linux/amd64",
        archTags,
      }),
      { github, hostPlatform: "linux/amd64" },
    );
    const failure = run(inputs, {
      reporter: recordingReporter(),
      env: { ...proxied.env, RUNNER_ENVIRONMENT: "self-hosted" },
      cwd: dir,
      tempDir: storage,
      buildah: {
        storageDriver: "vfs",
        isolation: "chroot",
        root: join(storage, "root"),
        runroot: join(storage, "runroot"),
        sleep: async () => {},
      },
    });
    const error = await failure.catch((e: unknown) => e);
    // The outputs main() writes before failing: what the first registry holds, and the timeline.
    expect(error).toBeInstanceOf(ArchBuildError);
    const { outputs } = error as ArchBuildError;
    expect((error as Error).cause).toBeInstanceOf(PartialBuildError);
    const digest = outputs.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const pushed = archTags ? `${first.host}/org/app:denied-amd64` : `${first.host}/org/app@${digest}`;
    const refused = archTags
      ? `docker://${proxy.host}/org/app:denied-amd64`
      : `${proxy.host}/org/app@${digest}`;
    const tool = archTags ? "buildah push to" : "skopeo copy to";
    const message = (error as Error).message;
    expect(message.startsWith(`${tool} ${refused} failed with exit code `)).toBe(true);
    expect(message).toContain("denied");
    expect(message.endsWith(`(after ${pushed} were pushed)`)).toBe(true);
    expect(outputs.refs).toEqual([pushed]);
    expect((await inspectRaw(pushed, { creds: alice })).digest).toBe(digest);
    expect(outputs.timeline).toMatchObject({
      platform: "linux/amd64",
      outcome: "failure",
      digest,
      steps: [
        { name: "build", outcome: "success" },
        { name: "push", outcome: "failure" },
      ],
    });
    // A permanent refusal is retried by nobody.
    expect(proxy.count({ method: "PUT", path: /\/manifests\// })).toBe(1);
  });
});
