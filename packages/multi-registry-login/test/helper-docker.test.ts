// Tier 2: the credential helper with the real docker CLI and buildx on a dockerd of this test run
// (testkit's dockerd()), each with a private DOCKER_CONFIG and BUILDX_CONFIG: `docker pull` and
// `docker push` to the Google and ECR fakes' registries, and pushes (docker and buildx, whose
// session asks for credentials at push time) that start after every token of the login expired.
// Skips, saying why, only where no dockerd can start.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type AwsCloud,
  dockerd,
  type GitHubOidc,
  type GoogleCloud,
  inspectRaw,
  pushImage,
  runCommand,
  startAwsCloud,
  startGitHubOidc,
  startGoogleCloud,
  stopAll,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoginResult, logout } from "../src/lib";
import { allExpired, googleDigest, googleToken, jobEnv, keylessLogin, ROLE } from "./keyless-job";

const engine = await dockerd();
const skipReason = engine.ok ? undefined : engine.reason;

let oidc: GitHubOidc;
let google: GoogleCloud;
let aws: AwsCloud;
let dir: string;
let result: LoginResult;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!engine.ok) return;
  oidc = await startGitHubOidc();
  [google, aws] = await Promise.all([
    // A few seconds: the pushes below start after every token of the login expired.
    startGoogleCloud({ oidc, federatedLifetimeSeconds: 4 }),
    startAwsCloud({
      oidc,
      roles: { [ROLE]: { trust: () => true } },
      repositories: ["org/app"],
      passwordSeconds: 4,
    }),
  ]);
  dir = mkdtempSync(join(tmpdir(), "mrl-docker-"));
  const login = await keylessLogin(
    [`${google.registry.host}/org/app`, `${aws.registry.host}/org/app`],
    { garWorkloadIdentityProvider: google.provider, awsRoleArn: ROLE },
    jobEnv(oidc, google, aws, dir),
    dir,
  );
  result = login.result;
  env = {
    ...login.env,
    ...engine.dockerd.env,
    DOCKER_CONFIG: dirname(login.configPath),
    BUILDX_CONFIG: join(dir, "buildx"),
  };
});

afterAll(async () => {
  if (result) await logout(result.state);
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const docker = (args: string[]) =>
  runCommand("docker", args, { env, ignoreReturnCode: true, timeoutMs: 180_000 });

describe.skipIf(skipReason)(
  `docker and buildx with the keyless helper${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    it("docker pulls, then pushes to Artifact Registry and ECR after the login's tokens expired", async () => {
      const seedToken = await googleToken(google, env);
      await pushImage(
        {
          url: google.registry.url,
          repository: "org/app",
          auth: { username: seedToken.username, password: seedToken.password },
        },
        { tag: "seed", platform: { os: "linux", architecture: "amd64" } },
      );
      const seed = `${google.registry.host}/org/app:seed`;
      const pull = await docker(["pull", seed]);
      expect(pull.code, pull.stderr).toBe(0);

      await allExpired(google, aws);
      const minted = { google: google.minted.length, aws: aws.minted.length };
      const late = `${google.registry.host}/org/app:late`;
      const ecrLate = `${aws.registry.host}/org/app:late`;
      expect((await docker(["tag", seed, late])).code).toBe(0);
      expect((await docker(["tag", seed, ecrLate])).code).toBe(0);
      const push = await docker(["push", late]);
      expect(push.code, push.stderr).toBe(0);
      const ecrPush = await docker(["push", ecrLate]);
      expect(ecrPush.code, ecrPush.stderr).toBe(0);
      // Both pushes used credentials the helper made after the login's had expired.
      expect(google.minted.length).toBeGreaterThan(minted.google);
      expect(aws.minted.length).toBeGreaterThan(minted.aws);
      expect((await inspectRaw(`${aws.backend.host}/org/app:late`)).digest).toMatch(/^sha256:/);

      // ECR creates no repository on push (the login's push check says so first, with the fix; see
      // helper.test.ts); dockerd with the containerd image store shows only the status.
      const missing = `${aws.registry.host}/org/missing:late`;
      expect((await docker(["tag", seed, missing])).code).toBe(0);
      const refused = await docker(["push", missing]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/\/v2\/org\/missing\/blobs\/uploads\/.*404 Not Found/);
      await docker(["rmi", seed, late, ecrLate, missing]);
    });

    it("buildx asks the helper at push time, after the login's tokens expired", async () => {
      const context = mkdtempSync(join(dir, "context-"));
      writeFileSync(join(context, "Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
      writeFileSync(join(context, "hello"), "keyless\n");
      await allExpired(google, aws);
      const before = google.minted.length;
      const ref = `${google.registry.host}/org/app:buildx`;
      const build = await docker([
        "buildx",
        "build",
        "--builder",
        "default",
        "--provenance=false",
        "--push",
        "--tag",
        ref,
        context,
      ]);
      expect(build.code, build.stderr).toBe(0);
      expect(google.minted.length).toBeGreaterThan(before);
      expect(await googleDigest(google, ref, env)).toMatch(/^sha256:/);
    });
  },
);
