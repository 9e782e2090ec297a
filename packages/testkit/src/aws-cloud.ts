import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { writeFaultResponse } from "./faults";
import type { GitHubOidc } from "./github-oidc";
import { type Registry, startRegistry } from "./registry";
import { downstreamHeaders, listenOnLoopback, upstreamHeaders } from "./serve";

type Claims = Record<string, unknown>;

/** Who may get an ECR password, and push with it. */
export interface AwsPrincipalRights {
  /** May call GetAuthorizationToken (ecr / ecr-public); default true. */
  ecr?: boolean;
  /** May push to the registry; default true. */
  push?: boolean;
}

/** Options for {@link startAwsCloud}. */
export interface AwsCloudOptions {
  /** The GitHub OIDC endpoint whose tokens the account's IAM OIDC provider trusts. */
  oidc: GitHubOidc;
  account?: string;
  region?: string;
  /** Whether the account has an IAM OIDC provider for GitHub's issuer; default true. */
  oidcProvider?: boolean;
  /** The provider's audiences (client IDs); default `sts.amazonaws.com`. */
  audiences?: string[];
  /** Roles by ARN, with their trust policy as a predicate on the token's claims. */
  roles?: Record<string, AwsPrincipalRights & { trust: (claims: Claims) => boolean }>;
  /** IAM users' access keys: access key id → secret and rights. */
  users?: Record<string, AwsPrincipalRights & { secret: string }>;
  /** Role session lifetime in seconds; default 3600. */
  sessionSeconds?: number;
  /** ECR password lifetime in seconds; default 12 hours. */
  passwordSeconds?: number;
  /** Repositories that exist (ECR does not create them on push). */
  repositories?: string[];
}

/** An ECR password the fake minted. */
export interface EcrMintedPassword {
  password: string;
  principal: string;
  expiresAt: number;
  push: boolean;
  target: "ecr" | "ecr-public";
}

/** One request to STS, the ECR API or the registry, with the error code of a refusal. */
export interface AwsRequest {
  api: "sts" | "ecr" | "registry";
  status: number;
  error?: string;
}

/** AWS STS, the ECR API and an ECR registry, on loopback ports. */
export interface AwsCloud {
  stsUrl: string;
  /** The ECR API; it also answers ECR Public's GetAuthorizationToken. */
  ecrApiUrl: string;
  env: { MBP_TEST_AWS_STS_URL: string; MBP_TEST_ECR_API_URL: string; MBP_TEST_ECR_PUBLIC_API_URL: string };
  account: string;
  region: string;
  /** The registry host this fake stands for: `<account>.dkr.ecr.<region>.amazonaws.com`. */
  ecrHost: string;
  /** The registry on loopback: Basic auth with minted passwords only, in front of distribution. */
  registry: { host: string; url: string };
  /** The distribution registry behind it (no auth), for independent checks. */
  backend: Registry;
  minted: EcrMintedPassword[];
  requests: AwsRequest[];
  createRepository(name: string): void;
  /** Whether a password was minted here and has not expired. */
  isValid(password: string): boolean;
  stop(): Promise<void>;
}

interface Session {
  accessKeyId: string;
  secret: string;
  sessionToken?: string;
  principal: string;
  expiresAt: number;
  rights: AwsPrincipalRights;
}

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const PRIVATE_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
const PUBLIC_TARGET = "SpencerFrontendService.GetAuthorizationToken";

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const upper = (length: number) =>
  Array.from(randomBytes(length), (byte) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[byte % 32]).join("");

/**
 * AWS's side of keyless ECR logins. STS (`POST /`, `Action=AssumeRoleWithWebIdentity`, unsigned)
 * takes only ID tokens `oidc` signed, for an audience of the account's IAM OIDC provider, that the
 * role's trust policy admits; it answers in STS's XML, refusals included (`InvalidIdentityToken` "No
 * OpenIDConnect provider found …", "Incorrect token audience", `AccessDenied` "Not authorized to
 * perform sts:AssumeRoleWithWebIdentity"). The ECR API (JSON 1.1, `X-Amz-Target`
 * `AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken` or ECR Public's
 * `SpencerFrontendService.GetAuthorizationToken`) checks the SigV4 signature (verified here with its
 * own code) against keys it knows, and answers `authorizationData` with base64 `AWS:<password>`. The
 * registry takes only unexpired minted passwords (Basic, user `AWS`), answers 404 `NAME_UNKNOWN`
 * "The repository with name '…' does not exist in the registry with id '…'" for a repository not
 * created, as ECR does, and refuses writes to principals without push.
 */
