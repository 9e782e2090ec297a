import { type CredentialResolver, credentialsFor, type GitHubContext, type Platform } from "@mbp/image-spec";
import {
  type Credentials,
  type ProvenanceIndex,
  type PushedManifest,
  pushImage,
  pushProvenanceIndex,
  runCommand,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";

/** A GitHub context as a push of main would give. */
export const context: GitHubContext = {
  eventName: "push",
  ref: "refs/heads/main",
  headRef: "",
  repository: "octo/app",
  repositoryOwner: "octo",
  actor: "octocat",
  sha: "0123456789abcdef0123456789abcdef01234567",
  serverUrl: "https://github.com",
  runnerEnvironment: "github-hosted",
};

export const fastRetries = { attempts: 5, baseDelayMs: 10, maxDelayMs: 200, deadlineMs: 20_000 };

export const amd64 = { os: "linux", architecture: "amd64" };
export const arm64 = { os: "linux", architecture: "arm64" };

interface PushOptions {
  auth?: Credentials;
  provenance?: boolean;
  layerBytes?: number;
  seed?: string;
}
type TestPlatform = { os: string; architecture: string; variant?: string };

/** Pushes what one per-architecture build pushes: a plain image, or buildx's provenance index. */
export async function pushArch(
  registryUrl: string,
  repository: string,
  tag: string,
  platform: TestPlatform,
  options: PushOptions & { provenance: true },
): Promise<ProvenanceIndex>;
export async function pushArch(
  registryUrl: string,
  repository: string,
  tag: string,
  platform: TestPlatform,
  options?: PushOptions,
): Promise<PushedManifest>;
export async function pushArch(
  registryUrl: string,
  repository: string,
  tag: string,
  platform: TestPlatform,
  options: PushOptions = {},
): Promise<PushedManifest> {
  const target = { url: registryUrl, repository, ...(options.auth ? { auth: options.auth } : {}) };
  const extra = {
    ...(options.layerBytes !== undefined ? { layerBytes: options.layerBytes } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  if (options.provenance) return pushProvenanceIndex(target, { tag, platforms: [platform], ...extra });
  return pushImage(target, { tag, platform, ...extra });
}

/** A temporary DOCKER_CONFIG logged in to each host by the docker CLI itself (`--password-stdin`). */
export async function dockerLogin(logins: Record<string, Credentials>): Promise<TempDockerConfig> {
  const config = tempDockerConfig();
  for (const [host, { username, password }] of Object.entries(logins)) {
    await runCommand("docker", ["login", "--username", username, "--password-stdin", host], {
      input: password,
      env: { ...process.env, ...config.env },
    });
  }
  return config;
}

/** The credential resolver the action uses, over a given Docker config file. */
export function configCredentials(config: TempDockerConfig): CredentialResolver {
  return (host) => credentialsFor(host, { configPath: config.path });
}

export function platformOf(id: string): Platform {
  const [os = "", architecture = "", variant] = id.split("/");
  return variant
    ? { os, architecture, variant, id, suffix: `${architecture}-${variant}` }
    : { os, architecture, id, suffix: architecture };
}
