// Tier 2: keyless logins through run() against the testkit's fakes, and the credential helper they
// set up (dist/helper/index.js, as the job's later steps run it): the docker credential helper
// protocol, buildah reading the auth file's credHelpers, a push after the token expired, the
// fallback when the caching process is gone, the 15 s bound, and the post step taking it all down.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { helperGet } from "@mbp/image-spec";
import {
  type AwsCloud,
  type GitHubOidc,
  type GoogleCloud,
  isAlive,
  runCommand,
  startAwsCloud,
  startGitHubOidc,
  startGoogleCloud,
  startProxy,
  stopAll,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logout, parseRequest, run, runHelper, serve } from "../src/lib";
import {
  ACTOR as actor,
  HELPER_BUNDLE as BUNDLE,
  jobEnv as envOf,
  FAST,
  googleDigest,
  keylessLogin,
  ROLE,
} from "./keyless-job";
import { NO_INPUTS } from "./raw-inputs";

let oidc: GitHubOidc;
let google: GoogleCloud;
let shortLived: GoogleCloud;
let aws: AwsCloud;
let dir: string;
let storage: string;

beforeAll(async () => {
  oidc = await startGitHubOidc();
  [google, shortLived, aws] = await Promise.all([
    startGoogleCloud({ oidc }),
    // Tokens of a few seconds: a push after they expired must still succeed through the helper.
    startGoogleCloud({ oidc, federatedLifetimeSeconds: 4 }),
    startAwsCloud({
      oidc,
      roles: { [ROLE]: { trust: () => true } },
      users: { AKIAEXAMPLEKEY000001: { secret: "static-secret" } },
      repositories: ["org/app"],
    }),
  ]);
  dir = mkdtempSync(join(tmpdir(), "mrl-helper-"));
  storage = mkdtempSync(join(tmpdir(), "mrl-helper-buildah-"));
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
  rmSync(storage, { recursive: true, force: true });
});

const jobEnv = (cloud: GoogleCloud = google) => envOf(oidc, cloud, aws, dir);
const login = (
  images: string[],
  inputs: { garWorkloadIdentityProvider?: string; awsRoleArn?: string },
  env: NodeJS.ProcessEnv,
) => keylessLogin(images, inputs, env, dir);

function buildah(args: string[], env: NodeJS.ProcessEnv) {
  return runCommand(
    "buildah",
    ["--storage-driver", "vfs", "--root", join(storage, "root"), "--runroot", join(storage, "run"), ...args],
    { env, ignoreReturnCode: true, timeoutMs: 120_000 },
  );
}

const readConfig = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

