/**
 * What a login decides before any call to a token service: the keyless inputs, checked; whether the
 * job may request an OIDC token; what each source is. The login step's bundle needs only this (the
 * token services' clients are in the credential helper's bundle), so it stays small for everyone
 * who logs in with a password.
 */
import { InputError, type Problems } from "../errors";
import { KeylessError } from "./errors";
import type { KeylessRegistry } from "./registries";
import type { AwsCredentials } from "./sigv4";

/** The username Artifact Registry and Container Registry take an access token with. */
export const GOOGLE_USERNAME = "oauth2accesstoken";
/** The username of every ECR registry password. */
export const ECR_USERNAME = "AWS";

/** How a registry's credential is made. Only `aws-keys` holds a secret. */
export type KeylessSource =
  | { readonly kind: "google"; readonly provider: string; readonly serviceAccount?: string }
  | { readonly kind: "aws-role"; readonly roleArn: string }
  | { readonly kind: "aws-keys"; readonly credentials: AwsCredentials };

export interface KeylessLogin {
  readonly registry: KeylessRegistry;
  readonly source: KeylessSource;
}

/** A registry username and password, and when the password stops working (epoch ms). */
export interface MintedCredential {
  readonly username: string;
  readonly password: string;
  readonly expiresAt: number;
}

export interface OidcRequest {
  readonly url: string;
  readonly token: string;
}

/** What to do when the job cannot ask for an OIDC token. */
export const ID_TOKEN_FIX =
  "grant the job `permissions: id-token: write` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one";

/** The job's OIDC request, or undefined when the job was not granted `id-token: write`. */
export function oidcRequest(env: NodeJS.ProcessEnv = process.env): OidcRequest | undefined {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
  return url && token ? { url, token } : undefined;
}

/** The error for a job without `id-token: write`, naming what needed the token. */
export function noIdTokenError(needs: string): KeylessError {
  return new KeylessError(
    "GitHub Actions",
    `${needs} needs the job's OIDC token, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`,
    ID_TOKEN_FIX,
  );
}

const PROVIDER =
  /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;

/** Checks a provider's full resource name, with a fix for each usual mistake. */
export function parseWorkloadIdentityProvider(
  value: string,
  input = "gar-workload-identity-provider",
): string {
  const text = value.trim();
  const form = "projects/<project number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>";
  if (PROVIDER.test(text)) return text;
  const prefix = /^(?:https:|principal(?:Set)?:)?\/\/iam\.googleapis\.com\//.exec(text);
  if (prefix) {
    throw new InputError(input, text, `starts with ${prefix[0]}`, `write the resource name alone: ${form}`);
  }
  if (/^projects\/[^/]*[^0-9/][^/]*\//.test(text)) {
    throw new InputError(
      input,
      text,
      "names the project by its ID",
      `Workload Identity Federation needs the project number: ${form} (gcloud projects describe <id> --format='value(projectNumber)')`,
    );
  }
  if (/\/workloadIdentityPools\/[^/]+\/?$/.test(text)) {
    throw new InputError(input, text, "is a pool, not a provider", `add /providers/<provider>: ${form}`);
  }
  throw new InputError(
    input,
    text,
    "is not a workload identity provider's resource name",
    `write ${form} (gcloud iam workload-identity-pools providers describe <provider> --workload-identity-pool=<pool> --location=global --format='value(name)')`,
  );
}

/** Checks a service account's email (or its 21-digit unique ID). */
export function parseServiceAccount(value: string, input = "gar-service-account"): string {
  const text = value.trim();
  if (/^[^@\s/]+@[a-z0-9.-]+\.gserviceaccount\.com$/.test(text) || /^\d{21}$/.test(text)) return text;
  throw new InputError(
    input,
    text,
    "is not a service account",
    "write its email, e.g. pusher@my-project.iam.gserviceaccount.com, or leave it empty for direct federation",
  );
}

/** Checks an IAM role ARN. */
export function parseRoleArn(value: string, input = "aws-role-arn"): string {
  const text = value.trim();
  if (/^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(text)) return text;
  const fix = "write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push";
  if (/^arn:aws[\w-]*:iam::\d{12}:user\//.test(text)) {
    throw new InputError(
      input,
      text,
      "is a user, not a role",
      `${fix}; a user's keys go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    );
  }
  throw new InputError(input, text, "is not an IAM role ARN", fix);
}

/** The keyless inputs that hold no secret, as given (trimmed); empty means "not given". */
export interface KeylessInputs {
  readonly garWorkloadIdentityProvider: string;
  readonly garServiceAccount: string;
  readonly awsRoleArn: string;
}

/**
 * Checks the keyless inputs that hold no secret, recording every problem: each value's form, and a
 * service account only with a provider to impersonate it through. Returns the valid values (empty
 * for one not given or refused). The login decides with them; the plan checks them with this same
 * rule before anything is built. (AWS keys are secrets: the login checks them alone.)
 */
export function parseKeylessInputs(given: KeylessInputs, problems: Problems): KeylessInputs {
  const checked = (value: string, parse: (text: string) => string) =>
    value === "" ? "" : (problems.attempt(() => parse(value)) ?? "");
  const garWorkloadIdentityProvider = checked(
    given.garWorkloadIdentityProvider,
    parseWorkloadIdentityProvider,
  );
  const garServiceAccount = checked(given.garServiceAccount, parseServiceAccount);
  if (given.garServiceAccount && !given.garWorkloadIdentityProvider) {
    problems.add(
      new InputError(
        "gar-service-account",
        given.garServiceAccount,
        "is set but gar-workload-identity-provider is empty",
        "set gar-workload-identity-provider too: the service account is impersonated through it",
      ),
    );
  }
  const awsRoleArn = checked(given.awsRoleArn, parseRoleArn);
  return { garWorkloadIdentityProvider, garServiceAccount, awsRoleArn };
}

export {
  ECR_PUBLIC_REGION,
  type KeylessEndpoints,
  type KeylessRegistry,
  keylessEndpoints,
  keylessRegistry,
  registryAliases,
  TEST_VARIABLES,
} from "./registries";
