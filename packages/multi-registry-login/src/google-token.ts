import { InputError } from "@mbp/image-spec";

/** The username Artifact Registry and Container Registry expect for each form of credential. */
export type GoogleUsername = "_json_key" | "_json_key_base64" | "oauth2accesstoken";

export interface GoogleLogin {
  readonly username: GoogleUsername;
  /** The password to send (the token without surrounding white space). */
  readonly password: string;
  /** What the token is, for logs and the summary. */
  readonly form: string;
  /** Forms derived from the token that could reach a log (decoded key, its private key). */
  readonly derived: readonly string[];
}

const NOT_SHOWN = "<not shown: it is a secret>";

/**
 * Chooses the username for a `GAR_PUSH_TOKEN` from its form: a service-account key as JSON
 * (`_json_key`), the same key base64-encoded (`_json_key_base64`) or an OAuth2 access token such as
 * google-github-actions/auth prints (`ya29.…`, `oauth2accesstoken`). Errors never show the token.
 */
export function googleLogin(token: string, input = "GAR_PUSH_TOKEN"): GoogleLogin {
  const password = token.trim();
  const fix =
    "set it to a service-account key file's contents, base64 of them, or an access token (ya29.…) from google-github-actions/auth";
  if (password.startsWith("{")) {
    const key = parseObject(password);
    if (!key) throw new InputError(input, NOT_SHOWN, "starts like a JSON key but is not a JSON object", fix);
    return { username: "_json_key", password, form: "JSON key", derived: keySecrets(key) };
  }
  if (/^[A-Za-z0-9+/=\s]+$/.test(password)) {
    const decoded = Buffer.from(password, "base64").toString("utf8").trim();
    if (decoded.startsWith("{")) {
      const key = parseObject(decoded);
      if (!key) throw new InputError(input, NOT_SHOWN, "is base64 of something that is not a JSON key", fix);
      return {
        username: "_json_key_base64",
        password,
        form: "base64 JSON key",
        derived: [decoded, ...keySecrets(key)],
      };
    }
  }
  if (/^ya29\.[\w.-]+$/.test(password)) {
    return { username: "oauth2accesstoken", password, form: "access token", derived: [] };
  }
  throw new InputError(
    input,
    NOT_SHOWN,
    "is neither a service-account key (JSON or base64) nor an access token",
    fix,
  );
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function keySecrets(key: Record<string, unknown>): string[] {
  return ["private_key", "private_key_id"]
    .map((field) => key[field])
    .filter((value): value is string => typeof value === "string" && value !== "");
}
