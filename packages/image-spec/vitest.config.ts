import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only).
    setupFiles: ["../testkit/src/quiet.ts"],
    testTimeout: 60_000,
  },
});
