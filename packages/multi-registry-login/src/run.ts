import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@actions/core";
import {
  type AuthRestoreOutcome,
  addLoginEntries,
  asError,
  authEntry,
  authKeyCandidates,
  CommandError,
  type CredentialCheck,
  credentialHelperFor,
  type DockerAuthEntry,
  type DockerConfig,
  HELPER_TIMEOUT_MS,
  helperGet,
  isCertificateError,
  PushCheckError,
  RegistryError,
  RepositoryMissingError,
  type RetryPolicy,
  readDockerConfig,
  restoreLoginEntries,
  verifyCredentials,
} from "@mbp/image-spec";
import { ECR_PUBLIC_REGION, type KeylessLogin, type MintedCredential } from "@mbp/image-spec/keyless/plan";
import type { HelperHost, HelperSource } from "./helper/config";
import { HelperError } from "./helper/errors";
import type { InstalledHelper } from "./helper/install";
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
  /**
   * Makes the password of a keyless login the helper does not answer for (an ECR access key pair);
   * default: the helper bundle's `mint`.
   */
  readonly mint?: (login: KeylessLogin) => Promise<MintedCredential>;
  /** Sets up the credential helper for the hosts it answers for (default: installHelper). */
  readonly installHelper?: (hosts: Readonly<Record<string, HelperHost>>) => Promise<InstalledHelper>;
  /** The helper bundle (default: dist/helper/index.js beside this bundle). */
  readonly helperBundle?: string;
  /** The job's environment (OIDC request, RUNNER_TEMP, PATH); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
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
  /** The credential helper's directory, for PATH (`core.addPath`), when one was set up. */
  readonly helperPath?: string;
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
  const env = deps.env ?? process.env;
  const verify = deps.verify ?? registryVerifier(request.insecure, deps.retryPolicy);
  const bundle = deps.helperBundle ?? defaultHelperBundle();
  const mint =
    deps.mint ?? (async (login: KeylessLogin) => (await helperSetup()).mintOnce(bundle, login, env));
  const pushTo = (host: string) =>
    request.checkPush ? request.images.filter((image) => image.host === host).map((image) => image.path) : [];
  const config = await readDockerConfig(deps.configPath);
  const warnings = request.logins.flatMap((login) => shadowWarnings(login, config, deps.configPath));

  // Google federation and ECR roles are answered by the credential helper, which mints again when
  // the password nears its end: a push late in a long build still has a valid one. It starts first,
  // so that the login check gets its credential exactly as docker, buildx and buildah will.
  const helped = request.logins.filter((login) => helperSource(login) !== undefined);
  const helper = helped.length > 0 ? await startHelper(helped, deps, env, bundle) : undefined;
  try {
    const { logins, checks } = await core.group("Check credentials against each registry", async () => {
      const settled = await Promise.allSettled(
        request.logins.map(async (planned) => {
          let login = planned;
          if (helper && helperSource(planned)) {
            login = withPassword(planned, await askHelper(helper, planned.configKey, env), deps.mask);
          } else if (planned.keyless) {
            // An ECR access key pair: its 12-hour password goes into `auths`.
            login = withPassword(planned, await mint(planned.keyless), deps.mask);
          }
          return { login, check: await verify(login, pushTo(login.host)) };
        }),
      );
      const failures: LoginFailure[] = [];
      const results = new Map<string, CredentialCheck>();
      const ready: Login[] = [];
      settled.forEach((outcome, index) => {
        const planned = request.logins[index];
        if (!planned) return;
        if (outcome.status === "fulfilled") {
          const { login, check } = outcome.value;
          ready.push(login);
          results.set(login.host, check);
          core.info(
            check.scheme === "none"
              ? `${login.host}: needs no login, so ${login.username} (from ${login.source}) was not checked`
              : `${login.host}: ${login.username} (from ${login.source}) accepted, ${check.scheme} auth`,
          );
          for (const [path, how] of Object.entries(check.push ?? {})) {
            core.info(
              `${login.host}/${path}: may push (${how === "token" ? "the token grants push" : "a blob upload was started and cancelled"})`,
            );
          }
        } else {
          failures.push({ host: planned.host, message: failureMessage(planned, outcome.reason) });
        }
      });
      if (failures.length > 0) throw new LoginFailures(failures);
      if (request.logins.length === 0) core.info("No registry to log in to.");
      return { logins: ready, checks: results };
    });

    const changes = await core.group(`Write credentials to ${deps.configPath}`, async () => {
      if (logins.length === 0) return { auths: [], credHelpers: [] };
      const auths: Record<string, DockerAuthEntry> = {};
      const credHelpers: Record<string, string> = {};
      for (const login of logins) {
        if (helper && helperSource(login)) credHelpers[login.configKey] = helper.name;
        else auths[login.configKey] = authEntry({ username: login.username, password: login.password });
      }
      const written = await addLoginEntries({ auths, credHelpers }, deps.configPath);
      for (const change of written.auths) {
        core.info(`${change.key}: ${change.previous ? "replaced the entry that was there" : "added"}`);
      }
      for (const change of written.credHelpers) {
        core.info(
          `${change.host}: credHelpers ${change.helper}${change.previous ? ` (replacing ${change.previous})` : ""}: docker-credential-${change.helper} answers with a fresh token`,
        );
      }
      return written;
    });

    return {
      outputs: { registries: logins.map((login) => login.host) },
      ...(helper ? { helperPath: helper.dir } : {}),
      rows: logins.map((login) => ({
        host: login.host,
        kind: login.kind,
        username: login.username,
        source: login.source,
        verified:
          describeCheck(checks.get(login.host)) +
          (helper && helperSource(login) ? `; renewed by docker-credential-${helper.name}` : ""),
      })),
      state: {
        configPath: deps.configPath,
        logout: request.logout,
        changes: changes.auths,
        ...(helper ? { helper, helperChanges: changes.credHelpers } : {}),
      },
      warnings,
    };
  } catch (error) {
    // Nothing was written: the helper goes too.
    if (helper) await (await helperSetup()).uninstallHelper(helper);
    throw error;
  }
}

