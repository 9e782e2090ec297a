import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry";
import { type HostAuth, repositoryScope, tokenGrantsPush } from "./auth";
import { Authenticator } from "./authenticator";
import type { RepositoryRef } from "./client";
import type { RegistryCredentials } from "./credentials";
import { RegistryError } from "./errors";
import { errorOf, RegistryHttp } from "./http";
import { headerValue } from "./transport";

/** What a successful credential check found: how the registry authenticates. */
export interface CredentialCheck {
  readonly ok: true;
  /** `none`: the registry needs no login (the credentials were not needed, nor checked). */
  readonly scheme: "none" | "basic" | "bearer";
  /** For each repository of `pushTo`: how push permission was proven (see checkPush). */
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
 * permission on each repository (checkPush); the first refused throws PushDeniedError.
 */
export async function verifyCredentials(
  host: string,
  credentials: RegistryCredentials | undefined,
  options: VerifyOptions = {},
): Promise<CredentialCheck> {
  const http = new RegistryHttp({
    // One deadline for every request of the check: a rate limit is waited out until then and no
    // longer, and a request queued behind a host's Retry-After (limiter.ts) fails by then too.
    deadline: Date.now() + (options.retryPolicy ?? DEFAULT_RETRY_POLICY).deadlineMs,
    insecure: options.insecure ? [host] : [],
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
  });
  const auth = new Authenticator(http, { credentials: async () => credentials });
  try {
    const scheme = await checkLogin(http, auth, host);
    const push: Record<string, "token" | "upload"> = {};
    const checks = await Promise.allSettled(
      (options.pushTo ?? []).map((path) => checkPush(http, auth, { host, path })),
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
    http.close();
  }
}

/**
 * `docker login`'s check: `GET /v2/`, then for Basic the same with the credentials, for Bearer a
 * scope-less token for the registry and `GET /v2/` with it. Throws RegistryError (401) on wrong or
 * missing credentials.
 */
function checkLogin(http: RegistryHttp, auth: Authenticator, host: string): Promise<HostAuth["scheme"]> {
  return http.retrying(host, `GET /v2/ on ${host} (login check)`, async () => {
    const sent = await auth.authorize(host, undefined);
    if (sent.auth.scheme === "none") return "none";
    if (sent.header === undefined) {
      throw new RegistryError({
        host,
        operation: "GET /v2/",
        status: 401,
        code: "UNAUTHORIZED",
        detail: "the registry requires credentials and none were given",
      });
    }
    const answer = await http.send(
      { host, operation: "GET /v2/", kind: "ping", method: "GET", target: "/v2/" },
      sent.header,
    );
    if (answer.status === 200) return sent.auth.scheme;
    throw errorOf(host, "GET /v2/ with the credentials", answer);
  });
}

/**
 * Proves that the credentials may push to a repository, in seconds and without writing anything:
 * for a Bearer registry whose token is a JWT with an `access` claim, that claim (asked for
 * `pull,push`); otherwise a blob upload is started (`POST /v2/<name>/blobs/uploads/`) and cancelled
 * (`DELETE` on its Location). Resolves with how it was proven; throws RegistryError (401/403 when
 * refused) otherwise.
 */
async function checkPush(
  http: RegistryHttp,
  auth: Authenticator,
  repo: RepositoryRef,
): Promise<"token" | "upload"> {
  const scope = repositoryScope(repo.path, true);
  const name = `${repo.host}/${repo.path}`;
  const operation = `token for ${scope}`;
  const grant = await http.retrying(repo.host, operation, async () => {
    const sent = await auth.authorize(repo.host, scope);
    if (sent.auth.scheme !== "bearer" || sent.header === undefined) return undefined;
    return tokenGrantsPush(sent.header.replace(/^Bearer /, ""), repo.path);
  });
  if (grant === true) return "token";
  if (grant === false) {
    throw new RegistryError({
      host: repo.host,
      operation,
      status: 403,
      code: "DENIED",
      detail: `the token server granted pull but not push on ${repo.path}`,
    });
  }
  const answer = await http.call(
    {
      host: repo.host,
      operation: `POST blob upload to ${name} (push check)`,
      kind: "blob",
      method: "POST",
      target: `/v2/${repo.path}/blobs/uploads/`,
      scope,
      accept: (status) => status === 202 || status === 201,
    },
    auth,
  );
  const location = headerValue(answer.headers, "location");
  const upload = location ? new URL(location, answer.url) : undefined;
  // Cancelling is a courtesy (abandoned uploads are purged anyway): its failure does not fail the check.
  if (upload && upload.host === answer.url.host) {
    await http
      .call(
        {
          host: repo.host,
          operation: `DELETE blob upload to ${name} (push check)`,
          kind: "blob",
          method: "DELETE",
          target: `${upload.pathname}${upload.search}`,
          scope,
          accept: (status) => (status >= 200 && status < 300) || status === 404 || status === 405,
        },
        auth,
      )
      .catch(() => {});
  }
  return "upload";
}
