import * as core from "@actions/core";
import {
  credentialsFor,
  isAttestation,
  Problems,
  platformId,
  REFERENCE_DIGEST_ANNOTATION,
  type RegistryCredentials,
  readGitHubContext,
} from "@mbp/image-spec";
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
import { outputsOf, parseInputs, run, type StitchOutputs } from "./run";
import { StitchError, type StitchResult } from "./stitch";

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
      },
      readGitHubContext(),
      problems,
    );
    warnAll(inputs.warnings);
    const { plan } = inputs;
    core.info(
      `${push ? "Stitching" : "Dry run: checking"} ${plan.tags.map((t) => `:${t}`).join(", ")} over ${plan.platforms.map((p) => p.id).join(", ")} in ${plan.images.map((i) => i.name).join(", ")}`,
    );
    try {
      const { results, outputs } = await run(inputs, { credentials: maskedCredentials, log });
      if (!push) for (const result of results) printIndex(result);
      publish(outputs);
      await summarise(results);
    } catch (error) {
      // What was pushed before a failure, and what was not, are outputs too: the next step (and a
      // person) can see exactly which tags exist.
      const outputs = outputsOf(plan, error instanceof StitchError ? error.partial : []);
      publish(outputs);
      if (outputs.refs.length > 0) await summariseIncomplete(outputs);
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

async function summarise(results: readonly StitchResult[]): Promise<void> {
  for (const result of results) {
    const rows = result.index.manifests.map((entry) => {
      const what = isAttestation(entry)
        ? `attestation of \`${shortDigest(entry.annotations?.[REFERENCE_DIGEST_ANNOTATION] ?? "")}\``
        : `\`${platformId(entry.platform)}\``;
      return [what, `\`${entry.digest}\``, cell(formatSize(entry.size))];
    });
    const tags = result.tags.map((t) => `\`${t}\``).join(", ");
    const pull = `docker pull ${result.target}:${result.tags[0] ?? ""}`;
    const notes = [
      `${result.pushed ? "Tags" : "Tags (dry run, not pushed)"}: ${tags}`,
      `Index: \`${result.digest}\` (${formatSize(result.bytes.length)})`,
      `Pull: \`${pull}\``,
    ].join("<br>\n");
    await writeSummary(result.target, ["Platform", "Digest", "Size"], rows, notes);
  }
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

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
