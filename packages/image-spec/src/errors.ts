/**
 * One problem with one input: names the input, shows the value received and says how to fix it.
 * Rendered as `images: "app" has no registry host; write docker.io/org/app`.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly input: string,
    readonly value: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${input}: ${JSON.stringify(value)} ${problem}; ${fix}`);
  }
}

/** Every input problem found at once, so a caller fixes them all in one go. */
export class InputErrors extends Error {
  override readonly name = "InputErrors";
  constructor(readonly errors: readonly InputError[]) {
    super(
      errors.length === 1
        ? (errors[0]?.message ?? "invalid input")
        : `${errors.length} input problems:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`,
    );
  }
}

/** An external command that exited non-zero; `stderr` is trimmed. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`${command} exited with code ${exitCode}${stderr ? `: ${stderr}` : ""}`);
  }
}

/**
 * Collects input problems while validating several inputs, then throws them together.
 * `attempt` runs a parser and records its InputError(s) instead of stopping at the first.
 */
export class Problems {
  private readonly found: InputError[] = [];

  add(error: InputError): void {
    this.found.push(error);
  }

  /**
   * Runs a parser, recording its InputError(s) instead of stopping. `rename` rewrites each one first
   * (the CLI names its flags where the library names action inputs).
   */
  attempt<T>(parse: () => T, rename: (error: InputError) => InputError = (error) => error): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (error instanceof InputError) this.found.push(rename(error));
      else if (error instanceof InputErrors) this.found.push(...error.errors.map(rename));
      else throw error;
      return undefined;
    }
  }

  get count(): number {
    return this.found.length;
  }

  messages(): string[] {
    return this.found.map((error) => error.message);
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new InputErrors(this.found);
  }
}

/** Normalises anything thrown into an Error without losing a non-Error value. */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${JSON.stringify(thrown)}`);
}
