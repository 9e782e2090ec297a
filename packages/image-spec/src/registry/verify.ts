import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry";
import { RegistryClient } from "./client";
import type { RegistryCredentials } from "./credentials";
import { RegistryError } from "./errors";

/** What a successful credential check found: how the registry authenticates. */
export interface CredentialCheck {
  readonly ok: true;
  /** `none`: the registry needs no login (the credentials were not needed, nor checked). */
  readonly scheme: "none" | "basic" | "bearer";
  /** For each repository of `pushTo`: how push permission was proven (see RegistryClient.checkPush). */
  readonly push?: Readonly<Record<string, "token" | "upload">>;
}

/** The credentials were accepted but may not push to a repository. */
export class PushDeniedError extends Error {
  override readonly name = "PushDeniedError";
  constructor(
    /** `host/path` */
    readonly image: string,
    readonly refusal: RegistryError,
  ) {
    super(`${image}: cannot push: ${refusal.message}`, { cause: refusal });
  }
}

export interface VerifyOptions {
  /** An insecure registry: HTTPS without verification, else plain HTTP (loopback hosts always are). */
  readonly insecure?: boolean;
  /** Repository paths whose push permission is checked after the login (none by default). */
  readonly pushTo?: readonly string[];
  /** certs.d roots for CA files (default: /etc/docker/certs.d, /etc/containers/certs.d). */
  readonly certsDirs?: readonly string[];
  /** Its `deadlineMs` bounds the whole check, login and push checks together (default two minutes). */
  readonly retryPolicy?: RetryPolicy;
  readonly timeoutMs?: number;
}

/**
 * Checks credentials the way `docker login` does: `GET /v2/`; for a Basic challenge the same with the
 * credentials; for a Bearer challenge a scope-less token from the realm (Basic credentials, or the
 * OAuth2 refresh-token grant for an identity token), then `GET /v2/` with it. Resolves on success;
 * throws RegistryError (status 401/403, naming the host and the operation) on wrong or missing
 * credentials, and after retries on a registry that keeps failing. With `pushTo`, then proves push
 * permission on each repository (RegistryClient.checkPush); the first refused throws PushDeniedError.
 */
export async function verifyCredentials(
  host: string,
  credentials: RegistryCredentials | undefined,
  options: VerifyOptions = {},
): Promise<CredentialCheck> {
  const client = new RegistryClient({
    credentials: async () => credentials,
    // One deadline for every request of the check: a rate limit is waited out until then and no
    // longer, and a request queued behind a host's Retry-After (limiter.ts) fails by then too.
    deadline: Date.now() + (options.retryPolicy ?? DEFAULT_RETRY_POLICY).deadlineMs,
    insecure: options.insecure ? [host] : [],
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
  });
  try {
    const scheme = await client.checkLogin(host);
    const push: Record<string, "token" | "upload"> = {};
    const checks = await Promise.allSettled(
      (options.pushTo ?? []).map((path) => client.checkPush({ host, path })),
    );
    checks.forEach((outcome, index) => {
      const path = options.pushTo?.[index] ?? "";
      if (outcome.status === "fulfilled") push[path] = outcome.value;
    });
    const refused = checks.findIndex((outcome) => outcome.status === "rejected");
    if (refused >= 0) {
      const reason = (checks[refused] as PromiseRejectedResult).reason;
      const image = `${host}/${options.pushTo?.[refused] ?? ""}`;
      if (reason instanceof RegistryError && (reason.status === 401 || reason.status === 403)) {
        throw new PushDeniedError(image, reason);
      }
      throw reason;
    }
    return options.pushTo?.length ? { ok: true, scheme, push } : { ok: true, scheme };
  } finally {
    client.close();
  }
}
