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
};

/** Finds the credentials of a canonical registry host (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
export type CredentialResolver = (host: string) => Promise<RegistryCredentials | undefined>;

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
