#!/usr/bin/env node
// Regenerates the input/output tables in README.md from each packages/<name>/action.yml and from
// .github/workflows/build.yaml, between `<!-- generated:KEY -->` and `<!-- /generated:KEY -->`.
// `--check` changes nothing and exits 1 when README.md is stale (the tests run it that way).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));

const cell = (text) =>
  String(text ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .replaceAll("|", "\\|");
const code = (value) => (value === undefined || value === "" ? "" : `\`${value}\``);

function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function actionTables(action) {
  const inputs = Object.entries(action.inputs ?? {}).map(([name, spec]) => [
    code(name),
    spec.required ? "**required**" : code(spec.default),
    cell(spec.description),
  ]);
  const outputs = Object.entries(action.outputs ?? {}).map(([name, spec]) => [
    code(name),
    cell(spec.description),
  ]);
  return `${table(["input", "default", "description"], inputs)}\n\n${table(["output", "description"], outputs)}`;
}

function workflowTables(workflow) {
  const call = workflow.on.workflow_call;
  const inputs = Object.entries(call.inputs ?? {}).map(([name, spec]) => [
    code(name),
    spec.type,
    spec.required ? "**required**" : code(spec.default),
    cell(spec.description),
  ]);
  const secrets = Object.entries(call.secrets ?? {}).map(([name, spec]) => [
    code(name),
    cell(spec.description),
  ]);
  const outputs = Object.entries(call.outputs ?? {}).map(([name, spec]) => [
    code(name),
    cell(spec.description),
  ]);
  return [
    table(["input", "type", "default", "description"], inputs),
    table(["secret (all optional)", "description"], secrets),
    table(["output", "description"], outputs),
  ].join("\n\n");
}

/** Every generated block, keyed as in the README markers. */
export function generatedBlocks() {
  const blocks = {
    "build.yaml": workflowTables(parse(readFileSync(join(root, ".github/workflows/build.yaml"), "utf8"))),
  };
  for (const name of readdirSync(join(root, "packages")).sort()) {
    let text;
    try {
      text = readFileSync(join(root, "packages", name, "action.yml"), "utf8");
    } catch {
      continue;
    }
    blocks[name] = actionTables(parse(text));
  }
  return blocks;
}

/** README text with every marked block replaced; throws on a marker without its end. */
export function render(readme, blocks = generatedBlocks()) {
  return readme.replace(/<!-- generated:([\w.-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (_whole, key) => {
    if (!(key in blocks)) throw new Error(`README.md marks a block "${key}" that nothing generates`);
    return `<!-- generated:${key} -->\n${blocks[key]}\n<!-- /generated:${key} -->`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(root, "README.md");
  const current = readFileSync(path, "utf8");
  const next = render(current);
  const missing = Object.keys(generatedBlocks()).filter(
    (key) => !current.includes(`<!-- generated:${key} -->`),
  );
  if (process.argv.includes("--check")) {
    if (next !== current || missing.length > 0) {
      console.error(
        `README.md is stale${missing.length ? ` (no block for ${missing.join(", ")})` : ""}; run: node scripts/docs.mjs`,
      );
      process.exit(1);
    }
    console.log("README.md tables are up to date");
  } else {
    writeFileSync(path, next);
    if (missing.length > 0) console.error(`README.md has no block for ${missing.join(", ")}`);
  }
}
