// Tier 3: keyless logins through the bundled dist/index.js run as the runner runs it (INPUT_*,
// GITHUB_OUTPUT/STATE/STEP_SUMMARY, the post step with STATE_*), against the testkit's fakes of
// GitHub's OIDC endpoint, Google and AWS.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { helperGet } from "@mbp/image-spec";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  type AwsCloud,
  type GitHubOidc,
  type GoogleCloud,
  isAlive,
  startAwsCloud,
  startGitHubOidc,
  startGoogleCloud,
  stopAll,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const ROLE = "arn:aws:iam::123456789012:role/github-ecr-push";
const github = { GITHUB_ACTOR: "octocat", GITHUB_REPOSITORY: "org/app", GITHUB_REPOSITORY_OWNER: "org" };

let oidc: GitHubOidc;
let google: GoogleCloud;
let aws: AwsCloud;
let dir: string;

beforeAll(async () => {
  oidc = await startGitHubOidc();
  [google, aws] = await Promise.all([
    startGoogleCloud({ oidc, condition: (claims) => claims.repository_owner === "org" }),
    startAwsCloud({ oidc, roles: { [ROLE]: { trust: () => true } }, repositories: ["org/app"] }),
  ]);
  dir = mkdtempSync(join(tmpdir(), "mrl-action-keyless-"));
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The runner's environment for a job: the fakes, a temp dir, a private Docker config. */
function jobEnv(withOidc = true) {
  const config = mkdtempSync(join(dir, "docker-"));
  return {
    config,
    env: {
      ...github,
      ...(withOidc ? oidc.env : {}),
      ...google.env,
      ...aws.env,
      RUNNER_TEMP: mkdtempSync(join(dir, "temp-")),
      DOCKER_CONFIG: config,
      MBP_TEST_REGISTRY_ALIASES: `${google.registry.host}=us-docker.pkg.dev,${aws.registry.host}=${aws.ecrHost}`,
    },
  };
}

const inputs = () => ({
  images: `${google.registry.host}/org/app,${aws.registry.host}/org/app`,
  "gar-workload-identity-provider": google.provider,
  "aws-role-arn": ROLE,
});

/** Every token and password the fakes minted, none of which may reach the log unmasked. */
function expectNoLeak(run: ActionRun): void {
  const secrets = [...google.minted.map((m) => m.token), ...aws.minted.map((m) => m.password)];
  const lines = `${run.stdout}\n${run.stderr}\n${run.summary}`.split("\n");
  expect(
    lines.filter((line) => !line.startsWith("::add-mask::") && secrets.some((s) => line.includes(s))),
  ).toEqual([]);
}

describe("the bundled action, keyless", () => {
  it("logs in to Artifact Registry and ECR without a key, puts the helper on PATH, and takes it down (post)", async () => {
    const { config, env } = jobEnv();
    const main = await runAction(actionYml, { inputs: inputs(), env });
    expect(main.errors).toEqual([]);
    expect(main.exitCode, main.stdout).toBe(0);
    expect(JSON.parse(main.outputs.registries ?? "[]")).toEqual([google.registry.host, aws.registry.host]);
    const written = JSON.parse(readFileSync(join(config, "config.json"), "utf8")) as {
      credHelpers: Record<string, string>;
    };
    const name = written.credHelpers[google.registry.host] ?? "";
    expect(name).toMatch(/^mbp-[0-9a-f]{8}$/);
    expect(written).toEqual({
      auths: {},
      credHelpers: { [google.registry.host]: name, [aws.registry.host]: name },
    });
    const addPath = main.commands.find((command) => command.command === "add-path")?.message ?? "";
    expect(existsSync(join(addPath, `docker-credential-${name}`))).toBe(true);
    expect(main.summary).toContain("gar-workload-identity-provider (direct federation)");
    expect(main.summary).toContain(`renewed by docker-credential-${name}`);
    // Every minted token was masked the moment it existed, and none leaked.
    const masked = main.commands.filter((command) => command.command === "add-mask").map((c) => c.message);
    expect(google.minted.length).toBeGreaterThan(0);
    for (const entry of google.minted) expect(masked).toContain(entry.token);
    expectNoLeak(main);

    // A later step (docker, buildah, the stitch) finds the helper on PATH and gets a fresh token.
    const later = { ...process.env, ...env, PATH: `${addPath}:${process.env.PATH ?? ""}` };
    const answer = await helperGet(name, google.registry.host, later);
    expect(google.isValid(answer?.password ?? "")).toBe(true);

    const post = await runAction(actionYml, { inputs: inputs(), env, state: main.state }, "post");
    expect(post.exitCode, post.stdout).toBe(0);
    expect(post.stdout).toContain(`docker-credential-${name}: stopped and removed`);
    expect(JSON.parse(readFileSync(join(config, "config.json"), "utf8"))).toEqual({ auths: {} });
    expect(existsSync(addPath)).toBe(false);
    const pid = Number(/caching process (\d+)/.exec(main.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  });

  it("without id-token: write, fails in its first seconds naming the permission, and writes nothing", async () => {
    const { config, env } = jobEnv(false);
    const main = await runAction(actionYml, { inputs: inputs(), env });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      `gar-workload-identity-provider: "${google.provider}" needs the job's OIDC token for ${google.registry.host}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set); grant the job \`permissions: id-token: write\` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one`,
      `aws-role-arn: "${ROLE}" needs the job's OIDC token for ${aws.registry.host}, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set); grant the job \`permissions: id-token: write\` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one`,
      "2 input problems; nothing was built or pushed",
    ]);
    expect(existsSync(join(config, "config.json"))).toBe(false);
  });

  it("an attribute condition that rejects the job fails the login with Google's words and the fix", async () => {
    const { config, env } = jobEnv();
    oidc.claims.repository_owner = "fork-owner";
    try {
      const main = await runAction(actionYml, { inputs: inputs(), env });
      expect(main.exitCode).toBe(1);
      expect(main.errors[1]).toBe(
        "1 login failed; nothing was written to the Docker config, nothing was pushed",
      );
      expect(main.errors[0]).toMatch(
        new RegExp(
          `^${google.registry.host.replace(/\./g, "\\.")}: logging in with gar-workload-identity-provider \\(direct federation\\) failed: Google STS: refused the job's OIDC token .*attribute condition rejected this job .*repository_owner=fork-owner`,
        ),
      );
      expect(existsSync(join(config, "config.json"))).toBe(false);
      expectNoLeak(main);
    } finally {
      oidc.claims.repository_owner = "org";
    }
  });

  it("says which credential wins when GAR_PUSH_TOKEN is given too", async () => {
    const { env } = jobEnv();
    const main = await runAction(actionYml, {
      inputs: { ...inputs(), GAR_PUSH_TOKEN: "ya29.a-long-lived-token" },
      env,
    });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.warnings).toContain(
      "GAR_PUSH_TOKEN is ignored: gar-workload-identity-provider is set and wins for Artifact Registry and Container Registry; remove the secret once the keyless login works",
    );
    await runAction(actionYml, { inputs: inputs(), env, state: main.state }, "post");
  });
});
