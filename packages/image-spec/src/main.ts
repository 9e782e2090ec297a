import * as core from "@actions/core";
import { cell, getString, getText, reportFailure, setOutputs, warnAll, writeSummary } from "./actions";
import { readGitHubContext } from "./github";
import type { Plan } from "./plan";
import { run } from "./run";

export async function main(): Promise<void> {
  const began = Date.now();
  try {
    const { plan, outputs } = run(
      {
        images: getText("images"),
        tag: getString("tag"),
        additionalTags: getText("additional-tags"),
        platforms: getText("platforms"),
        runners: getText("runners"),
        maxPlatforms: getString("max-platforms"),
        started: getString("started"),
        // Read as the jobs that use them read them, so the same text meets the same rule.
        buildArgs: getText("build-args"),
        cacheFrom: getText("cache-from"),
        cacheTo: getText("cache-to"),
        annotations: getText("annotations"),
        insecureRegistries: getText("insecure-registries"),
        garWorkloadIdentityProvider: getString("gar-workload-identity-provider"),
        garServiceAccount: getString("gar-service-account"),
        awsRoleArn: getString("aws-role-arn"),
      },
      readGitHubContext(),
      { began, now: Date.now },
    );
    warnAll([...plan.warnings, ...plan.platforms.flatMap((p) => (p.warning ? [p.warning] : []))]);
    logPlan(plan);
    setOutputs({ ...outputs });
    await summarise(plan);
  } catch (error) {
    reportFailure(error);
  }
}

function logPlan(plan: Plan): void {
  core.info(`Tag: ${plan.tag} (from ${plan.tagSource}); all tags: ${plan.tags.join(", ")}`);
  core.info(`Images: ${plan.images.map((i) => i.name).join(", ")}`);
  for (const platform of plan.platforms) {
    const runner = Array.isArray(platform.runner) ? platform.runner.join(", ") : platform.runner;
    core.info(`${platform.id} on ${runner}${platform.qemu ? " (QEMU)" : ""}: ${platform.refs.join(", ")}`);
  }
}

async function summarise(plan: Plan): Promise<void> {
  const rows = plan.platforms.map((p) => [
    `\`${p.id}\``,
    cell(Array.isArray(p.runner) ? p.runner.join(", ") : p.runner),
    p.qemu ? "yes" : "no",
    p.refs.map((r) => `\`${r}\``).join("<br>"),
  ]);
  const notes = `Multi-arch tags: ${plan.tags.map((t) => `\`${t}\``).join(", ")} on ${plan.images.map((i) => `\`${i.name}\``).join(", ")}`;
  await writeSummary("Build plan", ["Platform", "Runner", "QEMU", "Per-arch refs"], rows, notes);
}
