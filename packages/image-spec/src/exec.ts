import { CommandError } from "./errors";

export interface CommandOptions {
  readonly cwd?: string;
  /** Extra environment on top of the process's (secret values go here, never in argv). */
  readonly env?: Record<string, string>;
  /** Written to stdin (passwords for `--password-stdin`). */
  readonly input?: string;
  /** Do not echo the command or stream its output to the log. */
  readonly silent?: boolean;
  readonly onStdout?: (chunk: string) => void;
  readonly onStderr?: (chunk: string) => void;
  /**
   * Sends the command line and everything it prints here instead of to this process's stdout (a
   * Reporter's `output`); undefined keeps the default.
   */
  readonly output?: ((text: string) => void) | undefined;
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program with an argv array (never a shell string). Throws CommandError with the trimmed
 * stderr when it exits non-zero.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const result = await tryCommand(command, args, options);
  if (result.exitCode !== 0) throw new CommandError(command, result.exitCode, result.stderr.trim());
  return result;
}

/** Like runCommand but returns a non-zero exit code instead of throwing. */
export async function tryCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  if (options.output) {
    const { output } = options;
    output(`$ ${[command, ...args].join(" ")}\n`);
    return tryCommand(command, args, {
      ...options,
      output: undefined,
      silent: true,
      onStdout: (chunk) => {
        output(chunk);
        options.onStdout?.(chunk);
      },
      onStderr: (chunk) => {
        output(chunk);
        options.onStderr?.(chunk);
      },
    });
  }
  const { onStdout, onStderr } = options;
  const listeners =
    onStdout || onStderr
      ? {
          stdout: onStdout ? (data: Buffer) => onStdout(data.toString()) : undefined,
          stderr: onStderr ? (data: Buffer) => onStderr(data.toString()) : undefined,
        }
      : undefined;
  // Loaded on first use: @actions/exec brings child_process, @actions/io and assert, start-up that a
  // manifest-stitch run without a credential helper never needs.
  const { getExecOutput } = await import("@actions/exec");
  return getExecOutput(command, [...args], {
    ignoreReturnCode: true,
    silent: options.silent ?? false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: { ...(process.env as Record<string, string>), ...options.env } } : {}),
    ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
    ...(listeners ? { listeners } : {}),
  });
}
