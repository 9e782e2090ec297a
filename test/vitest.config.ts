import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // @actions/workflow-parser ships source maps whose sources it does not publish: loading its files
  // without their sourceMappingURL keeps vite from warning once per file ("points to missing source
  // files", 67 lines a run).
  plugins: [
    {
      name: "workflow-parser-without-source-maps",
      load(id) {
        if (!/[/\\]@actions[/\\]workflow-parser[/\\].*\.js$/.test(id)) return null;
        return readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/gm, "");
      },
    },
  ],
  test: {
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only);
    // docker and buildx use a Docker config of the test process's own, never the owner's.
    setupFiles: [
      "../packages/testkit/src/quiet.ts",
      "../packages/testkit/src/temp-dirs.ts",
      "../packages/testkit/src/private-docker.ts",
    ],
    testTimeout: 60_000,
    // GitHub's parser imports its JSON schema without an import attribute, which Node 20's loader
    // refuses; letting vite transform it avoids that.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
