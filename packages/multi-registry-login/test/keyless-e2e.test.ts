// Tier 3, end to end: keyless jobs through the bundled actions as the runner runs them, against the
// testkit's fakes of GitHub's OIDC endpoint, Google (STS, IAM Credentials, Artifact Registry) and AWS
// (STS, the ECR API, an ECR registry), every token and password living 4 seconds. Per job: the login
// (main), a build with buildah and one with the real buildx on the test dockerd (arch-build), the
// stitch (manifest-stitch), each starting after every token the job had was dead, then the login's
// post step. Then every refusal a keyless login can meet, with the message the user reads.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  type AwsCloud,
  type AwsCloudOptions,
  dockerd,
  type GitHubOidc,
  type GoogleCloud,
  type GoogleCloudOptions,
  inspectRaw,
  isAlive,
  type Proxy as RegistryProxy,
  startAwsCloud,
  startGitHubOidc,
  startGoogleCloud,
  startProxy,
  stopAll,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allExpired, googleDigest, jobEnv, ROLE } from "./keyless-job";

const here = dirname(fileURLToPath(import.meta.url));
const loginYml = join(here, "..", "action.yml");
const archBuildYml = join(here, "..", "..", "arch-build", "action.yml");
const stitchYml = join(here, "..", "..", "manifest-stitch", "action.yml");

const PUSHER = "pusher@project.iam.gserviceaccount.com";
const READER = "reader@project.iam.gserviceaccount.com";
const STRANGER = "stranger@project.iam.gserviceaccount.com";
const ROLES = {
  untrusted: "arn:aws:iam::123456789012:role/untrusting",
  noEcr: "arn:aws:iam::123456789012:role/no-ecr",
  puller: "arn:aws:iam::123456789012:role/puller",
};
/** The runner's variables for a tag push of org/app. */
const GITHUB = {
  GITHUB_ACTOR: "octocat",
  GITHUB_REPOSITORY: "org/app",
  GITHUB_REPOSITORY_OWNER: "org",
  GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
  GITHUB_REF: "refs/tags/1.0.0",
  GITHUB_EVENT_NAME: "push",
};
const DIGEST = /^sha256:[0-9a-f]{64}$/;

const engine = await dockerd();
let oidc: GitHubOidc;
let google: GoogleCloud;
let aws: AwsCloud;
/** Changed by the refusal cases, put back after each. */
let awsOptions: AwsCloudOptions & { audiences: string[] };
let googleOptions: GoogleCloudOptions & { allowedAudiences: string[] };
/** The ECR registry behind a link the stitch test slows down. */
let ecr: RegistryProxy;
let dir: string;
let context: string;
let storageConf: string;

