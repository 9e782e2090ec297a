/** multi-registry-login as a library: validation, planning, login and logout without the runner. */
export { type GoogleLogin, type GoogleUsername, googleLogin } from "./google-token";
export { HELPER_BOUND_MS, type HelperIo, runHelper } from "./helper/client";
export { type HelperConfig, type HelperHost, NOT_FOUND, readHelperConfig, serverHost } from "./helper/config";
export { type Daemon, serve } from "./helper/daemon";
export { type InstalledHelper, type InstallOptions, installHelper, uninstallHelper } from "./helper/install";
export { type LoginRequest, parseRequest, type RawInputs } from "./inputs";
export { type Login, type LoginPlan, type LoginSecrets, planLogins } from "./logins";
export {
  loadYamlParser,
  parseRegistryAuth,
  type RegistryAuthEntry,
  registryAuthPasswords,
  registryHost,
} from "./registry-auth";
export {
  defaultHelperBundle,
  describeOutcome,
  type LoginFailure,
  LoginFailures,
  type LoginResult,
  type LoginRow,
  logout,
  type RunDeps,
  registryVerifier,
  run,
  type Verifier,
} from "./run";
export { decodeLoginState, encodeLoginState, type LoginState } from "./state";
