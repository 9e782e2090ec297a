/** The parts of the GitHub Actions environment that planning, labels and annotations use. */
export interface GitHubContext {
  readonly eventName: string;
  /** `refs/heads/main`, `refs/tags/1.2.0`, `refs/pull/7/merge`. */
  readonly ref: string;
  /** Head branch of a pull request (`GITHUB_HEAD_REF`), empty otherwise. */
  readonly headRef: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly repositoryOwner: string;
  readonly actor: string;
  readonly sha: string;
  readonly serverUrl: string;
  /** `github-hosted` or `self-hosted` (empty off GitHub). */
  readonly runnerEnvironment: string;
}

/** Reads the GitHub context from the environment (the runner's variables). */
export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const get = (name: string): string => (env[name] ?? "").trim();
  return {
    eventName: get("GITHUB_EVENT_NAME"),
    ref: get("GITHUB_REF"),
    headRef: get("GITHUB_HEAD_REF"),
    repository: get("GITHUB_REPOSITORY"),
    repositoryOwner: get("GITHUB_REPOSITORY_OWNER") || get("GITHUB_REPOSITORY").split("/")[0] || "",
    actor: get("GITHUB_ACTOR"),
    sha: get("GITHUB_SHA"),
    serverUrl: get("GITHUB_SERVER_URL") || "https://github.com",
    runnerEnvironment: get("RUNNER_ENVIRONMENT"),
  };
}

/**
 * OCI annotations/labels that tie an image to its source: `org.opencontainers.image.source` and
 * `.revision`, plus `.version` when a tag is given. Nothing time-dependent, so re-runs give the same
 * bytes. Empty when the context does not know the repository.
 */
export function sourceAnnotations(context: GitHubContext, version?: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (context.repository) {
    result["org.opencontainers.image.source"] = `${context.serverUrl}/${context.repository}`;
  }
  if (context.sha) result["org.opencontainers.image.revision"] = context.sha;
  if (version) result["org.opencontainers.image.version"] = version;
  return result;
}
