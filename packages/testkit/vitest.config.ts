import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Output written straight to stdout/stderr goes through console (shown for failing tests only);
    // docker and buildx use a Docker config of the test process's own, never the owner's.
    setupFiles: ["src/quiet.ts", "src/temp-dirs.ts", "src/private-docker.ts"],
    // Real registries, skopeo and docker run under these tests; a loaded 2-core CI box needs headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
