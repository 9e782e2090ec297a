import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { actionPackages, root } from "./workflow-files";

// Every action's dist/ (what a runner downloads with the action and what a cold start may read),
// every bundle in it counted (multi-registry-login's dist/helper/ is the credential helper's own
// bundle), stays under 1.5 MiB, and each bundle's entry file, which a cold start always parses, under
// 512 KiB: code only some inputs need (the YAML parser, @actions/exec) is a chunk loaded on use.
const MAX_DIST_BYTES = 1.5 * 1024 * 1024;
const MAX_ENTRY_BYTES = 512 * 1024;

/** Every .js file under `dir`, recursively. */
function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scripts(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}

function sizes(name: string) {
  const dist = join(root, "packages", name, "dist");
  const files = scripts(dist);
  const total = files.reduce((sum, file) => sum + statSync(file).size, 0);
  // A bundle is a folder of dist/ with an index.js: dist/ itself, dist/helper/.
  const entries = Object.fromEntries(
    files
      .filter((file) => file.endsWith("/index.js"))
      .map((file) => [relative(dist, file), statSync(file).size]),
  );
  return { dist, files, total, entries };
}

describe("bundle sizes", () => {
  it.each(actionPackages())("%s: dist/ at most 1.5 MiB, each bundle's index.js at most 512 KiB", (name) => {
    const { total, entries } = sizes(name);
    expect(total).toBeLessThanOrEqual(MAX_DIST_BYTES);
    expect(entries["index.js"]).toBeGreaterThan(0);
    for (const [entry, bytes] of Object.entries(entries)) {
      expect(bytes, `${name}/dist/${entry}`).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    }
  });

  it("counts the credential helper's bundle with multi-registry-login's", () => {
    const { files, entries } = sizes("multi-registry-login");
    expect(Object.keys(entries).sort()).toEqual(["helper/index.js", "index.js"]);
    expect(files.some((file) => file.endsWith("/dist/helper/index.js"))).toBe(true);
  });

  it("loads the YAML parser only on use: no action's entry file holds it, one chunk does", () => {
    for (const name of actionPackages()) {
      const entry = readFileSync(join(sizes(name).dist, "index.js"), "utf8");
      // A function of yaml's own (its block-map composer): present wherever the parser is bundled.
      expect(entry, name).not.toContain("resolveBlockMap");
    }
    const { files } = sizes("multi-registry-login");
    const chunks = files.filter((file) => readFileSync(file, "utf8").includes("resolveBlockMap"));
    expect(chunks).toHaveLength(1);
  });
});
