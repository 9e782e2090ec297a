import { execFileSync, spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  inspectRaw,
  isAlive,
  makeTempDir,
  runCommand,
  startRegistry,
  stopAll,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, noteBuildahContainers, removeLeftoverContainers } from "../src/interrupt";
import { BUILDAH_FLAGS, buildahStorage, cli, DIST, helloRepo, inspectLayout, section } from "./helpers";

afterAll(stopAll);

const ROOT = join(DIST, "..", "..", "..", "..");
const storage = buildahStorage();

// Where the docker CLI looks for plugins (its four system directories, then the Docker config's),
// which is where scripts/lib/deps.sh links trixie's plugin on a fresh machine (as root
// /usr/local/libexec), then the unpacked copies themselves.
const BUILDX_PLUGIN = [
  "/usr/local/lib/docker/cli-plugins",
  "/usr/local/libexec/docker/cli-plugins",
  "/usr/lib/docker/cli-plugins",
  "/usr/libexec/docker/cli-plugins",
  join(process.env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "cli-plugins"),
  join(process.env.MBP_BUSYBOX_DIR ?? "/nonexistent", "root/usr/libexec/docker/cli-plugins"),
  "/opt/mbp-trixie/root/usr/libexec/docker/cli-plugins",
]
  .map((dir) => join(dir, "docker-buildx"))
  .find((path) => existsSync(path));
const DOCKER = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v docker"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();
const noDockerClient = !DOCKER
  ? "no docker CLI client on PATH (apt-get install docker-cli or docker.io)"
  : !BUILDX_PLUGIN
    ? "no docker-buildx plugin (apt-get install docker-buildx)"
    : "";

/**
 * The real docker client with its buildx plugin (found through DOCKER_CONFIG/cli-plugins) and a
 * DOCKER_HOST where no daemon listens: Docker Desktop stopped, or a CI image with the client only.
 */
function dockerWithoutDaemon(): NodeJS.ProcessEnv {
  const config = makeTempDir("cli-docker-config");
  mkdirSync(join(config, "cli-plugins"));
  symlinkSync(BUILDX_PLUGIN as string, join(config, "cli-plugins", "docker-buildx"));
  return { DOCKER_CONFIG: config, DOCKER_HOST: `unix://${join(config, "nobody-listens.sock")}` };
}

