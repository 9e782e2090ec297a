import {
  type GitHubContext,
  type ImageName,
  InputError,
  Problems,
  parseImages,
  parseInsecureRegistries,
} from "@mbp/image-spec";
import { parseKeylessInputs } from "@mbp/image-spec/keyless/plan";
import { type LoginPlan, planLogins } from "./logins";
import { parseRegistryAuth } from "./registry-auth";

/** The action's inputs as read from the runner (strings trimmed, booleans parsed). */
export interface RawInputs {
  readonly images: string;
  readonly githubToken: string;
  readonly registryAuth: string;
  readonly ghcrPushToken: string;
  readonly useNonstandardGhcrToken: boolean;
  readonly garPushToken: string;
  readonly dockerUsername: string;
  readonly dockerToken: string;
  readonly logout: boolean;
  readonly requireSecrets: boolean;
  readonly insecureRegistries: string;
  readonly checkPush: boolean;
  readonly garWorkloadIdentityProvider: string;
  readonly garServiceAccount: string;
  readonly awsRoleArn: string;
  readonly awsAccessKeyId: string;
  readonly awsSecretAccessKey: string;
  readonly awsSessionToken: string;
}

/** Everything run() needs, validated: the images and the login of each host. */
export interface LoginRequest extends LoginPlan {
  readonly images: readonly ImageName[];
  readonly logout: boolean;
  /** Insecure registries (HTTPS without verification, then HTTP), lower-case host[:port]. */
  readonly insecure: readonly string[];
  /** Prove push permission on every image of a logged-in host. */
  readonly checkPush: boolean;
}

/**
 * Validates every input and decides every login before anything happens. All problems (bad images,
 * malformed registry-auth, missing secrets) are thrown together as InputErrors; none shows a secret.
 */
export function parseRequest(
  raw: RawInputs,
  context: Pick<GitHubContext, "actor" | "repositoryOwner">,
  problems: Problems = new Problems(),
  env: NodeJS.ProcessEnv = process.env,
): LoginRequest {
  const parsedImages = problems.attempt(() => parseImages(raw.images, "images"));
  const keyless = parseKeyless(raw, problems);
  const registryAuth = problems.attempt(() => parseRegistryAuth(raw.registryAuth, "registry-auth"));
  const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
  if (!parsedImages || !registryAuth) {
    problems.throwIfAny();
    throw new Error("unreachable: parsing failed without a problem");
  }
  const errors: InputError[] = [];
  const plan = planLogins(
    parsedImages.images,
    {
      registryAuth,
      githubToken: raw.githubToken,
      ghcrPushToken: raw.ghcrPushToken,
      useNonstandardGhcrToken: raw.useNonstandardGhcrToken,
      garPushToken: raw.garPushToken,
      dockerUsername: raw.dockerUsername,
      dockerToken: raw.dockerToken,
      actor: context.actor,
      repositoryOwner: context.repositoryOwner,
      requireSecrets: raw.requireSecrets,
      ...keyless,
      env,
    },
    errors,
  );
  for (const error of errors) problems.add(error);
  problems.throwIfAny();
  return {
    ...plan,
    warnings: [...parsedImages.warnings, ...plan.warnings],
    images: parsedImages.images,
    logout: raw.logout,
    insecure,
    checkPush: raw.checkPush,
  };
}

/** The keyless inputs, checked: every problem recorded, the valid values returned (empty if not). */
function parseKeyless(raw: RawInputs, problems: Problems) {
  const { garWorkloadIdentityProvider, garServiceAccount, awsRoleArn } = parseKeylessInputs(raw, problems);
  const pair = [
    ["AWS_ACCESS_KEY_ID", raw.awsAccessKeyId, "AWS_SECRET_ACCESS_KEY"],
    ["AWS_SECRET_ACCESS_KEY", raw.awsSecretAccessKey, "AWS_ACCESS_KEY_ID"],
  ] as const;
  for (const [input, value, other] of pair) {
    if (value && !(input === "AWS_ACCESS_KEY_ID" ? raw.awsSecretAccessKey : raw.awsAccessKeyId)) {
      const shown = input === "AWS_ACCESS_KEY_ID" ? value : "<not shown: it is a secret>";
      problems.add(
        new InputError(
          input,
          shown,
          `is set but ${other} is empty`,
          `pass both (an access key is a pair), or use aws-role-arn`,
        ),
      );
    }
  }
  if (raw.awsSessionToken && !(raw.awsAccessKeyId && raw.awsSecretAccessKey)) {
    problems.add(
      new InputError(
        "AWS_SESSION_TOKEN",
        "<not shown: it is a secret>",
        "is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        "pass the session's access key pair with it",
      ),
    );
  }
  return {
    garWorkloadIdentityProvider,
    garServiceAccount,
    awsRoleArn,
    awsAccessKeyId: raw.awsAccessKeyId,
    awsSecretAccessKey: raw.awsSecretAccessKey,
    awsSessionToken: raw.awsSessionToken,
  };
}
