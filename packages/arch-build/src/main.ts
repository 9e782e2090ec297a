import * as core from "@actions/core";
import { Problems, readGitHubContext } from "@mbp/image-spec";
import {
  actionsReporter,
  cell,
  getBoolean,
  getString,
  getText,
  maskSecret,
  reportFailure,
  setOutputs,
  warnAll,
  writeSummary,
} from "@mbp/image-spec/actions";
import { freeSpaceNote } from "./free-space";
import { hostPlatformId, parseInputs, type RawInputs } from "./inputs";
import { ArchBuildError, type ArchBuildOutputs, type ArchBuildReport, formatDuration, run } from "./run";

const reporter = actionsReporter;

// The input that carries secret values is read once, then removed from the environment that every
// child process inherits (the runner's name for it: upper-cased, hyphens kept).
function dropSecretsInput(): void {
  delete process.env.INPUT_SECRETS;
}

export async function main(): Promise<void> {
  try {
    // Masked before anything else can print them: the whole input (each of its lines), then each
    // value once parsed (a multi-line value line by line, and its base64).
    const secretsText = getText("secrets");
    maskSecret(secretsText);
    dropSecretsInput();
    const problems = new Problems();
    const raw: RawInputs = {
      images: getText("images"),
      tag: getString("tag"),
      additionalTags: getText("additional-tags"),
      platform: getString("platform"),
      context: getString("context"),
      dockerfile: getString("dockerfile"),
      target: getString("target"),
      buildArgs: getText("build-args"),
      secrets: secretsText,
      push: getBoolean("push", problems, true),
      cache: getBoolean("cache", problems, true),
      cacheFrom: getText("cache-from"),
      cacheTo: getText("cache-to"),
      provenance: getString("provenance"),
      sbom: getString("sbom"),
      labels: getText("labels"),
      annotations: getText("annotations"),
      freeSpace: getBoolean("free-space", problems, false),
      engine: getString("engine"),
      insecureRegistries: getText("insecure-registries"),
      archTags: getBoolean("arch-tags", problems, true),
    };
    const inputs = parseInputs(
      raw,
      { github: readGitHubContext(), hostPlatform: hostPlatformId() },
      problems,
    );
    for (const secret of inputs.secrets) maskSecret(secret.value);
    warnAll(inputs.warnings);
    for (const note of inputs.notes) core.info(note);
    const pushes = inputs.archTags
      ? inputs.refs.join(", ")
      : `${inputs.plan.images.map((image) => image.name).join(", ")} by digest only (arch-tags: false)`;
    core.info(`Building ${inputs.platform.id} with ${inputs.engine}: ${pushes}`);
    const { outputs, report } = await run(inputs, { reporter });
    publish(outputs);
    await summarise(report);
  } catch (error) {
    // What the build pushed before it failed, and when each step ran, are outputs too.
    if (error instanceof ArchBuildError) publish(error.outputs);
    reportFailure(error);
  }
}

function publish(outputs: ArchBuildOutputs): void {
  setOutputs({
    digest: outputs.digest,
    descriptor: outputs.descriptor ? { ...outputs.descriptor } : undefined,
    refs: outputs.refs,
    timeline: { ...outputs.timeline },
  });
}

async function summarise(report: ArchBuildReport): Promise<void> {
  const row = [
    `\`${report.platform}\``,
    report.refs.length > 0 ? report.refs.map((ref) => `\`${cell(ref)}\``).join("<br>") : "(not pushed)",
    report.digest ? `\`${report.digest}\`` : "",
    report.size === undefined ? "" : `${report.size} B`,
    formatDuration(report.buildMs),
  ];
  const notes = [`Engine: ${report.engine}.`];
  if (!report.pushed) notes.push("push is false: nothing was pushed.");
  if (report.freeSpace) notes.push(cell(freeSpaceNote(report.freeSpace)));
  await writeSummary(
    "Per-architecture build",
    ["Platform", "Refs", "Digest", "Manifest size", "Build time"],
    [row],
    notes.join(" "),
  );
}
