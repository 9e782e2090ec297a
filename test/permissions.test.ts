// The permission design for keyless logins (docs/keyless.md, "Permissions"), checked with GitHub's
// workflow parser and a model of its rule for called workflows (permissions.ts): first on small
// workflows, then on build.yaml for each kind of caller shown in the examples and the docs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type CalledJob, calledJobs, type Declared, type Grant } from "./permissions";
import { root, workflowPaths } from "./workflow-files";

const PLAIN: Grant = { contents: "read", packages: "write" };
const KEYLESS: Grant = { contents: "read", packages: "write", "id-token": "write" };

function parseErrors(content: string): string[] {
  const parsed = parseWorkflow({ name: "called.yaml", content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((error) => error.message);
}

function jobsOf(content: string): { workflow: Declared; jobs: CalledJob[] } {
  expect(parseErrors(content)).toEqual([]);
  const doc = parse(content) as { permissions?: Declared; jobs: Record<string, { permissions?: Declared }> };
  return {
    workflow: doc.permissions,
    jobs: Object.entries(doc.jobs).map(([name, job]) => ({
      name,
      ...(job.permissions ? { permissions: job.permissions } : {}),
    })),
  };
}

const called = (buildPermissions: string, workflowPermissions = "") => `
on:
  workflow_call:
    inputs:
      keyless:
        type: boolean
        default: false
${workflowPermissions}
jobs:
  plan:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - run: echo plan
  build:
    if: \${{ inputs.keyless }}
    runs-on: ubuntu-24.04
${buildPermissions}
    steps:
      - run: echo build
`;

describe("what GitHub allows", () => {
  it("refuses an expression in permissions: a grant cannot depend on an input", () => {
    const content = called(
      "    permissions:\n      contents: read\n      id-token: ${{ inputs.keyless && 'write' || 'none' }}",
    );
    expect(parseErrors(content)).toEqual([
      "called.yaml (Line: 21, Col: 17): Unrecognized named-value: 'inputs'",
      "called.yaml (Line: 21, Col: 17): Unexpected value '${{ inputs.keyless && 'write' || 'none' }}'",
    ]);
  });

  it("refuses the whole run when a job asks for id-token: write that the caller did not grant, whatever its if:", () => {
    const { workflow, jobs } = jobsOf(
      called(
        "    permissions:\n      contents: read\n      packages: write\n      id-token: write",
        "permissions: {}",
      ),
    );
    expect(calledJobs(workflow, jobs, PLAIN)).toContainEqual({
      job: "build",
      error: "The nested job 'build' is requesting 'id-token: write', but is only allowed 'id-token: none'.",
    });
  });
});

describe("the design: the jobs that log in declare no permissions and inherit the caller's grant", () => {
  const { workflow, jobs } = jobsOf(called(""));

  it("a caller granting contents: read and packages: write runs unchanged, without id-token", () => {
    const outcomes = calledJobs(workflow, jobs, PLAIN);
    expect(outcomes.every((outcome) => "gets" in outcome)).toBe(true);
    expect(outcomes.find((outcome) => outcome.job === "build")).toMatchObject({
      gets: { contents: "read", packages: "write", "id-token": "none" },
    });
  });

  it("a caller that adds id-token: write gives it to the build, and only there", () => {
    const outcomes = calledJobs(workflow, jobs, KEYLESS);
    expect(outcomes.find((outcome) => outcome.job === "build")).toMatchObject({
      gets: { contents: "read", packages: "write", "id-token": "write" },
    });
    // A job that declares its permissions still gets only those.
    expect(outcomes.find((outcome) => outcome.job === "plan")).toMatchObject({
      gets: { contents: "read", packages: "none", "id-token": "none" },
    });
  });

  it("a workflow-level permissions key would undo it: every job without its own gets that instead", () => {
    const withTop = jobsOf(called("", "permissions: {}"));
    expect(
      calledJobs(withTop.workflow, withTop.jobs, KEYLESS).find((outcome) => outcome.job === "build"),
    ).toMatchObject({
      gets: { contents: "none", packages: "none", "id-token": "none" },
    });
  });
});

describe("build.yaml under each kind of caller", () => {
  const { workflow, jobs } = jobsOf(readFileSync(join(root, ".github/workflows/build.yaml"), "utf8"));
  const gets = (grant: Grant) =>
    Object.fromEntries(
      calledJobs(workflow, jobs, grant).map((outcome) => [
        outcome.job,
        "gets" in outcome ? outcome.gets : outcome.error,
      ]),
    );

  it("a plain caller (contents: read, packages: write) runs every job, none with id-token", () => {
    expect(gets(PLAIN)).toEqual({
      plan: { contents: "read", packages: "none", "id-token": "none" },
      build: { contents: "read", packages: "write", "id-token": "none" },
      manifest: { contents: "read", packages: "write", "id-token": "none" },
    });
  });

  it("a keyless caller (adds id-token: write) gives the OIDC token to the jobs that log in, and only to them", () => {
    expect(gets(KEYLESS)).toEqual({
      plan: { contents: "read", packages: "none", "id-token": "none" },
      build: { contents: "read", packages: "write", "id-token": "write" },
      manifest: { contents: "read", packages: "write", "id-token": "write" },
    });
  });

  it("no job asks for anything: even a caller that grants only contents: read starts the run", () => {
    const outcomes = calledJobs(workflow, jobs, { contents: "read" });
    expect(outcomes.filter((outcome) => "error" in outcome)).toEqual([]);
  });

  /** The calling jobs of a workflow text: the job's own `permissions` and the `with:` it passes. */
  const callersIn = (text: string) =>
    Object.values(
      (parse(text) as { jobs?: Record<string, { uses?: string; permissions?: Grant; with?: object }> })
        .jobs ?? {},
    ).filter((job) => job.uses?.includes("/build.yaml"));
  const KEYLESS_INPUTS = ["gar-workload-identity-provider", "aws-role-arn"];

  const shown: Array<[string, string]> = [
    ...workflowPaths()
      .filter((path) => path.startsWith("examples/"))
      .map((path): [string, string] => [path, readFileSync(join(root, path), "utf8")]),
    ...["docs/security.md", "docs/keyless.md"].flatMap((path) =>
      [...readFileSync(join(root, path), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m, i): [string, string] => [`${path} yaml block ${i + 1}`, m[1] ?? ""])
        .filter(([, text]) => /^jobs:/m.test(text) && text.includes("/build.yaml")),
    ),
  ];

  it("finds a plain and a keyless caller to copy", () => {
    const kinds = shown.flatMap(([, text]) =>
      callersIn(text).map((job) => (job.permissions?.["id-token"] === "write" ? "keyless" : "plain")),
    );
    expect(kinds).toContain("plain");
    expect(kinds).toContain("keyless");
  });

  it.each(
    shown,
  )("%s: its calling job's grant starts every job, with id-token exactly where it logs in keyless", (_, text) => {
    for (const caller of callersIn(text)) {
      expect(caller.permissions).toBeDefined();
      const outcomes = calledJobs(workflow, jobs, caller.permissions ?? {});
      expect(outcomes.filter((outcome) => "error" in outcome)).toEqual([]);
      const keyless = KEYLESS_INPUTS.some((input) => input in (caller.with ?? {}));
      // A keyless input without id-token: write would fail at login; id-token without one is unused.
      expect(caller.permissions?.["id-token"] === "write", JSON.stringify(caller.with)).toBe(keyless);
    }
  });
});
