/** The registry client's transport, for a process that mints more than once (the helper's cache). */
export { Transport } from "../registry";
export {
  AWS_OIDC_AUDIENCE,
  type AwsSession,
  assumeRoleWithWebIdentity,
  type EcrRegistry,
  ecrAuthorizationToken,
  ecrPasswordWithRole,
  parseRoleArn,
  type RegistryPassword,
  ROLE_SESSION_NAME,
} from "./aws";
export { KeylessError } from "./errors";
export {
  exchangeForFederatedToken,
  GOOGLE_SCOPE,
  GOOGLE_USERNAME,
  type GoogleLogin,
  type GoogleToken,
  googleAccessToken,
  googleOidcAudience,
  googleStsAudience,
  impersonate,
  parseServiceAccount,
  parseWorkloadIdentityProvider,
} from "./google";
export { callService, type ServiceDeps, type ServiceRequest } from "./http";
export {
  CredentialCache,
  type KeylessLogin,
  type KeylessSource,
  type MintDeps,
  type MintedCredential,
  mintCredential,
  REFRESH_BEFORE_MS,
  refreshAt,
} from "./mint";
export {
  describeClaims,
  ID_TOKEN_FIX,
  jwtClaims,
  noIdTokenError,
  OIDC_SERVICE,
  type OidcRequest,
  oidcRequest,
  requestIdToken,
} from "./oidc";
export {
  ECR_PUBLIC_REGION,
  type KeylessEndpoints,
  type KeylessRegistry,
  keylessEndpoints,
  keylessRegistry,
  registryAliases,
  TEST_VARIABLES,
} from "./registries";
export {
  type AwsCredentials,
  encodeRfc3986,
  type SignedRequest,
  type SigV4Request,
  type SigV4Scope,
  signV4,
} from "./sigv4";
