import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real registries, skopeo and docker run under these tests; a loaded 2-core CI box needs headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
