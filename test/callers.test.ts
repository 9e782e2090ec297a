/**
 * The reusable workflow under its callers' real conditions (issue 10): reads build.yaml, release.yaml,
 * the README and every example, and evaluates their expressions with GitHub's own evaluator over the
 * contexts GitHub gives each kind of run. Each describe block is one of the conditions; the redaction
 * of outputs (the first one) is tested against a registry in redaction.test.ts.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expandCacheEntries } from "../packages/arch-build/src/inputs";
import { makePlan, Problems } from "../packages/image-spec/src/lib";
import { loadYamlParser, parseRegistryAuth } from "../packages/multi-registry-login/src/registry-auth";
import { type Contexts, evaluateValue, isTrue, runs as runsIf, stepStatus } from "./expressions";
import { type Job, readYaml, root, type Step, type Workflow, workflowPaths } from "./workflow-files";

const build = readYaml<Workflow & { concurrency?: { group: string } }>(".github/workflows/build.yaml");
const call = build.on.workflow_call as {
  inputs: Record<string, { type: string; default?: unknown; description?: string }>;
  secrets: Record<string, unknown>;
};
const readme = readFileSync(join(root, "README.md"), "utf8");
const steps = (job: Job | undefined): Step[] => job?.steps ?? [];
const step = (job: string, uses: string): Step => {
  const found = steps(build.jobs[job]).find((s) => s.uses?.endsWith(uses));
  if (!found) throw new Error(`build.yaml: job ${job} has no ${uses} step`);
  return found;
};

/** The README's text under a `## ` or `### ` heading, up to the next heading of that level or above. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = heading.split(" ")[0] ?? "##";
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{2,${level.length}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The ```yaml blocks of a text, dedented. */
function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => {
    const lines = (m[1] ?? "").split("\n");
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
    return lines.map((l) => l.slice(indent)).join("\n");
  });
}

type CallerJob = Job & { secrets?: unknown };

/** Jobs that call build.yaml in a workflow, or in a README fragment (a whole job, or its keys). */
function callerJobs(yamlText: string): CallerJob[] {
  const parsed = parse(yamlText) as Record<string, unknown> | null;
  if (!parsed || typeof parsed !== "object") return [];
  const candidates: unknown[] = parsed.jobs
    ? Object.values(parsed.jobs as Record<string, unknown>)
    : [parsed, ...Object.values(parsed)];
  return candidates.filter(
    (job): job is CallerJob =>
      typeof job === "object" &&
      job !== null &&
      typeof (job as Job).uses === "string" &&
      /\.github\/workflows\/build\.yaml/.test((job as Job).uses ?? ""),
  );
}

/** Every place a caller is shown: examples, this repository's own workflows, the README's blocks. */
const callerSources: Array<[string, CallerJob[]]> = [
  ...workflowPaths()
    .filter((path) => !path.endsWith("/build.yaml"))
    .map((path): [string, CallerJob[]] => [path, callerJobs(readFileSync(join(root, path), "utf8"))]),
  ...yamlBlocks(readme).map((block, index): [string, CallerJob[]] => [
    `README yaml block ${index + 1}`,
    callerJobs(block),
  ]),
].filter(([, jobs]) => jobs.length > 0);

const REPO = "lsst-sqre/app";

/** The github context of one kind of run. */
function githubContext(run: {
  event: string;
  ref: string;
  actor?: string;
  repository?: string;
  runId?: string;
  pr?: { headRef: string; headRepo: string; fork: boolean };
}): Record<string, unknown> {
  const repository = run.repository ?? REPO;
  return {
    run_id: run.runId ?? "4242",
    event_name: run.event,
    ref: run.ref,
    ref_name: run.ref.replace(/^refs\/(heads|tags)\//, "").replace(/^refs\/pull\//, ""),
    head_ref: run.pr?.headRef ?? "",
    repository,
    actor: run.actor ?? "rra",
    event: run.pr
      ? {
          pull_request: {
            number: 7,
            head: { ref: run.pr.headRef, repo: { full_name: run.pr.headRepo, fork: run.pr.fork } },
          },
        }
      : {},
  };
}

/** Inputs as the workflow sees them: its defaults, then the caller's values. */
function inputs(values: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(call.inputs).map(([name, spec]) => [name, spec.default])),
    images: "ghcr.io/lsst-sqre/app",
    ...values,
  };
}