beforeAll(async () => {
  oidc = await startGitHubOidc();
  awsOptions = {
    oidc,
    audiences: ["sts.amazonaws.com"],
    roles: {
      [ROLE]: { trust: () => true },
      [ROLES.untrusted]: { trust: () => false },
      [ROLES.noEcr]: { trust: () => true, ecr: false },
      [ROLES.puller]: { trust: () => true, push: false },
    },
    repositories: ["org/app"],
    passwordSeconds: 4,
    sessionSeconds: 4,
  };
  googleOptions = {
    oidc,
    allowedAudiences: [],
    serviceAccounts: {
      [PUSHER]: { impersonators: () => true },
      [READER]: { impersonators: () => true, push: false },
      [STRANGER]: { impersonators: () => false },
    },
    federatedLifetimeSeconds: 4,
    accessTokenLifetimeSeconds: 4,
  };
  [google, aws] = await Promise.all([startGoogleCloud(googleOptions), startAwsCloud(awsOptions)]);
  googleOptions.allowedAudiences.push(`https://iam.googleapis.com/${google.provider}`);
  ecr = await startProxy({ target: aws.registry.url });
  dir = mkdtempSync(join(tmpdir(), "mrl-keyless-e2e-"));
  context = mkdtempSync(join(dir, "context-"));
  // One file naming the architecture, no RUN step: no emulation needed for arm64.
  writeFileSync(
    join(context, "Dockerfile"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JS template
    "FROM scratch\nARG TARGETARCH\nCOPY ${TARGETARCH}.txt /arch.txt\n",
  );
  for (const arch of ["amd64", "arm64"]) writeFileSync(join(context, `${arch}.txt`), `${arch}\n`);
  const storage = mkdtempSync(join(dir, "buildah-"));
  storageConf = join(storage, "storage.conf");
  writeFileSync(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${storage}/root"\nrunroot = "${storage}/runroot"\n`,
  );
});

afterAll(async () => {
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A job's environment: the fakes, the job's temp dir and Docker config, the loopback aliases. */
function newJob(withOidc = true) {
  const config = mkdtempSync(join(dir, "docker-"));
  const base = jobEnv(oidc, google, aws, mkdtempSync(join(dir, "temp-")));
  const env: Record<string, string | undefined> = {
    ...base,
    ...GITHUB,
    DOCKER_CONFIG: config,
    BUILDX_CONFIG: mkdtempSync(join(dir, "buildx-")),
    MBP_TEST_REGISTRY_ALIASES: `${google.registry.host}=us-docker.pkg.dev,${ecr.host}=${aws.ecrHost}`,
  };
  if (!withOidc) {
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  }
  return { config, env };
}

/** How many credentials the fakes have minted so far. */
const mintedCount = () => google.minted.length + aws.minted.length;

interface KeylessJob {
  readonly image: string;
  readonly login: Record<string, string>;
  /** The image's digest as an independent client reads it, with credentials of its own. */
  readonly digestOf: (ref: string, env: NodeJS.ProcessEnv) => Promise<string>;
}

/**
 * One job: login, a build per platform (amd64 with buildah, arm64 with buildx where a dockerd runs),
 * the stitch (`during` runs while it does), the post step; every build and the stitch start after
 * every credential of the job expired, and must get fresh ones from the helper.
 */
async function runJob(job: KeylessJob, during?: (stitching: Promise<ActionRun>) => Promise<void>) {
  const { config, env } = newJob();
  const loginInputs = { images: job.image, ...job.login };
  const login = await runAction(loginYml, { inputs: loginInputs, env });
  expect(login.errors).toEqual([]);
  expect(login.exitCode, login.stdout).toBe(0);
  const helperDir = login.commands.find((command) => command.command === "add-path")?.message ?? "";
  expect(helperDir).not.toBe("");
  // What the runner does for the job's later steps after `core.addPath`.
  const later = { ...env, PATH: `${helperDir}:${env.PATH ?? ""}` };
  const written = JSON.parse(readFileSync(join(config, "config.json"), "utf8"));
  expect(written.auths).toEqual({});
  expect(Object.keys(written.credHelpers)).toEqual([job.image.split("/")[0]]);
  try {
    const legs: ActionRun[] = [];
    for (const [platform, engineName] of [
      ["linux/amd64", "buildah"],
      ["linux/arm64", engine.ok ? "buildx" : "buildah"],
    ] as const) {
      await allExpired(google, aws);
      const before = mintedCount();
      const leg = await runAction(archBuildYml, {
        cwd: context,
        inputs: { images: job.image, platform, engine: engineName, cache: "false" },
        env: {
          ...later,
          ...(engine.ok ? engine.dockerd.env : {}),
          RUNNER_ENVIRONMENT: "self-hosted",
          CONTAINERS_STORAGE_CONF: storageConf,
          BUILDAH_ISOLATION: "chroot",
        },
        timeoutMs: 300_000,
      });
      expect(leg.errors, `${engineName}: ${leg.stdout}`).toEqual([]);
      expect(leg.exitCode).toBe(0);
      expect(leg.outputs.digest).toMatch(DIGEST);
      // The push used a credential the helper made after the login's had expired.
      expect(mintedCount(), engineName).toBeGreaterThan(before);
      legs.push(leg);
    }

    await allExpired(google, aws);
    const before = mintedCount();
    const stitching = runAction(stitchYml, {
      inputs: { images: job.image, platforms: "linux/amd64,linux/arm64" },
      env: later,
      timeoutMs: 180_000,
    });
    await during?.(stitching);
    const stitched = await stitching;
    expect(stitched.errors).toEqual([]);
    expect(stitched.exitCode, stitched.stdout).toBe(0);
    expect(mintedCount()).toBeGreaterThan(before);
    expect(await job.digestOf(`${job.image}:1.0.0`, later)).toBe(stitched.outputs.digest);
    for (const leg of legs) {
      expect(await job.digestOf(`${job.image}@${leg.outputs.digest}`, later)).toBe(leg.outputs.digest);
    }
  } finally {
    const post = await runAction(loginYml, { inputs: loginInputs, env: later, state: login.state }, "post");
    expect(post.exitCode, post.stdout).toBe(0);
    expect(JSON.parse(readFileSync(join(config, "config.json"), "utf8"))).toEqual({ auths: {} });
    const pid = Number(/caching process (\d+)/.exec(login.stdout)?.[1]);
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  }
}

const googleJob = (path: string, login: Record<string, string>): KeylessJob => ({
  image: `${google.registry.host}/${path}`,
  login,
  digestOf: (ref, env) => googleDigest(google, ref, env),
});

describe(`keyless jobs through the bundled actions${engine.ok ? "" : ` (buildx legs built with buildah: ${engine.reason})`}`, () => {
  it("Artifact Registry, direct federation: login, buildah, buildx and the stitch after every token expired", async () => {
    await runJob(googleJob("org/direct", { "gar-workload-identity-provider": google.provider }));
  });

  it("Artifact Registry through a service account: the same, with the account's tokens", async () => {
    const before = google.minted.filter((entry) => entry.kind === "service-account").length;
    await runJob(
      googleJob("org/impersonated", {
        "gar-workload-identity-provider": google.provider,
        "gar-service-account": PUSHER,
      }),
    );
    const impersonated = google.minted.filter((entry) => entry.kind === "service-account");
    expect(impersonated.length).toBeGreaterThan(before + 3);
    expect(new Set(impersonated.map((entry) => entry.principal))).toEqual(new Set([PUSHER]));
  });

  it("ECR with a role: the same, and a stitch slower than a password's life asks the helper again", async () => {
    await runJob(
      {
        image: `${ecr.host}/org/app`,
        login: { "aws-role-arn": ROLE },
        digestOf: async (ref) => (await inspectRaw(ref.replace(ecr.host, aws.backend.host))).digest,
      },
      // Every request of the stitch is held longer than a password lives, until the registry has
      // refused one that way: the client, kept for the whole stitch, must ask the helper again.
      async () => {
        ecr.reset();
        ecr.setDelay(4_500);
        try {
          await expect
            .poll(() => ecr.count({ path: "/manifests/", status: 401 }), { timeout: 60_000, interval: 20 })
            .toBeGreaterThan(0);
        } finally {
          ecr.setDelay(0);
        }
      },
    );
    // Each refused read went again with a new password and was answered; then the index was put.
    const statuses = (method: string, ref: string) =>
      ecr.requests
        .filter((request) => request.method === method && request.path === `/v2/org/app/manifests/${ref}`)
        .map((request) => request.status);
    expect(statuses("GET", "1.0.0-amd64")).toEqual([401, 200]);
    expect(statuses("GET", "1.0.0-arm64")).toEqual([401, 200]);
    expect(statuses("PUT", "1.0.0")).toEqual([201]);
  });
});

/** A refusal: what the fakes are made to say for it (undone after), the login's inputs, what the user reads. */
interface Refusal {
  readonly name: string;
  readonly image: () => string;
  readonly inputs: () => Record<string, string>;
  readonly arrange?: () => () => void;
  readonly withOidc?: false;
  readonly errors: () => string[];
}

const provider = () => ({ "gar-workload-identity-provider": google.provider });
const role = (arn: string) => ({ "aws-role-arn": arn });
const garImage = () => `${google.registry.host}/org/app`;
const ecrImage = () => `${ecr.host}/org/app`;

/** Replaces a list's contents; the returned function puts them back. */
function replaced<T>(list: T[], ...items: T[]): () => void {
  const before = [...list];
  list.splice(0, list.length, ...items);
  return () => list.splice(0, list.length, ...before);
}

const REFUSALS: Refusal[] = [
  {
    name: "a job without id-token: write",
    image: () => `${garImage()},${ecrImage()}`,
    inputs: () => ({ ...provider(), ...role(ROLE) }),
    withOidc: false,
    errors: () => [
      `gar-workload-identity-provider: "${google.provider}" needs the job's OIDC token for ${google.registry.host}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set); grant the job \`permissions: id-token: write\` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one`,
      `aws-role-arn: "arn:aws:iam::123456789012:role/github-ecr-push" needs the job's OIDC token for ${ecr.host}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set); grant the job \`permissions: id-token: write\` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one`,
      `2 input problems; nothing was built or pushed`,
    ],
  },
  {
    name: "Google: the provider's attribute condition rejects the job",
    image: garImage,
    inputs: provider,
    arrange: () => {
      googleOptions.condition = (claims) => claims.repository_owner === "another-org";
      return () => {
        delete googleOptions.condition;
      };
    },
    errors: () => [
      `${google.registry.host}: logging in with gar-workload-identity-provider (direct federation) failed: Google STS: refused the job's OIDC token for ${google.provider}: the provider's attribute condition rejected this job ("unauthorized_client: The given credential is rejected by the attribute condition."); change the provider's attribute condition (and its attribute mapping) to admit this job's claims (repository=org/app, ref=refs/heads/main, repository_owner=org, workflow_ref=org/app/.github/workflows/build.yaml@refs/heads/main)`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "Google: the provider expects another audience",
    image: garImage,
    inputs: provider,
    arrange: () => replaced(googleOptions.allowedAudiences, "https://example.com/elsewhere"),
    errors: () => [
      `${google.registry.host}: logging in with gar-workload-identity-provider (direct federation) failed: Google STS: refused the job's OIDC token for ${google.provider}: the provider does not accept the audience https://iam.googleapis.com/${google.provider} ("invalid_grant: The audience in ID Token [https://iam.googleapis.com/${google.provider}] does not match the expected audience."); leave the provider's allowed audiences empty (Google's default accepts exactly this one) or add this URL to them`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "Google: the provider does not exist",
    image: garImage,
    inputs: () => ({
      "gar-workload-identity-provider":
        "projects/123456789012/locations/global/workloadIdentityPools/github/providers/deleted",
    }),
    errors: () => [
      `${google.registry.host}: logging in with gar-workload-identity-provider (direct federation) failed: Google STS: refused the job's OIDC token for projects/123456789012/locations/global/workloadIdentityPools/github/providers/deleted: the provider does not exist or is disabled ("invalid_target: The target service indicated by the \\"audience\\" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn't exist."); check gar-workload-identity-provider: the project number, the pool and the provider (gcloud iam workload-identity-pools providers list --workload-identity-pool=<pool> --location=global)`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "Google: the job may not impersonate the service account",
    image: garImage,
    inputs: () => ({ ...provider(), "gar-service-account": STRANGER }),
    errors: () => [
      `${google.registry.host}: logging in with gar-workload-identity-provider as stranger@project.iam.gserviceaccount.com failed: Google IAM Credentials: refused to let this job impersonate stranger@project.iam.gserviceaccount.com (or the account does not exist) ("PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist)."); grant roles/iam.workloadIdentityUser on stranger@project.iam.gserviceaccount.com to principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/org/app (the provider must map attribute.repository=assertion.repository), or leave gar-service-account empty for direct federation`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "Google: the service account may not push",
    image: garImage,
    inputs: () => ({ ...provider(), "gar-service-account": READER }),
    errors: () => [
      `${google.registry.host}/org/app: cannot push as "oauth2accesstoken" with gar-workload-identity-provider as reader@project.iam.gserviceaccount.com: the registry said "the token server granted pull but not push on org/app" (token for repository:org/app:pull,push answered 403); grant reader@project.iam.gserviceaccount.com Artifact Registry Writer (roles/artifactregistry.writer) on the repository`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "AWS: the role's trust policy does not admit the job",
    image: ecrImage,
    inputs: () => role(ROLES.untrusted),
    errors: () => [
      `${ecr.host}: logging in with aws-role-arn arn:aws:iam::123456789012:role/untrusting failed: AWS STS: refused to let this job assume arn:aws:iam::123456789012:role/untrusting: the role's trust policy does not admit this job ("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"); let the role's trust policy allow sts:AssumeRoleWithWebIdentity for the federated principal arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com when token.actions.githubusercontent.com:aud is sts.amazonaws.com and :sub matches this job (sub=repo:org/app:ref:refs/heads/main)`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "AWS: the account has no OIDC provider for GitHub",
    image: ecrImage,
    inputs: () => role(ROLE),
    arrange: () => {
      awsOptions.oidcProvider = false;
      return () => {
        delete awsOptions.oidcProvider;
      };
    },
    errors: () => [
      `${ecr.host}: logging in with aws-role-arn arn:aws:iam::123456789012:role/github-ecr-push failed: AWS STS: refused to let this job assume arn:aws:iam::123456789012:role/github-ecr-push: account 123456789012 has no IAM OIDC provider for GitHub ("InvalidIdentityToken: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com"); create one: aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "AWS: the OIDC provider does not accept sts.amazonaws.com",
    image: ecrImage,
    inputs: () => role(ROLE),
    arrange: () => replaced(awsOptions.audiences, "sigstore"),
    errors: () => [
      `${ecr.host}: logging in with aws-role-arn arn:aws:iam::123456789012:role/github-ecr-push failed: AWS STS: refused to let this job assume arn:aws:iam::123456789012:role/github-ecr-push: the IAM OIDC provider does not accept the audience sts.amazonaws.com ("InvalidIdentityToken: Incorrect token audience"); add sts.amazonaws.com to the provider's audiences (client IDs)`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "AWS: the role may not call GetAuthorizationToken",
    image: ecrImage,
    inputs: () => role(ROLES.noEcr),
    errors: () => [
      `${ecr.host}: logging in with aws-role-arn arn:aws:iam::123456789012:role/no-ecr failed: the ECR API: refused to issue a registry password for ${ecr.host} ("AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/no-ecr/multiplatform-build-and-push is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action"); allow ecr:GetAuthorizationToken (Resource: *) in the policy of the role or user the credentials belong to`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "AWS: the role may not push",
    image: ecrImage,
    inputs: () => role(ROLES.puller),
    errors: () => [
      `${ecr.host}/org/app: cannot push as "AWS" with aws-role-arn arn:aws:iam::123456789012:role/puller: the registry said "User: arn:aws:sts::123456789012:assumed-role/puller/multiplatform-build-and-push is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:123456789012:repository/org/app because no identity-based policy allows the ecr:InitiateLayerUpload action" (POST blob upload to ${ecr.host}/org/app (push check) answered 403); allow ecr:BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage on the repository for arn:aws:iam::123456789012:role/puller`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
  {
    name: "ECR: the repository does not exist",
    image: () => `${ecr.host}/org/missing`,
    inputs: () => role(ROLE),
    errors: () => [
      `${ecr.host}/org/missing: the repository does not exist in Amazon ECR; create it (aws ecr create-repository --repository-name org/missing --region us-east-1, or in Terraform/CloudFormation beside the role) or enable create-on-push (a repository creation template applied for CREATE_ON_PUSH: aws ecr create-repository-creation-template --prefix ROOT --applied-for CREATE_ON_PUSH --region us-east-1) (${ecr.host}: POST blob upload to ${ecr.host}/org/missing (push check) answered 404 Not Found (NAME_UNKNOWN: The repository with name 'org/missing' does not exist in the registry with id '123456789012'))`,
      `1 login failed; nothing was written to the Docker config, nothing was pushed`,
    ],
  },
];

describe("every refusal of a keyless login, through the bundled action, with the message the user reads", () => {
  it.each(REFUSALS)("$name", async (refusal) => {
    const undo = refusal.arrange?.();
    try {
      const { config, env } = newJob(refusal.withOidc ?? true);
      const main = await runAction(loginYml, {
        inputs: { images: refusal.image(), ...refusal.inputs() },
        env,
      });
      expect(main.errors).toEqual(refusal.errors());
      expect(main.exitCode).toBe(1);
      // Nothing written, and no credential helper left behind.
      expect(existsSync(join(config, "config.json"))).toBe(false);
      const temp = env.RUNNER_TEMP ?? "";
      expect(readdirSync(temp).filter((name) => name.startsWith("mbp-credentials-"))).toEqual([]);
    } finally {
      undo?.();
    }
  });

  it("a refusal after the login (the condition changed mid-job): the stitch says what the helper was told", async () => {
    const { env } = newJob();
    const image = `${garImage()}`;
    const inputs = { images: image, ...provider() };
    const login = await runAction(loginYml, { inputs, env });
    expect(login.exitCode, login.stdout).toBe(0);
    const helperDir = login.commands.find((command) => command.command === "add-path")?.message ?? "";
    const later = { ...env, PATH: `${helperDir}:${env.PATH ?? ""}` };
    googleOptions.condition = () => false;
    try {
      await allExpired(google, aws);
      const stitched = await runAction(stitchYml, { inputs: { images: image }, env: later });
      expect(stitched.exitCode).toBe(1);
      expect(stitched.errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^docker-credential-mbp-[0-9a-f]{8} get exited with code 1: no credentials for ${google.registry.host.replace(/\./g, "\\.")}: Google STS: refused the job's OIDC token for .*: the provider's attribute condition rejected this job .*; change the provider's attribute condition \\(and its attribute mapping\\) to admit this job's claims \\(repository=org/app, `,
          ),
        ),
      ]);
    } finally {
      delete googleOptions.condition;
      await runAction(loginYml, { inputs, env: later, state: login.state }, "post");
    }
  });
});