describe("keyless logins through run()", () => {
  it("names the helper in credHelpers for Google and ECR, with no token in the config, and logs out exactly", async () => {
    const env = jobEnv();
    const {
      result,
      configPath,
      env: later,
    } = await login(
      [`${google.registry.host}/org/app`, `${aws.registry.host}/org/app`],
      { garWorkloadIdentityProvider: google.provider, awsRoleArn: ROLE },
      env,
    );
    const helper = result.state.helper;
    if (!helper) throw new Error("no helper was set up");
    const text = readFileSync(configPath, "utf8");
    expect(JSON.parse(text)).toEqual({
      auths: {},
      credHelpers: { [google.registry.host]: helper.name, [aws.registry.host]: helper.name },
    });
    for (const secret of [...google.minted.map((m) => m.token), ...aws.minted.map((m) => m.password)]) {
      expect(text).not.toContain(secret);
    }
    expect(result.rows.map((row) => [row.host, row.username, row.source, row.verified])).toEqual([
      [
        google.registry.host,
        "oauth2accesstoken",
        "gar-workload-identity-provider (direct federation)",
        `yes (token auth, push checked); renewed by docker-credential-${helper.name}`,
      ],
      [
        aws.registry.host,
        "AWS",
        `aws-role-arn ${ROLE}`,
        `yes (basic auth, push checked); renewed by docker-credential-${helper.name}`,
      ],
    ]);

    // The protocol, as docker and containers/image speak it, through the script on PATH.
    const answer = await helperGet(helper.name, google.registry.host, later);
    expect(answer?.username).toBe("oauth2accesstoken");
    expect(google.isValid(answer?.password ?? "")).toBe(true);
    const ecr = await helperGet(helper.name, `https://${aws.registry.host}/v2/`, later);
    expect(ecr?.username).toBe("AWS");
    expect(aws.isValid(ecr?.password ?? "")).toBe(true);
    expect(await helperGet(helper.name, "ghcr.io", later)).toBeUndefined();
    const list = await runCommand(`docker-credential-${helper.name}`, ["list"], { env: later });
    expect(JSON.parse(list.stdout)).toEqual({
      [google.registry.host]: "oauth2accesstoken",
      [aws.registry.host]: "AWS",
    });
    const store = await runCommand(`docker-credential-${helper.name}`, ["store"], {
      env: later,
      input: JSON.stringify({ ServerURL: google.registry.host, Username: "u", Secret: "s" }),
      ignoreReturnCode: true,
    });
    expect(store.code).toBe(1);
    expect(store.stdout).toMatch(
      /keeps no credentials: multi-registry-login makes them from the job's OIDC token/,
    );

    // The post step: the entries, the script, the socket and the caching process go.
    expect(isAlive(helper.pid)).toBe(true);
    expect(await logout(result.state)).toEqual({
      [`credHelpers ${google.registry.host}`]: "removed",
      [`credHelpers ${aws.registry.host}`]: "removed",
    });
    expect(readConfig(configPath)).toEqual({ auths: {} });
    expect(existsSync(helper.dir)).toBe(false);
    await expect.poll(() => isAlive(helper.pid), { timeout: 10_000 }).toBe(false);
  });

  it("an ECR access key pair gets its 12-hour password at login, into auths, with no helper", async () => {
    const env = jobEnv();
    const configPath = join(mkdtempSync(join(dir, "docker-")), "config.json");
    const request = parseRequest(
      {
        ...NO_INPUTS,
        images: `${aws.registry.host}/org/app`,
        awsAccessKeyId: "AKIAEXAMPLEKEY000001",
        awsSecretAccessKey: "static-secret",
      },
      actor,
      undefined,
      env,
    );
    const masked: string[] = [];
    const result = await run(request, {
      configPath,
      mask: (secret) => masked.push(secret),
      env,
      helperBundle: BUNDLE,
      retryPolicy: FAST,
    });
    expect(result.state.helper).toBeUndefined();
    expect(result.rows[0]?.source).toBe("AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY");
    const auth =
      (readConfig(configPath).auths as Record<string, { auth: string }>)[aws.registry.host]?.auth ?? "";
    const [user, password = ""] = Buffer.from(auth, "base64").toString("utf8").split(":");
    expect(user).toBe("AWS");
    expect(aws.isValid(password)).toBe(true);
    expect(masked).toContain("static-secret");
    expect(masked).toContain(password);
    await logout(result.state);
    expect(readConfig(configPath)).toEqual({ auths: {} });
  });

  it("buildah pushes and pulls through the auth file's credHelpers, also after the token expired", async () => {
    const env = jobEnv(shortLived);
    const {
      result,
      configPath,
      env: later,
    } = await login(
      [`${shortLived.registry.host}/org/app`],
      { garWorkloadIdentityProvider: shortLived.provider },
      env,
    );
    try {
      const ref = `${shortLived.registry.host}/org/app:buildah`;
      const from = await buildah(["from", "scratch"], later);
      expect(from.code, from.stderr).toBe(0);
      const commit = await buildah(["commit", from.stdout.trim(), "keyless-test"], later);
      expect(commit.code, commit.stderr).toBe(0);

      // Every token minted so far (at login, and by the helper's check) has a few seconds to live.
      const before = shortLived.minted.length;
      await expect
        .poll(() => shortLived.minted.every((entry) => !shortLived.isValid(entry.token)), {
          timeout: 20_000,
          interval: 250,
        })
        .toBe(true);
      const push = await buildah(
        ["push", "--tls-verify=false", "--authfile", configPath, "keyless-test", `docker://${ref}`],
        later,
      );
      expect(push.code, push.stderr).toBe(0);
      // The helper minted again: the push used a token that did not exist when the login ran.
      expect(shortLived.minted.length).toBeGreaterThan(before);

      expect(await googleDigest(shortLived, ref, env)).toMatch(/^sha256:/);
      const pull = await buildah(
        ["pull", "--tls-verify=false", "--authfile", configPath, `docker://${ref}`],
        later,
      );
      expect(pull.code, pull.stderr).toBe(0);
    } finally {
      await logout(result.state);
    }
  });

  it("mints directly when the caching process is gone", async () => {
    const env = jobEnv();
    const { result, env: later } = await login(
      [`${google.registry.host}/org/app`],
      { garWorkloadIdentityProvider: google.provider },
      env,
    );
    const helper = result.state.helper;
    if (!helper) throw new Error("no helper was set up");
    try {
      process.kill(helper.pid, "SIGTERM");
      await expect.poll(() => isAlive(helper.pid), { timeout: 10_000 }).toBe(false);
      const answer = await helperGet(helper.name, google.registry.host, later);
      expect(google.isValid(answer?.password ?? "")).toBe(true);
      // Without the job's OIDC request in its environment, the helper says what is missing.
      const { ACTIONS_ID_TOKEN_REQUEST_URL: _url, ...withoutOidc } = later;
      await expect(helperGet(helper.name, google.registry.host, withoutOidc)).rejects.toThrow(
        /no credentials for 127\.0\.0\.1:\d+: GitHub Actions: gar-workload-identity-provider .* needs the job's OIDC token.*id-token: write/,
      );
    } finally {
      expect(await logout(result.state)).toMatchObject({
        [`credHelpers ${google.registry.host}`]: "removed",
      });
    }
  });

  it("a keyless login refused by STS fails the step, writes nothing and leaves no helper behind", async () => {
    const env = jobEnv();
    const configPath = join(mkdtempSync(join(dir, "docker-")), "config.json");
    const request = parseRequest(
      {
        ...NO_INPUTS,
        images: `${google.registry.host}/org/app`,
        garWorkloadIdentityProvider:
          "projects/123456789012/locations/global/workloadIdentityPools/github/providers/gone",
      },
      actor,
      undefined,
      env,
    );
    const before = new Set(readdir(dir));
    await expect(
      run(request, { configPath, mask: () => {}, env, helperBundle: BUNDLE, retryPolicy: FAST }),
    ).rejects.toThrow(
      /logging in with gar-workload-identity-provider \(direct federation\) failed: Google STS: refused the job's OIDC token for .*providers\/gone: the provider does not exist or is disabled/,
    );
    expect(existsSync(configPath)).toBe(false);
    expect(readdir(dir).filter((name) => !before.has(name) && name.startsWith("mbp-credentials-"))).toEqual(
      [],
    );
  });

  /** An ECR role login of `image` that must fail with `message`, writing nothing. */
  async function ecrLoginFails(image: string, env: NodeJS.ProcessEnv, message: string): Promise<void> {
    const configPath = join(mkdtempSync(join(dir, "docker-")), "config.json");
    const request = parseRequest({ ...NO_INPUTS, images: image, awsRoleArn: ROLE }, actor, undefined, env);
    await expect(
      run(request, { configPath, mask: () => {}, env, helperBundle: BUNDLE, retryPolicy: FAST }),
    ).rejects.toThrow(message);
    expect(existsSync(configPath)).toBe(false);
  }

  it("an ECR repository that does not exist fails the push check, saying how to create it", async () => {
    await ecrLoginFails(
      `${aws.registry.host}/org/missing`,
      jobEnv(),
      `${aws.registry.host}/org/missing: the repository does not exist in Amazon ECR; create it (aws ecr create-repository --repository-name org/missing --region us-east-1, or in Terraform/CloudFormation beside the role) or enable create-on-push (a repository creation template applied for CREATE_ON_PUSH: aws ecr create-repository-creation-template --prefix ROOT --applied-for CREATE_ON_PUSH --region us-east-1)`,
    );
  });

  it("names the missing repository from the push check, not from the registry's words", async () => {
    // A registry whose NAME_UNKNOWN names no repository (a proxy in front of the ECR fake says so).
    const proxy = await startProxy({
      target: aws.registry.url,
      faults: [
        {
          match: { method: "POST", path: "/blobs/uploads/" },
          times: Number.POSITIVE_INFINITY,
          respond: {
            status: 404,
            body: { errors: [{ code: "NAME_UNKNOWN", message: "repository not found" }] },
          },
        },
      ],
    });
    await ecrLoginFails(
      `${proxy.host}/team/service`,
      { ...jobEnv(), MBP_TEST_REGISTRY_ALIASES: `${proxy.host}=${aws.ecrHost}` },
      `${proxy.host}/team/service: the repository does not exist in Amazon ECR; create it (aws ecr create-repository --repository-name team/service --region us-east-1,`,
    );
  });
});

