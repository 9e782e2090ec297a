/**
 * What users copy is safe by default (issue 17 point 4, issue 20 point 5): the examples are what
 * zizmor sees in a caller's repository. Each has `permissions: {}` at the top, pins the workflow by
 * commit with its version in a comment (the moving `@v1` only in a comment), names the secrets it
 * passes, and marks every line a copier must change. A matrix caller requires one aggregating check,
 * which this file plays with GitHub's rules for conditions and runs as the runner would.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jobStatus, runs } from "./expressions";
import { annotations, runStep } from "./run-step";
import { type Job, readYaml, root, type Step, type Workflow, workflowPaths } from "./workflow-files";

type CallingJob = Job & { secrets?: unknown };
const examples = workflowPaths().filter((path) => /^examples\/workflows\/(?!a-la-carte)/.test(path));
const OUR_WORKFLOW = "OWNER/multiplatform-build-and-push/.github/workflows/build.yaml";
const text = (path: string) => readFileSync(join(root, path), "utf8");
const callers = (workflow: Workflow) =>
  Object.entries(workflow.jobs).filter(([, job]) =>
    job.uses?.includes("/.github/workflows/build.yaml"),
  ) as Array<[string, CallingJob]>;

it("finds the three examples", () => {
  expect(examples).toEqual([
    "examples/workflows/nublado.yaml",
    "examples/workflows/sciplat-lab.yaml",
    "examples/workflows/service.yaml",
  ]);
});

describe.each(examples)("%s", (path) => {
  const workflow = readYaml<Workflow>(path);
  const lines = text(path).split("\n");

  it("gives no job a permission it does not ask for", () => {
    expect(workflow.permissions).toEqual({});
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeDefined();
  });

  it("pins the workflow by commit, with its version alone in the comment, and names @v1 as the alternative", () => {
    expect(callers(workflow).length).toBeGreaterThan(0);
    const usesLines = lines.filter((line) => line.includes(`uses: ${OUR_WORKFLOW}`));
    expect(usesLines.length).toBe(callers(workflow).length);
    for (const line of usesLines) {
      expect(line.trim()).toMatch(new RegExp(`^uses: ${OUR_WORKFLOW}@[0-9a-f]{40} # v1\\.\\d+\\.\\d+$`));
    }
    expect(text(path)).toContain("`build.yaml@v1`");
  });

  it("passes secrets by name, never all of them", () => {
    for (const [, job] of callers(workflow)) {
      expect(job.secrets).not.toBe("inherit");
      for (const [name, value] of Object.entries((job.secrets ?? {}) as Record<string, string>)) {
        expect(value).toBe(`\${{ secrets.${name} }}`);
      }
    }
  });

  it("marks every line a copier must change", () => {
    const mustChange = /\bOWNER\/|lsst-sqre|lsstsqre|rubin-|nublado-/;
    lines.forEach((line, i) => {
      if (line.trim().startsWith("#") || !mustChange.test(line)) return;
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      // The nearest comment above, at this line's indentation or less, is (in) a block that says CHANGE.
      const isComment = (l: string) => l.trim().startsWith("#");
      let at = i - 1;
      while (
        at >= 0 &&
        !(isComment(lines[at] ?? "") && (/^ */.exec(lines[at] ?? "")?.[0].length ?? 0) <= indent)
      )
        at--;
      const block: string[] = [];
      for (; at >= 0 && isComment(lines[at] ?? ""); at--) block.push(lines[at] ?? "");
      expect(block.join("\n"), `${path}:${i + 1} ${line.trim()}`).toMatch(/# CHANGE:/);
    });
  });
});

