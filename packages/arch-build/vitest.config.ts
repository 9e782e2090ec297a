import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only).
    setupFiles: ["../testkit/src/quiet.ts"],
    // buildah (vfs), two registries and skopeo run under the integration tests on a shared 2-core box.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
