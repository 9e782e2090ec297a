/**
 * Amazon ECR logins, as aws-actions/configure-aws-credentials and amazon-ecr-login do them, without
 * the AWS SDK. Credentials: AssumeRoleWithWebIdentity with the job's OIDC token (audience
 * `sts.amazonaws.com`; a Query API call that needs no signature, answered in XML), or an access key
 * pair. Then GetAuthorizationToken, a SigV4-signed JSON 1.1 call: `ecr` in the registry's region for
 * `<account>.dkr.ecr.<region>.amazonaws.com`, `ecr-public` in us-east-1 for public.ecr.aws. Its token
 * is base64 of `AWS:<password>`, good for 12 hours.
 */
import { KeylessError } from "./errors";
import { bodyText, callService, isRecord, jsonBody, type ServiceDeps } from "./http";
import { describeClaims, requestIdToken } from "./oidc";
import type { OidcRequest } from "./plan";
import { ECR_PUBLIC_REGION, type KeylessEndpoints, type KeylessRegistry } from "./registries";
import { type AwsCredentials, signV4 } from "./sigv4";

/** The audience configure-aws-credentials asks GitHub for, and IAM's OIDC providers expect. */
export const AWS_OIDC_AUDIENCE = "sts.amazonaws.com";
/** How the assumed role's session is named in CloudTrail. */
export const ROLE_SESSION_NAME = "multiplatform-build-and-push";
const ROLE_SESSION_SECONDS = 3600;
const STS = "AWS STS";

export type EcrRegistry = Extract<KeylessRegistry, { provider: "ecr" | "ecr-public" }>;

/** Temporary credentials and when they end (epoch ms). */
export interface AwsSession extends AwsCredentials {
  readonly expiresAt: number;
}

/** AssumeRoleWithWebIdentity: the job's ID token (audience sts.amazonaws.com) for the role's credentials. */
export async function assumeRoleWithWebIdentity(
  roleArn: string,
  idToken: string,
  registry: EcrRegistry,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<AwsSession> {
  const region = registry.provider === "ecr" ? registry.region : ECR_PUBLIC_REGION;
  const dnsSuffix = registry.provider === "ecr" ? registry.dnsSuffix : "amazonaws.com";
  const form = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    RoleArn: roleArn,
    RoleSessionName: ROLE_SESSION_NAME,
    WebIdentityToken: idToken,
    DurationSeconds: String(ROLE_SESSION_SECONDS),
  });
  const answer = await callService(
    {
      service: STS,
      method: "POST",
      url: endpoints.awsSts(region, dnsSuffix),
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "text/xml" },
      body: form.toString(),
    },
    deps,
  );
  const xml = answer.body.toString("utf8");
  const accessKeyId = xmlValue(xml, "AccessKeyId");
  const secretAccessKey = xmlValue(xml, "SecretAccessKey");
  const sessionToken = xmlValue(xml, "SessionToken");
  const expiration = Date.parse(xmlValue(xml, "Expiration") ?? "");
  if (answer.status === 200 && accessKeyId && secretAccessKey && sessionToken) {
    const now = deps.now ?? Date.now;
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiresAt: Number.isNaN(expiration) ? now() + ROLE_SESSION_SECONDS * 1000 : expiration,
    };
  }
  const code = xmlValue(xml, "Code") ?? "";
  const message = xmlValue(xml, "Message") ?? "";
  const said =
    code || message
      ? [code, message].filter(Boolean).join(": ")
      : bodyText(answer) || `HTTP ${answer.status}`;
  const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? "<account>";
  const claims = describeClaims(idToken, ["sub"]);
  const problem = `refused to let this job assume ${roleArn}`;
  if (/no openidconnect provider/i.test(message)) {
    throw new KeylessError(
      STS,
      `${problem}: account ${account} has no IAM OIDC provider for GitHub`,
      `create one: aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list ${AWS_OIDC_AUDIENCE}`,
      said,
      answer.status,
    );
  }
  if (/audience/i.test(message)) {
    throw new KeylessError(
      STS,
      `${problem}: the IAM OIDC provider does not accept the audience ${AWS_OIDC_AUDIENCE}`,
      `add ${AWS_OIDC_AUDIENCE} to the provider's audiences (client IDs)`,
      said,
      answer.status,
    );
  }
  if (code === "AccessDenied" || answer.status === 403) {
    throw new KeylessError(
      STS,
      `${problem}: the role's trust policy does not admit this job`,
      `let the role's trust policy allow sts:AssumeRoleWithWebIdentity for the federated principal arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com when token.actions.githubusercontent.com:aud is ${AWS_OIDC_AUDIENCE} and :sub matches this job (${claims || "sub=repo:<org>/<repo>:…"})`,
      said,
      answer.status,
    );
  }
  throw new KeylessError(STS, problem, "check aws-role-arn and the role's trust policy", said, answer.status);
}

