/**
 * A keyless login that could not get a credential: which step refused, what the service said (its
 * own words, never a token) and what to change. Rendered as
 * `Google STS refused the job's OIDC token: the provider's attribute condition rejected it ("The
 * given credential is rejected by the attribute condition."); change …`.
 */
export class KeylessError extends Error {
  override readonly name = "KeylessError";
  constructor(
    /** Who refused or failed: `GitHub's OIDC token endpoint`, `Google STS`, `AWS STS`, `the ECR API`. */
    readonly service: string,
    /** What went wrong, in words a person acts on. */
    readonly problem: string,
    /** What to change. */
    readonly fix: string,
    /** The service's own words (error code and message), when it answered. */
    readonly said?: string,
    /** HTTP status, when the service answered. */
    readonly status?: number,
  ) {
    super(`${service}: ${problem}${said ? ` (${JSON.stringify(said)})` : ""}; ${fix}`);
  }
}
