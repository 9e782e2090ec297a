import * as core from "@actions/core";
import { dockerConfigPath, Problems, readGitHubContext } from "@mbp/image-spec";
import {
  cell,
  getBoolean,
  getString,
  getText,
  maskSecret,
  reportFailure,
  setOutputs,
  warnAll,
  writeSummary,
} from "@mbp/image-spec/actions";
import { parseRequest } from "./inputs";
import { loadYamlParser, registryAuthPasswords } from "./registry-auth";
import { describeOutcome, LoginFailures, type LoginRow, logout, run } from "./run";
import { isPostStep, markMainStepStarted, readLoginState, saveLoginState } from "./state";

/** Entry point of both steps: the runner runs the same bundle as `main` and as `post`. */
export async function main(): Promise<void> {
  if (isPostStep()) await postStep();
  else await mainStep();
}

async function mainStep(): Promise<void> {
  markMainStepStarted();
  try {
    // Mask every secret the moment it is read, before anything can print it (maskSecret announces
    // each value once).
    const mask = maskSecret;
    const secret = (name: string) => {
      const value = getString(name);
      mask(value);
      return value;
    };
    const githubToken = secret("github-token");
    const ghcrPushToken = secret("GHCR_PUSH_TOKEN");
    const garPushToken = secret("GAR_PUSH_TOKEN");
    const dockerToken = secret("DOCKER_TOKEN");
    const awsSecretAccessKey = secret("AWS_SECRET_ACCESS_KEY");
    const awsSessionToken = secret("AWS_SESSION_TOKEN");
    const registryAuth = getText("registry-auth");
    if (registryAuth.trim() !== "") await loadYamlParser();
    for (const password of registryAuthPasswords(registryAuth)) mask(password);

    const problems = new Problems();
    const requireSecrets = getBoolean("require-secrets", problems, true);
    const request = parseRequest(
      {
        images: getText("images"),
        githubToken,
        registryAuth,
        ghcrPushToken,
        useNonstandardGhcrToken: getBoolean("use-nonstandard-ghcr-token", problems, false),
        garPushToken,
        dockerUsername: getString("DOCKER_USERNAME"),
        dockerToken,
        logout: getBoolean("logout", problems, true),
        requireSecrets,
        insecureRegistries: getText("insecure-registries"),
        // Unset: a job that requires its secrets is one that pushes.
        checkPush: getBoolean("check-push", problems, requireSecrets),
        garWorkloadIdentityProvider: getString("gar-workload-identity-provider"),
        garServiceAccount: getString("gar-service-account"),
        awsRoleArn: getString("aws-role-arn"),
        awsAccessKeyId: getString("AWS_ACCESS_KEY_ID"),
        awsSecretAccessKey,
        awsSessionToken,
      },
      readGitHubContext(),
      problems,
    );
    warnAll(request.warnings);
    for (const note of request.notes) core.info(note);

    const result = await run(request, { configPath: dockerConfigPath(), mask });
    // State first: whatever happens next, the post step must be able to undo the write.
    if (result.state.changes.length > 0 || result.state.helper) saveLoginState(result.state);
    // The credential helper on PATH for the job's later steps (docker, buildx, buildah, the stitch).
    if (result.helperPath) core.addPath(result.helperPath);
    warnAll(result.warnings);
    setOutputs({ registries: result.outputs.registries });
    core.info(
      result.outputs.registries.length > 0
        ? `Logged in to ${result.outputs.registries.join(", ")}${request.logout ? "; the post step logs out" : " (logout: false, the credentials stay)"}`
        : "Logged in nowhere: no image needs credentials",
    );
    await summarise(result.rows, request.anonymous);
  } catch (error) {
    if (error instanceof LoginFailures) {
      for (const failure of error.failures)
        core.error(failure.message, { title: `Login to ${failure.host} failed` });
      const count = error.failures.length;
      core.setFailed(
        `${count} login${count === 1 ? "" : "s"} failed; nothing was written to the Docker config, nothing was pushed`,
      );
    } else {
      reportFailure(error);
    }
  }
}

async function postStep(): Promise<void> {
  try {
    const state = readLoginState();
    if (!state) {
      core.info("Nothing to log out of: the main step wrote no credentials.");
      return;
    }
    if (!state.logout && !state.helper) {
      core.info(`logout: false, so the credentials stay in ${state.configPath}.`);
      return;
    }
    if (!state.logout) {
      core.info(
        `logout: false, so the passwords stay in ${state.configPath}; the credential helper goes, as it cannot work after the job.`,
      );
    }
    await core.group(`Remove the credentials from ${state.configPath}`, async () => {
      const outcomes = await logout(state);
      if (state.helper) core.info(`docker-credential-${state.helper.name}: stopped and removed`);
      for (const [key, outcome] of Object.entries(outcomes)) {
        const line = describeOutcome(key, outcome);
        if (outcome === "changed-since") core.warning(line);
        else core.info(line);
      }
    });
  } catch (error) {
    reportFailure(error);
  }
}

async function summarise(rows: readonly LoginRow[], anonymous: readonly string[]): Promise<void> {
  const table = rows.map((row) => [
    `\`${cell(row.host)}\``,
    cell(row.kind),
    `\`${cell(row.username)}\``,
    cell(row.source),
    cell(row.verified),
  ]);
  const notes =
    anonymous.length > 0
      ? `No credentials for ${anonymous.map((host) => `\`${cell(host)}\``).join(", ")}: pushed to anonymously.`
      : "";
  await writeSummary(
    "Registry logins",
    ["Registry", "Kind", "Username", "Credential from", "Verified"],
    table,
    notes,
  );
}
