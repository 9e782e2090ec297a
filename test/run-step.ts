/** Runs a workflow's `run:` step as the runner runs it, for the repo checks. */
import { spawnSync } from "node:child_process";
import { type Contexts, evaluateValue } from "./expressions";
import type { Step } from "./workflow-files";

export interface StepRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A step's `env:` evaluated with GitHub's evaluator over `contexts`, then its script run as the runner
 * runs a `run:` step on Linux: `bash --noprofile --norc -eo pipefail {0}`, with only PATH (and what
 * `extraEnv` adds) from this process.
 */
export function runStep(step: Step, contexts: Contexts, extraEnv: Record<string, string> = {}): StepRun {
  if (!step.run) throw new Error(`step ${step.name ?? step.id ?? "?"} has no run:`);
  const env = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluateValue(String(value), contexts)]),
  );
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
    env: { PATH: process.env.PATH, ...extraEnv, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The `::error` (and `::warning`, `::notice`) commands a step printed, as `level title: message`. */
export function annotations(stdout: string): string[] {
  return [...stdout.matchAll(/^::(error|warning|notice)(?: title=([^:]*))?::(.*)$/gm)].map(
    ([, level, title, message]) => `${level} ${title ?? ""}: ${message}`,
  );
}
