import type { GitHubContext } from "@mbp/image-spec";
import type { Reporter } from "../src/engine";
import type { RawInputs } from "../src/inputs";

export const SHA = "0123456789abcdef0123456789abcdef01234567";

/** The runner's GitHub variables for a tag push of org/app, as the bundled action reads them. */
export const GITHUB_ENV = {
  GITHUB_REPOSITORY: "org/app",
  GITHUB_REPOSITORY_OWNER: "org",
  GITHUB_SHA: SHA,
  GITHUB_REF: "refs/tags/1.0.0",
  GITHUB_EVENT_NAME: "push",
} as const;

export const github: GitHubContext = {
  eventName: "push",
  ref: "refs/heads/main",
  headRef: "",
  repository: "org/app",
  repositoryOwner: "org",
  actor: "someone",
  sha: SHA,
  serverUrl: "https://github.com",
  runnerEnvironment: "github-hosted",
};

/** Raw inputs with the action.yml defaults; override what a case needs. */
export function rawInputs(overrides: Partial<RawInputs> = {}): RawInputs {
  return {
    images: "ghcr.io/org/app",
    tag: "",
    additionalTags: "",
    platform: "",
    context: ".",
    dockerfile: "Dockerfile",
    target: "",
    buildArgs: "",
    secrets: "",
    push: true,
    cache: true,
    cacheFrom: "",
    cacheTo: "",
    provenance: "",
    sbom: "",
    labels: "",
    annotations: "",
    freeSpace: false,
    engine: "buildx",
    insecureRegistries: "",
    archTags: true,
    ...overrides,
  };
}

/** A Reporter that records everything it is told, for assertions on what a user would read. */
export function recordingReporter(): Reporter & {
  lines: string[];
  warnings: string[];
  text(): string;
} {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    info: (message) => lines.push(`info: ${message}`),
    warning: (message) => {
      warnings.push(message);
      lines.push(`warning: ${message}`);
    },
    debug: (message) => lines.push(`debug: ${message}`),
    group: async (name, body) => {
      lines.push(`group: ${name}`);
      return body();
    },
    text: () => lines.join("\n"),
  };
}
