import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry";
import { type HostAuth, repositoryScope, tokenGrantsPush } from "./auth";
import { Authenticator } from "./authenticator";
import type { RepositoryRef } from "./client";
import type { RegistryCredentials } from "./credentials";
import { RegistryError } from "./errors";
import { errorOf, RegistryHttp } from "./http";
import { classifyRegistryError } from "./retry";
import { headerValue } from "./transport";

/** What a successful credential check found: how the registry authenticates. */
export interface CredentialCheck {
  readonly ok: true;
  /** `none`: the registry needs no login (the credentials were not needed, nor checked). */
  readonly scheme: "none" | "basic" | "bearer";
  /** For each repository of `pushTo`: how push permission was proven (see checkPush). */
  readonly push?: Readonly<Record<string, "token" | "upload">>;
}

/** Why a push check was refused (see PushCheckError). */
export type PushRefusal =
  /** 401/403: the credentials may not push there. */
  | "denied"
  /** 404 `NAME_UNKNOWN`: no such repository, and the registry does not create one on push (ECR). */
  | "no-repository"
  /** Any other 4xx answer the registry gave the check. */
  | "refused";

/**
 * The credentials were accepted, but the registry refused the push check on one repository. Every
 * refusal of the check is one of these, naming the image; a registry that could not be reached or
 * kept failing is a RegistryError instead. `refusal` has the registry's own status, code and words.
 */
export class PushCheckError extends Error {
  override readonly name: string = "PushCheckError";
  /** `host/path` */
  readonly image: string;
  constructor(
    readonly repository: RepositoryRef,
    readonly refusal: RegistryError,
    readonly reason: PushRefusal = "refused",
  ) {
    const image = `${repository.host}/${repository.path}`;
    super(`${image}: ${pushRefusalSummary(reason, repository.host)}: ${refusal.message}`, {
      cause: refusal,
    });
    this.image = image;
  }
}

/** 401/403 on the push check: the credentials may not push to the repository. */
export class PushDeniedError extends PushCheckError {
  override readonly name = "PushDeniedError";
  constructor(repository: RepositoryRef, refusal: RegistryError) {
    super(repository, refusal, "denied");
  }
}

/** 404 `NAME_UNKNOWN` on the push check: the repository does not exist and will not be made by a push. */
export class RepositoryMissingError extends PushCheckError {
  override readonly name = "RepositoryMissingError";
  constructor(repository: RepositoryRef, refusal: RegistryError) {
    super(repository, refusal, "no-repository");
  }
}

function pushRefusalSummary(reason: PushRefusal, host: string): string {
  switch (reason) {
    case "denied":
      return "cannot push";
    case "no-repository":
      return `cannot push: the repository does not exist, and ${host} does not create it on push`;
    case "refused":
      return "cannot push: the registry refused the push check";
  }
}

/**
 * The typed error for a push check's failure: a refusal (a 4xx answer no retry can change) names
 * the image; a registry that is busy, failing or unreachable stays the RegistryError it threw.
 */
function pushCheckFailure(repository: RepositoryRef, error: unknown): unknown {
  if (!(error instanceof RegistryError) || error.status === undefined) return error;
  const { status, code } = error;
  // A 403 "secondary rate limit" (GHCR) is the registry being busy, not a refusal.
  if (classifyRegistryError(error).retry) return error;
  if (status === 401 || status === 403) return new PushDeniedError(repository, error);
  if (status === 404 && code === "NAME_UNKNOWN") return new RepositoryMissingError(repository, error);
  return status >= 400 && status < 500 ? new PushCheckError(repository, error) : error;
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
 * permission on each repository (checkPush); the first refused throws a PushCheckError naming its
 * image: PushDeniedError (401/403), RepositoryMissingError (404 `NAME_UNKNOWN`), or PushCheckError
 * itself for any other refusal.
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
      throw pushCheckFailure({ host, path: options.pushTo?.[refused] ?? "" }, reason);
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
