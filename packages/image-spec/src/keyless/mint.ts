/**
 * One entry point for every keyless credential: what the login step checks with, and what the
 * credential helper answers docker, buildx and buildah with, late in a long job.
 */
import { type EcrRegistry, ecrAuthorizationToken, ecrPasswordWithRole } from "./aws";
import { googleAccessToken } from "./google";
import type { ServiceDeps } from "./http";
import {
  GOOGLE_USERNAME,
  type KeylessLogin,
  type MintedCredential,
  noIdTokenError,
  oidcRequest,
} from "./plan";
import { type KeylessEndpoints, type KeylessRegistry, keylessEndpoints } from "./registries";

export interface MintDeps extends ServiceDeps {
  /** Where ACTIONS_ID_TOKEN_REQUEST_* and the MBP_TEST_* endpoints are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly endpoints?: KeylessEndpoints;
}

/** Mints a fresh credential for one registry (never cached here; see CredentialCache). */
export async function mintCredential(login: KeylessLogin, deps: MintDeps = {}): Promise<MintedCredential> {
  const env = deps.env ?? process.env;
  const endpoints = deps.endpoints ?? keylessEndpoints(env);
  const { registry, source } = login;
  if (source.kind === "aws-keys") {
    return ecrAuthorizationToken(ecr(registry), source.credentials, endpoints, deps);
  }
  const oidc = oidcRequest(env);
  if (source.kind === "google") {
    if (!oidc) throw noIdTokenError(`gar-workload-identity-provider (for ${registry.host})`);
    const token = await googleAccessToken(source, oidc, endpoints, deps);
    return { username: GOOGLE_USERNAME, password: token.accessToken, expiresAt: token.expiresAt };
  }
  if (!oidc) throw noIdTokenError(`aws-role-arn (for ${registry.host})`);
  return ecrPasswordWithRole(ecr(registry), source.roleArn, oidc, endpoints, deps);
}

function ecr(registry: KeylessRegistry): EcrRegistry {
  if (registry.provider === "google") throw new Error(`${registry.host} is not an ECR registry`);
  return registry;
}

/** Renewal starts this long before expiry at most (a quarter of the lifetime for short ones). */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * When a credential issued at `issuedAt` is renewed: shortly before it expires, so that whoever gets
 * it has time to use it (a registry token exchange, the start of a push).
 */
export function refreshAt(credential: MintedCredential, issuedAt: number): number {
  const lifetime = Math.max(0, credential.expiresAt - issuedAt);
  return credential.expiresAt - Math.min(REFRESH_BEFORE_MS, lifetime / 4);
}

/**
 * Credentials per host, minted on first use and again once they near expiry. Concurrent asks for one
 * host share one mint; a failed mint is not kept.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { credential: Promise<MintedCredential>; renewAt: number }>();
  private readonly now: () => number;

  constructor(
    private readonly mint: (host: string) => Promise<MintedCredential>,
    options: { readonly now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  get(host: string): Promise<MintedCredential> {
    const known = this.entries.get(host);
    if (known && this.now() < known.renewAt) return known.credential;
    const issuedAt = this.now();
    const entry = { credential: this.mint(host), renewAt: Number.POSITIVE_INFINITY };
    this.entries.set(host, entry);
    entry.credential.then(
      (credential) => {
        entry.renewAt = refreshAt(credential, issuedAt);
      },
      () => {
        if (this.entries.get(host) === entry) this.entries.delete(host);
      },
    );
    return entry.credential;
  }
}
