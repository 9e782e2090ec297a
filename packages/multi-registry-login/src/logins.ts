import {
  dockerConfigKey,
  type ImageName,
  InputError,
  isLoopbackHost,
  type RegistryKind,
  registryKind,
} from "@mbp/image-spec";
import {
  ECR_USERNAME,
  GOOGLE_USERNAME,
  ID_TOKEN_FIX,
  type KeylessLogin,
  keylessRegistry,
  oidcRequest,
  registryAliases,
} from "@mbp/image-spec/keyless/plan";
import { googleLogin } from "./google-token";
import type { RegistryAuthEntry } from "./registry-auth";

/** The secrets and identity a login can be made from (values, never input names). */
export interface LoginSecrets {
  readonly registryAuth: readonly RegistryAuthEntry[];
  readonly githubToken: string;
  /** Kept from lsst-sqre/multi-repository-login: a PAT used for GHCR instead of github-token. */
  readonly ghcrPushToken: string;
  readonly useNonstandardGhcrToken: boolean;
  readonly garPushToken: string;
  readonly dockerUsername: string;
  readonly dockerToken: string;
  /** `GITHUB_ACTOR`, the GHCR username. */
  readonly actor: string;
  /** `GITHUB_REPOSITORY_OWNER`, the GHCR username when there is no actor. */
  readonly repositoryOwner: string;
  /**
   * A known registry without its secret is an error (true, for jobs that push) or is left out with a
   * warning (false, for jobs that only pull, such as builds that do not push).
   */
  readonly requireSecrets: boolean;
  /** Workload Identity Federation for Artifact Registry: the provider's resource name (checked). */
  readonly garWorkloadIdentityProvider?: string;
  /** The service account to impersonate through the provider; empty: direct federation. */
  readonly garServiceAccount?: string;
  /** An IAM role for ECR, assumed with the job's OIDC token (checked). */
  readonly awsRoleArn?: string;
  readonly awsAccessKeyId?: string;
  readonly awsSecretAccessKey?: string;
  readonly awsSessionToken?: string;
  /**
   * The job's environment: whether it may request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL), and
   * the test-only MBP_TEST_REGISTRY_ALIASES. Default process.env.
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** One registry to log in to. */
export interface Login {
  readonly host: string;
  readonly kind: RegistryKind;
  /** Key of the entry in the Docker config's `auths`. */
  readonly configKey: string;
  readonly username: string;
  readonly password: string;
  /** Where the credential comes from, for logs and the summary (never the secret). */
  readonly source: string;
  /** The password and every derived form that could reach a log; mask them all. */
  readonly secrets: readonly string[];
  /**
   * A credential made at login (Google federation, ECR) rather than given: `run()` mints the
   * password; Google federation and ECR roles are then answered by the credential helper.
   */
  readonly keyless?: KeylessLogin;
}

export interface LoginPlan {
  readonly logins: Login[];
  /** Hosts of `images` left anonymous (generic registries without a registry-auth entry). */
  readonly anonymous: string[];
  readonly warnings: string[];
  readonly notes: string[];
}

/**
 * Decides, for each distinct host of `images` (and each extra `registry-auth` host), which
 * credential logs in: a `registry-auth` entry first, then the secret of the registry's kind. A known
 * registry without its secret is an error naming the host and the secret; every problem is collected.
 */
export function planLogins(
  images: readonly ImageName[],
  secrets: LoginSecrets,
  errors: InputError[] = [],
): LoginPlan {
  const logins: Login[] = [];
  const anonymous: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const hosts = [...new Set(images.map((image) => image.host))];
  for (const entry of secrets.registryAuth) {
    if (!hosts.includes(entry.host)) {
      hosts.push(entry.host);
      notes.push(
        `registry-auth: ${entry.host} names no image of images; logging in anyway (e.g. for base images)`,
      );
    }
  }
  if (!secrets.useNonstandardGhcrToken && secrets.ghcrPushToken !== "" && hosts.includes("ghcr.io")) {
    warnings.push(
      "GHCR_PUSH_TOKEN is ignored because use-nonstandard-ghcr-token is false; github-token is used for ghcr.io",
    );
  }
  const missing = new Map<string, { hosts: string[]; fix: string }>();
  const withoutOidc = new Map<string, { value: string; hosts: string[] }>();
  const used = new Set<string>();
  for (const host of hosts) {
    const login = loginFor(host, secrets, errors, {
      missing: (input, fix) => {
        const known = missing.get(input);
        if (known) known.hosts.push(host);
        else missing.set(input, { hosts: [host], fix });
      },
      noOidc: (input, value) => {
        const known = withoutOidc.get(input);
        if (known) known.hosts.push(host);
        else withoutOidc.set(input, { value, hosts: [host] });
      },
      used: (input) => used.add(input),
      warn: (message) => {
        if (!warnings.includes(message)) warnings.push(message);
      },
    });
    if (login === "anonymous") {
      anonymous.push(host);
      const message = `images: no credentials for ${host}; pushing there anonymously. If it needs a login, add a registry-auth entry for ${host}`;
      if (isLoopbackHost(host)) notes.push(message);
      else warnings.push(message);
    } else if (login) {
      logins.push(login);
    }
  }
  for (const [input, given] of [
    ["gar-workload-identity-provider", secrets.garWorkloadIdentityProvider],
    ["aws-role-arn", secrets.awsRoleArn],
    ["AWS_ACCESS_KEY_ID", secrets.awsAccessKeyId],
  ] as const) {
    if (given && !used.has(input)) {
      warnings.push(`${input} is set but no image is in a registry it logs in to; it is not used`);
    }
  }
  // A keyless login in a job without `id-token: write`: an error naming the fix, or (in a job that
  // only pulls) a warning.
  for (const [input, { value, hosts: needing }] of withoutOidc) {
    const problem = `needs the job's OIDC token for ${needing.join(", ")}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`;
    if (secrets.requireSecrets) errors.push(new InputError(input, value, problem, ID_TOKEN_FIX));
    else
      warnings.push(
        `${input} ${problem}, so ${needing.length === 1 ? "it is" : "they are"} not logged in (require-secrets: false); pulls from there are anonymous`,
      );
  }
  // One error (or, when secrets are not required, one warning) per missing secret, naming every host.
  for (const [input, { hosts: needing, fix }] of missing) {
    if (!secrets.requireSecrets) {
      warnings.push(
        `${input} is empty, so ${needing.join(", ")} ${needing.length === 1 ? "is" : "are"} not logged in (require-secrets: false); pulls from there are anonymous`,
      );
      continue;
    }
    const orEntry = `, or add a registry-auth entry for ${needing.length === 1 ? needing[0] : "each"}`;
    errors.push(
      new InputError(input, "", `is empty but images push to ${needing.join(", ")}`, `${fix}${orEntry}`),
    );
  }
  return { logins, anonymous, warnings, notes };
}

interface Planning {
  /** A known registry's secret is empty. */
  readonly missing: (input: string, fix: string) => void;
  /** A keyless login needs the job's OIDC token and the job cannot request one. */
  readonly noOidc: (input: string, value: string) => void;
  /** An input was used for some host. */
  readonly used: (input: string) => void;
  readonly warn: (message: string) => void;
}

function loginFor(
  host: string,
  secrets: LoginSecrets,
  errors: InputError[],
  planning: Planning,
): Login | "anonymous" | undefined {
  const { missing } = planning;
  const env = secrets.env ?? process.env;
  // A loopback stand-in for a real registry (tests only) is planned as that registry.
  const kind = registryKind(registryAliases(env).get(host) ?? host);
  const keyless = keylessRegistry(host, env);
  const oidc = oidcRequest(env) !== undefined;
  const make = (
    username: string,
    password: string,
    source: string,
    derived: readonly string[] = [],
  ): Login => ({
    host,
    kind,
    configKey: dockerConfigKey(host),
    username,
    password,
    source,
    secrets: [password, ...derived, Buffer.from(`${username}:${password}`).toString("base64")],
  });
  const entry = secrets.registryAuth.find((candidate) => candidate.host === host);
  if (entry) return make(entry.username, entry.password, `registry-auth (entry ${entry.entry})`);

  const orEntry = `, or add a registry-auth entry for ${host}`;
  switch (kind) {
    case "ghcr": {
      const username = secrets.actor || secrets.repositoryOwner;
      if (!username) {
        errors.push(
          new InputError(
            "GITHUB_ACTOR",
            "",
            `is not set, so there is no username for ${host}`,
            `run on GitHub Actions${orEntry}`,
          ),
        );
        return undefined;
      }
      if (secrets.useNonstandardGhcrToken) {
        if (!secrets.ghcrPushToken) {
          missing(
            "GHCR_PUSH_TOKEN",
            `pass GHCR_PUSH_TOKEN: \${{ secrets.GHCR_PUSH_TOKEN }} or set use-nonstandard-ghcr-token: false`,
          );
          return undefined;
        }
        return make(username, secrets.ghcrPushToken, `GHCR_PUSH_TOKEN as ${username}`);
      }
      if (!secrets.githubToken) {
        missing(
          "github-token",
          `pass github-token: \${{ github.token }} and grant the job permissions: packages: write`,
        );
        return undefined;
      }
      return make(
        username,
        secrets.githubToken,
        `github-token as ${secrets.actor ? "GITHUB_ACTOR" : "the repository owner"}`,
      );
    }
    case "artifact-registry":
    case "container-registry": {
      const provider = secrets.garWorkloadIdentityProvider;
      if (provider && keyless) {
        planning.used("gar-workload-identity-provider");
        if (secrets.garPushToken) {
          planning.warn(
            "GAR_PUSH_TOKEN is ignored: gar-workload-identity-provider is set and wins for Artifact Registry and Container Registry; remove the secret once the keyless login works",
          );
        }
        if (!oidc) {
          planning.noOidc("gar-workload-identity-provider", provider);
          return undefined;
        }
        const serviceAccount = secrets.garServiceAccount;
        return {
          ...make(
            GOOGLE_USERNAME,
            "",
            `gar-workload-identity-provider ${serviceAccount ? `as ${serviceAccount}` : "(direct federation)"}`,
          ),
          secrets: [],
          keyless: {
            registry: keyless,
            source: { kind: "google", provider, ...(serviceAccount ? { serviceAccount } : {}) },
          },
        };
      }
      if (!secrets.garPushToken) {
        missing(
          "GAR_PUSH_TOKEN",
          `pass GAR_PUSH_TOKEN: \${{ secrets.GAR_PUSH_TOKEN }} or log in without a key: gar-workload-identity-provider (with id-token: write)`,
        );
        return undefined;
      }
      try {
        const google = googleLogin(secrets.garPushToken);
        return make(google.username, google.password, `GAR_PUSH_TOKEN (${google.form})`, google.derived);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // Reported once however many Google hosts there are.
        if (!errors.some((known) => known.message === error.message)) errors.push(error);
        return undefined;
      }
    }
    case "docker-hub": {
      const lacking = [
        ...(secrets.dockerUsername ? [] : ["DOCKER_USERNAME"]),
        ...(secrets.dockerToken ? [] : ["DOCKER_TOKEN"]),
      ];
      for (const input of lacking) {
        missing(input, `pass ${input}: \${{ secrets.${input} }} (Docker Hub needs both)`);
      }
      if (lacking.length > 0) return undefined;
      return make(secrets.dockerUsername, secrets.dockerToken, "DOCKER_USERNAME + DOCKER_TOKEN");
    }
    case "ecr":
    case "ecr-public": {
      if (!keyless) return "anonymous";
      const roleArn = secrets.awsRoleArn;
      const keyId = secrets.awsAccessKeyId;
      const secret = secrets.awsSecretAccessKey;
      if (roleArn) {
        planning.used("aws-role-arn");
        if (keyId || secret) {
          planning.warn(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are ignored: aws-role-arn is set and wins for Amazon ECR; remove the secrets once the keyless login works",
          );
        }
        if (!oidc) {
          planning.noOidc("aws-role-arn", roleArn);
          return undefined;
        }
        return {
          ...make(ECR_USERNAME, "", `aws-role-arn ${roleArn}`),
          secrets: [],
          keyless: { registry: keyless, source: { kind: "aws-role", roleArn } },
        };
      }
      if (keyId && secret) {
        planning.used("AWS_ACCESS_KEY_ID");
        const session = secrets.awsSessionToken;
        return {
          ...make(
            ECR_USERNAME,
            "",
            `AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY${session ? " + AWS_SESSION_TOKEN" : ""}`,
          ),
          secrets: [secret, ...(session ? [session] : [])],
          keyless: {
            registry: keyless,
            source: {
              kind: "aws-keys",
              credentials: {
                accessKeyId: keyId,
                secretAccessKey: secret,
                ...(session ? { sessionToken: session } : {}),
              },
            },
          },
        };
      }
      if (!keyId && !secret) {
        missing(
          "aws-role-arn",
          "set aws-role-arn to a role this job may assume (and grant id-token: write), or pass AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        );
      }
      // One of the pair alone is an input error, reported by parseRequest.
      return undefined;
    }
    case "generic":
      return "anonymous";
  }
}
