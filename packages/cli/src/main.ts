import { basename, isAbsolute, relative } from "node:path";
import { asError, InputErrors } from "@mbp/image-spec";
import packageJson from "../package.json";
import { type CommandLine, type CommandName, PROGRAM, parseCommandLine, UsageError } from "./flags";
import { Interruption, removeLeftoverContainers, removeScratchNow } from "./interrupt";
import { type CliOptions, MachineError, type OptionDeps, resolveOptions } from "./options";
import {
  type CommandResult,
  type RunDeps,
  runBuild,
  runPipeline,
  runPlan,
  runStitch,
  runVerify,
} from "./run";
import { Terminal, type TerminalStream } from "./terminal";

/** This CLI's version (its package's). */
export const VERSION: string = packageJson.version;

/** Where main reads and writes; the process's own by default, a test's in tests. */
export interface MainIO {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** How the user runs this program, for the commands it suggests (default `mbp`). */
  readonly program?: string;
  /** Overrides of the machine probes (tests). */
  readonly probes?: Partial<Omit<OptionDeps, "cwd" | "env">>;
  readonly run?: Partial<Omit<RunDeps, "terminal" | "env">>;
}

const RUNS: Record<CommandName, (options: CliOptions, deps: RunDeps) => Promise<CommandResult>> = {
  plan: runPlan,
  build: runBuild,
  stitch: runStitch,
  verify: runVerify,
  run: runPipeline,
};

/** Exit codes: 0 done, 1 failed while running, 2 bad command line or flags (nothing was run). */
export async function main(
  argv: readonly string[],
  io: MainIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    program: invocationOf(process.argv[1], process.cwd()),
  },
): Promise<number> {
  const program = io.program ?? PROGRAM;
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const problem of error.problems) io.stderr.write(`error: ${problem}\n`);
    return 2;
  }
  if (line.kind === "help") {
    io.stdout.write(`${line.text}\n`);
    return 0;
  }
  if (line.kind === "version") {
    io.stdout.write(`${PROGRAM} ${VERSION}\n`);
    return 0;
  }
  const { command, flags } = line;
  const terminal = new Terminal(flags.json ? io.stderr : io.stdout, flags.verbose);
  const started = Date.now();
  let options: CliOptions;
  try {
    options = await resolveOptions(command, flags, { cwd: io.cwd, env: io.env, ...io.probes });
  } catch (error) {
    if (!(error instanceof InputErrors)) return fail(io, error);
    io.stderr.write(
      `error: ${problemsHeading(error, `${PROGRAM} ${command}`)}; nothing was built or written:\n`,
    );
    for (const problem of error.errors) io.stderr.write(`  ${problem.message}\n`);
    io.stderr.write(`See ${program} ${command} --help.\n`);
    return 2;
  }
  const planMs = Date.now() - started;
  // SIGINT/SIGTERM: the engines below this process are told to stop (they remove their working
  // containers), then what this run made in scratch goes too; the exit code says which signal.
  const interruption = new Interruption(
    (line) => io.stderr.write(`${line}\n`),
    async (code) => {
      removeScratchNow();
      await removeKilledLeftovers(io);
      process.exit(code);
    },
  );
  const planned = { start: started, end: started + planMs };
  const running = RUNS[command](options, { terminal, env: io.env, program, argv, planned, ...io.run });
  try {
    const outcome = await Promise.race([
      running.then(
        (result) => ({ kind: "done", result }) as const,
        (error: unknown) => ({ kind: "failed", error }) as const,
      ),
      interruption.received.then((signal) => ({ kind: "interrupted", signal }) as const),
    ]);
    if (interruption.signal) {
      const signal = interruption.signal;
      if (await interruption.settle(running)) await removeKilledLeftovers(io);
      removeScratchNow();
      io.stderr.write(
        `${signal}: stopped; the build processes are gone and the target keeps only what was complete\n`,
      );
      return Interruption.exitCode(signal);
    }
    if (outcome.kind === "failed") return fail(io, outcome.error);
    if (outcome.kind !== "done") throw new Error("unreachable: interrupted without a signal");
    if (flags.json) {
      io.stdout.write(
        `${JSON.stringify({ ...outcome.result, timings: { plan: planMs, ...outcome.result.timings } }, null, 2)}\n`,
      );
    }
    return 0;
  } finally {
    interruption.dispose();
  }
}

/**
 * What stopped a command before it ran: problems with the flags as typed, or with this machine or the
 * network (an engine that does not answer, a registry that cannot be reached), which are not the
 * flags' fault.
 */
function problemsHeading(error: InputErrors, command: string): string {
  const count = (n: number) => (n === 1 ? "a problem" : `${n} problems`);
  const machine = error.errors.filter((e) => e instanceof MachineError).length;
  const flags = error.errors.length - machine;
  if (machine === 0) return `${count(flags)} with the flags of "${command}"`;
  if (flags === 0) return `"${command}" cannot start: ${count(machine)} with this machine or the network`;
  return `"${command}" cannot start: ${flags + machine} problems, ${flags} with its flags and ${machine} with this machine or the network`;
}

/**
 * How the user ran this program, to repeat it in the commands it suggests: `mbp` when installed as
 * that command, else `node <script>` (relative to the working directory when inside it).
 */
export function invocationOf(script: string | undefined, cwd: string): string {
  if (!script || basename(script) === PROGRAM) return PROGRAM;
  const path = relative(cwd, script);
  return `node ${path && !path.startsWith("..") && !isAbsolute(path) ? path : script}`;
}

// A killed buildah leaves its working containers behind: remove the ones this run's builds made.
async function removeKilledLeftovers(io: MainIO): Promise<void> {
  const removed = await removeLeftoverContainers();
  if (removed.length > 0) {
    io.stderr.write(
      `removed ${removed.length} working container(s) the killed builds left: ${removed.join(", ")}\n`,
    );
  }
}

function fail(io: MainIO, error: unknown): number {
  io.stderr.write(`error: ${asError(error).message}\n`);
  return 1;
}
