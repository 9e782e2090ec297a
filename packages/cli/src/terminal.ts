import { formatDuration } from "@mbp/arch-build";
import type { Reporter } from "@mbp/image-spec";

/** Where the CLI writes: a stream, and whether it is a terminal (then progress is a live status line). */
export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, read at every redraw (it follows resizes); 0 or unset: unknown. */
  readonly columns?: number;
}

/** Columns a status line may use: the terminal's, or 120 when it reports none (or 0, as under `script`). */
export function statusWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? columns : 120;
}

/**
 * The CLI's output: plain lines, headings per phase, warnings, debug lines when verbose, and while
 * builds run a status line (on a terminal) kept below the log.
 */
export class Terminal {
  /** True on a terminal: progress is a live status line instead of heartbeat lines. */
  readonly tty: boolean;
  private readonly out: TerminalStream;
  private readonly write: (text: string) => unknown;
  private status: (() => string) | undefined;
  private statusShown = false;

  constructor(
    out: TerminalStream,
    readonly verbose: boolean,
  ) {
    this.tty = out.isTTY === true;
    this.out = out;
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

  /**
   * The shared Reporter (engines, stitch), every line starting with `prefix` (`[linux/arm64] `);
   * external commands' output comes through `output`, split into lines, each also given to `onLine`.
   */
  log(prefix = "", onLine?: (line: string) => void): Reporter {
    let partial = "";
    return {
      output: (text) => {
        const lines = (partial + text).split(/\r\n|\n|\r/);
        partial = lines.pop() ?? "";
        for (const line of lines) {
          onLine?.(line);
          this.line(`${prefix}${line}`);
        }
      },
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
    this.write(this.status().slice(0, Math.max(20, statusWidth(this.out.columns) - 1)));
    this.statusShown = true;
  }
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