describe("a matrix caller requires one check that no run can skip", () => {
  const nublado = readYaml<Workflow>("examples/workflows/nublado.yaml");
  const [[callerName, caller] = ["", {} as CallingJob]] = callers(nublado);
  const aggregate = Object.entries(nublado.jobs).find(([, job]) => {
    const needs = job.needs === undefined ? [] : [job.needs].flat();
    return needs.includes(callerName);
  });
  const [, job = {} as Job] = aggregate ?? [];
  const step = (job.steps ?? [])[0] as Step;

  it("calls the workflow once per image, without cancelling the others when one fails", () => {
    expect(caller.strategy?.matrix).toBeDefined();
    expect(caller.strategy?.["fail-fast"]).toBe(false);
    expect(aggregate?.[0]).toBe("images");
    expect(job.name).toBe("images");
    expect(text("examples/workflows/nublado.yaml")).toContain("Require the one check `images`");
  });

  it.each([
    ["every image built", "success", false, 0],
    ["an image failed", "failure", false, 1],
    ["the run was cancelled", "cancelled", true, 1],
    ["the run was cancelled after every image built", "success", true, 0],
  ])("%s: the check runs and reports (%s)", (_, result, cancelled, code) => {
    const needs = { [callerName]: { result } };
    // A job that does not run is a skipped check, which branch protection counts as passing.
    expect(runs(job.if, { needs }, jobStatus(needs, cancelled))).toBe(true);
    const ran = runStep(step, { needs });
    expect(ran.code).toBe(code);
    if (code !== 0) {
      expect(annotations(ran.stdout)).toEqual([
        `error Not every image was built: build: ${result}; see the build (<image>) / manifest checks.`,
      ]);
    }
  });
});

describe("the registry cache has a repository of its own", () => {
  it("sciplat-lab keeps its cache tags out of the image's tag list", () => {
    const [[, job] = ["", {} as CallingJob]] = callers(
      readYaml<Workflow>("examples/workflows/sciplat-lab.yaml"),
    );
    const images = String(job.with?.images).trim().split("\n");
    for (const key of ["cache-from", "cache-to"]) {
      const ref = /ref=([^,:\s]+)/.exec(String(job.with?.[key]))?.[1] ?? "";
      expect(ref, key).not.toBe("");
      expect(images, key).not.toContain(ref);
      // On a registry the images use, so the same login writes it.
      expect(
        images.some((image) => image.split("/")[0] === ref.split("/")[0]),
        key,
      ).toBe(true);
    }
  });
});

describe("this repository's own actions stay current", () => {
  const dependabot = readYaml<{
    version: number;
    updates: Array<{
      "package-ecosystem": string;
      directory: string;
      cooldown?: { "default-days"?: number };
    }>;
  }>(".github/dependabot.yml");

  it("Dependabot updates the workflows' actions after a cooldown of at least 7 days", () => {
    const actions = dependabot.updates.find((u) => u["package-ecosystem"] === "github-actions");
    expect(actions?.directory).toBe("/");
    expect(actions?.cooldown?.["default-days"]).toBeGreaterThanOrEqual(7);
  });
});

describe("callers whose tags someone lists push no per-arch tags", () => {
  it.each([
    ["examples/workflows/sciplat-lab.yaml", /Nublado's image menu, which lists the tags/],
    ["examples/workflows/nublado.yaml", /whatever\s+# lists the tags/],
  ])("%s sets arch-tags: false and says what it changes for whoever lists the tags", (path, says) => {
    for (const [, job] of callers(readYaml<Workflow>(path))) expect(job.with?.["arch-tags"]).toBe(false);
    const lines = text(path).split("\n");
    const at = lines.findIndex((line) => line.trim() === "arch-tags: false");
    // The comment block right above it.
    let start = at;
    while (start > 0 && lines[start - 1]?.trim().startsWith("#")) start--;
    expect(lines.slice(start, at).join("\n")).toMatch(says);
  });

  it("the plain service keeps v4's per-arch tags (a one-line migration changes nothing else)", () => {
    const [[, job] = ["", {} as CallingJob]] = callers(readYaml<Workflow>("examples/workflows/service.yaml"));
    expect(job.with?.["arch-tags"]).toBeUndefined();
  });
});
