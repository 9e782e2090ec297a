import { InputError, InputErrors } from "./errors";
import { parseLines, parseList } from "./list";

/** An OCI platform with its per-architecture tag suffix. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  /** `linux/arm64`, `linux/arm/v7`: the normalised form written back to users and buildx. */
  readonly id: string;
  /** Tag suffix: `amd64`, `arm64`, `arm-v7` (nublado hides tags ending in `-<lowercase alnum>`). */
  readonly suffix: string;
}

/** The default of every `platforms` input. */
export const DEFAULT_PLATFORMS = "linux/amd64,linux/arm64";

const ARCHITECTURES = new Set([
  "amd64",
  "arm64",
  "arm",
  "386",
  "ppc64le",
  "s390x",
  "riscv64",
  "mips64le",
  "loong64",
]);
const ALIASES: Record<string, string> = {
  x86_64: "amd64",
  "x86-64": "amd64",
  aarch64: "arm64",
  armhf: "arm",
};
// The variants containerd (and so buildx and buildah) knows: x86-64 levels, Arm architecture versions.
const ARM64_VARIANTS = [
  "v8",
  ...Array.from({ length: 9 }, (_, i) => `v8.${i + 1}`),
  "v9",
  ...Array.from({ length: 7 }, (_, i) => `v9.${i + 1}`),
];
const VARIANTS: Record<string, readonly string[]> = {
  amd64: ["v1", "v2", "v3", "v4"],
  arm64: ["v8.0", "v9.0", ...ARM64_VARIANTS],
  arm: ["v5", "v6", "v7", "v8"],
};
const VARIANT_HINTS: Record<string, string> = {
  amd64: "v2, v3 or v4 (x86-64 levels; v1 is linux/amd64)",
  arm64: "v8.1 … v8.9, v9, v9.1 … v9.7 (Arm versions; v8 is linux/arm64)",
  arm: "v5, v6, v7 or v8",
};
// Spellings that containerd normalises: the baseline variants go, `v9.0` is `v9`.
const CANONICAL_VARIANTS: Record<string, Record<string, string | undefined>> = {
  amd64: { v1: undefined },
  arm64: { v8: undefined, "v8.0": undefined, "v9.0": "v9" },
};

/**
 * Parses `os/arch[/variant]` (`linux/arm` means `linux/arm/v7`, `linux/arm64/v8` means `linux/arm64`).
 * Only Linux platforms: every build runs a Linux container builder on a Linux runner.
 */
export function parsePlatform(value: string, input = "platforms"): Platform {
  const parts = value.trim().toLowerCase().split("/");
  const fail = (problem: string, fix: string): never => {
    throw new InputError(input, value, problem, fix);
  };
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    fail("is not os/arch[/variant]", "write a platform like linux/amd64 or linux/arm/v7");
  }
  const [os = "", rawArch = "", rawVariant] = parts;
  const architecture = ALIASES[rawArch] ?? rawArch;
  if (os !== "linux") {
    const linux = ARCHITECTURES.has(architecture)
      ? ["linux", architecture, rawVariant].filter(Boolean).join("/")
      : "linux/amd64";
    fail(
      "is not a Linux platform (the builds run on Linux runners and make Linux images only)",
      `write ${linux}, or build ${os} images with another tool`,
    );
  }
  if (!ARCHITECTURES.has(architecture)) {
    fail(`has unknown architecture "${rawArch}"`, `use one of ${[...ARCHITECTURES].join(", ")}`);
  }
  let variant = rawVariant;
  if (variant !== undefined && !(VARIANTS[architecture] ?? []).includes(variant)) {
    const hint = VARIANT_HINTS[architecture];
    fail(
      `has unknown variant "${variant}" for ${architecture}`,
      hint ? `use ${hint}` : `write ${os}/${architecture} without a variant`,
    );
  }
  if (architecture === "arm" && variant === undefined) variant = "v7";
  const canonical = CANONICAL_VARIANTS[architecture];
  if (variant !== undefined && canonical && variant in canonical) variant = canonical[variant];
  const id = [os, architecture, variant].filter(Boolean).join("/");
  // `.` would make `1.0-arm64-v8.2` a tag that nublado does not recognise as per-architecture.
  const suffix = [architecture, variant?.replaceAll(".", "-")].filter(Boolean).join("-");
  return variant === undefined ? { os, architecture, id, suffix } : { os, architecture, variant, id, suffix };
}

