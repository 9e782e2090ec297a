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
    // buildah (vfs), two registries and skopeo run under the integration tests on a shared 2-core box.
    // A limit for hangs only: one buildah build and push took over 2 minutes at a load of 40-55
    // (six busy loops and other builds on 2 cores), and a test that waited longer still passed.
    testTimeout: 360_000,
    hookTimeout: 60_000,
  },
});
