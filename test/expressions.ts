/**
 * Evaluates GitHub Actions expressions with GitHub's own evaluator (@actions/expressions, the library
 * behind the workflow parser), so the repo checks test what a workflow's expressions compute, not how
 * they are spelt.
 */
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import { TokenType } from "@actions/expressions/lexer";
import { truthy } from "@actions/expressions/result";

/** Contexts by name (`github`, `inputs`, `jobs`, `steps`, …), as plain JSON values. */
export type Contexts = Record<string, unknown>;

function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

/**
 * What the status functions of an `if:` answer. In a step, the runner answers all of them from the
 * job's status alone (`success()` is job.status == success, `failure()` == failure, `cancelled()` ==
 * cancelled: actions/runner src/Runner.Worker/Expressions); for a job, GitHub answers from its
 * `needs` and from whether the run was cancelled (see {@link jobStatus}).
 */
export interface Status {
  readonly success: boolean;
  readonly failure: boolean;
  readonly cancelled: boolean;
}

/** The status functions a step sees in a job whose status is `status`. */
export function stepStatus(status: "success" | "failure" | "cancelled"): Status {
  return { success: status === "success", failure: status === "failure", cancelled: status === "cancelled" };
}

/**
 * The status functions a job's `if:` sees: `success()` when every job it needs succeeded and the run
 * goes on, `failure()` when one of them failed, `cancelled()` when the run was cancelled.
 */
export function jobStatus(needs: Record<string, { result: string }>, runCancelled: boolean): Status {
  const results = Object.values(needs).map((need) => need.result);
  return {
    success: !runCancelled && results.every((result) => result === "success"),
    failure: results.includes("failure"),
    cancelled: runCancelled,
  };
}

function statusFunctions(status: Status): FunctionDefinition[] {
  const answer = (name: string, value: boolean): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(value),
  });
  return [
    answer("success", status.success),
    answer("failure", status.failure),
    answer("cancelled", status.cancelled),
    answer("always", true),
  ];
}

/**
 * The value of one expression (the text inside `${{ }}`). With a `status`, the status functions
 * (`success()`, `failure()`, `cancelled()`, `always()`) answer from it; without, they do not parse.
 */
export function evaluate(expression: string, contexts: Contexts, status?: Status): data.ExpressionData {
  const functions = status ? statusFunctions(status) : [];
  const lexed = new Lexer(expression).lex();
  const parsed = new Parser(lexed.tokens, Object.keys(contexts), functions).parse();
  const dictionary = new data.Dictionary(
    ...Object.entries(contexts).map(([key, value]) => ({ key, value: toData(value) })),
  );
  return new Evaluator(
    parsed,
    dictionary,
    new Map(functions.map((f) => [f.name.toLowerCase(), f])),
  ).evaluate();
}

/**
 * A workflow value as the runner computes it: a string with `${{ }}` parts is evaluated part by part
 * and joined; a value that is one expression keeps its string form (`true`, `false`, JSON text).
 */
export function evaluateValue(value: string, contexts: Contexts): string {
  return splitTemplate(value)
    .map((part) => (part.expression ? evaluate(part.text, contexts).coerceString() : part.text))
    .join("");
}

/**
 * Literal text and `${{ }}` expressions, in order. An expression ends at the first `}}` outside a
 * single-quoted string (`format('{{"{0}"}}', x)` has `}}` inside one), as GitHub's template reader
 * reads it.
 */
export function splitTemplate(value: string): Array<{ expression: boolean; text: string }> {
  const parts: Array<{ expression: boolean; text: string }> = [];
  let rest = value;
  for (let start = rest.indexOf("${{"); start >= 0; start = rest.indexOf("${{")) {
    if (start > 0) parts.push({ expression: false, text: rest.slice(0, start) });
    let quoted = false;
    let end = -1;
    for (let i = start + 3; i < rest.length - 1; i++) {
      if (rest[i] === "'") quoted = !quoted;
      else if (!quoted && rest[i] === "}" && rest[i + 1] === "}") {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`unterminated \${{ in ${JSON.stringify(value)}`);
    parts.push({ expression: true, text: rest.slice(start + 3, end) });
    rest = rest.slice(end + 2);
  }
  if (rest) parts.push({ expression: false, text: rest });
  return parts;
}

/** A condition (`if:`), which may be written with or without `${{ }}`. */
export function isTrue(condition: string, contexts: Contexts, status?: Status): boolean {
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition)?.[1] ?? condition;
  return truthy(evaluate(inner, contexts, status));
}

/**
 * Whether a job or step with this `if:` runs, as GitHub decides it: a condition without a status
 * function is `success() && (condition)`, and no condition at all is `success()`.
 */
export function runs(condition: string | undefined, contexts: Contexts, status: Status): boolean {
  const given = condition ?? "";
  if (!/\b(?:success|failure|cancelled|always)\s*\(/.test(given)) {
    return status.success && (given === "" || isTrue(given, contexts, status));
  }
  return isTrue(given, contexts, status);
}

/** The secrets a workflow value refers to: by name, and whether it takes the whole context. */
export interface SecretUse {
  /** Names read as `secrets.NAME`. */
  readonly names: string[];
  /** The context itself (`toJSON(secrets)`, `secrets[...]`, `secrets.*`): the job then gets every secret. */
  readonly whole: string[];
}

/**
 * Every use of the `secrets` context in a workflow value (a job, a step, a mapping), read the way
 * GitHub reads it: the expressions inside `${{ }}` and every `if:`, tokenised by GitHub's lexer, so a
 * word "secrets" in a string literal or a comment is not a use.
 */
export function secretUses(value: unknown, key = ""): SecretUse {
  const names = new Set<string>();
  const whole: string[] = [];
  const visit = (node: unknown, name: string): void => {
    if (typeof node === "string") {
      const expressions =
        name === "if" && !node.includes("${{")
          ? [node]
          : splitTemplate(node)
              .filter((part) => part.expression)
              .map((part) => part.text);
      for (const expression of expressions) {
        const tokens = new Lexer(expression).lex().tokens;
        tokens.forEach((token, i) => {
          if (token.type !== TokenType.IDENTIFIER || token.lexeme.toLowerCase() !== "secrets") return;
          if (tokens[i - 1]?.type === TokenType.DOT) return; // inputs.secrets, a property of something else
          const [dot, member] = [tokens[i + 1], tokens[i + 2]];
          if (dot?.type === TokenType.DOT && member?.type === TokenType.IDENTIFIER) names.add(member.lexeme);
          else whole.push(expression.trim());
        });
      }
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, name);
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  visit(value, key);
  return { names: [...names].sort(), whole };
}
