import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests start registries and run the bundled action; the machine is shared.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
