/**
 * The workflow's outputs under the runner's secret redaction, with sciplat-lab's real shape: an image
 * in a Docker Hub namespace that is the Docker Hub username (docker.io/lsstsqre/sciplat-lab, username
 * lsstsqre). A registry on loopback stands in for docker.io (the host differs, the path is the same).
 *
 * The plan and manifest jobs of build.yaml are played step by step (job-player.ts): every step's `if:`
 * and `with:` are evaluated from build.yaml with GitHub's expression evaluator, and the bundled
 * actions (plan, login, stitch) run with those inputs as the runner runs them, against the registry;
 * the build legs' outputs are evaluated over arch-build's `timeline` output of what the test pushed.
 * The job outputs are then evaluated over the steps' real outputs, put through the runner's rule (an output that contains
 * any masked form is dropped: "Skip output '…' since it may contain secret"), and the workflow's
 * outputs evaluated over what survives. What a job masks comes from secret-masker.ts, a model of the
 * runner's masker: the secrets the job's text names (read with GitHub's lexer), each line of them,
 * every `::add-mask::` of its steps, and the encoded forms the runner adds for each (base64 at three
 * offsets, JSON, URI and XML escapes, ...).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGitHubContext } from "../packages/image-spec/src/lib";
import { parseInputs as parseStitchInputs } from "../packages/manifest-stitch/src/run";
import { pushImage, type Registry, startRegistry, stopAll } from "../packages/testkit/src/index";
import { stitchRaw } from "./action-inputs";
import { type Contexts, evaluateValue, secretUses } from "./expressions";
import { mergeLegOutputs, type PlayedStep, playJob as playSteps, tagPush } from "./job-player";
import { addMaskForms, mask, redactOutputs, secretForms } from "./secret-masker";
import { type Job, readYaml, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const call = build.on.workflow_call as {
  inputs: Record<string, { default?: unknown }>;
  outputs: Record<string, { value: string }>;
};

const USERNAME = "lsstsqre";
const TOKEN = "dckr_pat_sciplat-0123456789abcdef";
const TAG = "w_2026_47";

let registry: Registry;
let dockerConfig: string;
let secrets: Record<string, string>;
let images: string[];
/** What each build leg reported: arch-build's `timeline` output, by architecture. */
const timelines: Record<string, string> = {};

beforeAll(async () => {
  registry = await startRegistry({ auth: { htpasswd: { [USERNAME]: TOKEN } } });
  dockerConfig = mkdtempSync(join(tmpdir(), "mbp-redaction-docker-"));
  images = [`${registry.host}/${USERNAME}/sciplat-lab`, `${registry.host}/lsst-sqre/sciplat-lab`];
  // What the build job leaves behind: <tag>-<arch> in every image.
  for (const image of images) {
    const repository = image.slice(registry.host.length + 1);
    for (const architecture of ["amd64", "arm64"]) {
      const { digest } = await pushImage(
        { url: registry.url, repository, auth: { username: USERNAME, password: TOKEN } },
        { tag: `${TAG}-${architecture}`, platform: { os: "linux", architecture } },
      );
      const start = Date.now();
      timelines[architecture] = JSON.stringify({
        platform: `linux/${architecture}`,
        outcome: "success",
        digest,
        steps: [{ name: "build", start, end: start + 1000, outcome: "success" }],
      });
    }
  }
  // Every secret the caller has (secrets: inherit); the registry's login comes from REGISTRY_AUTH,
  // which names the same username, as a Docker Hub login does.
  secrets = {
    DOCKER_USERNAME: USERNAME,
    DOCKER_TOKEN: TOKEN,
    GAR_PUSH_TOKEN: "ya29.a0-gar-access-token-0123456789",
    IMAGE_SECRETS: "pip_conf=index-url-with-password-42",
    REGISTRY_AUTH: `- registry: ${registry.host}\n  username: ${USERNAME}\n  password: ${JSON.stringify(TOKEN)}`,
  };
});

