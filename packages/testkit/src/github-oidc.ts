import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import http from "node:http";
import { writeFaultResponse } from "./faults";
import { listenOnLoopback } from "./serve";

/** Options for {@link startGitHubOidc}. */
export interface GitHubOidcOptions {
  /** Claims of every ID token, over the defaults (repository `org/app`, ref `refs/heads/main`, …). */
  claims?: Record<string, unknown>;
  /** ID token lifetime in seconds; default 300. */
  lifetimeSeconds?: number;
  /** The `iss` claim; default GitHub's. */
  issuer?: string;
}

/** One ID token request. */
export interface OidcTokenRequest {
  audience: string | undefined;
  status: number;
}

/** Why {@link GitHubOidc.verify} refused a token. */
export type OidcRefusal = "malformed" | "signature" | "expired" | "issuer";

/** A running GitHub Actions OIDC token endpoint. */
export interface GitHubOidc {
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` as the runner sets it (`…?api-version=2.0`). */
  url: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  requestToken: string;
  /** Both variables, to spread into a child's environment. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  issuer: string;
  /** The claims the next tokens carry (change them between requests). */
  claims: Record<string, unknown>;
  requests: OidcTokenRequest[];
  /** Checks a token this endpoint issued (signature, issuer, expiry) and returns its claims. */
  verify(jwt: string): { claims: Record<string, unknown> } | { refused: OidcRefusal };
  stop(): Promise<void>;
}

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * GitHub's OIDC token endpoint for Actions: `GET <url>&audience=<aud>` with the bearer request token
 * answers `{"value": "<RS256 JWT>"}`, signed with a key generated here (so a fake cloud can trust
 * only these tokens). Without an audience the token's `aud` is `https://github.com/<owner>`, as on
 * GitHub. A wrong request token gets 401.
 */
export async function startGitHubOidc(options: GitHubOidcOptions = {}): Promise<GitHubOidc> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const requestToken = randomBytes(24).toString("base64url");
  const issuer = options.issuer ?? GITHUB_ISSUER;
  const lifetime = options.lifetimeSeconds ?? 300;
  const claims: Record<string, unknown> = {
    sub: "repo:org/app:ref:refs/heads/main",
    repository: "org/app",
    repository_owner: "org",
    ref: "refs/heads/main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    workflow_ref: "org/app/.github/workflows/build.yaml@refs/heads/main",
    job_workflow_ref: "org/multiplatform-build-and-push/.github/workflows/build.yaml@refs/tags/v1",
    run_id: "1234567890",
    event_name: "push",
    ...options.claims,
  };
  const requests: OidcTokenRequest[] = [];
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const audience = url.searchParams.get("audience") ?? undefined;
    const entry: OidcTokenRequest = { audience, status: 0 };
    requests.push(entry);
    req.resume();
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      entry.status = 401;
      writeFaultResponse(res, { status: 401, body: { message: "Bad credentials" } });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const owner = String(claims.repository_owner ?? "org");
    const payload = {
      ...claims,
      jti: randomBytes(12).toString("hex"),
      aud: audience ?? `https://github.com/${owner}`,
      iss: issuer,
      iat: now,
      nbf: now - 5,
      exp: now + lifetime,
    };
    const input = `${encode({ typ: "JWT", alg: "RS256", kid })}.${encode(payload)}`;
    const jwt = `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
    entry.status = 200;
    writeFaultResponse(res, { status: 200, body: { count: 1, value: jwt } });
  });
  const { port, stop } = await listenOnLoopback(server);
  const requestUrl = `http://127.0.0.1:${port}/_apis/distributedtask/hubs/Actions/idtoken?api-version=2.0`;
  const key = createPublicKey(publicKey.export({ type: "spki", format: "pem" }));

  return {
    url: requestUrl,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    issuer,
    claims,
    requests,
    verify(jwt) {
      const [header, body, signature] = jwt.split(".");
      if (!header || !body || !signature) return { refused: "malformed" };
      if (!verify("sha256", Buffer.from(`${header}.${body}`), key, Buffer.from(signature, "base64url"))) {
        return { refused: "signature" };
      }
      const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
      if (payload.iss !== issuer) return { refused: "issuer" };
      if (typeof payload.exp !== "number" || payload.exp * 1000 <= Date.now()) return { refused: "expired" };
      return { claims: payload };
    },
    stop,
  };
}
