#!/usr/bin/env node
// Adds up the vitest JSON reports of every suite (each package's and the repository checks') and
// prints, per suite, its counts and wall time; every failed test with its first error line; every
// skipped test with its reason (a skipped test names it in its title, "(skipped: …)", or in
// `task.meta.skipReason`); the figures tests report in `task.meta.figures` (a burst test's counts);
// then one closing line, "N passed, N failed, N skipped". Exits 1 when a
// report is missing or anything failed, so a suite that silently ran nothing cannot pass.
// `--clean` (before a run) removes old reports.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
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
const failures = [];
const skips = [];
const figures = [];
// "(skipped: reason)" in a test's or suite's title; one level of parentheses inside the reason.
const skipNote = / ?\(skipped: ((?:[^()]|\([^()]*\))*)\)/;
console.log("");
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
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const file of results.testResults) {
    start = Math.min(start, file.startTime);
    end = Math.max(end, file.endTime);
    const where = `${suite}/${relative(join(root, suite), file.name)}`;
    if (file.status === "failed" && file.assertionResults.every((test) => test.status !== "failed")) {
      failures.push(`${where}: ${firstLine(file.message) || "the file failed to run"}`);
    }
    for (const test of file.assertionResults) {
      if (test.meta?.figures) figures.push(`${where} › ${test.title}: ${test.meta.figures}`);
      if (test.status === "failed") {
        failures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0] ?? "")}`);
      } else if (test.status === "skipped" || test.status === "pending" || test.status === "todo") {
        const name = [...(test.ancestorTitles ?? []), test.title].join(" › ");
        const reason =
          test.meta?.skipReason ??
          skipNote.exec(name)?.[1] ??
          (test.status === "todo" ? "todo" : "no reason given");
        skips.push({ reason, test: `${where} › ${name.replace(new RegExp(skipNote.source, "g"), "")}` });
      }
    }
  }
  const seconds = end > start ? ` in ${((end - start) / 1000).toFixed(1)} s` : "";
  console.log(
    `${suite}: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
      `${results.numPendingTests + results.numTodoTests} skipped (${results.testResults.length} files${seconds})`,
  );
}
for (const suite of missing) console.log(`${suite}: no test report (did its tests run?)`);
if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const line of failures) console.log(`  ${line}`);
}
if (skips.length > 0) {
  console.log(`\nSkipped (${skips.length}), by reason:`);
  for (const reason of new Set(skips.map((skip) => skip.reason))) {
    console.log(`  ${reason}:`);
    for (const skip of skips.filter((s) => s.reason === reason)) console.log(`    ${skip.test}`);
  }
}
if (figures.length > 0) {
  console.log("\nFigures:");
  for (const line of figures) console.log(`  ${line}`);
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);

function firstLine(text) {
  return (
    String(text ?? "")
      .split("\n")
      .map((line) => line.trim())
      .find(Boolean) ?? ""
  );
}