describe("the helper's bound", () => {
  it("gives up within its bound when the caching process never answers", async () => {
    const hang = mkdtempSync(join(tmpdir(), "mrl-hang-"));
    const socket = join(hang, "s");
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const configPath = join(hang, "config.json");
    writeFileSync(
      configPath,
      JSON.stringify({
        version: 1,
        name: "mbp-hang",
        socket,
        hosts: {
          "us-docker.pkg.dev": {
            registry: { provider: "google", host: "us-docker.pkg.dev" },
            source: { kind: "google", provider: "p" },
          },
        },
      }),
    );
    const out: string[] = [];
    try {
      const code = await runHelper(configPath, "get", {
        stdin: "us-docker.pkg.dev",
        env: {},
        write: (text) => out.push(text),
        writeError: () => {},
        boundMs: 300,
      });
      expect(code).toBe(1);
      expect(out.join("")).toMatch(
        /no credentials for us-docker\.pkg\.dev: the credential cache did not answer within 0 s/,
      );
    } finally {
      server.close();
      rmSync(hang, { recursive: true, force: true });
    }
  });

  it("the caching process goes away by itself once its configuration is gone", async () => {
    const gone = mkdtempSync(join(tmpdir(), "mrl-gone-"));
    const configPath = join(gone, "config", "config.json");
    const socket = join(gone, "s");
    mkdirSync(dirname(configPath));
    writeFileSync(configPath, JSON.stringify({ version: 1, name: "mbp-gone", socket, hosts: {} }));
    const daemon = await serve(configPath, { watchMs: 20 });
    const answers = () =>
      new Promise<boolean>((resolve) => {
        const probe = net.createConnection(socket);
        probe.once("connect", () => {
          probe.destroy();
          resolve(true);
        });
        probe.once("error", () => resolve(false));
      });
    try {
      expect(await answers()).toBe(true);
      rmSync(dirname(configPath), { recursive: true, force: true });
      await expect.poll(answers, { timeout: 5_000 }).toBe(false);
    } finally {
      await daemon.close();
      rmSync(gone, { recursive: true, force: true });
    }
  });
});

function readdir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}
