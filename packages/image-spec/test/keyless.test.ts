import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { Problems } from "../src/errors";
import {
  CredentialCache,
  callService,
  googleOidcAudience,
  googleStsAudience,
  keylessEndpoints,
  keylessRegistry,
  type MintedCredential,
  parseKeylessInputs,
  parseRoleArn,
  parseServiceAccount,
  parseWorkloadIdentityProvider,
  refreshAt,
} from "../src/keyless";

const PROVIDER = "projects/123456789012/locations/global/workloadIdentityPools/github/providers/actions";

describe("keylessRegistry", () => {
  it.each([
    ["us-central1-docker.pkg.dev", { provider: "google", host: "us-central1-docker.pkg.dev" }],
    ["gcr.io", { provider: "google", host: "gcr.io" }],
    ["eu.gcr.io", { provider: "google", host: "eu.gcr.io" }],
    ["public.ecr.aws", { provider: "ecr-public", host: "public.ecr.aws" }],
    [
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      {
        provider: "ecr",
        host: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        account: "123456789012",
        region: "eu-west-1",
        dnsSuffix: "amazonaws.com",
      },
    ],
    [
      "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
      {
        provider: "ecr",
        host: "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
        account: "123456789012",
        region: "cn-north-1",
        dnsSuffix: "amazonaws.com.cn",
      },
    ],
    ["ghcr.io", undefined],
    ["docker.io", undefined],
    ["12345.dkr.ecr.us-east-1.amazonaws.com", undefined],
    ["quay.io", undefined],
  ])("%s", (host, expected) => {
    expect(keylessRegistry(host, {})).toEqual(expected);
  });

  it("takes a loopback alias for the registry it stands for (tests only)", () => {
    const env = { MBP_TEST_REGISTRY_ALIASES: "127.0.0.1:5001=123456789012.dkr.ecr.us-east-1.amazonaws.com" };
    expect(keylessRegistry("127.0.0.1:5001", env)).toMatchObject({
      provider: "ecr",
      host: "127.0.0.1:5001",
      account: "123456789012",
      region: "us-east-1",
    });
    expect(() =>
      keylessRegistry("ghcr.io", { MBP_TEST_REGISTRY_ALIASES: "ghcr.io=us-docker.pkg.dev" }),
    ).toThrow(/MBP_TEST_REGISTRY_ALIASES: "ghcr.io=us-docker.pkg.dev" is not loopback-host=registry-host/);
  });
});

describe("keylessEndpoints", () => {
  it("uses Google's and AWS's endpoints by default", () => {
    const endpoints = keylessEndpoints({});
    expect(endpoints.googleSts.href).toBe("https://sts.googleapis.com/v1/token");
    expect(endpoints.googleIam.href).toBe("https://iamcredentials.googleapis.com/v1");
    expect(endpoints.awsSts("eu-west-1").href).toBe("https://sts.eu-west-1.amazonaws.com/");
    expect(endpoints.ecrApi("cn-north-1", "amazonaws.com.cn").href).toBe(
      "https://api.ecr.cn-north-1.amazonaws.com.cn/",
    );
    expect(endpoints.ecrPublicApi.href).toBe("https://api.ecr-public.us-east-1.amazonaws.com/");
  });

  it("takes loopback overrides only, so no setting sends an OIDC token elsewhere", () => {
    expect(keylessEndpoints({ MBP_TEST_GOOGLE_STS_URL: "http://127.0.0.1:9/v1/token" }).googleSts.href).toBe(
      "http://127.0.0.1:9/v1/token",
    );
    expect(() => keylessEndpoints({ MBP_TEST_AWS_STS_URL: "https://sts.example.com/" })).toThrow(
      /MBP_TEST_AWS_STS_URL: "https:\/\/sts.example.com\/" is not a loopback http\(s\) URL; it is for tests only/,
    );
  });
});

describe("Google audiences", () => {
  it("asks GitHub for the provider's URL and STS for its resource name, as google-github-actions/auth", () => {
    expect(googleOidcAudience(PROVIDER)).toBe(`https://iam.googleapis.com/${PROVIDER}`);
    expect(googleStsAudience(PROVIDER)).toBe(`//iam.googleapis.com/${PROVIDER}`);
  });
});

