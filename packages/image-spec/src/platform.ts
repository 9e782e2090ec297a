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

const OSES = new Set(["linux", "windows", "freebsd"]);
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
const VARIANTS: Record<string, readonly string[]> = {
  amd64: ["v1", "v2", "v3", "v4"],
  arm64: ["v8", "v9"],
  arm: ["v5", "v6", "v7", "v8"],
};
// Variants that are the architecture's baseline and, as containerd does, normalise away.
const DEFAULT_VARIANTS: Record<string, string> = { amd64: "v1", arm64: "v8" };

/** Parses `os/arch[/variant]` (`linux/arm` means `linux/arm/v7`, `linux/arm64/v8` means `linux/arm64`). */
export function parsePlatform(value: string, input = "platforms"): Platform {
  const parts = value.trim().toLowerCase().split("/");
  const fail = (problem: string, fix: string): never => {
    throw new InputError(input, value, problem, fix);
  };
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    fail("is not os/arch[/variant]", "write a platform like linux/amd64 or linux/arm/v7");
  }
  const [os = "", rawArch = "", rawVariant] = parts;
  if (!OSES.has(os)) fail(`has unknown os "${os}"`, `use one of ${[...OSES].join(", ")}`);
  const architecture = ALIASES[rawArch] ?? rawArch;
  if (!ARCHITECTURES.has(architecture)) {
    fail(`has unknown architecture "${rawArch}"`, `use one of ${[...ARCHITECTURES].join(", ")}`);
  }
  let variant = rawVariant;
  if (variant !== undefined && !(VARIANTS[architecture] ?? []).includes(variant)) {
    const allowed = VARIANTS[architecture];
    fail(
      `has unknown variant "${variant}" for ${architecture}`,
      allowed ? `use one of ${allowed.join(", ")}` : `write ${os}/${architecture} without a variant`,
    );
  }
  if (architecture === "arm" && variant === undefined) variant = "v7";
  if (variant !== undefined && DEFAULT_VARIANTS[architecture] === variant) variant = undefined;
  const id = [os, architecture, variant].filter(Boolean).join("/");
  const suffix = [os === "linux" ? "" : os, architecture, variant].filter(Boolean).join("-");
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

/** GitHub-hosted runner labels that run a platform natively. */
export const NATIVE_RUNNERS: Readonly<Record<string, string>> = {
  "linux/amd64": "ubuntu-24.04",
  "linux/arm64": "ubuntu-24.04-arm",
};
const FALLBACK_RUNNER = "ubuntu-24.04";

/** `runs-on` value: one label, or several labels that must all match (self-hosted). */
export type RunnerLabels = string | string[];

/** Where a platform builds, and whether that runner needs QEMU to run its `RUN` steps. */
export interface RunnerChoice {
  readonly runner: RunnerLabels;
  readonly qemu: boolean;
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
 * Picks the runner of a platform: an explicit `runners` entry, else `default`, else GitHub's native
 * runner (ubuntu-24.04 / ubuntu-24.04-arm), else ubuntu-24.04 with QEMU. QEMU is needed when the
 * runner's architecture (guessed from an `arm` in the label for custom labels) is not the platform's.
 */
export function chooseRunner(platform: Platform, runners: ReadonlyMap<string, RunnerLabels>): RunnerChoice {
  const runner =
    runners.get(platform.id) ?? runners.get("default") ?? NATIVE_RUNNERS[platform.id] ?? FALLBACK_RUNNER;
  const labels = Array.isArray(runner) ? runner : [runner];
  const runnerArch = labels.some((label) => /(?:^|[^a-z])(?:arm|arm64|aarch64)(?:$|[^a-z])/i.test(label))
    ? "arm64"
    : "amd64";
  const native =
    platform.os === "linux" && platform.architecture === runnerArch && platform.variant === undefined;
  return { runner, qemu: !native };
}
