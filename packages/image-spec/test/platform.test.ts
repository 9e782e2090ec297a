import { describe, expect, it } from "vitest";
import { chooseRunner, makePlan, parsePlatform, parsePlatforms, parseRunners } from "../src/lib";

describe("parsePlatform", () => {
  it.each([
    ["linux/amd64", "linux/amd64", "amd64"],
    ["linux/arm64", "linux/arm64", "arm64"],
    ["linux/arm64/v8", "linux/arm64", "arm64"],
    ["linux/arm", "linux/arm/v7", "arm-v7"],
    ["linux/arm/v6", "linux/arm/v6", "arm-v6"],
    ["linux/amd64/v1", "linux/amd64", "amd64"],
    ["linux/amd64/v2", "linux/amd64/v2", "amd64-v2"],
    ["linux/amd64/v3", "linux/amd64/v3", "amd64-v3"],
    ["linux/amd64/v4", "linux/amd64/v4", "amd64-v4"],
    ["linux/arm64/v8.0", "linux/arm64", "arm64"],
    ["linux/arm64/v8.2", "linux/arm64/v8.2", "arm64-v8-2"],
    ["linux/arm64/v9", "linux/arm64/v9", "arm64-v9"],
    ["linux/arm64/v9.0", "linux/arm64/v9", "arm64-v9"],
    ["linux/arm64/v9.2", "linux/arm64/v9.2", "arm64-v9-2"],
    ["linux/aarch64/v9", "linux/arm64/v9", "arm64-v9"],
    ["Linux/AMD64", "linux/amd64", "amd64"],
    ["linux/aarch64", "linux/arm64", "arm64"],
    ["linux/x86_64", "linux/amd64", "amd64"],
    ["linux/s390x", "linux/s390x", "s390x"],
    ["linux/ppc64le", "linux/ppc64le", "ppc64le"],
  ])("%s → %s, suffix %s", (value, id, suffix) => {
    const platform = parsePlatform(value);
    expect(platform.id).toBe(id);
    expect(platform.suffix).toBe(suffix);
    // A valid tag part that nublado takes as per-architecture: `-` then lowercase alphanumerics.
    expect(platform.suffix).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("gives every platform it accepts its own suffix, and v4's amd64 / arm64 stay as they were", () => {
    const archs = ["amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le", "loong64"];
    const variants = ["", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"].concat(
      Array.from({ length: 10 }, (_, i) => [`v8.${i}`, `v9.${i}`]).flat(),
    );
    const bySuffix = new Map<string, string>();
    for (const arch of archs) {
      for (const variant of variants) {
        let platform: ReturnType<typeof parsePlatform>;
        try {
          platform = parsePlatform(variant ? `linux/${arch}/${variant}` : `linux/${arch}`);
        } catch {
          continue;
        }
        const seen = bySuffix.get(platform.suffix);
        expect(
          seen === undefined || seen === platform.id,
          `${platform.suffix}: ${seen} and ${platform.id}`,
        ).toBe(true);
        bySuffix.set(platform.suffix, platform.id);
      }
    }
    expect(bySuffix.size).toBeGreaterThan(25);
    expect(bySuffix.get("amd64")).toBe("linux/amd64");
    expect(bySuffix.get("arm64")).toBe("linux/arm64");
  });

  it.each([
    ["amd64", "is not os/arch[/variant]"],
    ["linux/", "is not os/arch[/variant]"],
    ["linux/amd64/v3/x", "is not os/arch[/variant]"],
    [
      "windows/amd64",
      "is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64, or build windows images with another tool",
    ],
    [
      "darwin/arm64",
      "is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/arm64, or build darwin images with another tool",
    ],
    [
      "freebsd/amd64/v3",
      "is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64/v3",
    ],
    [
      "plan9/sparc",
      "is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64",
    ],
    ["linux/sparc", 'has unknown architecture "sparc"'],
    ["linux/arm64/v7", 'has unknown variant "v7" for arm64; use v8.1 … v8.9, v9, v9.1 … v9.7'],
    ["linux/arm64/v10", 'has unknown variant "v10" for arm64'],
    ["linux/amd64/v5", 'has unknown variant "v5" for amd64; use v2, v3 or v4'],
    ["linux/s390x/v2", 'has unknown variant "v2" for s390x; write linux/s390x without a variant'],
  ])("refuses %s", (value, message) => {
    expect(() => parsePlatform(value)).toThrow(`platforms: "${value}" ${message}`);
  });
});

describe("parsePlatforms", () => {
  it("refuses duplicates, also after normalisation", () => {
    expect(() => parsePlatforms("linux/arm64, linux/arm64/v8")).toThrow(
      'platforms: "linux/arm64/v8" repeats linux/arm64',
    );
  });
  it.each(["", ",", " \n "])("refuses an empty list %j", (value) => {
    expect(() => parsePlatforms(value)).toThrow("names no platform");
  });
});

describe("runners", () => {
  const amd64 = parsePlatform("linux/amd64");
  const arm64 = parsePlatform("linux/arm64");
  const armv7 = parsePlatform("linux/arm/v7");

  it.each([
    [amd64, "", "ubuntu-24.04", false],
    [arm64, "", "ubuntu-24.04-arm", false],
    [armv7, "", "ubuntu-24.04", true],
    [arm64, "default=ubuntu-latest", "ubuntu-latest", true],
    [arm64, "linux/arm64=my-arm64-runner", "my-arm64-runner", false],
    [amd64, "default=big-box", "big-box", false],
  ])("%j with %j", (platform, runners, runner, qemu) => {
    expect(chooseRunner(platform, parseRunners(runners))).toEqual({ runner, qemu });
  });

  it.each([
    // Every variant of an architecture builds on that architecture's runner, never under QEMU.
    ["linux/amd64/v2", "", "ubuntu-24.04", undefined],
    ["linux/amd64/v3", "", "ubuntu-24.04", undefined],
    [
      "linux/amd64/v4",
      "",
      "ubuntu-24.04",
      "needs AVX-512 (x86-64-v4), which GitHub's hosted x64 runners do not offer",
    ],
    ["linux/arm64/v8.2", "", "ubuntu-24.04-arm", undefined],
    [
      "linux/arm64/v8.5",
      "",
      "ubuntu-24.04-arm",
      "needs Armv8.5-A: GitHub's hosted arm64 runners have it today",
    ],
    [
      "linux/arm64/v9",
      "",
      "ubuntu-24.04-arm",
      "needs Armv9.0-A: GitHub's hosted arm64 runners have it today",
    ],
    [
      "linux/arm64/v9.2",
      "",
      "ubuntu-24.04-arm",
      "needs Armv9.2-A, beyond the Armv9.0-A of GitHub's hosted arm64 runners",
    ],
    ["linux/arm64/v8.6", "", "ubuntu-24.04-arm", "needs Armv8.6-A, beyond the Armv9.0-A"],
    // A runner of its own silences the warning: its owner knows its CPU.
    ["linux/amd64/v4", "linux/amd64/v4=avx512-box", "avx512-box", undefined],
    ["linux/arm64/v9.2", "linux/arm64/v9.2=my-arm", "my-arm", undefined],
    // The default runner is still a hosted one: the warning stays.
    ["linux/amd64/v4", "default=ubuntu-latest", "ubuntu-latest", "needs AVX-512"],
  ])("%s with %j runs on %s, native, warning %j", (value, runners, runner, warning) => {
    const choice = chooseRunner(parsePlatform(value), parseRunners(runners));
    expect(choice.runner).toBe(runner);
    expect(choice.qemu).toBe(false);
    if (warning === undefined) expect(choice.warning).toBeUndefined();
    else expect(choice.warning).toContain(warning);
  });

  it("under QEMU (arm64 variants on an amd64 default runner) nothing is said about the host's CPU", () => {
    const choice = chooseRunner(parsePlatform("linux/arm64/v9"), parseRunners("default=ubuntu-latest"));
    expect(choice).toEqual({ runner: "ubuntu-latest", qemu: true });
  });

  it("names the fix: a runner of the platform's own", () => {
    expect(chooseRunner(parsePlatform("linux/amd64/v4"), new Map()).warning).toContain(
      "Set runners: linux/amd64/v4=LABEL naming a runner whose CPU has them, or build linux/amd64/v3",
    );
  });

  it("takes several labels as a runs-on list", () => {
    expect(chooseRunner(arm64, parseRunners("linux/arm64=self-hosted, ARM64"))).toEqual({
      runner: ["self-hosted", "ARM64"],
      qemu: false,
    });
  });

  it.each([
    ["linux/arm64", 'runners: "linux/arm64" is not platform=label'],
    ["=x", 'runners: "=x" is not platform=label'],
    ["linux/arm64=$(id)", 'has an invalid runner label "$(id)"'],
    ["linux/sparc=x", 'runners: "linux/sparc" has unknown architecture'],
    ["windows/amd64=x", 'runners: "windows/amd64" is not a Linux platform'],
    ["default=a\ndefault=b", "sets default twice"],
  ])("refuses %j", (value, message) => {
    expect(() => parseRunners(value)).toThrow(message);
  });
});

describe("makePlan routes variants", () => {
  const context = { eventName: "push", ref: "refs/tags/1.0", headRef: "" };
  it("plans amd64/v3 and arm64/v9 natively with suffixed per-arch tags, and keeps the hosted-CPU note", () => {
    const plan = makePlan({ images: "ghcr.io/o/a", platforms: "linux/amd64/v3,linux/arm64/v9" }, context);
    expect(plan.platforms.map((p) => [p.id, p.runner, p.qemu, p.refs])).toEqual([
      ["linux/amd64/v3", "ubuntu-24.04", false, ["ghcr.io/o/a:1.0-amd64-v3"]],
      ["linux/arm64/v9", "ubuntu-24.04-arm", false, ["ghcr.io/o/a:1.0-arm64-v9"]],
    ]);
    expect(plan.platforms[0]?.warning).toBeUndefined();
    expect(plan.platforms[1]?.warning).toContain("linux/arm64/v9 needs Armv9.0-A");
  });

  it("refuses every non-Linux platform at once, naming each", () => {
    expect(() =>
      makePlan({ images: "ghcr.io/o/a", platforms: "windows/amd64,linux/amd64,darwin/arm64" }, context),
    ).toThrow(
      /2 input problems:\n.*"windows\/amd64" is not a Linux platform.*\n.*"darwin\/arm64" is not a Linux platform/,
    );
  });
});
