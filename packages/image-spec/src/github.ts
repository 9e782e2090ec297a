import { readFileSync } from "node:fs";

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
  /** The workflow run (`GITHUB_RUN_ID`) and its attempt; unset off GitHub Actions. */
  readonly runId?: string;
  readonly runAttempt?: string;
  /** The event payload's `repository.private`; unset when the payload does not say. */
  readonly repositoryPrivate?: boolean;
}

/** Reads the GitHub context from the environment (the runner's variables). */
export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const get = (name: string): string => (env[name] ?? "").trim();
  const repositoryPrivate = eventRepositoryPrivate(get("GITHUB_EVENT_PATH"));
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
    ...(get("GITHUB_RUN_ID")
      ? { runId: get("GITHUB_RUN_ID"), runAttempt: get("GITHUB_RUN_ATTEMPT") || "1" }
      : {}),
    ...(repositoryPrivate === undefined ? {} : { repositoryPrivate }),
  };
}

// `repository.private` of the event that started the run (the file GITHUB_EVENT_PATH names), as
// @actions/github's context.payload reads it; undefined when there is no such file or field.
function eventRepositoryPrivate(path: string): boolean | undefined {
  if (!path) return undefined;
  try {
    const payload = JSON.parse(readFileSync(path, "utf8")) as { repository?: { private?: unknown } };
    const flag = payload.repository?.private;
    return typeof flag === "boolean" ? flag : undefined;
  } catch {
    return undefined;
  }
}

/** The workflow run's URL with its attempt (buildx's provenance `builder-id`); empty off GitHub Actions. */
export function workflowRunUrl(context: GitHubContext): string {
  if (!context.runId || !context.repository) return "";
  return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}/attempts/${context.runAttempt || "1"}`;
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