/** Every kind of run: [what, github context, may push, logs in at all]. */
const runs: Array<[string, Record<string, unknown>, boolean, boolean]> = [
  ["a push to main", githubContext({ event: "push", ref: "refs/heads/main" }), true, true],
  ["a tag", githubContext({ event: "push", ref: "refs/tags/12.0.0" }), true, true],
  [
    "a pull request from a branch of the repository",
    githubContext({
      event: "pull_request",
      ref: "refs/pull/7/merge",
      pr: { headRef: "tickets/DM-1", headRepo: REPO, fork: false },
    }),
    true,
    true,
  ],
  [
    "a pull request from a fork",
    githubContext({
      event: "pull_request",
      ref: "refs/pull/7/merge",
      pr: { headRef: "main", headRepo: "someone/app", fork: true },
    }),
    false,
    false,
  ],
  [
    "a pull_request_target run from a fork",
    githubContext({
      event: "pull_request_target",
      ref: "refs/heads/main",
      pr: { headRef: "fix", headRepo: "someone/app", fork: true },
    }),
    false,
    false,
  ],
  [
    "a pull request within a repository that is itself a fork (head.repo.fork is true)",
    githubContext({
      event: "pull_request",
      ref: "refs/pull/7/merge",
      repository: "me/app",
      pr: { headRef: "tickets/DM-1", headRepo: "me/app", fork: true },
    }),
    true,
    true,
  ],
  [
    "a Dependabot pull request (its branch is in the repository)",
    githubContext({
      event: "pull_request",
      ref: "refs/pull/7/merge",
      actor: "dependabot[bot]",
      pr: { headRef: "dependabot/pip/requests-2.33", headRepo: REPO, fork: false },
    }),
    false,
    true,
  ],
  [
    "a push of a dependabot/ branch",
    githubContext({
      event: "push",
      ref: "refs/heads/dependabot/pip/requests-2.33",
      actor: "dependabot[bot]",
    }),
    false,
    true,
  ],
  [
    "a merge queue run",
    githubContext({ event: "merge_group", ref: "refs/heads/gh-readonly-queue/main/pr-7-0123abc" }),
    true,
    true,
  ],
  [
    "a manual run (workflow_dispatch)",
    githubContext({ event: "workflow_dispatch", ref: "refs/heads/main" }),
    true,
    true,
  ],
];

describe("2. pull requests from forks, Dependabot, and a repository that is itself a fork", () => {
  const plan = build.jobs.plan as Job;
  const notice = steps(plan).find((s) => s.name === "Say why nothing is pushed");

  it.each(
    runs,
  )("%s: pushes only where secrets exist, logs in where it can, and says why not", (_, github, may, logsIn) => {
    for (const asked of [true, false]) {
      const contexts: Contexts = { github, inputs: inputs({ push: asked }) };
      const push = evaluateValue(plan.outputs?.push ?? "", contexts);
      expect(push).toBe(String(asked && may));
      expect(isTrue(notice?.if ?? "false", contexts)).toBe(asked && !may);
      const later: Contexts = { ...contexts, needs: { plan: { outputs: { push } } } };
      const login = step("build", "/multi-registry-login");
      expect(isTrue(login.if ?? "true", later)).toBe(logsIn);
      // Strict (a missing secret fails) exactly when pushing; otherwise missing secrets only warn.
      expect(evaluateValue(String(login.with?.["require-secrets"]), later)).toBe(push);
      expect(evaluateValue(String(step("build", "/arch-build").with?.push), later)).toBe(push);
      // The manifest job of a run whose builds all succeeded, its actions checked out.
      const manifest: Contexts = {
        ...contexts,
        needs: { plan: { result: "success", outputs: { push } }, build: { result: "success" } },
        steps: { actions: { outcome: "success" } },
      };
      for (const uses of ["/multi-registry-login", "/manifest-stitch"]) {
        expect(runsIf(step("manifest", uses).if, manifest, stepStatus("success"))).toBe(asked && may);
      }
    }
  });

  it.each([
    [".github/workflows/build.yaml", readFileSync(join(root, ".github/workflows/build.yaml"), "utf8")],
    ["README.md", readme],
    ...workflowPaths()
      .filter((path) => path.startsWith("examples/"))
      .map((path) => [path, readFileSync(join(root, path), "utf8")]),
  ])("%s never decides on GitHub's fork flag", (_, text) => {
    expect(text).not.toMatch(/head\.repo\.fork/);
  });

  it("the README says what happens to forks and Dependabot", () => {
    const text = section("### Pull requests from forks, and Dependabot");
    expect(text).toContain("dependabot[bot]");
    expect(text).toContain("`build / manifest` reports");
  });
});

