import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    testTimeout: 60_000,
    // GitHub's parser imports its JSON schema without an import attribute, which Node 20's loader
    // refuses; letting vite transform it avoids that.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