/** A registry login: the username and password GetAuthorizationToken gave, and when they end. */
export interface RegistryPassword {
  readonly username: string;
  readonly password: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** GetAuthorizationToken for a private registry (ecr) or public.ecr.aws (ecr-public). */
export async function ecrAuthorizationToken(
  registry: EcrRegistry,
  credentials: AwsCredentials,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<RegistryPassword> {
  const isPublic = registry.provider === "ecr-public";
  const service = isPublic ? "the ECR Public API" : "the ECR API";
  const url = isPublic ? endpoints.ecrPublicApi : endpoints.ecrApi(registry.region, registry.dnsSuffix);
  const now = deps.now ?? Date.now;
  const body = "{}";
  const signed = signV4(
    {
      method: "POST",
      host: url.host,
      path: url.pathname,
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": isPublic
          ? "SpencerFrontendService.GetAuthorizationToken"
          : "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
      },
      body,
    },
    {
      credentials,
      region: isPublic ? ECR_PUBLIC_REGION : registry.region,
      service: isPublic ? "ecr-public" : "ecr",
      date: new Date(now()),
    },
  );
  const { host: _host, ...headers } = signed.headers;
  const answer = await callService({ service, method: "POST", url, headers, body }, deps);
  const parsed = jsonBody(answer);
  const data = isRecord(parsed)
    ? Array.isArray(parsed.authorizationData)
      ? parsed.authorizationData[0]
      : parsed.authorizationData
    : undefined;
  if (answer.status === 200 && isRecord(data) && typeof data.authorizationToken === "string") {
    const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const expires =
      typeof data.expiresAt === "number" ? data.expiresAt * 1000 : Date.parse(String(data.expiresAt));
    if (colon > 0) {
      return {
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        expiresAt: Number.isNaN(expires) ? now() + 12 * 3600_000 : expires,
      };
    }
  }
  const type = isRecord(parsed) && typeof parsed.__type === "string" ? parsed.__type.replace(/^.*#/, "") : "";
  const message =
    isRecord(parsed) && typeof (parsed.message ?? parsed.Message) === "string"
      ? String(parsed.message ?? parsed.Message)
      : bodyText(answer);
  const said = [type, message].filter(Boolean).join(": ") || `HTTP ${answer.status}`;
  const actions = isPublic
    ? "ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken"
    : "ecr:GetAuthorizationToken";
  if (/AccessDenied/i.test(type)) {
    throw new KeylessError(
      service,
      `refused to issue a registry password for ${registry.host}`,
      `allow ${actions} (Resource: *) in the policy of the role or user the credentials belong to`,
      said,
      answer.status,
    );
  }
  if (
    /UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|IncompleteSignature/i.test(type)
  ) {
    throw new KeylessError(
      service,
      "did not accept the AWS credentials",
      "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (a session token expires), or use aws-role-arn",
      said,
      answer.status,
    );
  }
  throw new KeylessError(
    service,
    `gave no registry password for ${registry.host}`,
    "rerun the job",
    said,
    answer.status,
  );
}

/** A fresh ECR registry password from the job's OIDC token and a role. */
export async function ecrPasswordWithRole(
  registry: EcrRegistry,
  roleArn: string,
  oidc: OidcRequest,
  endpoints: KeylessEndpoints,
  deps: ServiceDeps = {},
): Promise<RegistryPassword> {
  const idToken = await requestIdToken(oidc, AWS_OIDC_AUDIENCE, deps);
  const session = await assumeRoleWithWebIdentity(roleArn, idToken, registry, endpoints, deps);
  const password = await ecrAuthorizationToken(registry, session, endpoints, deps);
  // Taken to end with the role session as well (the sooner of the two), so that a refresh never
  // counts on a password whose session has ended.
  return { ...password, expiresAt: Math.min(password.expiresAt, session.expiresAt) };
}

/** The text of the first `<tag>…</tag>`, XML entities decoded. */
function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!match) return undefined;
  return (match[1] ?? "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, "&")
    .trim();
}
