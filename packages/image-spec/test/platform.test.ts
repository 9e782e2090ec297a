import { describe, expect, it } from "vitest";
import { chooseRunner, parsePlatform, parsePlatforms, parseRunners } from "../src/lib";

describe("parsePlatform", () => {
  it.each([
    ["linux/amd64", "linux/amd64", "amd64"],
    ["linux/arm64", "linux/arm64", "arm64"],
    ["linux/arm64/v8", "linux/arm64", "arm64"],
    ["linux/arm", "linux/arm/v7", "arm-v7"],
    ["linux/arm/v6", "linux/arm/v6", "arm-v6"],
    ["linux/amd64/v3", "linux/amd64/v3", "amd64-v3"],
    ["Linux/AMD64", "linux/amd64", "amd64"],
    ["linux/aarch64", "linux/arm64", "arm64"],
    ["linux/x86_64", "linux/amd64", "amd64"],
    ["linux/s390x", "linux/s390x", "s390x"],
    ["linux/ppc64le", "linux/ppc64le", "ppc64le"],
    ["windows/amd64", "windows/amd64", "windows-amd64"],
  ])("%s → %s, suffix %s", (value, id, suffix) => {
    const platform = parsePlatform(value);
    expect(platform.id).toBe(id);
    expect(platform.suffix).toBe(suffix);
    expect(platform.suffix).toMatch(/^[a-z0-9-]+$/);
  });

  it.each([
    ["amd64", "is not os/arch[/variant]"],
    ["linux/", "is not os/arch[/variant]"],
    ["linux/amd64/v3/x", "is not os/arch[/variant]"],
    ["plan9/amd64", 'has unknown os "plan9"'],
    ["linux/sparc", 'has unknown architecture "sparc"'],
    ["linux/arm64/v7", 'has unknown variant "v7" for arm64'],
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
    ["default=a\ndefault=b", "sets default twice"],
  ])("refuses %j", (value, message) => {
    expect(() => parseRunners(value)).toThrow(message);
  });
});