afterAll(async () => {
  await stopAll();
  rmSync(dockerConfig, { recursive: true, force: true });
});

const { github, env: githubEnv, job } = tagPush(TAG);

/** The workflow's inputs: its defaults, then what sciplat-lab's caller passes. */
function workflowInputs(): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(call.inputs).map(([name, spec]) => [name, spec.default]),
  );
  return { ...defaults, images: images.join("\n"), "additional-tags": "latest_weekly" };
}

interface PlayedJob {
  /** Job outputs as evaluated, before the runner's redaction. */
  readonly outputs: Record<string, string>;
  /** Every form the runner masks in this job: its secrets' and its `::add-mask::`s' (secret-masker.ts). */
  readonly masks: string[];
  /** The steps of our actions that ran. */
  readonly runs: PlayedStep[];
}

/** Runs a job's steps as the runner would (our plan, login and stitch from their bundles). */
async function playJob(name: string, contexts: Contexts): Promise<PlayedJob> {
  const spec = build.jobs[name] as Job;
  const played = await playSteps(
    spec,
    { ...contexts, job },
    {
      env: { ...githubEnv, DOCKER_CONFIG: dockerConfig },
      actions: ["image-spec", "multi-registry-login", "manifest-stitch"],
    },
  );
  for (const step of played.steps) {
    expect(
      step.annotations.filter((a) => a.startsWith("error")),
      `${name}: ${step.name}`,
    ).toEqual([]);
    expect(step.outcome, `${name}: ${step.name}`).toBe("success");
  }
  return {
    outputs: played.outputs,
    masks: masksOf(
      spec,
      played.steps.flatMap((step) => step.addMasks),
    ),
    runs: played.steps.filter((step) => step.kind !== "run" && step.kind !== "stub"),
  };
}

/** The build legs' outputs as the manifest job receives them: merged, then redacted in the build job. */
function buildOutputs(): Record<string, string> {
  const merged = mergeLegOutputs(
    build.jobs.build as Job,
    ["amd64", "arm64"].map((architecture, index) => ({
      matrix: { index, platform: `linux/${architecture}`, suffix: architecture },
      steps: { build: { outcome: "success", outputs: { timeline: timelines[architecture] ?? "" } } },
    })),
  );
  const redacted = redact(merged, masksOf(build.jobs.build as Job));
  expect(redacted.skipped).toEqual([]);
  return redacted.kept;
}

/** What the runner masks in a job: every secret its text names, and what its steps `::add-mask::`ed. */
function masksOf(job: Job, addMasks: readonly string[] = []): string[] {
  const uses = secretUses(job);
  // A job that takes the whole context (toJSON(secrets)) receives every secret of the caller.
  const received = uses.whole.length > 0 ? Object.keys(secrets) : uses.names;
  return [
    ...received.flatMap((name) => secretForms(secrets[name] ?? "")),
    ...addMasks.flatMap((value) => addMaskForms(value)),
  ];
}

const redact = redactOutputs;

