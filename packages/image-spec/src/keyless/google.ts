/**
 * Google Workload Identity Federation, as google-github-actions/auth does it: the job's OIDC token
 * (audience `https://iam.googleapis.com/<provider>`) is exchanged at Google STS for a federated
 * access token (token-exchange grant, JWT subject token, cloud-platform scope). With a service
 * account, IAM Credentials' generateAccessToken turns that into the account's access token; without
 * one (direct federation) the federated token itself is the credential. Artifact Registry takes
 * either with the username `oauth2accesstoken`.
 */
import { KeylessError } from "./errors";
import { bodyText, callService, isRecord, jsonBody, type ServiceDeps } from "./http";
import { describeClaims, requestIdToken } from "./oidc";
import type { OidcRequest } from "./plan";
import type { KeylessEndpoints } from "./registries";

export const GOOGLE_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const STS = "Google STS";
const IAM = "Google IAM Credentials";
/** What an impersonated access token is asked to live (Google's default maximum). */
const ACCESS_TOKEN_LIFETIME_S = 3600;

/** The audience google-github-actions/auth asks GitHub for: the provider's URL. */
export function googleOidcAudience(provider: string): string {
  return `https://iam.googleapis.com/${provider}`;
}

/** The `audience` of the STS exchange: the provider's full resource name. */
export function googleStsAudience(provider: string): string {
  return `//iam.googleapis.com/${provider}`;
}

