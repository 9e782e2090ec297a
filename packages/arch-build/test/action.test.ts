/**
 * The bundled action (dist/index.js) run as the GitHub runner runs it: INPUT_* variables with the
 * action.yml defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the exit code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAction } from "@mbp/image-spec/testing";
import {
  type Credentials,
  httpRequest,
  inspectRaw,
  type Registry,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRun, makeContext, probeExecutable } from "./contexts";
import { FAKE_DIGEST, fakeDocker } from "./fake-docker";
import { GITHUB_ENV } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const user: Credentials = { username: "ci", password: "ci-pass-3" };
const SECRET = "Top-S3cret-for-the-action-7731";

let first: Registry;
let second: Registry;
let config: TempDockerConfig;
let storage: string;
let context: string;

beforeAll(async () => {
  [first, second] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
  ]);
  config = tempDockerConfig({ [first.host]: user, [second.host]: user });
  storage = mkdtempSync(join(tmpdir(), "arch-build-action-"));
  // What a self-hosted runner in an unprivileged container would configure: buildah reads these itself.
  writeFileSync(
    join(storage, "storage.conf"),
    `[storage]\ndriver = "vfs"\ngraphroot = "${storage}/root"\nrunroot = "${storage}/runroot"\n`,
  );
  context = makeContext({ Dockerfile: "FROM scratch\nCOPY hello.txt /hello.txt\n", "hello.txt": "hello\n" });
});

afterAll(async () => {
  await stopAll();
  rmSync(storage, { recursive: true, force: true });
  rmSync(context, { recursive: true, force: true });
});

// A multi-line secret, as a pip.conf with credentials is: an id<<DELIMITER block of the secrets
// input carries what one-line id=value secrets cannot.
const PIP_CONF = "[global]\nindex-url = https://user:pypi-password-123@pypi.example/simple\n";

// One bundled build may take this long before it is killed: minutes, not seconds, on a loaded
// 2-core machine (the file's test timeout, in vitest.config.ts, is above it).
const BUILD_TIMEOUT_MS = 300_000;

describe("the bundled action", () => {
  it("builds with buildah and pushes one digest to both registries", async () => {
    const result = await runAction(actionYml, {
      cwd: context,
      inputs: {
        images: `${first.host}/org/app\n${second.host}/org/app`,
        "additional-tags": "latest",
        platform: "linux/arm64",
        engine: "buildah",
        secrets: `token=${SECRET}`,
      },
      env: {
        ...GITHUB_ENV,
        ...config.env,
        RUNNER_ENVIRONMENT: "self-hosted",
        CONTAINERS_STORAGE_CONF: join(storage, "storage.conf"),
        BUILDAH_ISOLATION: "chroot",
      },
      timeoutMs: BUILD_TIMEOUT_MS,
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const refs = [`${first.host}/org/app:1.0.0-arm64`, `${second.host}/org/app:1.0.0-arm64`];
    expect(JSON.parse(result.outputs.refs ?? "")).toEqual(refs);
    const digest = result.outputs.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const ref of refs) expect((await inspectRaw(ref, { creds: user })).digest).toBe(digest);
    const descriptor = JSON.parse(result.outputs.descriptor ?? "");
    expect(descriptor).toEqual({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest,
      size: (await inspectRaw(refs[0] ?? "", { creds: user })).raw.length,
      platform: { os: "linux", architecture: "arm64" },
    });
    await expect(inspectRaw(`${first.host}/org/app:latest-arm64`, { creds: user })).rejects.toThrow();
    expect(result.summary).toContain("| Platform | Refs | Digest | Manifest size | Build time |");
    expect(result.summary).toContain(
      `| \`linux/arm64\` | \`${refs[0]}\`<br>\`${refs[1]}\` | \`${digest}\` | ${descriptor.size} B |`,
    );
    expect(result.commands.some((c) => c.command === "add-mask" && c.message === SECRET)).toBe(true);
    expect(result.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain(SECRET);
    expect(result.stderr).not.toContain(SECRET);
  });

  it("reports every bad input at once, before building anything, without echoing secrets", async () => {
    const result = await runAction(actionYml, {
      cwd: context,
      inputs: {
        images: "app",
        platform: "linux/amd64,linux/arm64",
        push: "maybe",
        engine: "kaniko",
        secrets: "hunter2-was-not-key-value",
      },
      env: { ...GITHUB_ENV, RUNNER_ENVIRONMENT: "self-hosted" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'push: "maybe" is not a boolean; write true or false',
      'engine: "kaniko" is not a build engine; write buildx or buildah',
      "platform: \"linux/amd64,linux/arm64\" names 2 platforms; each arch-build builds one; run one job per platform (the plan's matrix) and pass that job's platform",
      'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
      'secrets: "<line 1, hidden>" is not id=value; write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF',
      "5 input problems; nothing was built or pushed",
    ]);
    expect(result.commands.filter((c) => c.command === "error").map((c) => c.properties)).toContain(
      "title=Invalid input%3A images",
    );
    expect(result.stdout).not.toContain("[command]");
    expect(result.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain("hunter2");
    expect(result.outputs).toEqual({});
  });

  it("names a missing Dockerfile relative to the context", async () => {
    const result = await runAction(actionYml, {
      cwd: context,
      inputs: { images: `${first.host}/org/app`, engine: "buildah", dockerfile: "docker/Containerfile" },
      env: { ...GITHUB_ENV, RUNNER_ENVIRONMENT: "self-hosted" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      `dockerfile: "docker/Containerfile" is not a file; give the Dockerfile's path relative to the working directory, or leave it empty for <context>/Dockerfile`,
      "1 input problem; nothing was built or pushed",
    ]);
    expect(result.stdout).not.toContain("[command]");
  });

  it("drives buildx (a recording docker on PATH) with secrets only in its environment", async () => {
    const docker = fakeDocker({ driver: "docker-container" });
    try {
      const result = await runAction(actionYml, {
        cwd: context,
        inputs: {
          images: "ghcr.io/org/app,docker.io/org/app",
          tag: "2.0.0",
          platform: "linux/amd64",
          // The empty line before the delimiter keeps the file's last newline in the value.
          secrets: `token=${SECRET}\npip_conf<<PIP_CONF_END\n${PIP_CONF}\nPIP_CONF_END\n`,
          "build-args": "VERSION=2.0.0",
          "free-space": "true",
        },
        env: {
          ...GITHUB_ENV,
          PATH: `${docker.dir}:${process.env.PATH ?? ""}`,
          RUNNER_ENVIRONMENT: "self-hosted",
          ACTIONS_RUNTIME_TOKEN: "runtime-token",
          ACTIONS_RESULTS_URL: "https://results.example/",
        },
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs.digest).toBe(FAKE_DIGEST);
      expect(JSON.parse(result.outputs.refs ?? "")).toEqual([
        "ghcr.io/org/app:2.0.0-amd64",
        "docker.io/org/app:2.0.0-amd64",
      ]);
      expect(JSON.parse(result.outputs.descriptor ?? "")).toMatchObject({
        digest: FAKE_DIGEST,
        platform: { os: "linux", architecture: "amd64" },
      });
      expect(result.warnings).toEqual([
        'free-space: ignored on a self-hosted runner (RUNNER_ENVIRONMENT="self-hosted"); nothing was deleted',
      ]);
      expect(result.summary).toContain("free-space: skipped");
      const build = docker.calls().find((c) => c.argv[1] === "build");
      expect(build?.argv).toContain("id=token,env=MBP_SECRET_TOKEN");
      expect(build?.argv).toContain("type=gha,scope=org/app-amd64");
      expect(build?.env.MBP_SECRET_TOKEN).toBe(SECRET);
      expect(build?.argv).toContain("id=pip_conf,env=MBP_SECRET_PIP_CONF");
      expect(build?.env.MBP_SECRET_PIP_CONF).toBe(PIP_CONF);
      for (const secret of [SECRET, PIP_CONF, "pypi-password-123"]) {
        for (const call of docker.calls()) expect(JSON.stringify(call.argv)).not.toContain(secret);
        expect(result.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain(secret);
        expect(result.stderr).not.toContain(secret);
      }
      // Every child process (docker, and what docker runs) sees the secrets only in the variables
      // buildx reads, never the input that carries them all.
      expect(docker.calls().length).toBeGreaterThan(0);
      for (const call of docker.calls()) expect(Object.keys(call.env)).not.toContain("INPUT_SECRETS");
      // Other inputs do reach the child, as on the runner: the check above could fail.
      expect(docker.calls()[0]?.env.INPUT_PUSH).toBe("true");
    } finally {
      docker.remove();
    }
  });
});

/** A storage.conf for a fresh buildah storage: what a new runner starts with. */
function freshStorage(name: string): string {
  const dir = join(storage, name);
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, "storage.conf");
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/runroot"\n`);
  return conf;
}