describe("3. always run: `push:` decides, no job-level `if:`", () => {
  it("finds the callers: the README's first example, every example, this repository's CI", () => {
    const names = callerSources.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        "README yaml block 1",
        ".github/workflows/ci.yaml",
        "examples/workflows/nublado.yaml",
        "examples/workflows/sciplat-lab.yaml",
        "examples/workflows/service.yaml",
      ]),
    );
  });

  it.each(callerSources)("%s calls the workflow without a job-level if:", (_, jobs) => {
    for (const job of jobs) expect(job.if).toBeUndefined();
  });

  it.each(callerSources)("%s decides pushing with an expression when it restricts it", (name, jobs) => {
    for (const job of jobs) {
      const push = job.with?.push;
      if (push === undefined) continue; // publishes on every run (sciplat-lab's manual builds)
      expect(String(push), name).toMatch(/^\$\{\{[\s\S]+\}\}$/);
    }
  });

  it("the README's first example publishes tags and ticket branches and builds everything else", () => {
    const [first] = callerJobs(yamlBlocks(section("## Use it"))[0] ?? "");
    const push = String(first?.with?.push);
    const pushes = (github: Record<string, unknown>) => evaluateValue(push, { github }) === "true";
    expect(pushes(githubContext({ event: "push", ref: "refs/tags/12.0.0" }))).toBe(true);
    expect(
      pushes(
        githubContext({
          event: "pull_request",
          ref: "refs/pull/7/merge",
          pr: { headRef: "tickets/DM-1", headRepo: REPO, fork: false },
        }),
      ),
    ).toBe(true);
    expect(
      pushes(
        githubContext({
          event: "pull_request",
          ref: "refs/pull/7/merge",
          pr: { headRef: "u/rra/fix", headRepo: REPO, fork: false },
        }),
      ),
    ).toBe(false);
    expect(
      pushes(githubContext({ event: "merge_group", ref: "refs/heads/gh-readonly-queue/main/pr-7-0123abc" })),
    ).toBe(false);
  });

  it("the README says why, in the section of its first example", () => {
    const text = section("## Use it").replace(/\s+/g, " ");
    expect(text).toContain("a skipped calling job never creates the workflow's jobs");
    expect(text).toContain("merge queues");
    expect(text).toContain("An `if:` still works");
  });
});

