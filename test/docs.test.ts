import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script without type declarations
import { generatedBlocks, render } from "../scripts/docs.mjs";
import { actionPackages, root } from "./workflow-files";

const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README", () => {
  it("has its input/output tables up to date with action.yml and build.yaml", () => {
    const result = spawnSync(process.execPath, [join(root, "scripts/docs.mjs"), "--check"], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("has a generated block for the workflow and every action", () => {
    expect(Object.keys(generatedBlocks()).sort()).toEqual(["build.yaml", ...actionPackages()].sort());
  });

  it("would be rewritten when an input changes (the check can fail)", () => {
    const blocks = generatedBlocks();
    const changed = { ...blocks, "image-spec": `${blocks["image-spec"]}\n| \`new-input\` | | x |` };
    expect(render(readme, changed)).not.toBe(readme);
    expect(render(readme, blocks)).toBe(readme);
  });

  it("has one fenced command under Run it and under Test it, and .ci/run runs the test command", () => {
    const command = (heading: string) => {
      const section = readme.split(new RegExp(`^## ${heading}\\n`, "m"))[1]?.split(/^## /m)[0] ?? "";
      const fences = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]?.trim());
      expect(fences, heading).toHaveLength(1);
      expect(fences[0]?.split("\n"), heading).toHaveLength(1);
      return fences[0] ?? "";
    };
    command("Run it");
    const test = command("Test it");
    expect(readFileSync(join(root, ".ci/run"), "utf8")).toContain(test);
  });
});
