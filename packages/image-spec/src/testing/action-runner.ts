/**
 * Runs a bundled action (`dist/index.js`) the way the GitHub runner does: INPUT_* variables with
 * the action.yml defaults filled in, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, and
 * the post step with STATE_* from what main saved. Test-only; no action imports it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";

export interface ActionRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** `::error` / `::warning` / `::add-mask::` lines, parsed. */
  readonly commands: Array<{ command: string; properties: string; message: string }>;
  /** Messages of `::error` commands. */
  readonly errors: string[];
  readonly warnings: string[];
}

interface ActionManifest {
  inputs?: Record<string, { default?: string | boolean | number; required?: boolean }>;
  runs: { main: string; post?: string };
}

export interface RunOptions {
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string | undefined>;
  /** STATE_* values for a post step (usually `previous.state`). */
  readonly state?: Record<string, string>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/** Parses the runner's file-command format (`name<<delimiter` blocks and `name=value` lines). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      result[name] = value.join("\n");
    } else if (line.includes("=")) {
      result[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return result;
}

/** Runs `runs.main` (or `runs.post` with `step: "post"`) of the action whose action.yml is given. */
export async function runAction(
  actionYml: string,
  options: RunOptions = {},
  step: "main" | "post" = "main",
): Promise<ActionRun> {
  const manifest = parse(readFileSync(actionYml, "utf8")) as ActionManifest;
  const script = step === "main" ? manifest.runs.main : manifest.runs.post;
  if (!script) throw new Error(`${actionYml} has no runs.${step}`);
  const dir = mkdtempSync(join(tmpdir(), "action-run-"));
  const files = { output: join(dir, "output"), state: join(dir, "state"), summary: join(dir, "summary") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith("INPUT_") &&
      !key.startsWith("STATE_") &&
      !key.startsWith("GITHUB_")
    ) {
      env[key] = value;
    }
  }
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    if (spec.default !== undefined) env[inputVariable(name)] = String(spec.default);
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  Object.assign(env, {
    GITHUB_ACTIONS: "true",
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  try {
    const { exitCode, stdout, stderr } = await spawnNode(join(dirname(actionYml), script), env, options);
    const commands = [...stdout.matchAll(/^::([a-z-]+)( [^:]*)?::(.*)$/gm)].map((m) => ({
      command: m[1] ?? "",
      properties: (m[2] ?? "").trim(),
      message: unescapeData(m[3] ?? ""),
    }));
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseFileCommands(readFileSync(files.output, "utf8")),
      state: parseFileCommands(readFileSync(files.state, "utf8")),
      summary: readFileSync(files.summary, "utf8"),
      commands,
      errors: commands.filter((c) => c.command === "error").map((c) => c.message),
      warnings: commands.filter((c) => c.command === "warning").map((c) => c.message),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The runner upper-cases the name and replaces spaces with `_`; hyphens stay.
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

function unescapeData(text: string): string {
  return text.replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%25", "%");
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  options: RunOptions,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env,
      cwd: options.cwd ?? process.cwd(),
      stdio: "pipe",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, stdout, stderr });
    });
  });
}
