import { randomBytes } from "node:crypto";
import http from "node:http";
import { writeFaultResponse } from "./faults";
import type { GitHubOidc } from "./github-oidc";
import { type Registry, startRegistry } from "./registry";
import { listenOnLoopback } from "./serve";
import { startTokenServer, type TokenServer } from "./token-server";

type Claims = Record<string, unknown>;

/** Options for {@link startGoogleCloud}. */
export interface GoogleCloudOptions {
  /** The GitHub OIDC endpoint whose tokens the provider trusts. */
  oidc: GitHubOidc;
  /** The workload identity provider's resource name. */
  provider?: string;
  /** The provider's attribute condition; default admits every token. */
  condition?: (claims: Claims) => boolean;
  /** Audiences the provider accepts; default its own URL, as Google's default. */
  allowedAudiences?: string[];
  /** Service accounts by email: who may impersonate it, and whether it may push (default true). */
  serviceAccounts?: Record<string, { impersonators: (claims: Claims) => boolean; push?: boolean }>;
  /** Whether a federated token itself may push (direct federation); default true. */
  directPush?: (claims: Claims) => boolean;
  /** Federated token lifetime in seconds; default 3600. */
  federatedLifetimeSeconds?: number;
  /** Service account access token lifetime in seconds; default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Lifetime of the registry's own bearer tokens; default 300. */
  registryTokenSeconds?: number;
}

/** An access token the fake minted. */
export interface GoogleMintedToken {
  token: string;
  kind: "federated" | "service-account";
  /** The service account, or the federated subject. */
  principal: string;
  expiresAt: number;
  push: boolean;
}

/** One STS or IAM Credentials request, with the OAuth or Google error code of a refusal. */
export interface GoogleRequest {
  api: "sts" | "iam";
  status: number;
  error?: string;
}

/** Google STS, IAM Credentials and Artifact Registry, on loopback ports. */
export interface GoogleCloud {
  /** The STS token URL (`MBP_TEST_GOOGLE_STS_URL`). */
  stsUrl: string;
  /** The IAM Credentials base, `…/v1` (`MBP_TEST_GOOGLE_IAM_URL`). */
  iamUrl: string;
  env: { MBP_TEST_GOOGLE_STS_URL: string; MBP_TEST_GOOGLE_IAM_URL: string };
  provider: string;
  /** Artifact Registry: distribution behind a token server that takes only tokens minted here. */
  registry: Registry;
  tokenServer: TokenServer;
  minted: GoogleMintedToken[];
  requests: GoogleRequest[];
  /** Whether an access token was minted here and has not expired. */
  isValid(token: string): boolean;
  stop(): Promise<void>;
}

const DEFAULT_PROVIDER =
  "projects/123456789012/locations/global/workloadIdentityPools/github/providers/actions";
const STS_PATH = "/v1/token";

/**
 * Google's side of Workload Identity Federation. STS (`POST /v1/token`, the token-exchange grant in
 * JSON or form encoding) takes only ID tokens `oidc` signed, for the provider's audience, that pass
 * the attribute condition, and answers with Google's own error bodies (`invalid_target`,
 * `invalid_grant` "The audience in ID Token …", `unauthorized_client` "… rejected by the attribute
 * condition."). IAM Credentials (`POST /v1/projects/-/serviceAccounts/<email>:generateAccessToken`)
 * takes a federated token and refuses with 403 PERMISSION_DENIED "Permission
 * 'iam.serviceAccounts.getAccessToken' denied …". Artifact Registry accepts only unexpired tokens
 * minted here, as the password of `oauth2accesstoken`, with push only where allowed.
 */