describe("4. one lock per tag", () => {
  const group = build.concurrency?.group ?? "";
  const contextsOf = (github: Record<string, unknown>, tag = "") => ({ github, inputs: inputs({ tag }) });
  const tagOf = (github: Record<string, unknown>, tag = "") =>
    makePlan(
      { images: "ghcr.io/lsst-sqre/app", tag },
      { eventName: String(github.event_name), ref: String(github.ref), headRef: String(github.head_ref) },
    ).tag;

  const branchPush = githubContext({ event: "push", ref: "refs/heads/tickets/DM-52589" });
  const itsPullRequest = githubContext({
    event: "pull_request",
    ref: "refs/pull/7/merge",
    pr: { headRef: "tickets/DM-52589", headRepo: REPO, fork: false },
  });
  const main = githubContext({ event: "push", ref: "refs/heads/main" });
  const release = githubContext({ event: "push", ref: "refs/tags/12.0.0" });

  it("is a workflow-level group (one lock for the whole run), never cancelling a running build", () => {
    expect(group).not.toBe("");
    expect((build as { concurrency?: Record<string, unknown> }).concurrency?.["cancel-in-progress"]).toBe(
      false,
    );
    for (const job of Object.values(build.jobs))
      expect((job as Record<string, unknown>).concurrency).toBeUndefined();
  });

  it("a push to tickets/X and the pull request from tickets/X derive one tag and share one lock", () => {
    expect(tagOf(branchPush)).toBe("tickets-DM-52589");
    expect(tagOf(itsPullRequest)).toBe("tickets-DM-52589");
    expect(evaluateValue(group, contextsOf(itsPullRequest))).toBe(
      evaluateValue(group, contextsOf(branchPush)),
    );
  });

  it("a tag v1 and a branch v1 publish the same tag v1, so they share one lock", () => {
    const tagV1 = githubContext({ event: "push", ref: "refs/tags/v1", runId: "1" });
    const branchV1 = githubContext({ event: "push", ref: "refs/heads/v1", runId: "2" });
    expect(tagOf(tagV1)).toBe("v1");
    expect(tagOf(branchV1)).toBe("v1");
    expect(evaluateValue(group, contextsOf(tagV1))).toBe(evaluateValue(group, contextsOf(branchV1)));
  });

  it("a pull request from a fork's main (same tag, nothing pushed) never waits for or replaces a push to main", () => {
    const forkMain = githubContext({
      event: "pull_request",
      ref: "refs/pull/9/merge",
      runId: "5001",
      pr: { headRef: "main", headRepo: "someone/app", fork: true },
    });
    expect(tagOf(forkMain)).toBe(tagOf(main));
    expect(evaluateValue(group, contextsOf(forkMain))).not.toBe(evaluateValue(group, contextsOf(main)));
  });

  it.each(
    runs,
  )("%s shares its lock with the next run of its tag exactly when the plan says it pushes", (_, github) => {
    const plan = build.jobs.plan as Job;
    for (const asked of [true, false]) {
      const contexts = { github, inputs: inputs({ push: asked }) };
      const next = { github: { ...github, run_id: "9999" }, inputs: inputs({ push: asked }) };
      const pushes = evaluateValue(plan.outputs?.push ?? "", contexts) === "true";
      expect(evaluateValue(group, contexts) === evaluateValue(group, next)).toBe(pushes);
    }
  });

  it("different tags get different locks; an explicit tag is its own key", () => {
    const keys = [branchPush, main, release].map((github) => evaluateValue(group, contextsOf(github)));
    expect(new Set(keys).size).toBe(3);
    expect(evaluateValue(group, contextsOf(main, "v2"))).toBe(
      evaluateValue(group, contextsOf(release, "v2")),
    );
    expect(evaluateValue(group, contextsOf(main))).toContain(JSON.stringify("ghcr.io/lsst-sqre/app"));
  });

  // GitHub refuses a group longer than 400 characters before any job starts ("Concurrency group name
  // must be less than 400 characters": actions/runner, src/Sdk/WorkflowParser/Conversion/
  // WorkflowTemplateConverter.cs). The longest run of each caller shown: the longest repository name
  // GitHub allows (39-character owner, 100-character name), the longest image of a matrix, a
  // 122-character tag or branch (the longest the plan accepts with "-arm64" after it), and a run that
  // does not push (its key carries the run id).
  const LIMIT = 400;
  const longest = (caller: CallerJob) => {
    const repository = `${"o".repeat(39)}/${"r".repeat(100)}`;
    const matrix = Object.fromEntries(
      Object.entries((caller.strategy?.matrix ?? {}) as Record<string, unknown>)
        .filter(([, values]) => Array.isArray(values))
        .map(([key, values]) => [key, [...(values as string[])].sort((a, b) => b.length - a.length)[0]]),
    );
    const branch = "b".repeat(122);
    const github = {
      ...githubContext({
        event: "pull_request",
        ref: "refs/pull/7/merge",
        repository,
        runId: "99999999999",
        pr: { headRef: branch, headRepo: "someone/fork", fork: true },
      }),
    };
    const given = (key: string) =>
      evaluateValue(String(caller.with?.[key] ?? ""), { github, matrix, inputs: { tag: branch } });
    const tag = caller.with?.tag === undefined ? "" : branch;
    return evaluateValue(group, { github, inputs: inputs({ images: given("images"), tag, push: true }) });
  };

  it.each(callerSources)("%s stays under GitHub's 400-character limit for a group", (name, jobs) => {
    for (const job of jobs) expect(longest(job).length, name).toBeLessThanOrEqual(LIMIT);
  });

  it("which it would pass only narrowly, or not, if the key repeated the repository (groups are per repository)", () => {
    expect(group).not.toContain("github.repository }}-");
    const sciplat = callerSources.find(([name]) => name.endsWith("sciplat-lab.yaml"))?.[1][0];
    if (!sciplat) throw new Error("no sciplat-lab caller");
    expect(`${"o".repeat(39)}/${"r".repeat(100)}-${longest(sciplat)}`.length).toBeGreaterThan(LIMIT);
  });
});

