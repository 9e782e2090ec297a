// The keyless token sources (image-spec/src/keyless) against the testkit's fakes of GitHub's OIDC
// endpoint, Google STS + IAM Credentials and AWS STS + the ECR API, each with a real registry that
// takes only what the fake minted. Every refusal is checked for its message: cause and fix.
import { RepositoryMissingError, verifyCredentials } from "@mbp/image-spec";
import {
  KeylessError,
  type KeylessLogin,
  keylessRegistry,
  type MintedCredential,
  mintCredential,
} from "@mbp/image-spec/keyless";
import {
  type AwsCloud,
  type GitHubOidc,
  type GoogleCloud,
  startAwsCloud,
  startGitHubOidc,
  startGoogleCloud,
  stopAll,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROLE = "arn:aws:iam::123456789012:role/github-ecr-push";
const PULL_ROLE = "arn:aws:iam::123456789012:role/github-ecr-pull";
const PUSHER = "pusher@my-project.iam.gserviceaccount.com";
const READER = "reader@my-project.iam.gserviceaccount.com";
const FAST = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 10_000 };

let oidc: GitHubOidc;
let google: GoogleCloud;
let aws: AwsCloud;

beforeAll(async () => {
  oidc = await startGitHubOidc();
  [google, aws] = await Promise.all([
    startGoogleCloud({
      oidc,
      condition: (claims) => claims.repository_owner === "org",
      serviceAccounts: {
        [PUSHER]: { impersonators: (claims) => claims.repository === "org/app" },
        [READER]: { impersonators: () => true, push: false },
      },
    }),
    startAwsCloud({
      oidc,
      roles: {
        [ROLE]: { trust: (claims) => String(claims.sub).startsWith("repo:org/app:") },
        [PULL_ROLE]: { trust: () => true, push: false },
        "arn:aws:iam::123456789012:role/no-ecr": { trust: () => true, ecr: false },
      },
      users: { AKIAEXAMPLEKEY000001: { secret: "static-secret" } },
      repositories: ["org/app"],
    }),
  ]);
});
afterAll(stopAll);

const env = () => ({ ...oidc.env, ...google.env, ...aws.env });
const googleLogin = (provider = google.provider, serviceAccount?: string): KeylessLogin => ({
  registry: { provider: "google", host: google.registry.host },
  source: { kind: "google", provider, ...(serviceAccount ? { serviceAccount } : {}) },
});
const ecrRegistry = () => {
  const registry = keylessRegistry(aws.registry.host, {
    MBP_TEST_REGISTRY_ALIASES: `${aws.registry.host}=${aws.ecrHost}`,
  });
  if (!registry) throw new Error("the alias was not taken");
  return registry;
};
const roleLogin = (roleArn = ROLE): KeylessLogin => ({
  registry: ecrRegistry(),
  source: { kind: "aws-role", roleArn },
});

async function refusal(login: KeylessLogin, environment: NodeJS.ProcessEnv = env()): Promise<KeylessError> {
  const error = await mintCredential(login, { env: environment }).catch((thrown: unknown) => thrown);
  if (!(error instanceof KeylessError)) throw new Error(`expected a KeylessError, got ${String(error)}`);
  return error;
}

const check = (host: string, credential: MintedCredential, pushTo: string[] = []) =>
  verifyCredentials(
    host,
    { username: credential.username, password: credential.password },
    { pushTo, retryPolicy: FAST },
  );

