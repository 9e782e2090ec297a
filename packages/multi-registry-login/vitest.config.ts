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
    // Integration tests start registries and run the bundled action; the machine is shared.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
