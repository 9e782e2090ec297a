import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAction } from "../src/testing/action-runner";

const actionYml = fileURLToPath(new URL("../action.yml", import.meta.url));
const env = {
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_REF: "refs/pull/3/merge",
  GITHUB_HEAD_REF: "tickets/DM-52589",
};

describe("bundled image-spec action", () => {
  it("plans from the action.yml defaults and the GitHub context", async () => {
    const result = await runAction(actionYml, { inputs: { images: "ghcr.io/LSST-SQRE/Nublado" }, env });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.tag).toBe("tickets-DM-52589");
    expect(JSON.parse(result.outputs.tags ?? "")).toEqual(["tickets-DM-52589"]);
    expect(JSON.parse(result.outputs.images ?? "")).toEqual(["ghcr.io/lsst-sqre/nublado"]);
    expect(JSON.parse(result.outputs.registries ?? "")).toEqual(["ghcr.io"]);
    expect(JSON.parse(result.outputs["arch-tags"] ?? "")).toEqual({
      "linux/amd64": ["ghcr.io/lsst-sqre/nublado:tickets-DM-52589-amd64"],
      "linux/arm64": ["ghcr.io/lsst-sqre/nublado:tickets-DM-52589-arm64"],
    });
    expect(
      JSON.parse(result.outputs.matrix ?? "").include.map((leg: { runner: string }) => leg.runner),
    ).toEqual(["ubuntu-24.04", "ubuntu-24.04-arm"]);
    expect(result.summary).toContain("| `linux/arm64` | ubuntu-24.04-arm | no |");
    expect(result.errors).toEqual([]);
  });

  it("outputs its own entry for the run's picture, from the job's start when given", async () => {
    const before = Date.now();
    const own = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a" }, env });
    const after = Date.now();
    const entry = JSON.parse(own.outputs.timeline ?? "") as { name: string; start: number; end: number };
    expect(entry.name).toBe("plan");
    expect(entry.start).toBeGreaterThanOrEqual(before);
    expect(entry.end).toBeGreaterThanOrEqual(entry.start);
    expect(entry.end).toBeLessThanOrEqual(after);
    const started = String(before - 4_000);
    const given = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", started }, env });
    expect(JSON.parse(given.outputs.timeline ?? "").start).toBe(Number(started));
    // The bounds hold: exactly max-platforms platforms is fine.
    const two = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", "max-platforms": "2" }, env });
    expect(two.exitCode).toBe(0);
  });

  it("warns about ignored duplicates", async () => {
    const result = await runAction(actionYml, {
      inputs: { images: "ghcr.io/o/a,ghcr.io/O/A", tag: "1.0", "additional-tags": "latest" },
      env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual(['images: "ghcr.io/O/A" repeats ghcr.io/o/a; it is used once']);
    expect(JSON.parse(result.outputs.tags ?? "")).toEqual(["1.0", "latest"]);
  });

  it("routes every variant to its architecture's runner, warning where a hosted CPU may lack it", async () => {
    const result = await runAction(actionYml, {
      inputs: {
        images: "ghcr.io/o/a",
        tag: "1.0",
        platforms: "linux/amd64/v3, linux/amd64/v4, linux/arm64/v9",
      },
      env,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.matrix ?? "")).toEqual({
      include: [
        { index: 0, platform: "linux/amd64/v3", suffix: "amd64-v3", runner: "ubuntu-24.04", qemu: false },
        { index: 1, platform: "linux/amd64/v4", suffix: "amd64-v4", runner: "ubuntu-24.04", qemu: false },
        { index: 2, platform: "linux/arm64/v9", suffix: "arm64-v9", runner: "ubuntu-24.04-arm", qemu: false },
      ],
    });
    expect(JSON.parse(result.outputs["arch-tags"] ?? "")).toEqual({
      "linux/amd64/v3": ["ghcr.io/o/a:1.0-amd64-v3"],
      "linux/amd64/v4": ["ghcr.io/o/a:1.0-amd64-v4"],
      "linux/arm64/v9": ["ghcr.io/o/a:1.0-arm64-v9"],
    });
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(
      /^linux\/amd64\/v4 needs AVX-512 .* Set runners: linux\/amd64\/v4=LABEL/,
    );
    expect(result.warnings[1]).toMatch(/^linux\/arm64\/v9 needs Armv9\.0-A/);
    expect(result.summary).toContain("| `linux/arm64/v9` | ubuntu-24.04-arm | no |");
  });

  const badInputs: Array<[string, Record<string, string>, string]> = [
    ["empty images", { images: "" }, 'images: "" names no image'],
    ["no host", { images: "nublado" }, 'images: "nublado" has no registry host'],
    ["spaces", { images: "ghcr.io/a b" }, "contains white space"],
    ["shell metacharacters", { images: "ghcr.io/o/$(id)" }, 'has an invalid path component "$(id)"'],
    ["command separator", { images: "ghcr.io/o/a;rm -rf /" }, "contains white space"],
    ["newline inside a name", { images: "ghcr.io/o/a\nb" }, 'images: "b" has no registry host'],
    ["tag in image", { images: "ghcr.io/o/a:1.0" }, "has a tag"],
    ["double slash", { images: "ghcr.io//a" }, "has an empty path component"],
    ["bad tag", { images: "ghcr.io/o/a", tag: "a/b" }, 'tag: "a/b" is not a valid tag'],
    [
      "bad additional tag",
      { images: "ghcr.io/o/a", "additional-tags": "ok,no way" },
      'additional-tags: "no way"',
    ],
    ["129-char tag", { images: "ghcr.io/o/a", tag: "x".repeat(129) }, "registries allow 128"],
    [
      "bad platform",
      { images: "ghcr.io/o/a", platforms: "linux/sparc" },
      'platforms: "linux/sparc" has unknown architecture',
    ],
    [
      "duplicate platforms",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,linux/amd64" },
      "repeats linux/amd64",
    ],
    ["empty platforms", { images: "ghcr.io/o/a", platforms: " , " }, "names no platform"],
    [
      "a Windows platform",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,windows/amd64" },
      'platforms: "windows/amd64" is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64',
    ],
    ["bad runners", { images: "ghcr.io/o/a", runners: "arm" }, 'runners: "arm" is not platform=label'],
    [
      "more platforms than max-platforms",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,linux/arm64,linux/arm/v7", "max-platforms": "2" },
      'platforms: "linux/amd64,linux/arm64,linux/arm/v7" names 3 platforms, more than the 2 one run can build (max-platforms)',
    ],
    [
      "a bad max-platforms",
      { images: "ghcr.io/o/a", "max-platforms": "0" },
      'max-platforms: "0" is not a whole',
    ],
    [
      "started in seconds",
      { images: "ghcr.io/o/a", started: "1767225600" },
      'started: "1767225600" is not a time',
    ],
  ];
  it.each(badInputs)("fails on %s with a named error and no outputs", async (_name, inputs, message) => {
    const result = await runAction(actionYml, { inputs, env });
    expect(result.exitCode).toBe(1);
    expect(result.errors.some((error) => error.includes(message))).toBe(true);
    expect(result.commands.find((c) => c.command === "error")?.properties).toMatch(
      /^title=Invalid input%3A /,
    );
    expect(result.outputs).toEqual({});
  });
});
