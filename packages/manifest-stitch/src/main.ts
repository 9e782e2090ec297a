import * as core from "@actions/core";
import {
  credentialsFor,
  Problems,
  type RegistryCredentials,
  type RunSummary,
  readGitHubContext,
  renderRunSummary,
} from "@mbp/image-spec";
import {
  actionsReporter,
  getBoolean,
  getString,
  getText,
  maskSecret,
  reportFailure,
  setOutputs,
  warnAll,
  writeSummary,
} from "@mbp/image-spec/actions";
import { NothingPublishedError, outputsOf, parseInputs, run, type StitchOutputs } from "./run";
import { StitchError, type StitchResult } from "./stitch";
import { nothingPublishedSummary, publishedSummary } from "./summary";

const log = actionsReporter;

export async function main(): Promise<void> {
  try {
    const problems = new Problems();
    const push = getBoolean("push", problems, true);
    const inputs = parseInputs(
      {
        images: getText("images"),
        tag: getString("tag"),
        additionalTags: getText("additional-tags"),
        platforms: getText("platforms"),
        annotations: getText("annotations"),
        push,
        insecureRegistries: getText("insecure-registries"),
        timeoutSeconds: getString("timeout-seconds"),
        sources: getText("sources"),
        timeline: getText("timeline"),
        buildResult: getString("build-result"),
      },
      readGitHubContext(),
      problems,
    );
    warnAll(inputs.warnings);
    const { plan } = inputs;
    core.info(
      inputs.buildResult === "success"
        ? `${push ? "Stitching" : "Dry run: checking"} ${plan.tags.map((t) => `:${t}`).join(", ")} over ${plan.platforms.map((p) => p.id).join(", ")} in ${plan.images.map((i) => i.name).join(", ")}`
        : `The builds ended with ${inputs.buildResult}: no multi-arch tag is written${push ? "; looking for what they left" : ""}`,
    );
    // Image sizes cost a request per platform; only a summary shows them.
    const sizes = Boolean(process.env.GITHUB_STEP_SUMMARY);
    try {
      const { results, outputs, report } = await run(inputs, { credentials: maskedCredentials, log, sizes });
      if (!push) for (const result of results) printIndex(result);
      publish(outputs);
      await writeRunSummary(publishedSummary(inputs, results, report));
    } catch (error) {
      // What was pushed before a failure, and what was not, are outputs too: the next step (and a
      // person) can see exactly which tags exist.
      const outputs = outputsOf(plan, error instanceof StitchError ? error.partial : []);
      publish(outputs);
      if (error instanceof NothingPublishedError)
        await writeRunSummary(nothingPublishedSummary(inputs, error));
      else if (outputs.refs.length > 0) await summariseIncomplete(outputs);
      throw error;
    }
  } catch (error) {
    reportFailure(error);
  }
}

function publish(outputs: StitchOutputs): void {
  setOutputs({
    tag: outputs.tag,
    digest: outputs.digest,
    digests: outputs.digests,
    refs: outputs.refs,
    "unwritten-refs": outputs.unwrittenRefs,
    complete: outputs.complete,
  });
}

// Credentials come from the Docker config that docker login / multi-registry-login wrote.
async function maskedCredentials(host: string): Promise<RegistryCredentials | undefined> {
  const credentials = await credentialsFor(host);
  if (credentials) {
    for (const secret of [credentials.password, credentials.identityToken, credentials.registryToken]) {
      if (secret) maskSecret(secret);
    }
    if (credentials.password !== undefined) {
      maskSecret(`${credentials.username ?? ""}:${credentials.password}`);
    }
  }
  return credentials;
}

function printIndex(result: StitchResult): void {
  core.info(`Index for ${result.target} (${result.digest}), not pushed:`);
  core.info(JSON.stringify(result.index, null, 2));
}

async function writeRunSummary(summary: RunSummary): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(renderRunSummary(summary), true).write();
}

/** After a failure part-way: which tags the registries now hold, and which they do not. */
async function summariseIncomplete(outputs: StitchOutputs): Promise<void> {
  const rows = [
    ...outputs.refs.map((ref) => [`\`${ref}\``, "written"]),
    ...outputs.unwrittenRefs.map((ref) => [`\`${ref}\``, "**not written**"]),
  ];
  await writeSummary(
    "Incomplete: some tags were not written",
    ["Ref", "State"],
    rows,
    "Pushing is idempotent: rerun the job to complete the set.",
  );
}
