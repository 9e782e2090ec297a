import * as core from "@actions/core";
import {
  type AuthRestoreOutcome,
  addAuthEntries,
  asError,
  authEntry,
  authKeyCandidates,
  type CredentialCheck,
  credentialHelperFor,
  type DockerAuthEntry,
  type DockerConfig,
  isCertificateError,
  PushDeniedError,
  RegistryError,
  type RetryPolicy,
  readDockerConfig,
  restoreAuthEntries,
  verifyCredentials,
} from "@mbp/image-spec";
import type { LoginRequest } from "./inputs";
import type { Login } from "./logins";
import type { LoginState } from "./state";

/**
 * Checks one login against its registry (`GET /v2/` with the credentials), with bounded retries, and
 * then push permission on each repository path of `pushTo`.
 */
export type Verifier = (login: Login, pushTo: readonly string[]) => Promise<CredentialCheck>;

export interface RunDeps {
  /** The Docker config to write (`dockerConfigPath()` in the action). */
  readonly configPath: string;
  /** Masks a secret in the log (`maskSecret` in the action). */
  readonly mask: (secret: string) => void;
  readonly verify?: Verifier;
  readonly retryPolicy?: RetryPolicy;
}

/** One row of the job summary: never a secret. */
export interface LoginRow {
  readonly host: string;
  readonly kind: string;
  readonly username: string;
  readonly source: string;
  readonly verified: string;
}

export interface LoginResult {
  readonly outputs: { readonly registries: readonly string[] };
  readonly rows: readonly LoginRow[];
  /** For the post step; its `changes` is empty when nothing was written. */
  readonly state: LoginState;
  readonly warnings: readonly string[];
}

/** One host whose credentials were refused or could not be checked. */
export interface LoginFailure {
  readonly host: string;
  readonly message: string;
}

/** Every login that failed its check; nothing was written to the Docker config. */
export class LoginFailures extends Error {
  override readonly name = "LoginFailures";
  constructor(readonly failures: readonly LoginFailure[]) {
    super(
      failures.length === 1
        ? (failures[0]?.message ?? "login failed")
        : `${failures.length} logins failed:\n${failures.map((f) => `  - ${f.message}`).join("\n")}`,
    );
  }
}

/** The verifier of the action: the shared registry client (insecure hosts as docker treats them). */
export function registryVerifier(insecure: readonly string[] = [], retryPolicy?: RetryPolicy): Verifier {
  return (login, pushTo) =>
    verifyCredentials(
      login.host,
      { username: login.username, password: login.password },
      { insecure: insecure.includes(login.host), pushTo, ...(retryPolicy ? { retryPolicy } : {}) },
    );
}

/**
 * Logs in to every planned registry: masks every secret, checks each login against its registry
 * (all of them, concurrently), and only when all pass writes them into the Docker config in one
 * atomic write. Bad credentials fail here, not at push time, and leave the config untouched.
 */
export async function run(request: LoginRequest, deps: RunDeps): Promise<LoginResult> {
  for (const login of request.logins) for (const secret of login.secrets) deps.mask(secret);
  const verify = deps.verify ?? registryVerifier(request.insecure, deps.retryPolicy);
  const pushTo = (host: string) =>
    request.checkPush ? request.images.filter((image) => image.host === host).map((image) => image.path) : [];
  const config = await readDockerConfig(deps.configPath);
  const warnings = request.logins.flatMap((login) => shadowWarnings(login, config, deps.configPath));

  const checks = await core.group("Check credentials against each registry", async () => {
    const settled = await Promise.allSettled(
      request.logins.map((login) => verify(login, pushTo(login.host))),
    );
    const failures: LoginFailure[] = [];
    const results = new Map<string, CredentialCheck>();
    settled.forEach((outcome, index) => {
      const login = request.logins[index];
      if (!login) return;
      if (outcome.status === "fulfilled") {
        results.set(login.host, outcome.value);
        core.info(
          outcome.value.scheme === "none"
            ? `${login.host}: needs no login, so ${login.username} (from ${login.source}) was not checked`
            : `${login.host}: ${login.username} (from ${login.source}) accepted, ${outcome.value.scheme} auth`,
        );
        for (const [path, how] of Object.entries(outcome.value.push ?? {})) {
          core.info(
            `${login.host}/${path}: may push (${how === "token" ? "the token grants push" : "a blob upload was started and cancelled"})`,
          );
        }
      } else {
        failures.push({ host: login.host, message: failureMessage(login, outcome.reason) });
      }
    });
    if (failures.length > 0) throw new LoginFailures(failures);
    if (request.logins.length === 0) core.info("No registry to log in to.");
    return results;
  });

  const changes = await core.group(`Write credentials to ${deps.configPath}`, async () => {
    if (request.logins.length === 0) return [];
    const entries: Record<string, DockerAuthEntry> = {};
    for (const login of request.logins) {
      entries[login.configKey] = authEntry({ username: login.username, password: login.password });
    }
    const written = await addAuthEntries(entries, deps.configPath);
    for (const change of written) {
      core.info(`${change.key}: ${change.previous ? "replaced the entry that was there" : "added"}`);
    }
    return written;
  });

  return {
    outputs: { registries: request.logins.map((login) => login.host) },
    rows: request.logins.map((login) => ({
      host: login.host,
      kind: login.kind,
      username: login.username,
      source: login.source,
      verified: describeCheck(checks.get(login.host)),
    })),
    state: { configPath: deps.configPath, logout: request.logout, changes },
    warnings,
  };
}

