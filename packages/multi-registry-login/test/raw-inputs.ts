import type { RawInputs } from "../src/inputs";

/** Every input as the runner gives it when the workflow sets none (action.yml's defaults). */
export const NO_INPUTS: RawInputs = {
  images: "",
  githubToken: "",
  registryAuth: "",
  ghcrPushToken: "",
  useNonstandardGhcrToken: false,
  garPushToken: "",
  dockerUsername: "",
  dockerToken: "",
  logout: true,
  requireSecrets: true,
  insecureRegistries: "",
  checkPush: true,
  garWorkloadIdentityProvider: "",
  garServiceAccount: "",
  awsRoleArn: "",
  awsAccessKeyId: "",
  awsSecretAccessKey: "",
  awsSessionToken: "",
};
