#!/usr/bin/env node
// Adds up the vitest JSON reports of every suite (each package's and the repository checks') and
// prints one closing line (`--clean` first removes old reports), "N passed, N failed, N skipped"; exits 1 when a report is missing or
// anything failed, so a suite that silently ran nothing cannot pass.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const report = ".vitest-results.json";
const suites = [
  ...readdirSync(join(root, "packages"))
    .filter((name) => existsSync(join(root, "packages", name, "vitest.config.ts")))
    .map((name) => join("packages", name)),
  "test",
];

if (process.argv.includes("--clean")) {
  // Before a run: no report of an earlier run may count for this one.
  for (const suite of suites) rmSync(join(root, suite, report), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const suite of suites) {
  const path = join(root, suite, report);
  if (!existsSync(path)) {
    missing.push(suite);
    continue;
  }
  const results = JSON.parse(readFileSync(path, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  skipped += results.numPendingTests + results.numTodoTests;
  console.log(`${suite}: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
}
for (const suite of missing) console.log(`${suite}: no test report (did its tests run?)`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
