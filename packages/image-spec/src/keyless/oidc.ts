/**
 * The job's GitHub OIDC token: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>` with the bearer
 * `$ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answered `{"value": "<JWT>"}` (what @actions/core's getIDToken
 * does). The runner sets both variables only in jobs granted `id-token: write`; the request token
 * lasts the whole job, so a fresh ID token can be had late in a long build.
 */
import { KeylessError } from "./errors";
import { callService, isRecord, jsonBody, type ServiceDeps } from "./http";
import type { OidcRequest } from "./plan";

export const OIDC_SERVICE = "GitHub's OIDC token endpoint";

/** Asks GitHub for an ID token with this audience. Never logs it. */
export async function requestIdToken(
  request: OidcRequest,
  audience: string,
  deps: ServiceDeps = {},
): Promise<string> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new KeylessError(
      OIDC_SERVICE,
      "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL",
      "run on GitHub Actions",
    );
  }
  url.searchParams.set("audience", audience);
  const answer = await callService(
    {
      service: OIDC_SERVICE,
      method: "GET",
      url,
      headers: { authorization: `Bearer ${request.token}` },
    },
    deps,
  );
  const body = jsonBody(answer);
  const value = isRecord(body) ? body.value : undefined;
  if (answer.status !== 200 || typeof value !== "string" || value === "") {
    const said = isRecord(body) && typeof body.message === "string" ? body.message : `HTTP ${answer.status}`;
    throw new KeylessError(
      OIDC_SERVICE,
      `gave no ID token for audience ${audience}`,
      answer.status === 401 || answer.status === 403
        ? "the job's token request was refused; rerun the job (a request token lasts only as long as its job)"
        : "rerun the job; if it keeps failing, see https://www.githubstatus.com",
      said,
      answer.status,
    );
  }
  return value;
}

/**
 * The claims of a JWT, unverified, for messages (`sub`, `repository`, `ref`): they tell a person
 * what a trust policy or attribute condition was shown. Empty when it is not a JWT.
 */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return isRecord(claims) ? claims : {};
  } catch {
    return {};
  }
}

/** `repository=org/app, ref=refs/heads/main, …`: the claims conditions are usually written on. */
export function describeClaims(jwt: string, names: readonly string[]): string {
  const claims = jwtClaims(jwt);
  return names
    .filter((name) => typeof claims[name] === "string")
    .map((name) => `${name}=${String(claims[name])}`)
    .join(", ");
}
