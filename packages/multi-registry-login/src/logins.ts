import {
  dockerConfigKey,
  type ImageName,
  InputError,
  isLoopbackHost,
  type RegistryKind,
  registryKind,
} from "@mbp/image-spec";
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
  for (const host of hosts) {
    const login = loginFor(host, secrets, errors, (input, fix) => {
      const known = missing.get(input);
      if (known) known.hosts.push(host);
      else missing.set(input, { hosts: [host], fix });
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

function loginFor(
  host: string,
  secrets: LoginSecrets,
  errors: InputError[],
  missing: (input: string, fix: string) => void,
): Login | "anonymous" | undefined {
  const kind = registryKind(host);
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
      if (!secrets.garPushToken) {
        missing("GAR_PUSH_TOKEN", `pass GAR_PUSH_TOKEN: \${{ secrets.GAR_PUSH_TOKEN }}`);
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
    case "generic":
      return "anonymous";
  }
}