describe("the bundled action with buildah, as a runner without credentials or with a registry cache has it", () => {
  it("treats a DOCKER_CONFIG folder without config.json as no credentials", async () => {
    const open = await startRegistry();
    const emptyConfig = mkdtempSync(join(tmpdir(), "arch-build-empty-docker-config-"));
    try {
      const result = await runAction(actionYml, {
        cwd: context,
        inputs: { images: `${open.host}/org/app`, tag: "anon", platform: "linux/amd64", engine: "buildah" },
        env: {
          ...GITHUB_ENV,
          DOCKER_CONFIG: emptyConfig,
          HOME: storage,
          RUNNER_ENVIRONMENT: "self-hosted",
          CONTAINERS_STORAGE_CONF: freshStorage("anonymous"),
          BUILDAH_ISOLATION: "chroot",
        },
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      // Without the fix buildah stops at once: "checking authfile: stat <dir>/config.json: no such file".
      expect(result.stdout).not.toContain("checking authfile");
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect((await inspectRaw(`${open.host}/org/app:anon-amd64`)).digest).toBe(result.outputs.digest);
    } finally {
      rmSync(emptyConfig, { recursive: true, force: true });
    }
  });

  const amd64 = canRun("amd64");
  it.skipIf(!amd64.ok)(
    `a second build of the same context on a fresh machine reuses the layers cached in the registry ${amd64.ok ? "" : `(skipped: ${(amd64 as { reason: string }).reason})`}`,
    // Two builds in a row.
    { timeout: 2 * BUILD_TIMEOUT_MS + 60_000 },
    async () => {
      // The RUN step writes a file, so a layer that is built again gets a new timestamp and digest;
      // a layer taken from the cache is the same blob.
      const dir = makeContext({
        Dockerfile: 'FROM scratch\nCOPY probe /probe\nRUN ["/probe"]\n',
        probe: probeExecutable("amd64"),
      });
      const image = `${first.host}/org/cached`;
      const cache = `${first.host}/org/cached-cache-{arch}`;
      const build = (tag: string, machine: string) =>
        runAction(actionYml, {
          cwd: dir,
          inputs: {
            images: image,
            tag,
            platform: "linux/amd64",
            engine: "buildah",
            "cache-from": cache,
            "cache-to": cache,
          },
          env: {
            ...GITHUB_ENV,
            ...config.env,
            HOME: storage,
            RUNNER_ENVIRONMENT: "self-hosted",
            CONTAINERS_STORAGE_CONF: freshStorage(machine),
            BUILDAH_ISOLATION: "chroot",
          },
          timeoutMs: BUILD_TIMEOUT_MS,
        });
      try {
        const cold = await build("one", "runner-1");
        expect(cold.errors).toEqual([]);
        expect(cold.exitCode).toBe(0);
        expect(cold.stdout).toContain(`--cache-to ${first.host}/org/cached-cache-amd64`);
        const tags = await httpRequest(`${first.url}/v2/org/cached-cache-amd64/tags/list`, {
          headers: {
            authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
          },
        });
        expect(tags.status).toBe(200);
        expect(JSON.parse(tags.body.toString()).tags.length).toBeGreaterThan(0);

        await new Promise((resolve) => setTimeout(resolve, 1100)); // a rebuilt layer would get a later mtime
        const warm = await build("two", "runner-2");
        expect(warm.errors).toEqual([]);
        expect(warm.exitCode).toBe(0);
        expect(warm.stdout).toContain(`--> Cache pulled from remote ${first.host}/org/cached-cache-amd64:`);
        const layers = async (tag: string) =>
          (await inspectRaw(`${image}:${tag}-amd64`, { creds: user })).manifest.layers?.map((l) => l.digest);
        const [coldLayers, warmLayers] = [await layers("one"), await layers("two")];
        expect(coldLayers?.length).toBe(2);
        expect(warmLayers).toEqual(coldLayers);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
