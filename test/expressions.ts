/**
 * Evaluates GitHub Actions expressions with GitHub's own evaluator (@actions/expressions, the library
 * behind the workflow parser), so the repo checks test what a workflow's expressions compute, not how
 * they are spelt.
 */
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";

/** Contexts by name (`github`, `inputs`, `jobs`, `steps`, …), as plain JSON values. */
export type Contexts = Record<string, unknown>;

function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

/** The value of one expression (the text inside `${{ }}`). */
export function evaluate(expression: string, contexts: Contexts): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const parsed = new Parser(lexed.tokens, Object.keys(contexts), []).parse();
  const dictionary = new data.Dictionary(
    ...Object.entries(contexts).map(([key, value]) => ({ key, value: toData(value) })),
  );
  return new Evaluator(parsed, dictionary).evaluate();
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
export function isTrue(condition: string, contexts: Contexts): boolean {
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition)?.[1] ?? condition;
  return truthy(evaluate(inner, contexts));
}
