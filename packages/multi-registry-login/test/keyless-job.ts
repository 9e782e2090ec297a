/**
 * A job that logs in without keys, for the tests: its environment (the fakes' OIDC request and
 * endpoints, the loopback registries taken for Artifact Registry and ECR) and run() as the login step
 * runs it, with the helper bundle of dist/ and PATH as the runner sets it for later steps.
 */
import { mkdtempSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MintedCredential, mintCredential } from "@mbp/image-spec/keyless";
import { type AwsCloud, type GitHubOidc, type GoogleCloud, inspectRaw } from "@mbp/testkit";
import { expect } from "vitest";
import { type LoginResult, parseRequest, type RawInputs, run } from "../src/lib";
import { NO_INPUTS } from "./raw-inputs";

export const HELPER_BUNDLE = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "dist",
  "helper",
  "index.js",
);
export const ROLE = "arn:aws:iam::123456789012:role/github-ecr-push";
export const FAST = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 20_000 };
export const ACTOR = { actor: "octocat", repositoryOwner: "org" };

export function jobEnv(
  oidc: GitHubOidc,
  google: GoogleCloud,
  aws: AwsCloud,
  tempDir: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...oidc.env,
    ...google.env,
    ...aws.env,
    RUNNER_TEMP: tempDir,
    MBP_TEST_REGISTRY_ALIASES: `${google.registry.host}=us-docker.pkg.dev,${aws.registry.host}=${aws.ecrHost}`,
  };
}

/** run() with a fresh Docker config under `tempDir`; `env` afterwards has the helper on PATH. */
export async function keylessLogin(
  images: readonly string[],
  inputs: Partial<RawInputs>,
  env: NodeJS.ProcessEnv,
  tempDir: string,
): Promise<{ result: LoginResult; configPath: string; env: NodeJS.ProcessEnv }> {
  const configPath = join(mkdtempSync(join(tempDir, "docker-")), "config.json");
  const request = parseRequest({ ...NO_INPUTS, images: images.join(","), ...inputs }, ACTOR, undefined, env);
  const result = await run(request, {
    configPath,
    mask: () => {},
    env,
    helperBundle: HELPER_BUNDLE,
    retryPolicy: FAST,
  });
  return {
    result,
    configPath,
    env: { ...env, PATH: `${result.helperPath ?? ""}:${env.PATH ?? ""}` },
  };
}

/** A fresh direct-federation token from the Google fake, for independent checks (skopeo, pushImage). */
export function googleToken(google: GoogleCloud, env: NodeJS.ProcessEnv): Promise<MintedCredential> {
  return mintCredential(
    {
      registry: { provider: "google", host: google.registry.host },
      source: { kind: "google", provider: google.provider },
    },
    { env },
  );
}

/** The digest of a ref in the Google fake's registry, read by skopeo with a fresh token. */
export async function googleDigest(
  google: GoogleCloud,
  ref: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const fresh = await googleToken(google, env);
  return (await inspectRaw(ref, { creds: { username: fresh.username, password: fresh.password } })).digest;
}

/** Waits until every token and password the fakes minted so far has expired. */
export async function allExpired(google: GoogleCloud, aws: AwsCloud): Promise<void> {
  await expect
    .poll(
      () =>
        google.minted.every((entry) => !google.isValid(entry.token)) &&
        aws.minted.every((entry) => !aws.isValid(entry.password)),
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
}