/** The login with its freshly made password; the password and its forms are masked at once. */
function withPassword(
  login: Login,
  credential: Pick<MintedCredential, "username" | "password">,
  mask: (secret: string) => void,
): Login {
  const secrets = [
    credential.password,
    Buffer.from(`${credential.username}:${credential.password}`).toString("base64"),
  ];
  for (const secret of secrets) mask(secret);
  return {
    ...login,
    username: credential.username,
    password: credential.password,
    secrets: [...login.secrets, ...secrets],
  };
}

/** What the credential helper makes this login's password from; undefined for a stored one. */
function helperSource(login: Login): HelperSource | undefined {
  const source = login.keyless?.source;
  return source && source.kind !== "aws-keys" ? source : undefined;
}

/**
 * Setting up, asking and taking down the credential helper: loaded on first use, so logins with a
 * password (most jobs) do not parse it at start-up.
 */
function helperSetup(): Promise<typeof import("./helper/install")> {
  return import("./helper/install");
}

/** The helper bundle beside this one: dist/helper/index.js. */
export function defaultHelperBundle(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "helper", "index.js");
}

/** Starts the credential helper (its caching process) for the hosts it answers for. */
async function startHelper(
  logins: readonly Login[],
  deps: RunDeps,
  env: NodeJS.ProcessEnv,
  bundle: string,
): Promise<InstalledHelper> {
  return core.group("Start the credential helper", async () => {
    const hosts: Record<string, HelperHost> = {};
    for (const login of logins) {
      const source = helperSource(login);
      if (login.keyless && source) hosts[login.configKey] = { registry: login.keyless.registry, source };
    }
    const install =
      deps.installHelper ??
      (async (wanted: Readonly<Record<string, HelperHost>>) =>
        (await helperSetup()).installHelper(wanted, { tempDir: env.RUNNER_TEMP || tmpdir(), bundle, env }));
    try {
      const helper = await install(hosts);
      core.info(
        `docker-credential-${helper.name} answers for ${Object.keys(hosts).join(", ")} (caching process ${helper.pid}); the post step removes it`,
      );
      return helper;
    } catch (error) {
      throw new LoginFailures(
        Object.keys(hosts).map((host) => ({
          host,
          message: `${host}: the credential helper could not be started: ${asError(error).message}; nothing was written`,
        })),
      );
    }
  });
}

/** `docker-credential-<name> get <host>`, run as docker runs it: the script on PATH. */
async function askHelper(
  helper: InstalledHelper,
  host: string,
  env: NodeJS.ProcessEnv,
): Promise<{ username: string; password: string }> {
  let answer: Awaited<ReturnType<typeof helperGet>>;
  try {
    answer = await helperGet(
      helper.name,
      host,
      { ...env, PATH: `${helper.dir}:${env.PATH ?? ""}` },
      HELPER_TIMEOUT_MS,
    );
  } catch (error) {
    const said = error instanceof CommandError ? error.stderr : asError(error).message;
    throw new HelperError(said.replace(/^no credentials for \S+: /, ""));
  }
  if (!answer?.username || !answer.password) {
    throw new HelperError(`docker-credential-${helper.name} answered without a password`);
  }
  return { username: answer.username, password: answer.password };
}

