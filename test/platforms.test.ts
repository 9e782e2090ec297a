/**
 * One platform rule on every path a platform enters (issue 20.3), through the bundles a runner or a
 * person runs: the plan action's `platforms`, arch-build's `platform`, manifest-stitch's `platforms`,
 * and the CLI's `--platforms`. A non-Linux platform is refused naming the input, the value and the
 * fix, before any side effect; a variant is accepted and named the same way everywhere.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAction } from "../packages/image-spec/src/testing/action-runner";
import { inspectRaw, pushImage, startRegistry, stopAll } from "../packages/testkit/src/index";
import { root } from "./workflow-files";

afterAll(stopAll);

const env = { GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/tags/1.0", GITHUB_HEAD_REF: "" };
const action = (name: string) => join(root, "packages", name, "action.yml");
const NOT_LINUX =
  '"windows/amd64" is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64';

describe("a non-Linux platform is refused on every path", () => {
  it.each([
    ["image-spec", "platforms", { images: "ghcr.io/o/a", platforms: "linux/amd64,windows/amd64" }],
    ["arch-build", "platform", { images: "ghcr.io/o/a", platform: "windows/amd64", push: "false" }],
    ["manifest-stitch", "platforms", { images: "ghcr.io/o/a", platforms: "windows/amd64" }],
  ])("%s's %s input", async (name, input, inputs) => {
    const result = await runAction(action(name), { inputs, env });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toContainEqual(expect.stringContaining(`${input}: ${NOT_LINUX}`));
    expect(result.outputs).toEqual({});
  });

  it("the CLI's --platforms (exit 2, nothing built)", () => {
    const cli = spawnSync(
      process.execPath,
      [
        join(root, "packages/cli/dist/index.js"),
        "plan",
        "--images",
        "ghcr.io/o/a",
        "--context",
        join(root, "examples/hello"),
        "--engine",
        "buildah",
        "--platforms",
        "windows/amd64",
      ],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(cli.status).toBe(2);
    expect(cli.stdout + cli.stderr).toContain(`--platforms: ${NOT_LINUX}`);
  });
});

describe("a variant is named the same way everywhere", () => {
  it("the plan names amd64/v3 and arm64/v9 per-arch tags, and manifest-stitch stitches exactly those", async () => {
    const plan = await runAction(action("image-spec"), {
      inputs: { images: "ghcr.io/o/a", platforms: "linux/amd64/v3,linux/arm64/v9" },
      env,
    });
    expect(JSON.parse(plan.outputs["arch-tags"] ?? "")).toEqual({
      "linux/amd64/v3": ["ghcr.io/o/a:1.0-amd64-v3"],
      "linux/arm64/v9": ["ghcr.io/o/a:1.0-arm64-v9"],
    });

    // What the two builds push, under the tags the plan named, then the stitch over them.
    const registry = await startRegistry();
    for (const [architecture, variant] of [
      ["amd64", "v3"],
      ["arm64", "v9"],
    ] as const) {
      await pushImage(
        { url: registry.url, repository: "o/a" },
        { tag: `1.0-${architecture}-${variant}`, platform: { os: "linux", architecture, variant } },
      );
    }
    const dockerConfig = mkdtempSync(join(tmpdir(), "mbp-platforms-docker-"));
    try {
      const stitch = await runAction(action("manifest-stitch"), {
        inputs: { images: `${registry.host}/o/a`, platforms: "linux/amd64/v3,linux/arm64/v9" },
        env: { ...env, DOCKER_CONFIG: dockerConfig },
      });
      expect(stitch.errors).toEqual([]);
      expect(stitch.warnings).toEqual([]);
      expect(stitch.exitCode).toBe(0);
      const index = await inspectRaw(`${registry.host}/o/a:1.0`);
      expect(index.manifest.manifests?.map((m) => m.platform)).toEqual([
        { os: "linux", architecture: "amd64", variant: "v3" },
        { os: "linux", architecture: "arm64", variant: "v9" },
      ]);
    } finally {
      rmSync(dockerConfig, { recursive: true, force: true });
    }
  });
});
