import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionPackages, root } from "./workflow-files";

// Every action's dist/ (what a runner downloads with the action and what a cold start may read) stays
// under 1.5 MiB, and the entry file a cold start always parses under 512 KiB: code only some inputs
// need (the YAML parser, @actions/exec, the OIDC client) is a chunk loaded on use.
const MAX_DIST_BYTES = 1.5 * 1024 * 1024;
const MAX_ENTRY_BYTES = 512 * 1024;

function sizes(name: string) {
  const dist = join(root, "packages", name, "dist");
  const files = readdirSync(dist).filter((file) => file.endsWith(".js"));
  const total = files.reduce((sum, file) => sum + statSync(join(dist, file)).size, 0);
  return { dist, files, total, entry: statSync(join(dist, "index.js")).size };
}

describe("bundle sizes", () => {
  it.each(actionPackages())("%s: dist/ at most 1.5 MiB, dist/index.js at most 512 KiB", (name) => {
    const { total, entry } = sizes(name);
    expect(total).toBeLessThanOrEqual(MAX_DIST_BYTES);
    expect(entry).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
  });

  it("loads the YAML parser only on use: no action's entry file holds it, one chunk does", () => {
    for (const name of actionPackages()) {
      const entry = readFileSync(join(sizes(name).dist, "index.js"), "utf8");
      // A function of yaml's own (its block-map composer): present wherever the parser is bundled.
      expect(entry, name).not.toContain("resolveBlockMap");
    }
    const { dist, files } = sizes("multi-registry-login");
    const chunks = files.filter((file) => readFileSync(join(dist, file), "utf8").includes("resolveBlockMap"));
    expect(chunks).toHaveLength(1);
  });
});