describe("5. a registry cache per architecture", () => {
  it("has cache-from and cache-to inputs (strings, empty by default) that mention {arch}", () => {
    for (const name of ["cache-from", "cache-to"]) {
      expect(call.inputs[name]?.type).toBe("string");
      expect(call.inputs[name]?.default).toBe("");
      expect(call.inputs[name]?.description).toContain("{arch}");
    }
  });

  it("passes them to arch-build, turning the cache on, and writes the cache only from builds that push", () => {
    const archBuild = step("build", "/arch-build");
    const given = {
      cache: false,
      "cache-from": "type=registry,ref=r/c:{arch}",
      "cache-to": "type=registry,ref=r/c:{arch}",
    };
    const withPush = (push: string, values: Record<string, unknown>) =>
      Object.fromEntries(
        ["cache", "cache-from", "cache-to"].map((key) => [
          key,
          evaluateValue(String(archBuild.with?.[key]), {
            inputs: inputs(values),
            needs: { plan: { outputs: { push } } },
          }),
        ]),
      );
    expect(withPush("true", given)).toEqual({
      cache: "true",
      "cache-from": given["cache-from"],
      "cache-to": given["cache-to"],
    });
    expect(withPush("false", given)).toEqual({
      cache: "true",
      "cache-from": given["cache-from"],
      "cache-to": "",
    });
    // cache-to alone: a build that does not push writes nothing and reads no cache, not the GitHub one.
    for (const cache of [false, true]) {
      const onlyTo = { cache, "cache-to": given["cache-to"] };
      expect(withPush("true", onlyTo)).toEqual({
        cache: "true",
        "cache-from": "",
        "cache-to": given["cache-to"],
      });
      expect(withPush("false", onlyTo)).toEqual({ cache: "false", "cache-from": "", "cache-to": "" });
    }
    expect(withPush("false", { "cache-from": given["cache-from"] })).toEqual({
      cache: "true",
      "cache-from": given["cache-from"],
      "cache-to": "",
    });
    expect(withPush("true", {})).toEqual({ cache: "false", "cache-from": "", "cache-to": "" });
    expect(withPush("true", { cache: true })).toEqual({ cache: "true", "cache-from": "", "cache-to": "" });
  });

  // Every cache spec shown to users, expanded as arch-build expands it: one ref per architecture.
  const shown = [
    ...yamlBlocks(readme),
    ...workflowPaths()
      .filter((path) => path.startsWith("examples/"))
      .map((path) => readFileSync(join(root, path), "utf8")),
  ].flatMap((text) => [...text.matchAll(/^\s*cache-(?:from|to):\s*(\S.*)$/gm)].map((m) => m[1] ?? ""));

  it.each(shown)("the shown cache spec %s gives each architecture its own ref", (spec) => {
    const expanded = ["amd64", "arm64"].map((suffix) => {
      const problems = new Problems();
      // GitHub evaluates ${{ }} first; arch-build then sees the rest.
      const given = evaluateValue(spec, { github: { repository: REPO } });
      const [entry] = expandCacheEntries("cache-to", given, suffix, problems);
      expect(problems.count).toBe(0);
      return entry;
    });
    expect(expanded[0]).not.toBe(expanded[1]);
    expect(expanded.join()).not.toContain("{");
  });

  it("the README documents the inputs and what {arch} becomes", () => {
    expect(shown.length).toBeGreaterThanOrEqual(3);
    const text = section("## Build cache").replace(/\s+/g, " ");
    expect(text).toContain("`{arch}` becomes each platform's tag suffix");
    expect(text).toContain("`arm-v7` for `linux/arm/v7`");
    expect(text).toContain("type=registry,ref=");
  });
});

