import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir, removeTempDir, trackPid, trackStopper } from "./cleanup";
import { runCommand } from "./command";

/**
 * A Docker engine of this test run: containerd and dockerd with the containerd image store
 * (scripts/dockerd.sh), so the `docker` buildx driver builds multi-platform images, writes
 * attestations, exports a registry cache and pushes to loopback registries (insecure by default).
 */
export interface Dockerd {
  /** `unix:///tmp/mbp-dockerd.…/docker.sock` */
  host: string;
  /**
   * `DOCKER_HOST`, and a `BUILDX_CONFIG` of this engine's own, to spread into a child's environment:
   * buildx run against this daemon with anyone else's buildx state would make the daemon that state's
   * current builder. No `DOCKER_CONFIG`: the child's own (a login's, or the test process's private
   * one) stays whatever the order of the spreads.
   */
  env: { DOCKER_HOST: string; BUILDX_CONFIG: string };
  /** RUN steps get a network namespace (a bridge of ours); without one they need `RUN --network=none`. */
  bridge: boolean;
  /** The daemon's directory (sockets, data root, logs). */
  dir: string;
}

/** A dockerd, or why there is none (for the skip message). */
export type DockerdAvailability = { ok: true; dockerd: Dockerd } | { ok: false; reason: string };

const scripts = fileURLToPath(new URL("../../../scripts/", import.meta.url));
const stateKey = Symbol.for("@mbp/testkit/dockerd");
const globalState = globalThis as { [stateKey]?: Promise<DockerdAvailability> };

/**
 * The dockerd that scripts/test.sh started (MBP_DOCKERD_DIR), else one this process starts itself
 * (root, and containerd/dockerd/runc from scripts/lib/deps.sh's cache or PATH), stopped by
 * stopAll. Never a developer's own daemon: the tests load images into it. Resolves to the reason
 * when there is none. One per process.
 */
export function dockerd(): Promise<DockerdAvailability> {
  globalState[stateKey] ??= findOrStart();
  return globalState[stateKey];
}

async function findOrStart(): Promise<DockerdAvailability> {
  const buildx = await runCommand("docker", ["buildx", "version"], { ignoreReturnCode: true }).catch(
    (error: Error) => ({ code: -1, stdout: "", stderr: error.message }),
  );
  if (buildx.code !== 0) {
    return {
      ok: false,
      reason: `\`docker buildx version\` does not work (${firstLine(buildx.stderr)}); run scripts/test.sh as root once, which installs the docker CLI and links Debian trixie's buildx plugin`,
    };
  }
  const unavailable = process.env.MBP_DOCKERD_UNAVAILABLE;
  if (unavailable) return { ok: false, reason: `no dockerd: ${unavailable}` };
  const given = process.env.MBP_DOCKERD_DIR;
  if (given) return { ok: true, dockerd: fromEnvFile(given) };
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: "no dockerd: starting one needs root (scripts/test.sh as root starts one)" };
  }
  const dir = mkdtempSync("/tmp/mbp-dockerd.");
  const started = await runCommand("bash", [join(scripts, "dockerd.sh"), "start", dir], {
    ignoreReturnCode: true,
    timeoutMs: 240_000,
  });
  if (started.code !== 0) return { ok: false, reason: `no dockerd: ${firstLine(started.stderr)}` };
  const untrack = ["dockerd.pid", "containerd.pid"].map((file) =>
    trackPid(Number(readFileSync(join(dir, file), "utf8"))),
  );
  trackStopper(async () => {
    globalState[stateKey] = undefined;
    await runCommand("bash", [join(scripts, "dockerd.sh"), "stop", dir], { timeoutMs: 60_000 });
    for (const stop of untrack) stop();
  });
  return { ok: true, dockerd: fromEnvFile(dir) };
}

function fromEnvFile(dir: string): Dockerd {
  const env = Object.fromEntries(
    readFileSync(join(dir, "env"), "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const host = env.DOCKER_HOST ?? `unix://${dir}/docker.sock`;
  return {
    host,
    // scripts/dockerd.sh writes it; a daemon started by an older copy keeps its buildx state in its dir.
    env: { DOCKER_HOST: host, BUILDX_CONFIG: env.BUILDX_CONFIG ?? join(dir, "buildx") },
    bridge: (env.MBP_DOCKERD_BRIDGE ?? "none") !== "none",
    dir,
  };
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .map((line) => line.replace(/^dockerd\.sh: /, ""))
      .pop() ?? "no output"
  );
}

/** The Debian architecture names the tests build for. */
export type DebianArch = "amd64" | "arm64";

/**
 * Debian's static busybox for `arch` (scripts/lib/deps.sh fetches both architectures into its
 * cache), for `FROM scratch` images whose RUN steps need a shell; or why there is none.
 */
export function busybox(arch: DebianArch): { ok: true; path: string } | { ok: false; reason: string } {
  const dir =
    process.env.MBP_BUSYBOX_DIR ??
    join(
      process.env.MBP_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mbp"),
      "trixie",
    );
  const path = join(dir, `busybox-${arch}`);
  if (existsSync(path)) return { ok: true, path };
  return {
    ok: false,
    reason: `no ${path}: run scripts/test.sh (as root on Debian/Ubuntu) once to fetch busybox-static`,
  };
}

/**
 * Loads a stand-in for buildx's default SBOM scanner (docker/buildkit-syft-scanner:stable-1, which
 * would come from Docker Hub) into `engine`'s image store: a busybox script that writes one
 * minimal SPDX document naming `name`. Only for a dockerd of this test run (see {@link dockerd}).
 */
export async function loadSbomScanner(engine: Dockerd, name = "testkit-sbom"): Promise<void> {
  const shell = busybox(process.arch === "arm64" ? "arm64" : "amd64");
  if (!shell.ok) throw new Error(shell.reason);
  const context = makeTempDir("sbom-scanner");
  try {
    copyFileSync(shell.path, join(context, "busybox"));
    chmodSync(join(context, "busybox"), 0o755);
    const document = {
      _type: "https://in-toto.io/Statement/v0.1",
      predicateType: "https://spdx.dev/Document",
      predicate: {
        spdxVersion: "SPDX-2.3",
        SPDXID: "SPDXRef-DOCUMENT",
        name,
        dataLicense: "CC0-1.0",
        creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: mbp-testkit"] },
        packages: [],
      },
    };
    writeFileSync(
      join(context, "scan"),
      `#!/bin/busybox sh\ncat > "$BUILDKIT_SCAN_DESTINATION/sbom.spdx.json" <<'EOF'\n${JSON.stringify(document)}\nEOF\n`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(context, "Dockerfile"),
      'FROM scratch\nCOPY busybox /bin/busybox\nCOPY scan /bin/scan\nENTRYPOINT ["/bin/scan"]\n',
    );
    await runCommand(
      "docker",
      ["buildx", "build", "--quiet", "--load", "--tag", "docker/buildkit-syft-scanner:stable-1", context],
      { env: { ...process.env, ...engine.env } },
    );
  } finally {
    removeTempDir(context);
  }
}
