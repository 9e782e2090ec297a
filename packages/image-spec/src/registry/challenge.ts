/** One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`. */
export interface AuthChallenge {
  /** Lower case: `basic`, `bearer`. */
  readonly scheme: string;
  /** Parameter names in lower case; values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/**
 * Parses every challenge of one or more `WWW-Authenticate` header values (RFC 9110 §11.6.1):
 * `Basic realm="x", Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull"`.
 * Quoted values may hold commas and backslash escapes; a missing parameter is simply absent. Token68
 * credentials (`Negotiate abc==`) are skipped. Never throws: garbage yields what could be read.
 */
export function parseChallenges(header: string | readonly string[] | undefined): AuthChallenge[] {
  if (header === undefined) return [];
  const values = typeof header === "string" ? [header] : header;
  return values.flatMap(parseOne);
}

function parseOne(text: string): AuthChallenge[] {
  const challenges: Array<{ scheme: string; params: Record<string, string> }> = [];
  let pos = 0;
  const skip = (chars: RegExp) => {
    while (pos < text.length && chars.test(text.charAt(pos))) pos++;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    pos = TOKEN.lastIndex;
    return match[0];
  };
  while (pos < text.length) {
    skip(/[\s,]/);
    const name = token();
    if (name === undefined) {
      pos++; // Not a token: skip one character and resynchronise.
      continue;
    }
    skip(/[ \t]/);
    const current = challenges[challenges.length - 1];
    if (text.charAt(pos) === "=" && current !== undefined) {
      pos++;
      skip(/[ \t]/);
      current.params[name.toLowerCase()] = readValue();
    } else {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      // A token68 (`Negotiate abc==`) follows the scheme without `key=`: skip it.
      const save = pos;
      const next = token();
      if (next !== undefined && text.charAt(pos) === "=" && /^=*\s*(?:,|$)/.test(text.slice(pos))) {
        skip(/=/);
      } else {
        pos = save;
      }
    }
  }
  return challenges;

  function readValue(): string {
    if (text.charAt(pos) !== '"') {
      // RFC 9110 wants a token here; registries send bare URLs too, so read up to the next separator.
      const start = pos;
      while (pos < text.length && !/[\s,]/.test(text.charAt(pos))) pos++;
      return text.slice(start, pos);
    }
    pos++;
    let value = "";
    while (pos < text.length && text.charAt(pos) !== '"') {
      if (text.charAt(pos) === "\\" && pos + 1 < text.length) pos++;
      value += text.charAt(pos);
      pos++;
    }
    pos++; // closing quote
    return value;
  }
}

/** The challenge a client should answer: Bearer before Basic; undefined when there is neither. */
export function preferredChallenge(challenges: readonly AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
}
