/**
 * The release workflow (issue 17, point 2): the suite runs in a job with no secret; the release key
 * is only in a job that runs after it, in an environment, with no checkout and no install, and moves
 * vX through GitHub's API with a GitHub App token; one release at a time.
 *
 * The tag-moving script runs as the runner runs it, with a stand-in `gh` on PATH that answers the
 * two API calls it makes from a fixed set of tags and records every call (GitHub's API cannot run
 * here).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secretUses } from "./expressions";
import { annotations, runStep } from "./run-step";
import { type Job, readYaml, root, type Step, type Workflow } from "./workflow-files";

type ReleaseJob = Job & { environment?: string | { name: string } };
const release = readYaml<Workflow & { concurrency?: { group: string; "cancel-in-progress": boolean } }>(
  ".github/workflows/release.yaml",
);
const text = readFileSync(join(root, ".github/workflows/release.yaml"), "utf8");
const readme = readFileSync(join(root, "README.md"), "utf8");
const verify = release.jobs.verify as ReleaseJob;
const moveTag = release.jobs["move-tag"] as ReleaseJob;
const steps = (job: Job): Step[] => job.steps ?? [];
const app = steps(moveTag).find((s) => s.uses?.startsWith("actions/create-github-app-token@"));
const move = steps(moveTag).find((s) => s.name === "Move the major tag");

describe("the suite and the release key never share a job", () => {
  it("verify runs the suite and the dist check, with no secret and a read-only token", () => {
    expect(steps(verify).some((s) => s.run?.includes("bash .ci/run"))).toBe(true);
    expect(readFileSync(join(root, ".ci/run"), "utf8")).toContain("scripts/check-dist.sh");
    expect(secretUses(verify)).toEqual({ names: [], whole: [] });
    expect(verify.permissions).toEqual({ contents: "read" });
  });

  it("verify restores no cache into a release (cache poisoning)", () => {
    const node = steps(verify).find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(node?.with?.["package-manager-cache"]).toBe(false);
    expect(node?.with?.cache).toBeUndefined();
  });

  it("move-tag needs verify, runs in the release environment, and is the only job with a secret", () => {
    expect(moveTag.needs).toBe("verify");
    const environment = moveTag.environment;
    expect(typeof environment === "string" ? environment : environment?.name).toBe("release");
    expect(secretUses(moveTag).names).toEqual(["RELEASE_APP_PRIVATE_KEY"]);
    expect(Object.keys(release.jobs).sort()).toEqual(["move-tag", "verify"]);
  });

  it("move-tag checks nothing out and installs nothing: an App token, then the API", () => {
    expect(steps(moveTag).map((s) => s.uses?.split("@")[0] ?? "run")).toEqual([
      "actions/create-github-app-token",
      "run",
    ]);
    // No command that fetches or runs code: git, package managers, node, curl (the API path has "/git/").
    expect(move?.run).not.toMatch(/(?:^|[\s|;&(])(?:git|npm|pnpm|npx|node|pip|apt-get|curl|wget)\s/m);
    expect(moveTag.permissions).toEqual({});
  });

  it("mints the App token for this repository with the two permissions a tag move needs", () => {
    expect(app?.uses).toMatch(/^actions\/create-github-app-token@[0-9a-f]{40}$/);
    expect(text).toMatch(/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1 # v3\.2\.0/);
    expect(app?.with).toEqual({
      "client-id": "${{ vars.RELEASE_APP_CLIENT_ID }}",
      "private-key": "${{ secrets.RELEASE_APP_PRIVATE_KEY }}",
      "permission-workflows": "write",
      "permission-contents": "write",
    });
    expect(move?.env?.GH_TOKEN).toBe(`\${{ steps.${app?.id}.outputs.token }}`);
    expect(text).not.toMatch(/github\.token|secrets\.GITHUB_TOKEN/);
  });

  it("runs one release at a time, never cancelling one in progress", () => {
    expect(release.concurrency).toEqual({ group: "release", "cancel-in-progress": false });
  });

  it("the README says which variable and secret to set", () => {
    const developing = readme.slice(readme.indexOf("\n## Developing\n"));
    expect(developing).toContain("`RELEASE_APP_CLIENT_ID`");
    expect(developing).toContain("`RELEASE_APP_PRIVATE_KEY`");
    expect(developing).toContain("**Workflows**");
  });
});

describe("moving vX through the API", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the step with a `gh` that knows `tags` (and whether vX exists) and logs its calls. */
  function moveWith(
    release: string,
    tags: string[],
    options: { failList?: boolean; compare?: string; tagObject?: string; peeled?: string } = {},
  ) {
    const dir = mkdtempSync(join(tmpdir(), "mbp-release-"));
    dirs.push(dir);
    const log = join(dir, "calls");
    writeFileSync(log, "");
    const gh = join(dir, "gh");
    // Answers `gh api [--paginate] repos/R/git/matching-refs/tags/PREFIX --jq .[].ref` with the refs
    // under PREFIX, and `gh api repos/R/git/ref/tags/NAME --silent` with success when NAME exists; any
    // write (--method) is only recorded.
    writeFileSync(
      gh,
      `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GH_LOG"
[[ $1 == api ]] || exit 2
for arg in "$@"; do
  case "$arg" in
    */git/matching-refs/tags/*)
      [[ -n $GH_FAIL_LIST ]] && { echo "HTTP 502" >&2; exit 1; }
      prefix=\${arg##*/git/matching-refs/tags/}
      for tag in $GH_TAGS; do [[ $tag == "$prefix"* ]] && echo "refs/tags/$tag"; done
      exit 0 ;;
    */compare/*)
      [[ $GH_COMPARE == 404 ]] && { echo "HTTP 404: No common ancestor between" >&2; exit 1; }
      echo "\${GH_COMPARE:-ahead}"; exit 0 ;;
    */git/tags/*)
      echo "\${GH_PEELED}"; exit 0 ;;
    */git/ref/tags/*)
      name=\${arg##*/git/ref/tags/}
      for tag in $GH_TAGS; do [[ $tag == "$name" ]] && { echo "\${GH_TAG_OBJECT:-commit $OLD}"; exit 0; }; done
      echo "HTTP 404: Not Found" >&2; exit 1 ;;
  esac
done
exit 0
`,
    );
    chmodSync(gh, 0o755);
    if (!move) throw new Error("release.yaml: no step 'Move the major tag'");
    const result = runStep(
      move,
      {
        steps: { "app-token": { outputs: { token: "ghs_app-token" } } },
        github: { repository: "org/mbp", ref_name: release, sha: "c0ffee".padEnd(40, "0") },
      },
      {
        PATH: `${dir}:${process.env.PATH}`,
        GH_LOG: log,
        GH_TAGS: tags.join(" "),
        GH_FAIL_LIST: options.failList ? "1" : "",
        GH_COMPARE: options.compare ?? "",
        GH_TAG_OBJECT: options.tagObject ?? "",
        GH_PEELED: options.peeled ?? "",
        OLD,
      },
    );
    const calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
    return { ...result, calls, writes: calls.filter((c) => c.includes("--method")) };
  }
  const SHA = "c0ffee".padEnd(40, "0");
  const OLD = "01d".padEnd(40, "0");
  const PEELED = "9ee1ed".padEnd(40, "0");

  it("creates v1 at the first release", () => {
    const ran = moveWith("v1.0.0", ["v1.0.0"]);
    expect(ran.code).toBe(0);
    expect(ran.writes).toEqual([
      `api --method POST repos/org/mbp/git/refs -f ref=refs/tags/v1 -f sha=${SHA} --silent`,
    ]);
    expect(annotations(ran.stdout)).toEqual([`notice Released: v1.0.0; v1 now points at ${SHA}`]);
  });

  it("moves v1 to the highest release, comparing versions as numbers (1.10 after 1.9)", () => {
    const ran = moveWith("v1.10.0", ["v1", "v1.9.0", "v1.10.0", "v10.0.0"]);
    expect(ran.code).toBe(0);
    expect(ran.writes).toEqual([
      `api --method PATCH repos/org/mbp/git/refs/tags/v1 -f sha=${SHA} -F force=true --silent`,
    ]);
  });

  it("moves v1 only along the release's own history, compared by commit (an annotated tag peeled)", () => {
    for (const status of ["ahead", "identical"]) {
      const ran = moveWith("v1.1.0", ["v1", "v1.0.0", "v1.1.0"], { compare: status });
      expect(ran.calls).toContain(`api repos/org/mbp/compare/${OLD}...${SHA} --jq .status`);
      expect(ran.code).toBe(0);
      expect(ran.writes).toHaveLength(1);
    }
    const annotated = moveWith("v1.1.0", ["v1", "v1.1.0"], { tagObject: "tag t4g", peeled: PEELED });
    expect(annotated.calls).toContain("api repos/org/mbp/git/tags/t4g --jq .object.sha");
    expect(annotated.calls).toContain(`api repos/org/mbp/compare/${PEELED}...${SHA} --jq .status`);
    expect(annotated.writes).toHaveLength(1);
  });

  it("fails, moving nothing, when v1 is not in the release's history: another line's, or no common history at all", () => {
    // An older project's v1 in a repository this one took over (no common ancestor: GitHub answers
    // 404), or a maintenance branch's: its callers must keep what they run.
    for (const [status, shown] of [
      ["diverged", "diverged"],
      ["behind", "behind"],
      ["404", "no common history"],
    ]) {
      const ran = moveWith("v1.0.0", ["v1"], { compare: status });
      expect(ran.code).not.toBe(0);
      expect(ran.writes).toEqual([]);
      expect(annotations(ran.stdout)).toEqual([
        `error Not moved: v1 points at ${OLD}, which v1.0.0 does not descend from (${shown}). If v1 is an older project's (a repository this one took over), release under a major new to this repository; if it is on a maintenance branch, move v1 by hand once v1.0.0 is what its callers should run.`,
      ]);
    }
  });

  it("leaves v1 where it is when a later v1 release exists", () => {
    const ran = moveWith("v1.2.1", ["v1", "v1.2.0", "v1.2.1", "v1.3.0"]);
    expect(ran.code).toBe(0);
    expect(ran.writes).toEqual([]);
    expect(annotations(ran.stdout)).toEqual([
      "notice Not moved: v1 stays where it is: v1.3.0 is a later release than v1.2.1.",
    ]);
  });

  it("fails, moving nothing, when the tags cannot be listed", () => {
    const ran = moveWith("v1.2.0", ["v1", "v1.2.0"], { failList: true });
    expect(ran.code).not.toBe(0);
    expect(ran.writes).toEqual([]);
  });
});
