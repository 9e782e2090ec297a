import type { RetryPolicy } from "../retry";
import { RegistryClient } from "./client";
import type { RegistryCredentials } from "./credentials";

/** What a successful credential check found: how the registry authenticates. */
export interface CredentialCheck {
  readonly ok: true;
  /** `none`: the registry needs no login (the credentials were not needed, nor checked). */
  readonly scheme: "none" | "basic" | "bearer";
}

export interface VerifyOptions {
  /** Speak plain HTTP to this host (loopback hosts always are). */
  readonly insecure?: boolean;
  readonly retryPolicy?: RetryPolicy;
  readonly timeoutMs?: number;
}

/**
 * Checks credentials the way `docker login` does: `GET /v2/`; for a Basic challenge the same with the
 * credentials; for a Bearer challenge a scope-less token from the realm (Basic credentials, or the
 * OAuth2 refresh-token grant for an identity token), then `GET /v2/` with it. Resolves on success;
 * throws RegistryError (status 401/403, naming the host and the operation) on wrong or missing
 * credentials, and after retries on a registry that keeps failing.
 */
export async function verifyCredentials(
  host: string,
  credentials: RegistryCredentials | undefined,
  options: VerifyOptions = {},
): Promise<CredentialCheck> {
  const client = new RegistryClient({
    credentials: async () => credentials,
    insecure: options.insecure ? [host] : [],
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  try {
    return { ok: true, scheme: await client.checkLogin(host) };
  } finally {
    client.close();
  }
}
