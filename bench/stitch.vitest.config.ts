import { defineConfig } from "vitest/config";

// Runs bench/stitch.bench.ts (TypeScript, importing the testkit) with vitest as a plain script:
//   pnpm exec vitest run --config bench/stitch.vitest.config.ts
export default defineConfig({
  test: {
    root: new URL(".", import.meta.url).pathname,
    include: ["stitch.bench.ts"],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    disableConsoleIntercept: true,
  },
});
