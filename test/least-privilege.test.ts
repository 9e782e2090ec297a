/**
 * Least privilege for secrets (issue 17, point 1). GitHub hands a job the secrets its text refers to,
 * before any expression is evaluated: `toJSON(secrets)` or `secrets[...]` anywhere in a job hands it
 * every secret of the caller (with `secrets: inherit`, every repository and organisation secret), on
 * every runner, whether the expression is ever evaluated or not. So the workflows are read as GitHub
 * reads them (expressions tokenised by GitHub's lexer) and every use of the secrets context is named.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { evaluateValue, secretUses } from "./expressions";
import { type Job, readYaml, root, type Step, type Workflow } from "./workflow-files";

const OURS = [".github/workflows/build.yaml", ".github/workflows/ci.yaml", ".github/workflows/release.yaml"];
const REGISTRY_SECRETS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "DOCKER_TOKEN",
  "DOCKER_USERNAME",
  "GAR_PUSH_TOKEN",
  "REGISTRY_AUTH",
];
const KEYLESS_INPUTS = ["aws-role-arn", "gar-service-account", "gar-workload-identity-provider"];
const build = readYaml<Workflow>(".github/workflows/build.yaml");
const steps = (job: Job | undefined): Step[] => job?.steps ?? [];
type CallingJob = Job & { secrets?: unknown };

describe("the detector reads expressions as GitHub does", () => {
  it.each([
    ["${{ toJSON(secrets) }}", [], ["toJSON(secrets)"]],
    ["${{ toJson(SECRETS) }}", [], ["toJson(SECRETS)"]],
    [
      "${{ secrets[format('{0}_TOKEN', matrix.registry)] }}",
      [],
      ["secrets[format('{0}_TOKEN', matrix.registry)]"],
    ],
    ["${{ secrets['PIP_CONF'] }}", [], ["secrets['PIP_CONF']"]],
    ["${{ inputs.x != '' && toJSON(secrets) || '' }}", [], ["inputs.x != '' && toJSON(secrets) || ''"]],
    ["${{ secrets.DOCKER_TOKEN }}", ["DOCKER_TOKEN"], []],
    ["a${{ secrets.A }}b${{ secrets.B }}", ["A", "B"], []],
    ["${{ 'no Actions secrets here' }}", [], []],
    ["${{ inputs.secrets }}", [], []],
    ["plain text about secrets", [], []],
  ])("%s", (value, names, whole) => {
    expect(secretUses({ with: { x: value } })).toEqual({ names, whole });
  });

  it("reads an `if:` without braces as an expression", () => {
    expect(secretUses({ if: "secrets.A != ''" }).names).toEqual(["A"]);
  });
});

describe.each(OURS)("%s", (path) => {
  const workflow = readYaml<Workflow>(path);

  it.each(Object.entries(workflow.jobs))("job %s never takes the whole secrets context", (_, job) => {
    expect(secretUses(job).whole).toEqual([]);
    expect((job as CallingJob).secrets).not.toBe("inherit");
  });
});

describe("build.yaml gives each job only the secrets it uses, where it uses them", () => {
  /** The secrets each step of a job names, for the steps that name any. */
  const bySteps = (name: string) =>
    Object.fromEntries(
      steps(build.jobs[name])
        .map((step) => [step.name ?? step.uses ?? "", secretUses(step).names] as const)
        .filter(([, names]) => names.length > 0),
    );

  it("plan uses none", () => {
    expect(secretUses(build.jobs.plan).names).toEqual([]);
  });

  it("build: the registry secrets in its login, IMAGE_SECRETS in the build step, nowhere else", () => {
    const { steps: _, ...jobWithoutSteps } = build.jobs.build as Job;
    expect(secretUses(jobWithoutSteps).names).toEqual([]);
    expect(bySteps("build")).toEqual({
      "Log in to the registries": REGISTRY_SECRETS,
      "Build and push ${{ matrix.platform }}": ["IMAGE_SECRETS"],
    });
  });

  it("manifest: the registry secrets in its login only, never IMAGE_SECRETS", () => {
    const { steps: _, ...jobWithoutSteps } = build.jobs.manifest as Job;
    expect(secretUses(jobWithoutSteps).names).toEqual([]);
    expect(bySteps("manifest")).toEqual({ "Log in to the registries": REGISTRY_SECRETS });
  });

  // The plan checks them too, by the logins' rule (it has no secret and no id-token: it only reads).
  it("passes the keyless inputs to both logins and the plan, nowhere else", () => {
    const using = Object.entries(build.jobs).flatMap(([job, spec]) =>
      steps(spec)
        .filter((step) => KEYLESS_INPUTS.some((input) => JSON.stringify(step).includes(`inputs.${input}`)))
        .map((step) => {
          const given = KEYLESS_INPUTS.map((input) => step.with?.[input]);
          expect(given, `${job}: ${step.name}`).toEqual(
            KEYLESS_INPUTS.map((input) => `\${{ inputs.${input} }}`),
          );
          return `${job}: ${step.uses}`;
        }),
    );
    expect(using).toEqual([
      "plan: ./.mbp/packages/image-spec",
      "build: ./.mbp/packages/multi-registry-login",
      "manifest: ./.mbp/packages/multi-registry-login",
    ]);
  });

  it("declares what it uses and nothing else, all optional", () => {
    const declared = Object.keys((build.on.workflow_call as { secrets: Record<string, unknown> }).secrets);
    expect(declared.sort()).toEqual([...REGISTRY_SECRETS, "IMAGE_SECRETS"].sort());
    expect(secretUses(build.jobs).names).toEqual(declared.sort());
  });
});

describe("this repository's CI passes only what it needs", () => {
  it("calls build.yaml without secrets: GHCR takes the job's token", () => {
    const ci = readYaml<Workflow>(".github/workflows/ci.yaml");
    const callers = Object.values(ci.jobs).filter((job) => job.uses?.includes("/build.yaml"));
    expect(callers).toHaveLength(1);
    expect((callers[0] as CallingJob).secrets).toBeUndefined();
    expect(callers[0]?.permissions).toEqual({ contents: "read", packages: "write" });
  });
});

describe("a caller composes IMAGE_SECRETS from its own secrets", () => {
  const security = readFileSync(join(root, "docs/security.md"), "utf8");
  const block = [...security.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .find((yaml) => yaml.includes("IMAGE_SECRETS: |"));

  it("docs/security.md shows a whole caller that does it, valid for GitHub's parser", async () => {
    expect(block).toBeDefined();
    const parsed = parseWorkflow({ name: "caller.yaml", content: block ?? "" }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    if (!parsed.value) throw new Error("the caller did not parse");
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    expect(template.errors ?? []).toEqual([]);
  });

  it("which GitHub evaluates into one id=value line per secret and a heredoc for a multi-line one", () => {
    const caller = parse(block ?? "") as { jobs: Record<string, CallingJob> };
    const job = Object.values(caller.jobs).find((j) => j.uses?.includes("/build.yaml"));
    const mapping = (job?.secrets as Record<string, string>).IMAGE_SECRETS ?? "";
    const pipConf = "[global]\nindex-url = https://user:pa55@pypi.example.org/simple";
    const value = evaluateValue(mapping, { secrets: { PIP_CONF: pipConf, NPM_TOKEN: "npm_0123456789" } });
    expect(value).toBe(`pip_conf<<PIP_CONF_END\n${pipConf}\nPIP_CONF_END\nnpm_token=npm_0123456789\n`);
    // Only the named secrets reach the workflow: the mapping takes no other.
    expect(secretUses(job).names).toEqual(["NPM_TOKEN", "PIP_CONF"]);
  });
});
