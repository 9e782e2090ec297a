/**
 * How library code talks to the user. Actions map it to @actions/core (`actionsReporter` in
 * ./actions), the CLI to its terminal, tests to nothing (`silentReporter`).
 */
export interface Reporter {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Runs one phase inside a collapsible log group. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  /**
   * Where external commands' own output goes (the command line, then its stdout and stderr as they
   * come). Unset: straight to this process's stdout, which is what the GitHub log wants.
   */
  output?(text: string): void;
}

/** A reporter that drops everything. */
export const silentReporter: Reporter = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  group: (_name, body) => body(),
};