/**
 * The post step: removes the entries the main step added and puts back those it replaced; an entry
 * changed since (a later login) is left alone. `logout: false` keeps everything.
 */
export async function logout(state: LoginState): Promise<Record<string, AuthRestoreOutcome>> {
  if (!state.logout || state.changes.length === 0) return {};
  return restoreAuthEntries(state.changes, state.configPath);
}

function describeCheck(check: CredentialCheck | undefined): string {
  const push = check?.push && Object.keys(check.push).length > 0 ? ", push checked" : "";
  switch (check?.scheme) {
    case "basic":
      return `yes (basic auth${push})`;
    case "bearer":
      return `yes (token auth${push})`;
    case "none":
      return "not needed: the registry allows anonymous access";
    default:
      return "no";
  }
}

function failureMessage(login: Login, reason: unknown): string {
  const error = asError(reason);
  if (error instanceof PushDeniedError) {
    const said = error.refusal.detail || error.refusal.code || `HTTP ${error.refusal.status}`;
    return `${error.image}: cannot push as ${JSON.stringify(login.username)} with ${login.source}: the registry said ${JSON.stringify(said)} (${error.refusal.operation} answered ${error.refusal.status}); ${pushFix(login)}`;
  }
  const who = `${login.host}: logging in as ${JSON.stringify(login.username)} with ${login.source} failed`;
  if (error instanceof RegistryError && (error.status === 401 || error.status === 403)) {
    return `${who}: the registry refused the credentials (${error.message}); ${refusalFix(login)}`;
  }
  if (error instanceof RegistryError && isCertificateError(error.code)) {
    return `${who}: ${error.message}; nothing was written`;
  }
  return `${who}: ${error.message}; the registry could not be reached or kept failing, so nothing was written`;
}

function pushFix(login: Login): string {
  if (login.source.startsWith("registry-auth"))
    return "give that registry-auth account push (write) permission on the repository";
  switch (login.kind) {
    case "ghcr":
      return "give the job permissions: packages: write, and in the package's settings (Manage Actions access) give this repository the Write role";
    case "artifact-registry":
    case "container-registry":
      return "grant the service account Artifact Registry Writer (roles/artifactregistry.writer) on the repository";
    case "docker-hub":
      return "use an access token with Read & Write (a Read-only token cannot push) for an account that may push to the repository";
    default:
      return "give the account push (write) permission on the repository";
  }
}

function refusalFix(login: Login): string {
  if (login.source.startsWith("registry-auth"))
    return `check the username and password of that registry-auth entry`;
  switch (login.kind) {
    case "ghcr":
      return "check that the token is valid and that the job has permissions: packages: write";
    case "artifact-registry":
    case "container-registry":
      return "check GAR_PUSH_TOKEN: a valid service-account key (or a fresh access token) with Artifact Registry Writer";
    case "docker-hub":
      return "check DOCKER_USERNAME and DOCKER_TOKEN (an access token with Read & Write)";
    default:
      return "check the credentials";
  }
}

/** Warnings for config settings that make clients ignore the entry this action writes. */
function shadowWarnings(login: Login, config: DockerConfig, path: string): string[] {
  const warnings: string[] = [];
  const helper = credentialHelperFor(config, login.host);
  if (helper) {
    warnings.push(
      `${login.host}: ${path} names credHelpers "${helper}" for it, so docker, buildah and manifest-stitch ask docker-credential-${helper} and ignore the entry written here; remove that credHelpers entry or use another DOCKER_CONFIG`,
    );
  } else if (config.credsStore) {
    warnings.push(
      `${login.host}: ${path} sets credsStore "${config.credsStore}", so docker and buildx ask docker-credential-${config.credsStore} instead of the entry written here; remove credsStore or use another DOCKER_CONFIG`,
    );
  }
  const others = authKeyCandidates(login.host).filter(
    (key) => key !== login.configKey && config.auths?.[key] !== undefined,
  );
  if (others.length > 0) {
    warnings.push(
      `${login.host}: ${path} also has entries under ${others.join(", ")}, which some clients may pick instead of ${login.configKey}; remove them`,
    );
  }
  return warnings;
}

/** For logs: what logout did to each entry. */
export function describeOutcome(key: string, outcome: AuthRestoreOutcome): string {
  switch (outcome) {
    case "removed":
      return `${key}: removed`;
    case "restored":
      return `${key}: restored the entry that was there before`;
    case "already-gone":
      return `${key}: already gone`;
    case "changed-since":
      return `${key}: left as it is, it was changed after this login (by a later login?)`;
  }
}