/**
 * The post step: removes the entries the main step added and puts back those it replaced; an entry
 * changed since (a later login) is left alone. `logout: false` keeps the password entries; the
 * credential helper and its `credHelpers` entries always go, as they cannot work after the job.
 */
export async function logout(state: LoginState): Promise<Record<string, AuthRestoreOutcome>> {
  const auths = state.logout ? state.changes : [];
  const credHelpers = state.helperChanges ?? [];
  const outcomes =
    auths.length > 0 || credHelpers.length > 0
      ? await restoreLoginEntries({ auths, credHelpers }, state.configPath)
      : { auths: {}, credHelpers: {} };
  if (state.helper) await (await helperSetup()).uninstallHelper(state.helper);
  return {
    ...outcomes.auths,
    ...Object.fromEntries(
      Object.entries(outcomes.credHelpers).map(([host, outcome]) => [`credHelpers ${host}`, outcome]),
    ),
  };
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
  if (error instanceof HelperError) {
    return `${login.host}: logging in with ${login.source} failed: ${error.message}`;
  }
  if (error instanceof RepositoryMissingError && (login.kind === "ecr" || login.kind === "ecr-public")) {
    return `${missingEcrRepository(login, error.repository.path)} (${error.refusal.message})`;
  }
  if (error instanceof PushCheckError) {
    const said = error.refusal.detail || error.refusal.code || `HTTP ${error.refusal.status}`;
    const fix =
      error.reason === "denied"
        ? pushFix(login)
        : error.reason === "no-repository"
          ? `create the repository first; ${login.host} does not create repositories on push`
          : `check that ${error.image} is a repository path ${login.host} accepts, and that the account may push there`;
    return `${error.image}: cannot push as ${JSON.stringify(login.username)} with ${login.source}: the registry said ${JSON.stringify(said)} (${error.refusal.operation} answered ${error.refusal.status}); ${fix}`;
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

/**
 * Amazon ECR creates a repository on push only where a repository creation template applies to
 * CREATE_ON_PUSH (since December 2025; ECR Public never does): say which one is missing and both fixes.
 */
function missingEcrRepository(login: Login, path: string): string {
  const registry = login.keyless?.registry;
  if (registry?.provider === "ecr") {
    return `${login.host}/${path}: the repository does not exist in Amazon ECR; create it (aws ecr create-repository --repository-name ${path} --region ${registry.region}, or in Terraform/CloudFormation beside the role) or enable create-on-push (a repository creation template applied for CREATE_ON_PUSH: aws ecr create-repository-creation-template --prefix ROOT --applied-for CREATE_ON_PUSH --region ${registry.region})`;
  }
  return `${login.host}/${path}: the repository does not exist in Amazon ECR Public, which does not create repositories on push; create it (aws ecr-public create-repository --repository-name ${path} --region ${ECR_PUBLIC_REGION})`;
}

function pushFix(login: Login): string {
  if (login.source.startsWith("registry-auth"))
    return "give that registry-auth account push (write) permission on the repository";
  const source = login.keyless?.source;
  if (source?.kind === "google") {
    return source.serviceAccount
      ? `grant ${source.serviceAccount} Artifact Registry Writer (roles/artifactregistry.writer) on the repository`
      : `grant the workload identity pool's principal for this repository (principalSet://iam.googleapis.com/${source.provider.replace(/\/providers\/[^/]+$/, "")}/attribute.repository/<org>/<repo>) Artifact Registry Writer (roles/artifactregistry.writer) on the repository, or set gar-service-account`;
  }
  if (login.kind === "ecr" || login.kind === "ecr-public") {
    return `allow ${login.kind === "ecr" ? "ecr" : "ecr-public"}:BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage on the repository for ${source?.kind === "aws-role" ? source.roleArn : "the access key's user"}`;
  }
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
  switch (login.keyless?.source.kind) {
    case "google":
      return "the token was made but the registry refused it: grant the principal Artifact Registry Reader or Writer on the repository (direct federation needs the pool's principalSet there)";
    case "aws-role":
    case "aws-keys":
      return "the password was made but the registry refused it: check that the registry is in the account and region the credentials are for";
  }
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