describe.skipIf(noDockerClient !== "")(`the buildx plugin without a daemon ${noDockerClient}`, () => {
  it("auto falls back to buildah and says why in one line; buildx by name is refused before anything runs", async () => {
    const env = dockerWithoutDaemon();
    expect(
      execFileSync("docker", ["buildx", "version"], { env: { ...process.env, ...env } }).toString(),
    ).toMatch(/buildx/);
    const repo = helloRepo({ branch: "main" });
    const plan = await cli(["plan"], { cwd: repo, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(section(plan.stdout, "Plan")).toContainEqual(
      expect.stringMatching(
        /^engine +buildah \(auto: docker buildx's current builder does not answer \(Cannot connect to the Docker daemon at unix:\/\/.*nobody-listens\.sock\. Is the docker daemon running\?\); buildah version /,
      ),
    );
    const named = await cli(["build", "--engine", "buildx"], { cwd: repo, env });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(
      `--engine: "buildx" needs docker buildx, but docker buildx's current builder does not answer (Cannot connect to the Docker daemon`,
    );
  });

  it("plan refuses what run refuses (exit code 2), named builders included", async () => {
    const env = dockerWithoutDaemon();
    const repo = helloRepo({ branch: "main" });
    for (const [flags, message] of [
      [["--engine", "podman"], '--engine: "podman" is not an engine'],
      [["--build-arg", "NOEQUALS"], '--build-arg: "NOEQUALS" is not KEY=VALUE'],
      [
        ["--builder", "linux/arm64=no-such-builder"],
        '--builder: "linux/arm64=no-such-builder" names buildx builders',
      ],
      [
        ["--engine", "buildx", "--builder", "linux/amd64=no-such", "--builder", "linux/arm64=no-such"],
        '--builder: "linux/amd64=no-such linux/arm64=no-such" names builder no-such, which does not answer: no builder "no-such" found',
      ],
    ] as const) {
      for (const command of ["plan", "run"]) {
        const result = await cli([command, ...flags], { cwd: repo, env });
        expect([command, result.code, result.stdout]).toEqual([command, 2, ""]);
        expect(result.stderr).toContain(message);
      }
    }
  });

  it("the README's try.sh builds with buildah, passing it the flags that work anywhere", async () => {
    const env = dockerWithoutDaemon();
    const layout = join(makeTempDir("cli-try"), "oci");
    const result = await runCommand(
      "bash",
      [join(ROOT, "packages/cli/bin/try.sh"), "--tag", "try", "--layout", layout],
      { env: { ...process.env, ...storage.env, ...env }, ignoreReturnCode: true, timeoutMs: 170_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^engine +buildah \(auto: docker buildx's current builder does not answer/m,
    );
    expect(result.stdout).toMatch(/^==> Build 2 platforms in parallel with buildah$/m);
    expect(result.stdout).toContain("verified: every tag names this index");
    expect((await inspectLayout(layout, "try")).manifest.manifests).toHaveLength(2);
  });
});

/** `ldd` lists what a dynamically linked program needs; copied with it, it runs in a FROM scratch image. */
function rootfsWith(dir: string, programs: readonly string[]): void {
  for (const program of programs) {
    const files = [
      program,
      ...execFileSync("ldd", [program], { encoding: "utf8" })
        .split("\n")
        .flatMap((line) => /(\/\S+) \(0x/.exec(line)?.[1] ?? []),
    ];
    for (const file of files) {
      mkdirSync(join(dir, "rootfs", file, ".."), { recursive: true });
      execFileSync("cp", ["-L", file, join(dir, "rootfs", file)]);
    }
  }
}

/** A context whose one RUN step sleeps, with the host's own sleep (and its libraries) in a scratch image. */
function sleeperContext(): string {
  const dir = makeTempDir("cli-sleeper");
  rootfsWith(dir, ["/bin/sh", "/bin/sleep"]);
  writeFileSync(join(dir, "Dockerfile"), 'FROM scratch\nCOPY rootfs/ /\nRUN ["/bin/sleep", "300"]\n');
  return dir;
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited 120 s for ${what}`);
}

describe("named builders on remote nodes", () => {
  it("every --builder gets the full time to answer, not only the first", async () => {
    // A docker whose builders answer `buildx inspect --bootstrap` after 0.3 s, as a remote node does.
    const bin = makeTempDir("cli-slow-builders");
    writeFileSync(
      join(bin, "docker"),
      [
        "#!/bin/sh",
        'if [ "$1 $2" = "buildx version" ]; then echo "github.com/docker/buildx v0.13.1"; exit 0; fi',
        'if [ "$1 $2 $3" = "buildx inspect --bootstrap" ]; then',
        "  sleep 0.3",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter, not a JavaScript template
        '  printf "Name: %s\\nDriver: remote\\n\\nNodes:\\nName: %s0\\nStatus: running\\n" "${4:-default}" "${4:-default}"',
        "  exit 0",
        "fi",
        'echo "fake docker: $*" >&2; exit 1',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const repo = helloRepo({ branch: "main" });
    const plan = await cli(
      ["plan", "--engine", "buildx", "--builder", "linux/amd64=node-a", "--builder", "linux/arm64=node-b"],
      { cwd: repo, env: { PATH: `${bin}:${process.env.PATH ?? ""}` } },
    );
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^linux\/amd64 +buildx builder node-a /m);
    expect(plan.stdout).toMatch(/^linux\/arm64 +buildx builder node-b /m);
  });
});

describe("a signal to the CLI's own pid", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s ends the buildah build, leaves no process, working container or scratch directory, exits %i", async (signal, code) => {
    const context = sleeperContext();
    const tmp = makeTempDir("cli-signal-tmp");
    const out = makeTempDir("cli-signal-out");
    const env = { ...process.env, ...storage.env, TMPDIR: tmp };
    const child = spawn(
      process.execPath,
      [
        DIST,
        "build",
        "--context",
        context,
        "--tag",
        "sig",
        "--platforms",
        "linux/amd64",
        "--layout",
        join(out, "oci"),
        ...BUILDAH_FLAGS,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
    const pid = child.pid as number;

    // The RUN step is sleeping: buildah, its chroot runtime and the sleep are below the CLI.
    const below = await until("the RUN step", async () => {
      const pids = await descendants(pid);
      const commands = pids.map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ");
        } catch {
          return "";
        }
      });
      return commands.some((c) => c.startsWith("/bin/sleep 300")) ? pids : undefined;
    });
    const containers = async () =>
      (
        await runCommand("buildah", ["--storage-driver", "vfs", "containers", "--quiet"], { env })
      ).stdout.trim();
    expect(await containers()).not.toBe("");

    process.kill(pid, signal);
    const status = await exited;
    expect(status, `${stdout}\n${stderr}`).toBe(code);
    expect(stderr).toMatch(new RegExp(`^${signal}: stopping \\d+ build process(es)? and the run`, "m"));
    expect(stderr).toMatch(new RegExp(`^${signal}: stopped; the build processes are gone`, "m"));
    expect(below.filter((pid) => isAlive(pid))).toEqual([]);
    expect(await containers()).toBe("");
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(out).filter((name) => name.includes("staging"))).toEqual([]);
  });
});

describe("builds that had to be killed", () => {
  it("leave working containers that are removed, and only those made since the builds started", async () => {
    // In process: buildah runs with this process's environment.
    const own = buildahStorage();
    const saved = process.env.CONTAINERS_STORAGE_CONF;
    process.env.CONTAINERS_STORAGE_CONF = own.env.CONTAINERS_STORAGE_CONF;
    const global = ["--storage-driver", "vfs"];
    const names = async () =>
      (await runCommand("buildah", [...global, "containers", "--format", "{{.ContainerName}}"])).stdout
        .split("\n")
        .filter(Boolean);
    try {
      await runCommand("buildah", [...global, "from", "--name", "someone-elses", "scratch"]);
      await noteBuildahContainers(global);
      // What a SIGKILLed `buildah build` leaves: its working container.
      await runCommand("buildah", [...global, "from", "--name", "killed-build", "scratch"]);
      expect(await names()).toEqual(["someone-elses", "killed-build"]);
      expect(await removeLeftoverContainers()).toHaveLength(1);
      expect(await names()).toEqual(["someone-elses"]);
    } finally {
      await runCommand("buildah", [...global, "rm", "--all"]);
      if (saved === undefined) delete process.env.CONTAINERS_STORAGE_CONF;
      else process.env.CONTAINERS_STORAGE_CONF = saved;
    }
  });
});

describe("reproducible builds with SOURCE_DATE_EPOCH", () => {
  async function digestOf(repo: string, env: NodeJS.ProcessEnv): Promise<string> {
    const layout = join(makeTempDir("cli-repro"), "oci");
    const result = await cli(["build", "--platforms", "linux/amd64", "--layout", layout, ...BUILDAH_FLAGS], {
      cwd: repo,
      env: { ...storage.env, ...env },
    });
    expect(result.code, result.stderr).toBe(0);
    return (await inspectLayout(layout, "main-amd64")).digest;
  }

  it("two buildah builds of one context give one digest (and without it, two)", async () => {
    const repo = helloRepo({ branch: "main" });
    const epoch = { SOURCE_DATE_EPOCH: "1700000000" };
    const [first, second] = [await digestOf(repo, epoch), await digestOf(repo, epoch)];
    expect(second).toBe(first);
    // The control: the build's own clock makes every build differ.
    const [third, fourth] = [await digestOf(repo, {}), await digestOf(repo, {})];
    expect(third).not.toBe(fourth);
  });
});

describe("build flags with buildah", () => {
  it("a secret reaches the RUN step but never the log; labels go to the image, annotations to the index", async () => {
    const repo = helloRepo({
      branch: "main",
      dockerfile:
        "FROM scratch\nCOPY rootfs/ /\nRUN --mount=type=secret,id=token /bin/cat /run/secrets/token > /token.txt\n",
    });
    rootfsWith(repo, ["/bin/sh", "/bin/cat"]);
    const value = "s3cret-value-never-logged";
    const layout = join(makeTempDir("cli-flags"), "oci");
    const result = await cli(
      [
        "run",
        "--platforms",
        "linux/amd64",
        "--layout",
        layout,
        "--secret",
        "id=token,env=TOKEN_FOR_TEST",
        "--label",
        "team=infra",
        "--annotation",
        "org.opencontainers.image.description=hello from a test",
        ...BUILDAH_FLAGS,
      ],
      { cwd: repo, env: { ...storage.env, ...tempDockerConfig().env, TOKEN_FOR_TEST: value } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain(value);

    const index = await inspectLayout(layout, "main");
    expect(index.manifest).toMatchObject({
      annotations: { "org.opencontainers.image.description": "hello from a test" },
    });
    const blob = (digest: string) =>
      readFileSync(join(layout, "blobs", "sha256", digest.replace("sha256:", "")));
    const image = JSON.parse(blob((await inspectLayout(layout, "main-amd64")).digest).toString()) as {
      config: { digest: string };
      layers: Array<{ digest: string }>;
    };
    const config = JSON.parse(blob(image.config.digest).toString()) as {
      config: { Labels: Record<string, string> };
    };
    expect(config.config.Labels).toMatchObject({ team: "infra", "org.opencontainers.image.version": "main" });
    const lastLayer = gunzipSync(blob(image.layers.at(-1)?.digest ?? "")).toString("latin1");
    expect(lastLayer).toContain("token.txt");
    expect(lastLayer).toContain(value);
  });

  it("when one platform fails, the error lists the per-arch tags the others left (no index)", async () => {
    const repo = helloRepo({
      branch: "main",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JavaScript template
      dockerfile: "FROM scratch\nARG TARGETARCH\nCOPY ${TARGETARCH}.txt /\n",
    });
    writeFileSync(join(repo, "amd64.txt"), "only amd64 builds\n");
    const result = await cli(
      ["run", "--platforms", "linux/amd64,linux/arm64", ...BUILDAH_FLAGS, "--summary", "summary.md"],
      { cwd: repo, env: storage.env },
    );
    expect(result.code).toBe(1);
    // The run at a glance of a failed run: which platform failed at which step, what is left where.
    const summary = readFileSync(join(repo, "summary.md"), "utf8");
    expect(summary).toContain("### Nothing written: the build of `linux/arm64` failed");
    expect(summary).toMatch(
      /^\| `oci:out\/oci` \| none \| {2}\| `linux\/amd64` \| `sha256:[0-9a-f]{64}` \| \d+(\.\d)? k?B \| built; left: oci:out\/oci:main-amd64 → sha256:[0-9a-f]{64} \|$/m,
    );
    expect(summary).toMatch(
      /^\| {2}\| {2}\| {2}\| `linux\/arm64` \| {2}\| {2}\| \*\*build failed\*\*; no tag main-arm64 \|$/m,
    );
    expect(summary).toMatch(/section linux\/arm64\n {4}build FAILED [\d.]+ s :crit, /);
    expect(summary).toContain("stays in `oci:out/oci` (no index points at it)");
    expect(result.stderr).toMatch(
      /^error: 1 of 2 platform builds failed:\n {2}- linux\/arm64: buildah build failed with exit code \d+: .*\nNo multi-arch index was written; the platforms that built left their per-arch tags:\n {2}- linux\/amd64: oci:out\/oci:main-amd64\n$/s,
    );
    const tags = JSON.parse(readFileSync(join(repo, "out", "oci", "index.json"), "utf8")) as {
      manifests: Array<{ annotations?: Record<string, string> }>;
    };
    expect(tags.manifests.map((m) => m.annotations?.["org.opencontainers.image.ref.name"])).toEqual([
      "main-amd64",
    ]);
  });
});

describe("mbp as a command", () => {
  it("npm install -g of the package gives mbp, and the bundle needs nothing from the workspace", async () => {
    const prefix = makeTempDir("cli-npm-prefix");
    const npm = (args: string[]) =>
      runCommand("npm", args, {
        env: {
          ...process.env,
          npm_config_update_notifier: "false",
          npm_config_fund: "false",
          npm_config_audit: "false",
        },
        timeoutMs: 120_000,
      });
    // As the README says, from a clone.
    await npm(["install", "-g", "--prefix", prefix, join(ROOT, "packages/cli")]);
    expect((await runCommand(join(prefix, "bin", "mbp"), ["--version"])).stdout).toMatch(
      /^mbp \d+\.\d+\.\d+\n$/,
    );

    // A copy of only what the package ships (package.json and dist), far from the workspace's node_modules.
    const copy = makeTempDir("cli-package-copy");
    execFileSync("cp", [
      "-r",
      join(ROOT, "packages/cli/package.json"),
      join(ROOT, "packages/cli/dist"),
      copy,
    ]);
    const elsewhere = makeTempDir("cli-npm-prefix");
    await npm(["install", "-g", "--prefix", elsewhere, copy]);
    const repo = helloRepo({ branch: "main" });
    const plan = await runCommand(join(elsewhere, "bin", "mbp"), ["plan", "--engine", "buildah"], {
      cwd: repo,
      ignoreReturnCode: true,
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^tag +main \(from git branch main\)$/m);
  });
});

// A registry name that is not loopback by name but reaches this machine's loopback registry (the
// machine's own name, when /etc/hosts maps it to 127.0.0.1): plain HTTP only with --insecure-registries.
const ownName = hostname();
const ownNameIsLoopback = await lookup(ownName, { family: 4 }).then(
  (found) => found.address === "127.0.0.1",
  () => false,
);

describe.skipIf(!ownNameIsLoopback)(
  `--insecure-registries ${ownNameIsLoopback ? "" : `(skipped: this machine's name ${ownName} does not resolve to 127.0.0.1)`}`,
  () => {
    it("lets the registry client and buildah speak plain HTTP to a named host; without it the push is refused up front", async () => {
      const registry = await startRegistry();
      const host = `${ownName}:${registry.port}`;
      const repo = helloRepo({ branch: "main" });
      const flags = [
        "run",
        "--push",
        "--images",
        `${host}/org/app`,
        "--platforms",
        "linux/amd64",
        ...BUILDAH_FLAGS,
      ];
      const env = { ...storage.env, ...tempDockerConfig().env };

      const refused = await cli(flags, { cwd: repo, env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--images: "${host}/org/app" cannot be pushed`);

      const pushed = await cli([...flags, "--insecure-registries", host.toUpperCase()], { cwd: repo, env });
      expect(pushed.code, pushed.stderr).toBe(0);
      expect(pushed.stdout).toContain("--tls-verify=false");
      const index = await inspectRaw(`${registry.host}/org/app:main`);
      expect(index.manifest.manifests?.map((m) => m.platform?.architecture)).toEqual(["amd64"]);
    });
  },
);
