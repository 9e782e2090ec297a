/**
 * Registry logins without a stored key: the job's GitHub OIDC token exchanged at Google (Workload
 * Identity Federation) or AWS (AssumeRoleWithWebIdentity, then ECR's GetAuthorizationToken). What a
 * login decides beforehand, without the network, is also `@mbp/image-spec/keyless/plan`.
 */

/** The registry client's transport, for a process that mints more than once (the helper's cache). */
export { Transport } from "../registry";
export {
  AWS_OIDC_AUDIENCE,
  type AwsSession,
  assumeRoleWithWebIdentity,
  type EcrRegistry,
  ecrAuthorizationToken,
  ecrPasswordWithRole,
  type RegistryPassword,
  ROLE_SESSION_NAME,
} from "./aws";
export { KeylessError } from "./errors";
export {
  exchangeForFederatedToken,
  GOOGLE_SCOPE,
  type GoogleLogin,
  type GoogleToken,
  googleAccessToken,
  googleOidcAudience,
  googleStsAudience,
  impersonate,
} from "./google";
export { callService, type ServiceDeps, type ServiceRequest } from "./http";
export { CredentialCache, type MintDeps, mintCredential, REFRESH_BEFORE_MS, refreshAt } from "./mint";
export { describeClaims, jwtClaims, OIDC_SERVICE, requestIdToken } from "./oidc";
export * from "./plan";
export {
  type AwsCredentials,
  encodeRfc3986,
  type SignedRequest,
  type SigV4Request,
  type SigV4Scope,
  signV4,
} from "./sigv4";
