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
}

/** A reporter that drops everything. */
export const silentReporter: Reporter = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  group: (_name, body) => body(),
};
