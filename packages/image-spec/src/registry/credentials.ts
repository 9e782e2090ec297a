/**
 * What a registry is logged in with. Read from the Docker config by `../docker-config` (`auths`,
 * `credHelpers`, `credsStore`); an action or test may also pass values directly.
 */
export type RegistryCredentials = {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken` in the Docker config), exchanged at the token realm. */
  identityToken?: string;
  /** A bearer token sent as is, without any exchange (`registrytoken` in the Docker config). */
  registryToken?: string;
  /**
   * Set on minted credentials (a token source's short-lived token; `Infinity` when its end is not
   * known, as for every credential helper's answer): epoch ms after which the authenticator asks for
   * them again. Minted credentials are also asked for again, once, when a registry (or its token
   * endpoint) refuses a request made with them. Unset: they hold for the client's life.
   */
  expiresAt?: number;
};

/** Finds the credentials of a canonical registry host (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
export type CredentialResolver = (host: string) => Promise<RegistryCredentials | undefined>;

/**
 * Mints credentials for one host (a keyless registry: a federated access token, ECR's
 * GetAuthorizationToken), with `expiresAt` set. Given to the authenticator per host
 * (`tokenSource`), it is asked instead of the CredentialResolver.
 */
export type TokenSource = (host: string) => Promise<RegistryCredentials | undefined>;

/** A resolver that always answers "anonymous". */
export const anonymousCredentials: CredentialResolver = async () => undefined;

/** A resolver over a fixed host → credentials table (tests, or values taken from inputs). */
export function staticCredentials(table: Readonly<Record<string, RegistryCredentials>>): CredentialResolver {
  return async (host) => table[host];
}

/** True when the credentials carry anything that can authenticate. */
export function hasCredentials(
  credentials: RegistryCredentials | undefined,
): credentials is RegistryCredentials {
  return Boolean(
    credentials &&
      (credentials.username ||
        credentials.password ||
        credentials.identityToken ||
        credentials.registryToken),
  );
}
