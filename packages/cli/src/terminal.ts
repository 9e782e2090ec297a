import { AsyncLocalStorage } from "node:async_hooks";
import { formatDuration } from "@mbp/arch-build";
import type { Reporter } from "@mbp/image-spec";

/** Where the CLI writes: a stream, and whether it is a terminal (then progress is a live status line). */
export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * The CLI's output: plain lines, headings per phase, warnings, debug lines when verbose, and while
 * builds run a status line (on a terminal) kept below the log.
 */
export class Terminal {
  /** True on a terminal: progress is a live status line instead of heartbeat lines. */
  readonly tty: boolean;
  private readonly columns: number;
  // Bound now: OutputRouter later replaces process.stdout.write, and the log must not route itself.
  private readonly write: (text: string) => unknown;
  private status: (() => string) | undefined;
  private statusShown = false;

  constructor(
    out: TerminalStream,
    readonly verbose: boolean,
  ) {
    this.tty = out.isTTY === true;
    this.columns = (out as { columns?: number }).columns ?? 120;
    this.write = out.write.bind(out);
  }

  line(text = ""): void {
    this.clearStatus();
    this.write(`${text}\n`);
    this.drawStatus();
  }

  heading(text: string): void {
    this.line();
    this.line(`==> ${text}`);
  }

  warning(text: string): void {
    this.line(`warning: ${text}`);
  }

  debug(text: string): void {
    if (this.verbose) this.line(`debug: ${text}`);
  }

  /** The shared Reporter (engines, stitch), every line starting with `prefix` (`[linux/arm64] `). */
  log(prefix = ""): Reporter {
    return {
      info: (message) => {
        for (const line of message.split("\n")) this.line(`${prefix}${line}`);
      },
      warning: (message) => this.line(`${prefix}warning: ${message}`),
      debug: (message) => {
        if (this.verbose) this.line(`${prefix}debug: ${message}`);
      },
      group: async (name, body) => {
        if (prefix) this.line(`${prefix}${name}`);
        else this.heading(name);
        return body();
      },
    };
  }

  /** Shows `render()` as a status line below the log until the returned function is called (terminals only). */
  showStatus(render: () => string): () => void {
    if (!this.tty) return () => {};
    this.status = render;
    this.drawStatus();
    const timer = setInterval(() => {
      this.clearStatus();
      this.drawStatus();
    }, 1000);
    timer.unref();
    return () => {
      clearInterval(timer);
      this.clearStatus();
      this.status = undefined;
    };
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.write("\r\x1b[2K");
    this.statusShown = false;
  }

  private drawStatus(): void {
    if (!this.status || this.statusShown) return;
    this.write(this.status().slice(0, Math.max(20, this.columns - 1)));
    this.statusShown = true;
  }
}

interface Capture {
  readonly onLine: (line: string) => void;
  partial: string;
}

/**
 * Routes what runs inside `as(prefix, …)` to `onLine`, line by line, including what child processes
 * print: @mbp/image-spec's runCommand echoes engine commands and their output straight to
 * process.stdout, so while `capture` runs, process.stdout/stderr writes made in a platform's async
 * context are taken and prefixed, and every other write passes through. (Engines have no way to hand
 * their command output to a Reporter yet; see the report to the lead.)
 */
export class OutputRouter {
  private readonly context = new AsyncLocalStorage<Capture>();

  /** Runs `body` with process.stdout/stderr writes of platform contexts routed. */
  async capture<T>(body: () => Promise<T>): Promise<T> {
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write);
    streams.forEach((stream, i) => {
      const original = originals[i] as typeof stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const capture = this.context.getStore();
        if (!capture) return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
        this.feed(capture, typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString());
        const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
    });
    try {
      return await body();
    } finally {
      streams.forEach((stream, i) => {
        stream.write = originals[i] as typeof stream.write;
      });
    }
  }

  /** Runs `body` with its output (and its children's) sent to `onLine` one line at a time. */
  async as<T>(onLine: (line: string) => void, body: () => Promise<T>): Promise<T> {
    const capture: Capture = { onLine, partial: "" };
    try {
      return await this.context.run(capture, body);
    } finally {
      if (capture.partial) onLine(capture.partial);
      capture.partial = "";
    }
  }

  private feed(capture: Capture, text: string): void {
    const parts = (capture.partial + text).split(/\r\n|\n|\r/);
    capture.partial = parts.pop() ?? "";
    for (const part of parts) capture.onLine(part);
  }
}

/** A command echo of @actions/exec (`[command]/usr/bin/buildah …`) shown as a shell line. */
export function displayLine(line: string): string {
  return line.startsWith("[command]") ? `$ ${line.slice("[command]".length)}` : line;
}

/** Where each platform's build is, for the status line and the heartbeat. */
export class BuildProgress {
  private readonly states = new Map<
    string,
    { started: number; step: string; ended?: number; failed?: boolean }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  start(platform: string): void {
    this.states.set(platform, { started: this.now(), step: "" });
  }

  /** Notes the build step a line announces (buildah `STEP 2/3: …`, buildx plain `#7 [2/3] …`). */
  note(platform: string, line: string): void {
    const state = this.states.get(platform);
    const step = /^STEP (\d+\/\d+)/.exec(line) ?? /^#\d+ \[(?:[^\]]*? )?(\d+\/\d+)\]/.exec(line);
    if (state && step?.[1]) state.step = `step ${step[1]}`;
    if (state && /^(?:Copying|Writing manifest|Storing signatures)/.test(line)) state.step = "writing";
  }

  end(platform: string, failed: boolean): number {
    const state = this.states.get(platform);
    if (!state) return 0;
    state.ended = this.now();
    state.failed = failed;
    return state.ended - state.started;
  }

  /** `building  linux/amd64 step 2/3 3.1 s · linux/arm64 done 2.0 s`. */
  render(): string {
    if (this.states.size === 0) return "building  (starting)";
    const parts = [...this.states].map(([platform, s]) => {
      const ms = (s.ended ?? this.now()) - s.started;
      const what = s.ended !== undefined ? (s.failed ? "failed" : "done") : s.step || "starting";
      return `${platform} ${what} ${formatDuration(ms)}`;
    });
    return `building  ${parts.join(" · ")}`;
  }

  /** Platforms still building and for how long, for the heartbeat on non-terminals. */
  running(): Array<{ platform: string; ms: number; step: string }> {
    return [...this.states]
      .filter(([, s]) => s.ended === undefined)
      .map(([platform, s]) => ({ platform, ms: this.now() - s.started, step: s.step }));
  }
}

/** Columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}