describe("input checks", () => {
  it("accepts a provider's resource name", () => {
    expect(parseWorkloadIdentityProvider(` ${PROVIDER} `)).toBe(PROVIDER);
  });

  it.each([
    [
      `https://iam.googleapis.com/${PROVIDER}`,
      /starts with https:\/\/iam.googleapis.com\/; write the resource name alone/,
    ],
    [`//iam.googleapis.com/${PROVIDER}`, /starts with \/\/iam.googleapis.com\//],
    [
      "projects/my-project/locations/global/workloadIdentityPools/github/providers/actions",
      /names the project by its ID; Workload Identity Federation needs the project number/,
    ],
    [
      "projects/123456789012/locations/global/workloadIdentityPools/github",
      /is a pool, not a provider; add \/providers\/<provider>/,
    ],
    ["github", /is not a workload identity provider's resource name/],
  ])("refuses %s, saying how to fix it", (value, message) => {
    expect(() => parseWorkloadIdentityProvider(value)).toThrow(message);
    expect(() => parseWorkloadIdentityProvider(value)).toThrow(/^gar-workload-identity-provider: /);
  });

  it.each([
    ["pusher@my-project.iam.gserviceaccount.com", true],
    ["123456789012-compute@developer.gserviceaccount.com", true],
    ["123456789012345678901", true],
    ["pusher@example.com", false],
    ["pusher", false],
  ])("service account %s: %s", (value, valid) => {
    if (valid) expect(parseServiceAccount(value)).toBe(value);
    else
      expect(() => parseServiceAccount(value)).toThrow(/^gar-service-account: .* is not a service account/);
  });

  it.each([
    ["arn:aws:iam::123456789012:role/github-ecr-push", undefined],
    ["arn:aws:iam::123456789012:role/path/to/role", undefined],
    ["arn:aws-cn:iam::123456789012:role/r", undefined],
    [
      "arn:aws:iam::123456789012:user/ci",
      /is a user, not a role; .* AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    ],
    ["github-ecr-push", /is not an IAM role ARN; write the role's ARN/],
    ["arn:aws:iam::1234:role/r", /is not an IAM role ARN/],
  ])("role %s", (value, error) => {
    if (error) expect(() => parseRoleArn(value)).toThrow(error);
    else expect(parseRoleArn(value)).toBe(value);
  });

  it("checks the keyless inputs together: every problem at once, the valid values kept", () => {
    const problems = new Problems();
    const given = {
      garWorkloadIdentityProvider: "",
      garServiceAccount: "pusher@p.iam.gserviceaccount.com",
      awsRoleArn: "github",
    };
    expect(parseKeylessInputs(given, problems)).toEqual({ ...given, awsRoleArn: "" });
    expect(problems.messages()).toEqual([
      'gar-service-account: "pusher@p.iam.gserviceaccount.com" is set but gar-workload-identity-provider is empty; set gar-workload-identity-provider too: the service account is impersonated through it',
      `aws-role-arn: "github" is not an IAM role ARN; write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push`,
    ]);
    const none = new Problems();
    const empty = { garWorkloadIdentityProvider: "", garServiceAccount: "", awsRoleArn: "" };
    expect(parseKeylessInputs(empty, none)).toEqual(empty);
    expect(none.count).toBe(0);
  });
});

describe("CredentialCache", () => {
  const credential = (expiresAt: number, password = "p"): MintedCredential => ({
    username: "u",
    password,
    expiresAt,
  });

  it("renews five minutes before expiry, or a quarter of the lifetime for short ones", () => {
    expect(refreshAt(credential(3_600_000), 0)).toBe(3_300_000);
    expect(refreshAt(credential(4_000), 0)).toBe(3_000);
  });

  it("reuses a credential until its renewal time, then mints again", async () => {
    let now = 0;
    let mints = 0;
    const cache = new CredentialCache(
      async (host) => {
        mints++;
        return credential(now + 4_000, `${host}-${mints}`);
      },
      { now: () => now },
    );
    expect((await cache.get("h")).password).toBe("h-1");
    now = 2_999;
    expect((await cache.get("h")).password).toBe("h-1");
    now = 3_000;
    expect((await cache.get("h")).password).toBe("h-2");
    expect((await cache.get("other")).password).toBe("other-3");
  });

  it("shares one mint between concurrent asks and forgets a failed one", async () => {
    let mints = 0;
    let fail = true;
    const cache = new CredentialCache(async () => {
      mints++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw new Error("refused");
      return credential(Date.now() + 3_600_000);
    });
    const both = await Promise.allSettled([cache.get("h"), cache.get("h")]);
    expect(both.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(mints).toBe(1);
    fail = false;
    await expect(cache.get("h")).resolves.toMatchObject({ username: "u" });
    expect(mints).toBe(2);
  });
});

describe("callService", () => {
  it("answers with the service's last transient answer when the backoff ends at the deadline", async () => {
    // The service answers 503; the backoff's sleep ends exactly at the deadline, so no try can start
    // then. The caller must get the 503, not "no time left before the deadline".
    let now = 1_000;
    const deadline = 31_000;
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.writeHead(503, { "content-type": "application/json" }).end('{"error":"busy"}');
    });
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    try {
      const answer = await callService(
        { service: "the test service", method: "GET", url: new URL(`http://127.0.0.1:${port}/`) },
        {
          deadline,
          now: () => now,
          sleep: async () => {
            now = deadline;
          },
        },
      );
      expect(answer.status).toBe(503);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});
