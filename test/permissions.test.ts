// The permission design for keyless logins (docs/keyless.md, "Permissions"), checked on small
// workflows with GitHub's workflow parser and a model of its rule for called workflows
// (permissions.ts). Phase 2 applies the same checks to build.yaml and the example callers.
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type CalledJob, calledJobs, type Declared, type Grant } from "./permissions";

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
