import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type GitHubContext,
  makePlan,
  Problems,
  parseSecretLines,
  readGitHubContext,
  resolveProvenance,
  settingsForPlatform,
  workflowRunUrl,
} from "../src/lib";

const local: GitHubContext = {
  eventName: "push",
  ref: "refs/heads/main",
  headRef: "",
  repository: "org/app",
  repositoryOwner: "org",
  actor: "",
  sha: "abc",
  serverUrl: "https://github.com",
  runnerEnvironment: "",
};
const run: GitHubContext = { ...local, runId: "99", runAttempt: "3" };
const RUN = "https://github.com/org/app/actions/runs/99/attempts/3";

describe("resolveProvenance", () => {
  it.each([
    // Off GitHub Actions: as given, empty for buildx's own default.
    [local, "", { provenance: "" }],
    [local, "mode=max", { provenance: "mode=max" }],
    // A workflow run: docker/build-push-action's default and builder-id.
    [run, "", { provenance: `mode=max,builder-id=${RUN}`, defaultProvenance: true }],
    [
      { ...run, repositoryPrivate: false },
      "",
      { provenance: `mode=max,builder-id=${RUN}`, defaultProvenance: true },
    ],
    [
      { ...run, repositoryPrivate: true },
      "",
      { provenance: `mode=min,inline-only=true,builder-id=${RUN}`, defaultProvenance: true },
    ],
    [run, "true", { provenance: `builder-id=${RUN}` }],
    [run, "False", { provenance: "false" }],
    [run, " mode=min ", { provenance: `mode=min,builder-id=${RUN}` }],
    [run, "mode=max,builder-id=x", { provenance: "mode=max,builder-id=x" }],
  ] as const)("%j, %j → %j", (github, given, expected) => {
    expect(resolveProvenance(given, github)).toEqual(expected);
  });
});

describe("the workflow run in the GitHub context", () => {
  const dir = mkdtempSync(join(tmpdir(), "image-spec-event-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const event = (name: string, payload: string) => {
    writeFileSync(join(dir, name), payload);
    return join(dir, name);
  };
  const env = { GITHUB_REPOSITORY: "org/app", GITHUB_RUN_ID: "99", GITHUB_RUN_ATTEMPT: "3" };

  it("reads the run and the repository's visibility from the event payload", () => {
    const closed = readGitHubContext({
      ...env,
      GITHUB_EVENT_PATH: event("private.json", '{"repository":{"private":true}}'),
    });
    expect([closed.runId, closed.runAttempt, closed.repositoryPrivate]).toEqual(["99", "3", true]);
    expect(workflowRunUrl(closed)).toBe(RUN);
    const open = readGitHubContext({
      ...env,
      GITHUB_EVENT_PATH: event("public.json", '{"repository":{"private":false}}'),
    });
    expect(open.repositoryPrivate).toBe(false);
  });

  it.each([
    ["no payload", {}],
    ["an unreadable one", { GITHUB_EVENT_PATH: join(dir, "missing.json") }],
    ["one that is not JSON", { GITHUB_EVENT_PATH: event("broken.json", "{") }],
    ["one without the field", { GITHUB_EVENT_PATH: event("none.json", '{"repository":{}}') }],
  ])("leaves the visibility unknown with %s", (_, extra) => {
    expect(readGitHubContext({ ...env, ...extra }).repositoryPrivate).toBeUndefined();
  });

  it("has no run outside GitHub Actions, and the first attempt when the runner does not say", () => {
    expect(workflowRunUrl(readGitHubContext({ GITHUB_REPOSITORY: "org/app" }))).toBe("");
    expect(workflowRunUrl(readGitHubContext({ GITHUB_REPOSITORY: "org/app", GITHUB_RUN_ID: "5" }))).toBe(
      "https://github.com/org/app/actions/runs/5/attempts/1",
    );
  });
});

describe("settingsForPlatform", () => {
  const plan = makePlan({ images: "ghcr.io/org/app", tag: "1.0", platforms: "linux/arm/v7" }, local);
  const platform = plan.platforms[0] ?? plan.platforms[0];

  it("gives each platform its cache scope and {arch}, on by default only where the caller says so", () => {
    if (!platform) throw new Error("no platform");
    const settings = {
      secrets: [],
      labels: [],
      provenance: "",
      sbom: "",
      cache: { from: ["type=registry,ref=r/c:{arch}"], to: [] },
    };
    expect(settingsForPlatform(settings, plan, platform).cache).toEqual({
      enabled: true,
      scope: "org/app-arm-v7",
      from: ["type=registry,ref=r/c:arm-v7"],
      to: [],
    });
    const none = { ...settings, cache: { from: [], to: [] } };
    expect(settingsForPlatform(none, plan, platform).cache.enabled).toBe(false);
    expect(
      settingsForPlatform({ ...none, cache: { byDefault: true, from: [], to: [] } }, plan, platform).cache
        .enabled,
    ).toBe(true);
    // --no-cache reads nothing but still writes.
    const fresh = settingsForPlatform(
      { ...settings, cache: { ...settings.cache, to: ["r/c-{arch}"], noCache: true } },
      plan,
      platform,
    );
    expect(fresh.cache).toMatchObject({ from: [], to: ["r/c-arm-v7"], noCache: true });
  });
});

describe("parseSecretLines", () => {
  it("reads lines and blocks with their line numbers in problems, never a value", () => {
    const problems = new Problems();
    const entries = parseSecretLines(
      "# comment\n\na=1\nb<<X\n\nline\nX\nno-equals-s3cret\n",
      "secrets",
      problems,
    );
    expect(entries).toEqual([
      { id: "a", value: "1", input: "secrets" },
      { id: "b", value: "\nline", input: "secrets" },
    ]);
    expect(problems.messages()).toEqual([
      'secrets: "<line 8, hidden>" is not id=value; write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF',
    ]);
  });
});