describe("6. the Docker setup actions run on node24 (v4), pinned by SHA", () => {
  // Release commits, each confirmed from several independent public workflows and Dependabot/Renovate
  // updates that pin them with their version comment.
  const v4: Record<string, Record<string, string>> = {
    "docker/setup-qemu-action": {
      ce360397dd3f832beb865e1373c09c0e9f86d70a: "v4.0.0",
      "06116385d9baf250c9f4dcb4858b16962ea869c3": "v4.1.0",
    },
    "docker/setup-buildx-action": {
      "4d04d5d9486b7bd6fa91e7baf45bbb4f8b9deedd": "v4.0.0",
      d7f5e7f509e45cec5c76c4d5afdd7de93d0b3df5: "v4.1.0",
    },
  };
  const texts = [".github/workflows/build.yaml", ...workflowPaths()].map(
    (path) => [path, readFileSync(join(root, path), "utf8")] as const,
  );

  // A commit this table knows must carry its own version; a later one (a Dependabot update, which
  // writes the comment from the release it pins) must say v4 or later.
  it.each(
    Object.keys(v4),
  )("build.yaml uses %s at a v4+ release commit with its version comment", (action) => {
    const text = texts[0]?.[1] ?? "";
    const uses = [...text.matchAll(new RegExp(`uses: ${action}@(\\S+)(.*)$`, "gm"))];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref = "", comment = ""] of uses) {
      expect(ref).toMatch(/^[0-9a-f]{40}$/);
      const known = v4[action]?.[ref];
      if (known) expect(comment.trim()).toBe(`# ${known}`);
      else
        expect(
          Number(/^# v(\d+)\.\d+\.\d+$/.exec(comment.trim())?.[1] ?? 0),
          `${action}@${ref}`,
        ).toBeGreaterThanOrEqual(4);
    }
  });

  it("no workflow, example or README block uses an older major of them", () => {
    const all = [...texts.map(([, text]) => text), readme].join("\n");
    expect(all).not.toMatch(/docker\/setup-(?:qemu|buildx)-action@\S+\s+# v[0-3]\./);
    expect(all).not.toMatch(/docker\/setup-(?:qemu|buildx)-action@v[0-3]\b/);
  });
});

describe("8. callers pass secrets by name", () => {
  const text = section("### Passing secrets");

  it("the README shows the explicit mapping of the workflow's own secrets", () => {
    const mapped = yamlBlocks(text)
      .flatMap(callerJobs)
      .map((job) => job.secrets)
      .find((secrets): secrets is Record<string, string> => typeof secrets === "object" && secrets !== null);
    expect(mapped).toBeDefined();
    const names = Object.keys(mapped ?? {});
    expect(names).toEqual(expect.arrayContaining(["DOCKER_USERNAME", "DOCKER_TOKEN", "GAR_PUSH_TOKEN"]));
    for (const name of names) {
      expect(Object.keys(call.secrets)).toContain(name);
      // IMAGE_SECRETS is composed from the caller's own build secrets (checked below).
      if (name !== "IMAGE_SECRETS") expect(mapped?.[name]).toBe(`\${{ secrets.${name} }}`);
    }
    // GitHub fills in each secret, a multi-line one included: id=value lines and a heredoc block.
    const pipConf = "[global]\nindex-url = https://user:pa55@pypi.example.org/simple";
    const composed = evaluateValue(mapped?.IMAGE_SECRETS ?? "", {
      secrets: { NPM_TOKEN: "npm_0123456789", PIP_CONF: pipConf },
    });
    expect(composed).toBe(`npm_token=npm_0123456789\npip_conf<<PIP_CONF_END\n${pipConf}\nPIP_CONF_END\n`);
  });

  it("REGISTRY_AUTH as the README composes it reaches the login as the caller's values, any character included", async () => {
    await loadYamlParser();
    const mapped = yamlBlocks(text)
      .flatMap(callerJobs)
      .map((job) => job.secrets as Record<string, string> | undefined)
      .find((secrets) => secrets?.REGISTRY_AUTH !== undefined);
    expect(mapped?.REGISTRY_AUTH).toBeDefined();
    const password = `p@ss: "w#rd' \\ {x}\n- registry: evil`;
    const composed = evaluateValue(mapped?.REGISTRY_AUTH ?? "", {
      secrets: { RUBIN_CR_USERNAME: "robot+ci", RUBIN_CR_PASSWORD: password },
    });
    expect(parseRegistryAuth(composed)).toEqual([
      { host: "rubin-cr.lsst.org", username: "robot+ci", password, entry: 1 },
    ]);
  });

  it("and says when it is needed", () => {
    const prose = text.replace(/\s+/g, " ");
    expect(prose).toContain(
      "`secrets: inherit` works only when your repository is in the same organisation or enterprise as `OWNER`; from anywhere else it passes no secret at all",
    );
  });
});
