import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only).
    setupFiles: ["../testkit/src/quiet.ts"],
    // Integration tests start registries and run the bundled action; the machine is shared.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