/** Parses a comma/newline list of platforms; empty lists and duplicates are errors. */
export function parsePlatforms(value: string, input = "platforms"): Platform[] {
  const entries = parseList(value);
  if (entries.length === 0) {
    throw new InputError(input, value, "names no platform", `give at least one, e.g. ${DEFAULT_PLATFORMS}`);
  }
  const errors: InputError[] = [];
  const platforms: Platform[] = [];
  for (const entry of entries) {
    try {
      const platform = parsePlatform(entry, input);
      if (platforms.some((p) => p.id === platform.id)) {
        errors.push(new InputError(input, entry, `repeats ${platform.id}`, "list each platform once"));
      } else {
        platforms.push(platform);
      }
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return platforms;
}

/** GitHub-hosted runner labels by architecture: every variant of one runs on its runner. */
export const NATIVE_RUNNERS: Readonly<Record<string, string>> = {
  amd64: "ubuntu-24.04",
  arm64: "ubuntu-24.04-arm",
};
const FALLBACK_RUNNER = "ubuntu-24.04";

/** `runs-on` value: one label, or several labels that must all match (self-hosted). */
export type RunnerLabels = string | string[];

/** Where a platform builds, whether that runner needs QEMU, and what it may lack. */
export interface RunnerChoice {
  readonly runner: RunnerLabels;
  readonly qemu: boolean;
  /** Set when the platform's variant needs CPU features a GitHub-hosted runner may lack. */
  readonly warning?: string;
}

/**
 * True when a machine of `architecture` (`amd64`, `arm64`) runs the platform's programs without
 * QEMU: every variant of an architecture counts (an x86-64-v3 or Armv9 CPU is still that machine).
 */
export function runsNatively(platform: Platform, architecture: string): boolean {
  return platform.os === "linux" && platform.architecture === architecture;
}

/**
 * What GitHub's hosted runners lack for a variant, or undefined. Facts (2025–2026): the x64 runners
 * are AMD EPYC VMs (7763, 9V74) with AVX2 but no AVX-512 exposed, so x86-64-v2/v3 run and v4 does
 * not; the arm64 runners are Azure Cobalt 100 (Neoverse N2, Armv9.0-A), but ran on Neoverse N1
 * (Armv8.2-A) for a while in 2025.
 */
export function hostedCpuWarning(platform: Platform): string | undefined {
  const { architecture, variant, id } = platform;
  const fix = `runners: ${id}=LABEL naming a runner whose CPU has them`;
  if (architecture === "amd64" && variant === "v4") {
    return `${id} needs AVX-512 (x86-64-v4), which GitHub's hosted x64 runners do not offer; a RUN step that uses it stops with "Illegal instruction". Set ${fix}, or build linux/amd64/v3`;
  }
  if (architecture !== "arm64" || variant === undefined) return undefined;
  const [major = 8, minor = 0] = variant.slice(1).split(".").map(Number);
  const level = `Armv${major}.${minor}-A`;
  // Armv9.0-A includes Armv8.5-A.
  if (major === 8 ? minor > 5 : minor > 0) {
    return `${id} needs ${level}, beyond the Armv9.0-A of GitHub's hosted arm64 runners (Cobalt 100); a RUN step that uses it stops with "Illegal instruction". Set ${fix}`;
  }
  if (major === 9 || minor > 2) {
    return `${id} needs ${level}: GitHub's hosted arm64 runners have it today (Cobalt 100, Armv9.0-A) but have also run on Armv8.2-A machines, where a RUN step that uses it stops with "Illegal instruction". To be sure, set ${fix}`;
  }
  return undefined;
}

/**
 * Parses the `runners` input: lines `platform=label[,label…]` or `default=label[,label…]`.
 * Returns a map from normalised platform id (or `default`) to labels.
 */
export function parseRunners(value: string, input = "runners"): Map<string, RunnerLabels> {
  const result = new Map<string, RunnerLabels>();
  const errors: InputError[] = [];
  for (const line of parseLines(value)) {
    const at = line.indexOf("=");
    const key = at > 0 ? line.slice(0, at).trim() : "";
    const labels = parseList(at > 0 ? line.slice(at + 1) : "");
    if (!key || labels.length === 0) {
      errors.push(
        new InputError(input, line, "is not platform=label", "write lines like linux/arm64=my-arm-runner"),
      );
      continue;
    }
    const bad = labels.find((label) => !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(label));
    if (bad !== undefined) {
      errors.push(
        new InputError(
          input,
          line,
          `has an invalid runner label "${bad}"`,
          "use a runner label or group name",
        ),
      );
      continue;
    }
    let id = key;
    if (key !== "default") {
      try {
        id = parsePlatform(key, input).id;
      } catch (error) {
        if (error instanceof InputError) errors.push(error);
        else throw error;
        continue;
      }
    }
    if (result.has(id)) {
      errors.push(new InputError(input, line, `sets ${id} twice`, "keep one line per platform"));
      continue;
    }
    result.set(id, labels.length === 1 ? (labels[0] as string) : labels);
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return result;
}

/**
 * Picks the runner of a platform: an explicit `runners` entry, else `default`, else GitHub's runner
 * of its architecture (ubuntu-24.04 / ubuntu-24.04-arm, whatever the variant), else ubuntu-24.04
 * with QEMU. QEMU is needed when the runner's architecture (guessed from an `arm` in the label for
 * custom labels) is not the platform's. A platform without a runner of its own is warned about when
 * its variant needs more than GitHub's hosted runners may have.
 */
export function chooseRunner(platform: Platform, runners: ReadonlyMap<string, RunnerLabels>): RunnerChoice {
  const own = runners.get(platform.id);
  const runner = own ?? runners.get("default") ?? NATIVE_RUNNERS[platform.architecture] ?? FALLBACK_RUNNER;
  const labels = Array.isArray(runner) ? runner : [runner];
  const runnerArch = labels.some((label) => /(?:^|[^a-z])(?:arm|arm64|aarch64)(?:$|[^a-z])/i.test(label))
    ? "arm64"
    : "amd64";
  const qemu = !runsNatively(platform, runnerArch);
  const warning = own === undefined && !qemu ? hostedCpuWarning(platform) : undefined;
  return warning === undefined ? { runner, qemu } : { runner, qemu, warning };
}
