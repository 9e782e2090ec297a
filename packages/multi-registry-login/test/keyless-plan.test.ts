// Tier 1: which keyless login each host gets, which input wins, and every input error, as pure
// functions (no network).
import { InputErrors } from "@mbp/image-spec";
import { describe, expect, it } from "vitest";
import { type LoginRequest, parseRequest, type RawInputs } from "../src/lib";
import { NO_INPUTS } from "./raw-inputs";

const PROVIDER = "projects/123456789012/locations/global/workloadIdentityPools/github/providers/actions";
const ROLE = "arn:aws:iam::123456789012:role/github-ecr-push";
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const OIDC = {
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://example.invalid/idtoken?api-version=2.0",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t",
};
const actor = { actor: "octocat", repositoryOwner: "org" };

const request = (raw: Partial<RawInputs>, env: NodeJS.ProcessEnv = OIDC): LoginRequest =>
  parseRequest({ ...NO_INPUTS, ...raw }, actor, undefined, env);
const problems = (raw: Partial<RawInputs>, env: NodeJS.ProcessEnv = OIDC): string[] => {
  try {
    request(raw, env);
    return [];
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
};

describe("Artifact Registry without a key", () => {
  it("federates directly without a service account", () => {
    const [login] = request({
      images: "us-docker.pkg.dev/p/r/app",
      garWorkloadIdentityProvider: PROVIDER,
    }).logins;
    expect(login).toMatchObject({
      host: "us-docker.pkg.dev",
      username: "oauth2accesstoken",
      source: "gar-workload-identity-provider (direct federation)",
      keyless: { registry: { provider: "google" }, source: { kind: "google", provider: PROVIDER } },
    });
  });

  it("impersonates the service account when one is given", () => {
    const [login] = request({
      images: "gcr.io/p/app",
      garWorkloadIdentityProvider: PROVIDER,
      garServiceAccount: "pusher@p.iam.gserviceaccount.com",
    }).logins;
    expect(login?.source).toBe("gar-workload-identity-provider as pusher@p.iam.gserviceaccount.com");
    expect(login?.keyless?.source).toEqual({
      kind: "google",
      provider: PROVIDER,
      serviceAccount: "pusher@p.iam.gserviceaccount.com",
    });
  });

  it("wins over GAR_PUSH_TOKEN, and says so", () => {
    const result = request({
      images: "us-docker.pkg.dev/p/r/app",
      garWorkloadIdentityProvider: PROVIDER,
      garPushToken: "ya29.a-token",
    });
    expect(result.logins[0]?.keyless?.source.kind).toBe("google");
    expect(result.warnings).toContain(
      "GAR_PUSH_TOKEN is ignored: gar-workload-identity-provider is set and wins for Artifact Registry and Container Registry; remove the secret once the keyless login works",
    );
  });

  it("keeps GAR_PUSH_TOKEN working as before when no provider is set", () => {
    const [login] = request({ images: "us-docker.pkg.dev/p/r/app", garPushToken: "ya29.a-token" }).logins;
    expect(login).toMatchObject({
      username: "oauth2accesstoken",
      password: "ya29.a-token",
      source: "GAR_PUSH_TOKEN (access token)",
    });
    expect(login?.keyless).toBeUndefined();
  });

  it("says id-token: write is missing when the job cannot ask for an OIDC token", () => {
    expect(
      problems({ images: "us-docker.pkg.dev/p/r/app", garWorkloadIdentityProvider: PROVIDER }, {}),
    ).toEqual([
      `gar-workload-identity-provider: "${PROVIDER}" needs the job's OIDC token for us-docker.pkg.dev, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set); grant the job \`permissions: id-token: write\` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one`,
    ]);
  });

  it("only warns about it in a job that does not push", () => {
    const result = request(
      { images: "us-docker.pkg.dev/p/r/app", garWorkloadIdentityProvider: PROVIDER, requireSecrets: false },
      {},
    );
    expect(result.logins).toEqual([]);
    expect(result.warnings).toEqual([
      "gar-workload-identity-provider needs the job's OIDC token for us-docker.pkg.dev, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set), so it is not logged in (require-secrets: false); pulls from there are anonymous",
    ]);
  });

  it("refuses a service account without a provider, and a malformed provider, at once", () => {
    expect(
      problems({
        images: "us-docker.pkg.dev/p/r/app",
        garServiceAccount: "pusher@p.iam.gserviceaccount.com",
        awsRoleArn: "github",
        garPushToken: "ya29.a-token",
      }),
    ).toEqual([
      `gar-service-account: "pusher@p.iam.gserviceaccount.com" is set but gar-workload-identity-provider is empty; set gar-workload-identity-provider too: the service account is impersonated through it`,
      `aws-role-arn: "github" is not an IAM role ARN; write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push`,
    ]);
  });
});

describe("Amazon ECR", () => {
  it("assumes the role with the job's OIDC token", () => {
    const [login] = request({ images: `${ECR}/org/app`, awsRoleArn: ROLE }).logins;
    expect(login).toMatchObject({
      host: ECR,
      kind: "ecr",
      username: "AWS",
      source: `aws-role-arn ${ROLE}`,
      keyless: {
        registry: { provider: "ecr", region: "eu-west-1" },
        source: { kind: "aws-role", roleArn: ROLE },
      },
    });
  });

  it("logs in to public.ecr.aws too", () => {
    const [login] = request({ images: "public.ecr.aws/org/app", awsRoleArn: ROLE }).logins;
    expect(login).toMatchObject({ kind: "ecr-public", keyless: { registry: { provider: "ecr-public" } } });
  });

  it("takes an access key pair when there is no role; the role wins over one, with a warning", () => {
    const keys = { awsAccessKeyId: "AKIAEXAMPLE", awsSecretAccessKey: "secret", awsSessionToken: "session" };
    const [byKeys] = request({ images: `${ECR}/org/app`, ...keys }, {}).logins;
    expect(byKeys).toMatchObject({
      source: "AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY + AWS_SESSION_TOKEN",
      secrets: ["secret", "session"],
      keyless: { source: { kind: "aws-keys" } },
    });
    const both = request({ images: `${ECR}/org/app`, awsRoleArn: ROLE, ...keys });
    expect(both.logins[0]?.keyless?.source.kind).toBe("aws-role");
    expect(both.warnings).toContain(
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are ignored: aws-role-arn is set and wins for Amazon ECR; remove the secrets once the keyless login works",
    );
  });

  it("names both ways to log in when an ECR image has neither", () => {
    expect(problems({ images: `${ECR}/org/app` })).toEqual([
      `aws-role-arn: "" is empty but images push to ${ECR}; set aws-role-arn to a role this job may assume (and grant id-token: write), or pass AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a registry-auth entry for ${ECR}`,
    ]);
  });

  it("refuses half an access key and a session token alone, never showing the secrets", () => {
    expect(problems({ images: `${ECR}/org/app`, awsSecretAccessKey: "s3cret" })).toEqual([
      `AWS_SECRET_ACCESS_KEY: "<not shown: it is a secret>" is set but AWS_ACCESS_KEY_ID is empty; pass both (an access key is a pair), or use aws-role-arn`,
    ]);
    expect(problems({ images: `${ECR}/org/app`, awsRoleArn: ROLE, awsSessionToken: "s3ssion" })).toEqual([
      `AWS_SESSION_TOKEN: "<not shown: it is a secret>" is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; pass the session's access key pair with it`,
    ]);
  });

  it("warns about keyless inputs that no image uses", () => {
    expect(
      request({
        images: "ghcr.io/org/app",
        githubToken: "t",
        garWorkloadIdentityProvider: PROVIDER,
        awsRoleArn: ROLE,
      }).warnings,
    ).toEqual([
      "gar-workload-identity-provider is set but no image is in a registry it logs in to; it is not used",
      "aws-role-arn is set but no image is in a registry it logs in to; it is not used",
    ]);
  });
});