describe("build.yaml's outputs under the runner's secret redaction", () => {
  it("every workflow output reaches the caller of a docker.io/<username>/... build", async () => {
    const inputs = workflowInputs();
    const base = { github, inputs, secrets, vars: {} };

    const plan = await playJob("plan", base);
    const planRedacted = redact(plan.outputs, plan.masks);
    expect(planRedacted.skipped).toEqual([]);
    expect(plan.outputs.tag).toBe(TAG);
    expect(plan.outputs.push).toBe("true");

    const manifest = await playJob("manifest", {
      ...base,
      needs: {
        plan: { outputs: planRedacted.kept, result: "success" },
        build: { outputs: buildOutputs(), result: "success" },
      },
    });
    // The username is masked in the manifest job: it uses DOCKER_USERNAME (and REGISTRY_AUTH).
    expect(manifest.masks).toContain(USERNAME);
    const stitch = manifest.runs.at(-1);
    const stitched = JSON.parse(stitch?.outputs.digests ?? "{}") as Record<string, string>;
    const digest = stitch?.outputs.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(stitched).sort()).toEqual([...images].sort());

    // The check can fail: the stitch step's own `digests` names docker.io/lsstsqre/..., so a job
    // output carrying it would be dropped, as v1's was.
    expect(redact({ digests: stitch?.outputs.digests ?? "" }, manifest.masks).skipped).toEqual([
      "Skip output 'digests' since it may contain secret.",
    ]);

    const manifestRedacted = redact(manifest.outputs, manifest.masks);
    expect(manifestRedacted.skipped).toEqual([]);

    const jobs = {
      plan: { outputs: planRedacted.kept, result: "success" },
      manifest: { outputs: manifestRedacted.kept, result: "success" },
    };
    const outputs = Object.fromEntries(
      Object.entries(call.outputs).map(([name, spec]) => [name, evaluateValue(spec.value, { jobs })]),
    );
    expect(Object.keys(outputs).sort()).toEqual(["digest", "digests", "tag"]);
    expect(outputs.tag).toBe(TAG);
    expect(outputs.digest).toBe(digest);
    // The same object the stitch step made, image by image.
    expect(JSON.parse(outputs.digests ?? "")).toEqual(stitched);
  });

  it("a build that does not push outputs its tag and empty digests, as before", async () => {
    const inputs = { ...workflowInputs(), push: false };
    const base = { github, inputs, secrets, vars: {} };
    const plan = await playJob("plan", base);
    expect(plan.outputs.push).toBe("false");
    const manifest = await playJob("manifest", {
      ...base,
      needs: {
        plan: { outputs: plan.outputs, result: "success" },
        build: { outputs: buildOutputs(), result: "success" },
      },
    });
    expect(manifest.runs).toEqual([]);
    const jobs = { plan: { outputs: plan.outputs }, manifest: { outputs: manifest.outputs } };
    const outputs = Object.fromEntries(
      Object.entries(call.outputs).map(([name, spec]) => [name, evaluateValue(spec.value, { jobs })]),
    );
    expect(outputs).toEqual({ tag: TAG, digest: "", digests: "" });
  });
});

describe("the model of the runner's masker masks what the runner masks", () => {
  const SECRET = "Correct-Horse-9";
  const shows = (secret: string, text: string) => mask(text, secretForms(secret));

  it.each([
    ["the value itself", SECRET, `x${SECRET}x`, "x***x"],
    ["nothing else (case counts)", SECRET, SECRET.toLowerCase(), SECRET.toLowerCase()],
    ["its JSON escapes", 'Pa"ss\\word', '{"p":"Pa\\"ss\\\\word"}', '{"p":"***"}'],
    ["its URI escapes (.NET's, ! included)", "Pa ss/wo!rd", "u=Pa%20ss%2Fwo%21rd&x", "u=***&x"],
    ["its XML escapes", "Pa<ss>&1", "<p>Pa&lt;ss&gt;&amp;1</p>", "<p>***</p>"],
    ["its expression-string escapes", "it's-a-secret", "'it''s-a-secret'", "'***'"],
    ["its command-line escapes", 'say"hi"now', 'run "say\\"hi\\"now"', 'run "***"'],
    ["each of its lines, trimmed", "line-one\n   line-two   \n", "got line-two here", "got *** here"],
    ["the inside of a quoted value longer than 8", '"quoted-secret"', "quoted-secret", "***"],
    ["but not of a short one", '"short"', "a short word", "a short word"],
    ["one character, everywhere (no minimum length)", "a", "sha256:abc", "sh***256:***bc"],
  ])("%s", (_, secret, text, shown) => {
    expect(shows(secret, text)).toBe(shown);
  });

  it.each([
    0, 1, 2, 3, 4, 5,
  ])("its base64 after a prefix of %i characters (as in base64(user:password))", (n) => {
    const encoded = Buffer.from(`${"u".repeat(n)}${SECRET}`).toString("base64");
    const shown = shows(SECRET, encoded);
    expect(shown.endsWith("***")).toBe(true);
    // Only the characters that also encode the prefix stay readable.
    expect(shown.length - 3).toBeLessThanOrEqual(4 * Math.ceil((n + 2) / 3));
  });

  it("an ::add-mask:: of blanks adds nothing, one of a multi-line value adds each line", () => {
    expect(addMaskForms("   ")).toEqual([]);
    expect(mask("x: second-line", addMaskForms("first-line\nsecond-line"))).toBe("x: ***");
  });
});

