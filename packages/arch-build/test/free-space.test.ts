import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FREE_SPACE_PATHS, formatBytes, freeSpace } from "../src/free-space";
import { recordingReporter } from "./helpers";

const MiB = 1024 * 1024;
const roots: string[] = [];

/** A fake filesystem root with the runner's toolchain directories (random bytes: no sparse files). */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "arch-build-root-"));
  roots.push(root);
  mkdirSync(join(root, "usr/share/dotnet/sdk"), { recursive: true });
  writeFileSync(join(root, "usr/share/dotnet/sdk/a.dll"), randomBytes(2 * MiB));
  mkdirSync(join(root, "opt/ghc"), { recursive: true });
  writeFileSync(join(root, "opt/ghc/ghc.bin"), randomBytes(MiB));
  mkdirSync(join(root, "opt/hostedtoolcache/CodeQL/2.0"), { recursive: true });
  writeFileSync(join(root, "opt/hostedtoolcache/CodeQL/2.0/codeql"), randomBytes(MiB));
  // Other tool caches stay: later steps may use them.
  mkdirSync(join(root, "opt/hostedtoolcache/Python/3.12"), { recursive: true });
  writeFileSync(join(root, "opt/hostedtoolcache/Python/3.12/python"), randomBytes(1024));
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("freeSpace", () => {
  it("removes the toolchains on a GitHub-hosted runner and reports what it freed", async () => {
    const root = fakeRoot();
    const reporter = recordingReporter();
    const result = await freeSpace({ runnerEnvironment: "github-hosted", root }, reporter);
    expect(result.skipped).toBeUndefined();
    expect(result.removed.map((r) => r.path)).toEqual([
      join(root, "usr/share/dotnet"),
      join(root, "opt/ghc"),
      join(root, "opt/hostedtoolcache/CodeQL"),
    ]);
    for (const path of FREE_SPACE_PATHS) expect(existsSync(join(root, path))).toBe(false);
    expect(existsSync(join(root, "opt/hostedtoolcache/Python/3.12/python"))).toBe(true);
    // Disk usage is at least the bytes written and at most a few blocks more per directory.
    expect(result.freedBytes).toBeGreaterThanOrEqual(4 * MiB);
    expect(result.freedBytes).toBeLessThan(4 * MiB + 256 * 1024);
    expect(reporter.lines).toContain(`info: Freed ${formatBytes(result.freedBytes)}`);
    expect(
      reporter.lines.some((l) => l.startsWith(`info: Removed ${join(root, "usr/share/dotnet")} (2.`)),
    ).toBe(true);
  });

  it.each([
    ["self-hosted", "a self-hosted runner"],
    ["", "a runner that is not GitHub-hosted"],
  ])("never deletes on %j runners, and warns", async (environment, where) => {
    const root = fakeRoot();
    const reporter = recordingReporter();
    const result = await freeSpace({ runnerEnvironment: environment, root }, reporter);
    expect(result.freedBytes).toBe(0);
    expect(result.removed).toEqual([]);
    expect(existsSync(join(root, "usr/share/dotnet/sdk/a.dll"))).toBe(true);
    expect(reporter.warnings).toEqual([
      `free-space: ignored on ${where} (RUNNER_ENVIRONMENT=${JSON.stringify(environment)}); nothing was deleted`,
    ]);
  });

  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1500, "1.5 kB"],
    [21_340_000_000, "21.3 GB"],
  ])("formatBytes(%d) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
