// Tier 3, end to end: keyless jobs through the bundled actions as the runner runs them, against the
// testkit's fakes of GitHub's OIDC endpoint, Google (STS, IAM Credentials, Artifact Registry) and AWS
// (STS, the ECR API, an ECR registry), every token and password living 4 seconds. Per job: the login
// (main), a build with buildah and one with the real buildx on the test dockerd (arch-build), the
// stitch (manifest-stitch), each starting after every token the job had was dead, then the login's
// post step. Then every refusal a keyless login can meet, with the message the user reads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
let googleAudiences: string[];
/** The ECR registry behind a link the stitch test slows down. */
let ecr: RegistryProxy;
let dir: string;
let context: string;
let storageConf: string;

beforeAll(async () => {
  oidc = await startGitHubOidc();
  googleAudiences = [];
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
  [google, aws] = await Promise.all([
    startGoogleCloud({
      oidc,
      allowedAudiences: googleAudiences,
      serviceAccounts: {
        [PUSHER]: { impersonators: () => true },
        [READER]: { impersonators: () => true, push: false },
        [STRANGER]: { impersonators: () => false },
      },
      federatedLifetimeSeconds: 4,
      accessTokenLifetimeSeconds: 4,
    }),
    startAwsCloud(awsOptions),
  ]);
  googleAudiences.push(`https://iam.googleapis.com/${google.provider}`);
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
