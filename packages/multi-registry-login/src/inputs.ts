import {
  type GitHubContext,
  type ImageName,
  type InputError,
  Problems,
  parseImages,
  parseInsecureRegistries,
} from "@mbp/image-spec";
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
): LoginRequest {
  const parsedImages = problems.attempt(() => parseImages(raw.images, "images"));
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