describe("the build legs' timelines under IMAGE_SECRETS", () => {
  const buildJob = build.jobs.build as Job;
  const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
  const TIMELINE = JSON.stringify({
    platform: "linux/amd64",
    outcome: "success",
    digest: DIGEST,
    steps: [{ name: "build", start: 1_796_054_400_000, end: 1_796_054_500_000, outcome: "success" }],
  });
  const legOutputs = () =>
    mergeLegOutputs(buildJob, [
      {
        matrix: { index: 0, platform: "linux/amd64", suffix: "amd64" },
        steps: { build: { outcome: "success", outputs: { timeline: TIMELINE, digest: DIGEST } } },
      },
    ]);
  const withImageSecrets = (value: string) => {
    const saved = secrets.IMAGE_SECRETS;
    secrets.IMAGE_SECRETS = value;
    try {
      return { masks: masksOf(buildJob), redacted: redact(legOutputs(), masksOf(buildJob)) };
    } finally {
      secrets.IMAGE_SECRETS = saved ?? "";
    }
  };
  /** The stitch's sources from what reached the manifest job, as manifest-stitch reads them. */
  const stitchProblems = (outputs: Record<string, string>) => {
    try {
      parseStitchInputs(
        stitchRaw({
          images: "ghcr.io/lsst-sqre/sciplat-lab",
          tag: TAG,
          platforms: "linux/amd64",
          push: "true",
          sources: JSON.stringify(outputs),
        }),
        readGitHubContext(githubEnv),
      );
      return [];
    } catch (error) {
      return (
        (error as { errors?: Array<{ message: string }> }).errors?.map((e) => e.message) ?? [String(error)]
      );
    }
  };

  it("a multi-line secret in heredoc form masks every line, the delimiters too, and the leg's timeline still reaches the manifest job", () => {
    const { masks, redacted } = withImageSecrets(
      "pip_conf<<PIP_CONF_END\n[global]\nindex-url = https://user:pa55@pypi.example.org/simple\nPIP_CONF_END\n",
    );
    for (const line of ["pip_conf<<PIP_CONF_END", "[global]", "PIP_CONF_END"]) expect(masks).toContain(line);
    expect(redacted).toEqual({ kept: { "leg-0": TIMELINE }, skipped: [] });
    expect(stitchProblems(redacted.kept)).toEqual([]);
  });

  it("only the build job masks IMAGE_SECRETS: the manifest job never receives it", () => {
    expect(secretUses(build.jobs.manifest).names).not.toContain("IMAGE_SECRETS");
  });

  it("a line that is a piece of a digest drops that leg's timeline, and the stitch names the platform (docs/security.md says so)", () => {
    const { redacted } = withImageSecrets("retries<<END\n3\nEND\n");
    expect(redacted.skipped).toEqual(["Skip output 'leg-0' since it may contain secret."]);
    expect(stitchProblems(redacted.kept)).toEqual([
      'sources: "{}" has no digest for linux/amd64 (its build failed, did not run, or did not push); ' +
        "give linux/amd64=sha256:… or that platform's arch-build timeline output",
    ]);
  });
});
