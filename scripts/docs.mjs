#!/usr/bin/env node
// Regenerates the input/output tables between `<!-- generated:KEY -->` and `<!-- /generated:KEY -->`:
// the workflow's (from .github/workflows/build.yaml) in README.md, each action's (from
// packages/<name>/action.yml) in packages/<name>/README.md. `--check` changes nothing and exits 1
// when a file is stale or lacks its block (the tests run it that way).
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

/** Where each block lives: the workflow's in README.md, each action's in its own package README. */
export function blockFiles(blocks = generatedBlocks()) {
  return Object.fromEntries(
    Object.keys(blocks).map((key) => [key, key === "build.yaml" ? "README.md" : `packages/${key}/README.md`]),
  );
}

/** A file's text with every marked block replaced; throws on a marker nothing generates. */
export function render(readme, blocks = generatedBlocks()) {
  return readme.replace(/<!-- generated:([\w.-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (_whole, key) => {
    if (!(key in blocks)) throw new Error(`a block "${key}" is marked that nothing generates`);
    return `<!-- generated:${key} -->\n${blocks[key]}\n<!-- /generated:${key} -->`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const blocks = generatedBlocks();
  const files = blockFiles(blocks);
  const check = process.argv.includes("--check");
  const problems = [];
  for (const file of [...new Set(Object.values(files))]) {
    const path = join(root, file);
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      problems.push(`${file} does not exist`);
      continue;
    }
    const next = render(current, blocks);
    const missing = Object.keys(files).filter(
      (key) => files[key] === file && !current.includes(`<!-- generated:${key} -->`),
    );
    if (missing.length > 0) problems.push(`${file} has no block for ${missing.join(", ")}`);
    if (next !== current) {
      if (check) problems.push(`${file} is stale`);
      else writeFileSync(path, next);
    }
  }
  if (problems.length > 0) {
    console.error(`${problems.join("; ")}${check ? "; run: node scripts/docs.mjs" : ""}`);
    process.exit(1);
  }
  if (check) console.log("generated tables are up to date");
}
