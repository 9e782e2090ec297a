/** Reads the repository's workflows and actions for the repo-level checks. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const root = new URL("..", import.meta.url).pathname;

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string | number | boolean;
}

export interface ActionManifest {
  name: string;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; "post-if"?: string };
}

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  "runs-on"?: unknown;
  "timeout-minutes"?: number;
  permissions?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  outputs?: Record<string, string>;
  steps?: Step[];
  with?: Record<string, unknown>;
}

export interface Workflow {
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export function readYaml<T>(path: string): T {
  return parse(readFileSync(join(root, path), "utf8")) as T;
}

/** Repository-relative paths of every workflow: .github/workflows and examples/workflows. */
export function workflowPaths(): string[] {
  const found: string[] = [];
  for (const dir of [".github/workflows", "examples/workflows"]) {
    let names: string[] = [];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue;
    }
    found.push(...names.filter((n) => /\.ya?ml$/.test(n)).map((n) => `${dir}/${n}`));
  }
  return found.sort();
}

/** The action packages: every packages/<name>/action.yml. */
export function actionPackages(): string[] {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => {
      try {
        readFileSync(join(root, "packages", name, "action.yml"));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}
