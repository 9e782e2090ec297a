/**
 * A vitest setup file (every package's `setupFiles`): what a test writes straight to
 * process.stdout / process.stderr (an action's `::error::` and `::group::` commands through
 * @actions/core, an engine's `[command]` lines and build log through @actions/exec) goes through
 * `console` instead, which vitest attributes to the running test. `pnpm test` passes
 * `--silent=passed-only`, so a passing run shows none of it and a failing test shows its own.
 * Running vitest by hand (no --silent) still prints everything.
 */
type Write = typeof process.stdout.write;

function toConsole(level: "log" | "error"): Write {
  return ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    globalThis.console[level](text.endsWith("\n") ? text.slice(0, -1) : text);
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") done();
    return true;
  }) as Write;
}

process.stdout.write = toConsole("log");
process.stderr.write = toConsole("error");
