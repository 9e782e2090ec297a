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
import { PartialBuildError } from "./engine";
import { freeSpaceNote } from "./free-space";
import { hostPlatformId, keepNamedSecrets, parseInputs, parseSecretValues, type RawInputs } from "./inputs";
import { type ArchBuildReport, formatDuration, run } from "./run";

const reporter = actionsReporter;

/** Inputs that carry secret values: read once, then removed from the environment. */
const SECRET_INPUTS = ["secrets", "secret-values"] as const;

// The runner's name for an input's variable: upper-cased, spaces as `_`, hyphens kept.
function dropInput(name: string): void {
  delete process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`];
}

export async function main(): Promise<void> {
  try {
    // Masked before anything else can print them: the whole input, then each value.
    const secretsText = getText("secrets");
    maskSecret(secretsText);
    const problems = new Problems();
    // secret-values is every secret of the job (toJSON(secrets)): only the ones secret-names names
    // are kept, and neither input stays in the environment that every child process inherits.
    const secretNames = getText("secret-names");
    const secretValues = keepNamedSecrets(parseSecretValues(getText("secret-values"), problems), secretNames);
    for (const name of SECRET_INPUTS) dropInput(name);
    for (const value of Object.values(secretValues)) maskSecret(value);
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
      secretNames,
      secretValues,
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
    };
    const inputs = parseInputs(
      raw,
      { github: readGitHubContext(), hostPlatform: hostPlatformId() },
      problems,
    );
    for (const secret of inputs.secrets) maskSecret(secret.value);
    warnAll(inputs.warnings);
    core.info(`Building ${inputs.platform.id} with ${inputs.engine}: ${inputs.refs.join(", ")}`);
    const { outputs, report } = await run(inputs, { reporter });
    setOutputs({
      digest: outputs.digest,
      descriptor: outputs.descriptor ? { ...outputs.descriptor } : undefined,
      refs: outputs.refs,
    });
    await summarise(report);
  } catch (error) {
    if (error instanceof PartialBuildError) {
      setOutputs({ digest: error.partial.digest, refs: error.partial.refs });
    }
    reportFailure(error);
  }
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