export interface GoogleToken {
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface GoogleLogin {
  /** Checked by parseWorkloadIdentityProvider. */
  readonly provider: string;
  /** Impersonated when given; direct federation otherwise. */
  readonly serviceAccount?: string;
}

/**
 * An access token for Artifact Registry: a fresh OIDC token, the STS exchange and, with a service
 * account, generateAccessToken.
 */
export async function googleAccessToken(
  login: GoogleLogin,
  oidc: OidcRequest,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<GoogleToken> {
  const idToken = await requestIdToken(oidc, googleOidcAudience(login.provider), deps);
  const federated = await exchangeForFederatedToken(login.provider, idToken, endpoints, deps);
  if (!login.serviceAccount) return federated;
  return impersonate(login.serviceAccount, federated.accessToken, login.provider, idToken, endpoints, deps);
}

/** Google STS: the job's ID token for a federated access token. */
export async function exchangeForFederatedToken(
  provider: string,
  idToken: string,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<GoogleToken> {
  const now = deps.now ?? Date.now;
  const answer = await callService(
    {
      service: STS,
      method: "POST",
      url: endpoints.googleSts,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        audience: googleStsAudience(provider),
        grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
        requestedTokenType: "urn:ietf:params:oauth:token-type:access_token",
        scope: GOOGLE_SCOPE,
        subjectTokenType: "urn:ietf:params:oauth:token-type:jwt",
        subjectToken: idToken,
      }),
    },
    deps,
  );
  const body = jsonBody(answer);
  if (answer.status === 200 && isRecord(body) && typeof body.access_token === "string") {
    const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
    return { accessToken: body.access_token, expiresAt: now() + seconds * 1000 };
  }
  throw stsRefusal(answer.status, body, bodyText(answer), provider, idToken);
}

function stsRefusal(
  status: number,
  body: unknown,
  text: string,
  provider: string,
  idToken: string,
): KeylessError {
  const code = isRecord(body) && typeof body.error === "string" ? body.error : "";
  const description =
    isRecord(body) && typeof body.error_description === "string" ? body.error_description : "";
  const said =
    code || description ? [code, description].filter(Boolean).join(": ") : text || `HTTP ${status}`;
  const claims = describeClaims(idToken, ["repository", "ref", "repository_owner", "workflow_ref"]);
  const problem = `refused the job's OIDC token for ${provider}`;
  if (
    code === "invalid_target" ||
    status === 404 ||
    /not.?found|does not exist|disabled/i.test(description)
  ) {
    return new KeylessError(
      STS,
      `${problem}: the provider does not exist or is disabled`,
      "check gar-workload-identity-provider: the project number, the pool and the provider (gcloud iam workload-identity-pools providers list --workload-identity-pool=<pool> --location=global)",
      said,
      status,
    );
  }
  if (/attribute condition/i.test(description)) {
    return new KeylessError(
      STS,
      `${problem}: the provider's attribute condition rejected this job`,
      `change the provider's attribute condition (and its attribute mapping) to admit this job's claims (${claims})`,
      said,
      status,
    );
  }
  if (/audience/i.test(description)) {
    return new KeylessError(
      STS,
      `${problem}: the provider does not accept the audience ${googleOidcAudience(provider)}`,
      "leave the provider's allowed audiences empty (Google's default accepts exactly this one) or add this URL to them",
      said,
      status,
    );
  }
  if (/issuer/i.test(description)) {
    return new KeylessError(
      STS,
      `${problem}: the provider does not trust GitHub's issuer`,
      "create the provider with --issuer-uri=https://token.actions.githubusercontent.com (GitHub Enterprise: your enterprise's issuer)",
      said,
      status,
    );
  }
  return new KeylessError(
    STS,
    problem,
    `check the provider's attribute mapping and condition against this job's claims (${claims})`,
    said,
    status,
  );
}

/** IAM Credentials generateAccessToken: the federated token for the service account's own. */
export async function impersonate(
  serviceAccount: string,
  federatedToken: string,
  provider: string,
  idToken: string,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<GoogleToken> {
  const base = endpoints.googleIam.href.replace(/\/$/, "");
  const url = new URL(
    `${base}/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`,
  );
  const answer = await callService(
    {
      service: IAM,
      method: "POST",
      url,
      headers: { "content-type": "application/json", authorization: `Bearer ${federatedToken}` },
      body: JSON.stringify({ scope: [GOOGLE_SCOPE], lifetime: `${ACCESS_TOKEN_LIFETIME_S}s` }),
    },
    deps,
  );
  const body = jsonBody(answer);
  if (answer.status === 200 && isRecord(body) && typeof body.accessToken === "string") {
    const expires = typeof body.expireTime === "string" ? Date.parse(body.expireTime) : Number.NaN;
    const now = deps.now ?? Date.now;
    return {
      accessToken: body.accessToken,
      expiresAt: Number.isNaN(expires) ? now() + ACCESS_TOKEN_LIFETIME_S * 1000 : expires,
    };
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const message =
    typeof error.message === "string" ? error.message : bodyText(answer) || `HTTP ${answer.status}`;
  const said = typeof error.status === "string" ? `${error.status}: ${message}` : message;
  const pool = provider.replace(/\/providers\/[^/]+$/, "");
  const repository = describeClaims(idToken, ["repository"]).replace(/^repository=/, "") || "<org>/<repo>";
  if (/has not been used|is disabled|SERVICE_DISABLED/i.test(said)) {
    throw new KeylessError(
      IAM,
      `cannot issue tokens for ${serviceAccount}: the IAM Service Account Credentials API is off in the pool's project`,
      "enable iamcredentials.googleapis.com in that project (gcloud services enable iamcredentials.googleapis.com)",
      said,
      answer.status,
    );
  }
  if (answer.status === 403 || answer.status === 404) {
    throw new KeylessError(
      IAM,
      `refused to let this job impersonate ${serviceAccount} (or the account does not exist)`,
      `grant roles/iam.workloadIdentityUser on ${serviceAccount} to principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository} (the provider must map attribute.repository=assertion.repository), or leave gar-service-account empty for direct federation`,
      said,
      answer.status,
    );
  }
  throw new KeylessError(
    IAM,
    `gave no access token for ${serviceAccount}`,
    "check gar-service-account",
    said,
    answer.status,
  );
}
