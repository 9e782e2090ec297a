import { defineConfig } from "vitest/config";

// Runs bench/*.bench.ts (TypeScript, importing the testkit) with vitest as plain scripts:
//   pnpm bench:stitch   (stitch.bench.ts)    pnpm bench:compare   (compare.bench.ts)
//   pnpm bench:cli      (cli.bench.ts)
//   pnpm bench:free-space   (free-space.bench.ts)
export default defineConfig({
  test: {
    root: new URL(".", import.meta.url).pathname,
    include: ["*.bench.ts"],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    disableConsoleIntercept: true,
  },
});
