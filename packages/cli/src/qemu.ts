import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Platform, runsNatively } from "@mbp/image-spec";
import type { MachineProblem } from "./engines";

/** Where the kernel lists its binfmt_misc handlers. */
export const BINFMT_DIR = "/proc/sys/fs/binfmt_misc";

/** The install commands said whenever QEMU is missing. */
export const QEMU_INSTALL_HINT =
  "apt-get install qemu-user-static binfmt-support (Debian/Ubuntu), or docker run --privileged --rm tonistiigi/binfmt --install all";

// QEMU's names for the architectures a plan can hold (binfmt handlers are `qemu-<name>`).
const QEMU_ARCH: Readonly<Record<string, string>> = {
  amd64: "x86_64",
  arm64: "aarch64",
  arm: "arm",
  "386": "i386",
  ppc64le: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
  mips64le: "mips64el",
  loong64: "loongarch64",
};

/** QEMU's name for a platform's architecture (`aarch64` for linux/arm64). */
export function qemuArch(platform: Pick<Platform, "architecture">): string {
  return QEMU_ARCH[platform.architecture] ?? platform.architecture;
}

/**
 * The RUN steps that execute on the target platform: RUN instructions of stages not pinned to the build
 * machine with `FROM --platform=$BUILDPLATFORM`. Line continuations are joined, comments dropped;
 * heredoc bodies are not instructions and are skipped. Returns the instructions as written (first line).
 */
export function targetRunSteps(dockerfile: string): string[] {
  const steps: string[] = [];
  let pinnedToBuildPlatform = false;
  let heredoc: string | undefined;
  let continued = "";
  for (const rawLine of dockerfile.split(/\r?\n/)) {
    if (heredoc !== undefined) {
      if (rawLine.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (continued === "" && /^\s*#/.test(rawLine)) continue;
    const line = continued + rawLine;
    if (/\\\s*$/.test(rawLine)) {
      continued = `${line.replace(/\\\s*$/, "")} `;
      continue;
    }
    continued = "";
    const instruction = /^\s*([A-Za-z]+)\b\s*(.*)$/.exec(line);
    if (!instruction) continue;
    const [, keyword = "", rest = ""] = instruction;
    const opensHeredoc = /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(rest);
    if (opensHeredoc) heredoc = opensHeredoc[1];
    switch (keyword.toUpperCase()) {
      case "FROM":
        pinnedToBuildPlatform = /--platform=\$\{?BUILDPLATFORM\}?(?:\s|$)/.test(rest);
        break;
      case "RUN":
        if (!pinnedToBuildPlatform) steps.push(`RUN ${rest}`.replace(/\s+/g, " ").trim());
        break;
    }
  }
  return steps;
}

/** Whether the kernel runs a foreign architecture's binaries through QEMU (binfmt_misc). */
export interface BinfmtStatus {
  readonly arch: string;
  /** `/proc/sys/fs/binfmt_misc/qemu-aarch64`. */
  readonly path: string;
  readonly registered: boolean;
  /** Registered but switched off (`disabled` in the handler file). */
  readonly disabled: boolean;
}

/** Reads `qemu-<arch>` in the binfmt_misc directory (injectable for tests). */
export async function binfmtStatus(
  platform: Pick<Platform, "architecture">,
  dir: string = BINFMT_DIR,
): Promise<BinfmtStatus> {
  const arch = qemuArch(platform);
  const path = join(dir, `qemu-${arch}`);
  try {
    const text = await readFile(path, "utf8");
    const disabled = text.split("\n")[0]?.trim() === "disabled";
    return { arch, path, registered: true, disabled };
  } catch {
    return { arch, path, registered: false, disabled: false };
  }
}

/** How one platform's RUN steps execute here, as the plan says it. */
export interface PlatformSetup {
  /** A named buildx builder (`--builder`), when the platform goes to one. */
  readonly builder?: string;
  /** `native`, `QEMU (qemu-aarch64)`, `builder arm-node`, `no RUN steps, no emulation needed`. */
  readonly runs: string;
}

/**
 * How a platform runs its RUN steps here: on its named builder, natively, without any (no RUN steps),
 * or under QEMU. A foreign platform whose Dockerfile has RUN steps needs its binfmt_misc handler; a
 * missing one is the problem, with what to install.
 */
export async function platformSetup(
  platform: Platform,
  machine: {
    /** This machine's platform (`linux/amd64`). */
    readonly host: string;
    readonly builder?: string;
    /** The Dockerfile's target RUN steps; undefined for a remote context (not read). */
    readonly runSteps: readonly string[] | undefined;
    /** Empty when there is none yet (plan without a Dockerfile). */
    readonly dockerfile: string;
    readonly binfmtDir?: string;
  },
): Promise<{ readonly ok: true; readonly setup: PlatformSetup } | ({ readonly ok: false } & MachineProblem)> {
  const { builder, host, runSteps } = machine;
  if (builder) return { ok: true, setup: { builder, runs: `buildx builder ${builder}` } };
  // Every variant of this machine's architecture runs natively (an x86-64-v3 CPU is still amd64).
  if (runsNatively(platform, host.split("/")[1] ?? "")) return { ok: true, setup: { runs: "native" } };
  if (runSteps !== undefined && runSteps.length === 0) {
    return { ok: true, setup: { runs: "no RUN steps, no emulation needed" } };
  }
  const binfmt = await binfmtStatus(platform, machine.binfmtDir ?? BINFMT_DIR);
  const qemu = binfmt.registered && !binfmt.disabled;
  if (!machine.dockerfile) {
    // No Dockerfile yet (plan): what the platform will need if it has RUN steps.
    const state = qemu ? binfmt.path : `${binfmt.path} is ${binfmt.registered ? "disabled" : "missing"}`;
    return { ok: true, setup: { runs: `QEMU for RUN steps (${state})` } };
  }
  if (qemu) return { ok: true, setup: { runs: `QEMU (${binfmt.path})` } };
  const why = runSteps
    ? `the ${runSteps.length} RUN step(s) of ${machine.dockerfile}`
    : "the RUN steps of a remote context's Dockerfile";
  return {
    ok: false,
    problem: `needs QEMU to run ${why} on this ${host} machine, but ${binfmt.path} is ${binfmt.registered ? "disabled" : "missing"}`,
    fix: `install QEMU with binfmt_misc: ${QEMU_INSTALL_HINT}; or build it on a native builder with --builder ${platform.id}=NAME (buildx)`,
  };
}
