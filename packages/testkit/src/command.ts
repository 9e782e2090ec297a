import { spawn } from "node:child_process";

/** What a finished command printed and how it exited. */
export interface CommandResult {
  /** Exit code; -1 when the process was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@link runCommand}. */
export interface CommandOptions {
  /** Written to stdin, which is then closed. */
  input?: string | Buffer;
  /** Full environment of the child (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the command (SIGKILL) after this many milliseconds; default 120 000. */
  timeoutMs?: number;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  ignoreReturnCode?: boolean;
}

/** A command exited non-zero or timed out; the message carries the trimmed stderr. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
    reason: string,
  ) {
    super(`${argv.join(" ")} ${reason}: ${result.stderr.trim() || result.stdout.trim() || "(no output)"}`);
  }
}

/**
 * Runs `command` with an argv array (never through a shell) and collects its output.
 * Throws {@link CommandError} on a non-zero exit unless `ignoreReturnCode` is set, and always on a timeout.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const argv = [command, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    // A command that exits without reading stdin makes the write fail with EPIPE; the exit code tells the story.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`${argv.join(" ")} could not start: ${err.message}`, { cause: err }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const result: CommandResult = {
        code: code ?? -1,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      if (timedOut) {
        reject(new CommandError(argv, result, `timed out after ${options.timeoutMs ?? 120_000} ms`));
      } else if (result.code !== 0 && options.ignoreReturnCode !== true) {
        reject(new CommandError(argv, result, `exited with code ${result.code}`));
      } else {
        resolve(result);
      }
    });
  });
}