export async function startAwsCloud(options: AwsCloudOptions): Promise<AwsCloud> {
  const account = options.account ?? "123456789012";
  const region = options.region ?? "us-east-1";
  const ecrHost = `${account}.dkr.ecr.${region}.amazonaws.com`;
  const audiences = options.audiences ?? ["sts.amazonaws.com"];
  const repositories = new Set(options.repositories ?? []);
  const sessions = new Map<string, Session>();
  for (const [accessKeyId, user] of Object.entries(options.users ?? {})) {
    sessions.set(accessKeyId, {
      accessKeyId,
      secret: user.secret,
      principal: `arn:aws:iam::${account}:user/${accessKeyId.toLowerCase()}`,
      expiresAt: Number.POSITIVE_INFINITY,
      rights: user,
    });
  }
  const minted: EcrMintedPassword[] = [];
  const requests: AwsRequest[] = [];
  const findPassword = (password: string) =>
    minted.find((entry) => entry.password === password && entry.expiresAt > Date.now());

  // --- STS -------------------------------------------------------------------------------------
  const sts = (form: URLSearchParams): { status: number; xml: string; error?: string } => {
    const stsError = (status: number, code: string, message: string) => ({
      status,
      error: code,
      xml: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomBytes(8).toString("hex")}</RequestId></ErrorResponse>`,
    });
    if (form.get("Action") !== "AssumeRoleWithWebIdentity" || form.get("Version") !== "2011-06-15") {
      return stsError(
        400,
        "InvalidAction",
        `Could not find operation ${form.get("Action")} for version ${form.get("Version")}`,
      );
    }
    if (options.oidcProvider === false) {
      return stsError(
        400,
        "InvalidIdentityToken",
        `No OpenIDConnect provider found in your account for ${options.oidc.issuer}`,
      );
    }
    const verified = options.oidc.verify(form.get("WebIdentityToken") ?? "");
    if ("refused" in verified) {
      return verified.refused === "expired"
        ? stsError(
            400,
            "ExpiredTokenException",
            "Token expired: current date/time must be before the expiration date/time",
          )
        : stsError(400, "InvalidIdentityToken", "Couldn't verify the token's signature");
    }
    if (!audiences.includes(String(verified.claims.aud))) {
      return stsError(400, "InvalidIdentityToken", "Incorrect token audience");
    }
    const roleArn = form.get("RoleArn") ?? "";
    const role = options.roles?.[roleArn];
    if (!role || !role.trust(verified.claims)) {
      return stsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }
    const seconds = Math.min(Number(form.get("DurationSeconds") ?? 3600), options.sessionSeconds ?? 3600);
    const session: Session = {
      accessKeyId: `ASIA${upper(16)}`,
      secret: randomBytes(30).toString("base64"),
      sessionToken: randomBytes(96).toString("base64"),
      principal: `arn:aws:sts::${account}:assumed-role/${roleArn.replace(/^.*:role\//, "")}/${form.get("RoleSessionName")}`,
      expiresAt: Date.now() + seconds * 1000,
      rights: role,
    };
    sessions.set(session.accessKeyId, session);
    return {
      status: 200,
      xml: `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NS}"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>${String(verified.claims.sub)}</SubjectFromWebIdentityToken><Audience>${String(verified.claims.aud)}</Audience><AssumedRoleUser><Arn>${session.principal}</Arn><AssumedRoleId>AROA${upper(16)}:${form.get("RoleSessionName")}</AssumedRoleId></AssumedRoleUser><Credentials><SessionToken>${session.sessionToken}</SessionToken><SecretAccessKey>${session.secret}</SecretAccessKey><Expiration>${new Date(session.expiresAt).toISOString()}</Expiration><AccessKeyId>${session.accessKeyId}</AccessKeyId></Credentials><Provider>${options.oidc.issuer.replace(/^https:\/\//, "")}</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${randomBytes(8).toString("hex")}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
    };
  };

  // --- the ECR API ------------------------------------------------------------------------------
  const ecrApi = (
    req: http.IncomingMessage,
    body: Buffer,
  ): { status: number; json: object; error?: string } => {
    const awsError = (type: string, message: string) => ({
      status: 400,
      error: type,
      json: { __type: type, message },
    });
    const target = String(req.headers["x-amz-target"] ?? "");
    if (target !== PRIVATE_TARGET && target !== PUBLIC_TARGET) {
      return awsError("UnknownOperationException", `unknown target ${target}`);
    }
    const auth =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        String(req.headers.authorization ?? ""),
      );
    if (!auth) return awsError("MissingAuthenticationTokenException", "Missing Authentication Token");
    const [, keyId = "", day = "", scopeRegion = "", service = "", signedNames = "", signature = ""] = auth;
    const session = sessions.get(keyId);
    if (!session)
      return awsError(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    if (session.expiresAt <= Date.now()) {
      return awsError("ExpiredTokenException", "The security token included in the request is expired");
    }
    if (session.sessionToken !== undefined && req.headers["x-amz-security-token"] !== session.sessionToken) {
      return awsError(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
    const isPublic = target === PUBLIC_TARGET;
    const wanted = isPublic ? ["ecr-public", "us-east-1"] : ["ecr", region];
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const skewed =
      Math.abs(
        Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z")) -
          Date.now(),
      ) >
      15 * 60_000;
    const names = signedNames.split(";");
    if (
      service !== wanted[0] ||
      scopeRegion !== wanted[1] ||
      !amzDate.startsWith(day) ||
      skewed ||
      !names.includes("host")
    ) {
      return awsError(
        "InvalidSignatureException",
        "Credential should be scoped to a valid region and service, at the time of the request.",
      );
    }
    // The canonical request rebuilt from what arrived, as AWS does, and its signature recomputed.
    const url = new URL(req.url ?? "/", "http://localhost");
    const canonical = [
      req.method ?? "POST",
      url.pathname,
      [...url.searchParams]
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .sort()
        .join("&"),
      `${names.map((name) => `${name}:${String(req.headers[name] ?? "").trim()}`).join("\n")}\n`,
      signedNames,
      createHash("sha256").update(body).digest("hex"),
    ].join("\n");
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}/${scopeRegion}/${service}/aws4_request\n${createHash("sha256").update(canonical).digest("hex")}`;
    const key = [day, scopeRegion, service, "aws4_request"].reduce<Buffer | string>(
      (k, part) => createHmac("sha256", k).update(part).digest(),
      `AWS4${session.secret}`,
    );
    const expected = createHmac("sha256", key).update(toSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
      return awsError(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      );
    }
    if (session.rights.ecr === false) {
      const action = isPublic ? "ecr-public:GetAuthorizationToken" : "ecr:GetAuthorizationToken";
      return awsError(
        "AccessDeniedException",
        `User: ${session.principal} is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
      );
    }
    const entry: EcrMintedPassword = {
      password: randomBytes(48).toString("base64url"),
      principal: session.principal,
      expiresAt: Date.now() + (options.passwordSeconds ?? 12 * 3600) * 1000,
      push: session.rights.push !== false,
      target: isPublic ? "ecr-public" : "ecr",
    };
    minted.push(entry);
    const data = {
      authorizationToken: Buffer.from(`AWS:${entry.password}`).toString("base64"),
      expiresAt: entry.expiresAt / 1000,
    };
    return {
      status: 200,
      json: isPublic
        ? { authorizationData: data }
        : { authorizationData: [{ ...data, proxyEndpoint: `https://${ecrHost}` }] },
    };
  };

  const api = http.createServer((req, res) => {
    readBody(req).then(
      (body) => {
        if (req.headers["x-amz-target"] !== undefined) {
          const answer = ecrApi(req, body);
          requests.push({
            api: "ecr",
            status: answer.status,
            ...(answer.error ? { error: answer.error } : {}),
          });
          writeFaultResponse(res, {
            status: answer.status,
            headers: {
              "content-type": "application/x-amz-json-1.1",
              ...(answer.error ? { "x-amzn-errortype": answer.error } : {}),
            },
            body: JSON.stringify(answer.json),
          });
          return;
        }
        const answer = sts(new URLSearchParams(body.toString("utf8")));
        requests.push({
          api: "sts",
          status: answer.status,
          ...(answer.error ? { error: answer.error } : {}),
        });
        writeFaultResponse(res, {
          status: answer.status,
          headers: { "content-type": "text/xml" },
          body: answer.xml,
        });
      },
      () => res.destroy(),
    );
  });
  const apiServer = await listenOnLoopback(api);
  const apiUrl = `http://127.0.0.1:${apiServer.port}/`;

  // --- the registry -----------------------------------------------------------------------------
  const backend = await startRegistry();
  const target = new URL(backend.url);
  const agent = new http.Agent({ keepAlive: true });
  let origin = "";
  const front = http.createServer((req, res) => {
    const method = req.method ?? "GET";
    const entry: AwsRequest = { api: "registry", status: 0 };
    requests.push(entry);
    const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      entry.status = status;
      entry.error = code;
      req.resume();
      writeFaultResponse(res, { status, headers, body: { errors: [{ code, message }] } });
    };
    const basic = /^Basic (.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1];
    const [user, ...rest] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const password = rest.join(":");
    const login = user === "AWS" ? findPassword(password) : undefined;
    if (!login) {
      const expired = user === "AWS" && minted.some((known) => known.password === password);
      refuse(
        401,
        "DENIED",
        expired ? "Your authorization token has expired. Reauthenticate and try again." : "Not Authorized",
        { "www-authenticate": `Basic realm="https://${ecrHost}/",service="ecr.amazonaws.com"` },
      );
      return;
    }
    const path = req.url ?? "/";
    const name = /^\/v2\/(.+?)\/(?:blobs|manifests|tags)\//.exec(path)?.[1];
    if (name !== undefined && !repositories.has(name)) {
      refuse(
        404,
        "NAME_UNKNOWN",
        `The repository with name '${name}' does not exist in the registry with id '${account}'`,
      );
      return;
    }
    if (name !== undefined && method !== "GET" && method !== "HEAD" && !login.push) {
      refuse(
        403,
        "DENIED",
        `User: ${login.principal} is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:${region}:${account}:repository/${name} because no identity-based policy allows the ecr:InitiateLayerUpload action`,
      );
      return;
    }
    const { authorization: _dropped, ...headers } = upstreamHeaders(req.headers, target.host);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method, path, headers, agent },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 0;
        const raw = downstreamHeaders(upstreamRes.rawHeaders, (header, value) =>
          header.toLowerCase() === "location" && value.startsWith(target.origin)
            ? origin + value.slice(target.origin.length)
            : value,
        );
        res.writeHead(entry.status, upstreamRes.statusMessage, raw);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (error) =>
      res.headersSent ? res.destroy(error) : refuse(502, "BAD_GATEWAY", error.message),
    );
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  const frontServer = await listenOnLoopback(front, () => agent.destroy());
  origin = `http://127.0.0.1:${frontServer.port}`;

  return {
    stsUrl: apiUrl,
    ecrApiUrl: apiUrl,
    env: { MBP_TEST_AWS_STS_URL: apiUrl, MBP_TEST_ECR_API_URL: apiUrl, MBP_TEST_ECR_PUBLIC_API_URL: apiUrl },
    account,
    region,
    ecrHost,
    registry: { host: `127.0.0.1:${frontServer.port}`, url: origin },
    backend,
    minted,
    requests,
    createRepository: (name) => {
      repositories.add(name);
    },
    isValid: (password) => findPassword(password) !== undefined,
    stop: async () => {
      await Promise.allSettled([frontServer.stop(), apiServer.stop(), backend.stop()]);
    },
  };
}