export async function startGoogleCloud(options: GoogleCloudOptions): Promise<GoogleCloud> {
  const provider = options.provider ?? DEFAULT_PROVIDER;
  const audiences = options.allowedAudiences ?? [`https://iam.googleapis.com/${provider}`];
  const minted: GoogleMintedToken[] = [];
  const requests: GoogleRequest[] = [];
  const claimsOf = new Map<string, Claims>();
  const find = (token: string) =>
    minted.find((entry) => entry.token === token && entry.expiresAt > Date.now());
  const mint = (kind: GoogleMintedToken["kind"], principal: string, seconds: number, push: boolean) => {
    const entry = {
      token: `ya29.${kind === "federated" ? "d" : "c"}.${randomBytes(24).toString("base64url")}`,
      kind,
      principal,
      expiresAt: Date.now() + seconds * 1000,
      push,
    };
    minted.push(entry);
    return entry;
  };

  const sts = (params: Record<string, unknown>, answer: (status: number, body: object) => void) => {
    const field = (camel: string, snake: string) => String(params[camel] ?? params[snake] ?? "");
    const refuse = (status: number, error: string, description: string) =>
      answer(status, { error, error_description: description });
    if (
      field("grantType", "grant_type") !== "urn:ietf:params:oauth:grant-type:token-exchange" ||
      field("subjectTokenType", "subject_token_type") !== "urn:ietf:params:oauth:token-type:jwt" ||
      field("requestedTokenType", "requested_token_type") !==
        "urn:ietf:params:oauth:token-type:access_token" ||
      !field("scope", "scope").split(" ").includes("https://www.googleapis.com/auth/cloud-platform")
    ) {
      refuse(400, "invalid_request", "Invalid value for grant_type, token types or scope.");
      return;
    }
    if (field("audience", "audience") !== `//iam.googleapis.com/${provider}`) {
      refuse(
        400,
        "invalid_target",
        `The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn't exist.`,
      );
      return;
    }
    const verified = options.oidc.verify(field("subjectToken", "subject_token"));
    if ("refused" in verified) {
      refuse(400, "invalid_grant", `Invalid ID Token (${verified.refused}).`);
      return;
    }
    const aud = String(verified.claims.aud);
    if (!audiences.includes(aud)) {
      refuse(400, "invalid_grant", `The audience in ID Token [${aud}] does not match the expected audience.`);
      return;
    }
    if (options.condition && !options.condition(verified.claims)) {
      refuse(400, "unauthorized_client", "The given credential is rejected by the attribute condition.");
      return;
    }
    const seconds = options.federatedLifetimeSeconds ?? 3600;
    const push = options.directPush?.(verified.claims) ?? true;
    const entry = mint("federated", `subject/${String(verified.claims.sub)}`, seconds, push);
    claimsOf.set(entry.token, verified.claims);
    answer(200, {
      access_token: entry.token,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: seconds,
    });
  };

  const iam = (email: string, authorization: string, answer: (status: number, body: object) => void) => {
    const federated = find(authorization.replace(/^Bearer /, ""));
    const googleError = (code: number, status: string, message: string) =>
      answer(code, { error: { code, message, status } });
    if (!federated || federated.kind !== "federated") {
      googleError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      );
      return;
    }
    const account = options.serviceAccounts?.[email];
    if (!account || !account.impersonators(claimsOf.get(federated.token) ?? {})) {
      googleError(
        403,
        "PERMISSION_DENIED",
        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
      );
      return;
    }
    const entry = mint(
      "service-account",
      email,
      options.accessTokenLifetimeSeconds ?? 3600,
      account.push !== false,
    );
    answer(200, { accessToken: entry.token, expireTime: new Date(entry.expiresAt).toISOString() });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const api = path === STS_PATH ? "sts" : "iam";
      const entry: GoogleRequest = { api, status: 0 };
      requests.push(entry);
      const answer = (status: number, body: object) => {
        entry.status = status;
        const error = (body as { error?: unknown }).error;
        if (typeof error === "string") entry.error = error;
        else if (error && typeof error === "object")
          entry.error = String((error as { status?: unknown }).status);
        writeFaultResponse(res, { status, body });
      };
      const text = Buffer.concat(chunks).toString("utf8");
      const iamMatch = /^\/v1\/projects\/-\/serviceAccounts\/([^/]+):generateAccessToken$/.exec(path);
      if (req.method === "POST" && path === STS_PATH) {
        let params: Record<string, unknown>;
        try {
          params = /json/.test(req.headers["content-type"] ?? "")
            ? (JSON.parse(text) as Record<string, unknown>)
            : Object.fromEntries(new URLSearchParams(text));
        } catch {
          answer(400, { error: "invalid_request", error_description: "The request body is not valid." });
          return;
        }
        sts(params, answer);
      } else if (req.method === "POST" && iamMatch) {
        iam(decodeURIComponent(iamMatch[1] ?? ""), req.headers.authorization ?? "", answer);
      } else {
        answer(404, {
          error: { code: 404, message: `${req.method} ${path} is not served here`, status: "NOT_FOUND" },
        });
      }
    });
  });
  const listening = await listenOnLoopback(server);
  const base = `http://127.0.0.1:${listening.port}`;
  const tokenServer = await startTokenServer({
    users: {},
    expiresIn: options.registryTokenSeconds ?? 300,
    authenticate: (user, password) => {
      const entry = find(password);
      return user === "oauth2accesstoken" && entry ? { pullOnly: !entry.push } : undefined;
    },
  });
  const registry = await startRegistry({ auth: { token: tokenServer } });

  return {
    stsUrl: `${base}${STS_PATH}`,
    iamUrl: `${base}/v1`,
    env: { MBP_TEST_GOOGLE_STS_URL: `${base}${STS_PATH}`, MBP_TEST_GOOGLE_IAM_URL: `${base}/v1` },
    provider,
    registry,
    tokenServer,
    minted,
    requests,
    isValid: (token) => find(token) !== undefined,
    stop: async () => {
      await Promise.allSettled([registry.stop(), tokenServer.stop(), listening.stop()]);
    },
  };
}