describe("Google Workload Identity Federation", () => {
  it("direct federation: the federated token logs in and may push", async () => {
    const asked = oidc.requests.length;
    const credential = await mintCredential(googleLogin(), { env: env() });
    expect(credential.username).toBe("oauth2accesstoken");
    expect(google.minted.find((entry) => entry.token === credential.password)?.kind).toBe("federated");
    // The audience google-github-actions/auth uses for the provider.
    expect(oidc.requests.slice(asked).map((request) => request.audience)).toEqual([
      `https://iam.googleapis.com/${google.provider}`,
    ]);
    await expect(check(google.registry.host, credential, ["org/app"])).resolves.toMatchObject({
      scheme: "bearer",
      push: { "org/app": "token" },
    });
  });

  it("through a service account: generateAccessToken's token logs in", async () => {
    const credential = await mintCredential(googleLogin(google.provider, PUSHER), { env: env() });
    const minted = google.minted.find((entry) => entry.token === credential.password);
    expect(minted).toMatchObject({ kind: "service-account", principal: PUSHER });
    expect(credential.expiresAt).toBe(minted?.expiresAt);
    await expect(check(google.registry.host, credential, ["org/app"])).resolves.toMatchObject({ ok: true });
  });

  it("a service account without push is refused at the push check", async () => {
    const credential = await mintCredential(googleLogin(google.provider, READER), { env: env() });
    await expect(check(google.registry.host, credential, ["org/app"])).rejects.toThrow(
      /org\/app: cannot push: .*granted pull but not push/,
    );
  });

  it("a token that is not Google's is refused by the registry", async () => {
    await expect(
      check(google.registry.host, { username: "oauth2accesstoken", password: "ya29.forged", expiresAt: 0 }),
    ).rejects.toThrow(/401/);
  });

  it("names the attribute condition when STS rejects the job, with the job's claims", async () => {
    const owner = oidc.claims.repository_owner;
    oidc.claims.repository_owner = "someone-else";
    try {
      const error = await refusal(googleLogin());
      expect(error.message).toMatch(
        /^Google STS: refused the job's OIDC token for projects\/.*: the provider's attribute condition rejected this job \("unauthorized_client: The given credential is rejected by the attribute condition\."\); change the provider's attribute condition .*repository_owner=someone-else/,
      );
    } finally {
      oidc.claims.repository_owner = owner;
    }
  });

  it("names the audience when the provider expects another", async () => {
    const other = await startGoogleCloud({ oidc, allowedAudiences: ["https://example.com/other"] });
    const error = await refusal(googleLogin(other.provider), { ...env(), ...other.env });
    expect(error.message).toMatch(
      /the provider does not accept the audience https:\/\/iam\.googleapis\.com\/projects\/.* \("invalid_grant: The audience in ID Token \[https:\/\/iam\.googleapis\.com\/.*\] does not match the expected audience\."\); leave the provider's allowed audiences empty/,
    );
  });

  it("says the provider does not exist when STS does not know it", async () => {
    const error = await refusal(
      googleLogin("projects/123456789012/locations/global/workloadIdentityPools/github/providers/missing"),
    );
    expect(error.message).toMatch(
      /the provider does not exist or is disabled .*invalid_target.*check gar-workload-identity-provider/,
    );
  });

  it("names the grant to add when the job may not impersonate the service account", async () => {
    const error = await refusal(googleLogin(google.provider, "other@my-project.iam.gserviceaccount.com"));
    expect(error.message).toMatch(
      /^Google IAM Credentials: refused to let this job impersonate other@my-project\.iam\.gserviceaccount\.com .*PERMISSION_DENIED: Permission 'iam\.serviceAccounts\.getAccessToken' denied.*grant roles\/iam\.workloadIdentityUser on other@my-project\.iam\.gserviceaccount\.com to principalSet:\/\/iam\.googleapis\.com\/projects\/123456789012\/locations\/global\/workloadIdentityPools\/github\/attribute\.repository\/org\/app/,
    );
  });

  it("says the job lacks id-token: write when there is no OIDC request URL", async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _url, ...withoutOidc } = env();
    const error = await refusal(googleLogin(), withoutOidc);
    expect(error.message).toMatch(
      /^GitHub Actions: gar-workload-identity-provider \(for 127\.0\.0\.1:\d+\) needs the job's OIDC token, but the job may not request one \(ACTIONS_ID_TOKEN_REQUEST_URL is not set\); grant the job `permissions: id-token: write`/,
    );
  });

  it("says the token request was refused when the request token is wrong", async () => {
    const error = await refusal(googleLogin(), { ...env(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong" });
    expect(error.message).toMatch(
      /^GitHub's OIDC token endpoint: gave no ID token .*\("Bad credentials"\); the job's token request was refused/,
    );
  });
});

describe("Amazon ECR", () => {
  it("with a role: AssumeRoleWithWebIdentity, then GetAuthorizationToken; the password logs in and may push", async () => {
    const asked = oidc.requests.length;
    const credential = await mintCredential(roleLogin(), { env: env() });
    expect(credential.username).toBe("AWS");
    expect(oidc.requests.slice(asked).map((request) => request.audience)).toEqual(["sts.amazonaws.com"]);
    expect(aws.minted.find((entry) => entry.password === credential.password)).toMatchObject({
      target: "ecr",
      principal: expect.stringMatching(/assumed-role\/github-ecr-push\/multiplatform-build-and-push$/),
    });
    await expect(check(aws.registry.host, credential, ["org/app"])).resolves.toMatchObject({
      scheme: "basic",
      push: { "org/app": "upload" },
    });
  });

  it("with an access key pair: a signed GetAuthorizationToken", async () => {
    const credential = await mintCredential(
      {
        registry: ecrRegistry(),
        source: {
          kind: "aws-keys",
          credentials: { accessKeyId: "AKIAEXAMPLEKEY000001", secretAccessKey: "static-secret" },
        },
      },
      { env: aws.env },
    );
    await expect(check(aws.registry.host, credential)).resolves.toMatchObject({ scheme: "basic" });
  });

  it("public.ecr.aws: ECR Public's GetAuthorizationToken in us-east-1", async () => {
    const registry = keylessRegistry("127.0.0.1:1", {
      MBP_TEST_REGISTRY_ALIASES: "127.0.0.1:1=public.ecr.aws",
    });
    if (!registry) throw new Error("the alias was not taken");
    const credential = await mintCredential(
      { registry, source: { kind: "aws-role", roleArn: ROLE } },
      { env: env() },
    );
    expect(aws.minted.find((entry) => entry.password === credential.password)?.target).toBe("ecr-public");
  });

  it("the registry refuses a password it did not issue", async () => {
    await expect(
      check(aws.registry.host, { username: "AWS", password: "forged", expiresAt: 0 }),
    ).rejects.toThrow(/401/);
  });

  it("says the repository does not exist, as ECR does, in a typed error naming the image", async () => {
    const credential = await mintCredential(roleLogin(), { env: env() });
    const error = await check(aws.registry.host, credential, ["org/app", "org/missing"]).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RepositoryMissingError);
    expect(error).toMatchObject({
      image: `${aws.registry.host}/org/missing`,
      repository: { host: aws.registry.host, path: "org/missing" },
      reason: "no-repository",
      refusal: { status: 404, code: "NAME_UNKNOWN" },
    });
    expect((error as Error).message).toBe(
      `${aws.registry.host}/org/missing: cannot push: the repository does not exist, and ${aws.registry.host} does not create it on push: ${aws.registry.host}: POST blob upload to ${aws.registry.host}/org/missing (push check) answered 404 Not Found (NAME_UNKNOWN: The repository with name 'org/missing' does not exist in the registry with id '123456789012')`,
    );
  });

  it("a role without push is refused at the push check", async () => {
    const credential = await mintCredential(roleLogin(PULL_ROLE), { env: env() });
    await expect(check(aws.registry.host, credential, ["org/app"])).rejects.toThrow(
      /org\/app: cannot push: .*403 Forbidden \(DENIED: User: arn:aws:sts::123456789012:assumed-role\/github-ecr-pull/,
    );
  });

  it("names the trust policy, with the job's sub, when the role does not trust the job", async () => {
    const sub = oidc.claims.sub;
    oidc.claims.sub = "repo:org/other:ref:refs/heads/main";
    try {
      const error = await refusal(roleLogin());
      expect(error.message).toMatch(
        /^AWS STS: refused to let this job assume arn:aws:iam::123456789012:role\/github-ecr-push: the role's trust policy does not admit this job \("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"\); let the role's trust policy allow .*oidc-provider\/token\.actions\.githubusercontent\.com .*sub=repo:org\/other:ref:refs\/heads\/main/,
      );
    } finally {
      oidc.claims.sub = sub;
    }
  });

  it("says how to create the OIDC provider when the account has none", async () => {
    const bare = await startAwsCloud({ oidc, oidcProvider: false, roles: { [ROLE]: { trust: () => true } } });
    const error = await refusal(roleLogin(), { ...env(), ...bare.env });
    expect(error.message).toMatch(
      /account 123456789012 has no IAM OIDC provider for GitHub \("InvalidIdentityToken: No OpenIDConnect provider found in your account for https:\/\/token\.actions\.githubusercontent\.com"\); create one: aws iam create-open-id-connect-provider/,
    );
  });

  it("names the audience when the OIDC provider does not accept sts.amazonaws.com", async () => {
    const other = await startAwsCloud({
      oidc,
      audiences: ["example"],
      roles: { [ROLE]: { trust: () => true } },
    });
    const error = await refusal(roleLogin(), { ...env(), ...other.env });
    expect(error.message).toMatch(
      /does not accept the audience sts\.amazonaws\.com \("InvalidIdentityToken: Incorrect token audience"\)/,
    );
  });

  it("names the missing ECR permission", async () => {
    const error = await refusal(roleLogin("arn:aws:iam::123456789012:role/no-ecr"));
    expect(error.message).toMatch(
      /^the ECR API: refused to issue a registry password .*AccessDeniedException: User: .* is not authorized to perform: ecr:GetAuthorizationToken.*allow ecr:GetAuthorizationToken \(Resource: \*\)/,
    );
  });

  it("says the access key was not accepted when its secret is wrong", async () => {
    const error = await refusal(
      {
        registry: ecrRegistry(),
        source: {
          kind: "aws-keys",
          credentials: { accessKeyId: "AKIAEXAMPLEKEY000001", secretAccessKey: "wrong" },
        },
      },
      aws.env,
    );
    expect(error.message).toMatch(
      /^the ECR API: did not accept the AWS credentials \("InvalidSignatureException: .*check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/,
    );
  });

  it("says the job lacks id-token: write for a role", async () => {
    const error = await refusal(roleLogin(), { ...aws.env });
    expect(error.message).toMatch(/^GitHub Actions: aws-role-arn \(for .*\) needs the job's OIDC token/);
  });
});
