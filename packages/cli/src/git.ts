import { type GitHubContext, tryCommand } from "@mbp/image-spec";

/** What the local checkout says about the build: where the default tag and the source labels come from. */
export interface GitState {
  /** `refs/tags/1.2.0` when HEAD is exactly at a tag, else `refs/heads/<branch>`; empty when neither. */
  readonly ref: string;
  /** `git tag 1.2.0`, `git branch main`: said in the plan. */
  readonly refDescription: string;
  /** Why there is no ref (not a repository, detached HEAD), for the error naming --tag. */
  readonly noRefReason: string;
  readonly sha: string;
  /** `owner/name` and `https://host` of the `origin` remote, when it is a hosted repository URL. */
  readonly repository: string;
  readonly serverUrl: string;
}

/** Runs git (argv array, silent); undefined when git is missing or fails. */
async function git(dir: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const result = await tryCommand("git", ["-C", dir, ...args], { silent: true });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  } catch {
    return undefined; // git is not installed
  }
}

/**
 * Reads the checkout `dir` is in, as a GitHub push would see it: an exact tag at HEAD wins (a release),
 * else the current branch. Never throws: a missing repository only means no tag can be derived.
 */
export async function readGitState(dir: string): Promise<GitState> {
  // Three gits at once: HEAD's commit and branch in one rev-parse (`HEAD` when detached).
  const [tag, head, origin] = await Promise.all([
    git(dir, ["describe", "--exact-match", "--tags", "HEAD"]),
    git(dir, ["rev-parse", "HEAD", "--abbrev-ref", "HEAD"]),
    git(dir, ["remote", "get-url", "origin"]),
  ]);
  const [sha, branch] = head === undefined ? [] : head.split("\n");
  const { repository, serverUrl } = parseRemote(origin ?? "");
  const common = { sha: sha ?? "", repository, serverUrl };
  if (tag) return { ref: `refs/tags/${tag}`, refDescription: `git tag ${tag}`, noRefReason: "", ...common };
  if (branch && branch !== "HEAD") {
    return {
      ref: `refs/heads/${branch}`,
      refDescription: `git branch ${branch}`,
      noRefReason: "",
      ...common,
    };
  }
  const noRefReason =
    branch === "HEAD"
      ? `HEAD is detached at ${(sha ?? "").slice(0, 12)} and no tag points at it`
      : sha === undefined && branch === undefined
        ? `${dir} is not in a git repository (or git is not installed)`
        : "git names no branch or tag for HEAD";
  return { ref: "", refDescription: "", noRefReason, ...common };
}

/** `owner/name` and server URL of a remote: `git@github.com:o/n.git`, `https://github.com/o/n`. */
export function parseRemote(url: string): { repository: string; serverUrl: string } {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/:]+@)([^/:]+)(?::\d+)?[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  if (!match) return { repository: "", serverUrl: "" };
  return { repository: match[2] ?? "", serverUrl: `https://${match[1]}` };
}

/** The context planning and labels read, as if GitHub had run a push of this checkout. */
export function gitHubContextOf(state: GitState): GitHubContext {
  return {
    eventName: "push",
    ref: state.ref,
    headRef: "",
    repository: state.repository,
    repositoryOwner: state.repository.split("/")[0] ?? "",
    actor: "",
    sha: state.sha,
    serverUrl: state.serverUrl || "https://github.com",
    runnerEnvironment: "",
  };
}
