import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only);
    // docker and buildx use a Docker config of the test process's own, never the owner's.
    setupFiles: [
      "../testkit/src/quiet.ts",
      "../testkit/src/temp-dirs.ts",
      "../testkit/src/private-docker.ts",
    ],
    // Real registries, a token server, skopeo and the bundled action run under these tests; a loaded
    // 2-core machine needs headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
