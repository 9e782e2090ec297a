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
    // buildah builds (vfs), a registry and skopeo run under the end-to-end tests on a shared 2-core box.
    // A limit for hangs only: at a load of 40-55 on 2 cores one test (eight CLI runs) took 172 s.
    testTimeout: 360_000,
    hookTimeout: 60_000,
  },
});
