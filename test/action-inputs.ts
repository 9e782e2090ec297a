/**
 * Our actions' inputs as the runner hands them over (action.yml defaults, then the step's `with:`
 * evaluated by GitHub's evaluator, every value a string), turned into each action's raw input object,
 * so that the repo checks parse them with the action's own input code.
 */
import type { RawInputs as ArchBuildRaw } from "../packages/arch-build/src/inputs";
import type { RawInputs as StitchRaw } from "../packages/manifest-stitch/src/run";
import { type Contexts, evaluateValue } from "./expressions";
import { type ActionManifest, readYaml, type Step } from "./workflow-files";

/** The inputs of packages/<name>'s action for a step: its action.yml defaults, then the step's `with:`. */
export function actionInputs(name: string, step: Step, contexts: Contexts): Record<string, string> {
  const manifest = readYaml<ActionManifest>(`packages/${name}/action.yml`);
  const defaults = Object.entries(manifest.inputs ?? {}).map(([key, spec]) => [
    key,
    String(spec.default ?? ""),
  ]);
  const given = Object.entries(step.with ?? {}).map(([key, value]) => [
    key,
    evaluateValue(String(value), contexts),
  ]);
  return Object.fromEntries([...defaults, ...given]);
}

/** arch-build's raw inputs (booleans as its main reads them). */
export function archBuildRaw(given: Record<string, string>): ArchBuildRaw {
  return {
    images: given.images ?? "",
    tag: given.tag ?? "",
    additionalTags: given["additional-tags"] ?? "",
    platform: given.platform ?? "",
    context: given.context ?? "",
    dockerfile: given.dockerfile ?? "",
    target: given.target ?? "",
    buildArgs: given["build-args"] ?? "",
    secrets: given.secrets ?? "",
    push: given.push === "true",
    cache: given.cache === "true",
    cacheFrom: given["cache-from"] ?? "",
    cacheTo: given["cache-to"] ?? "",
    provenance: given.provenance ?? "",
    sbom: given.sbom ?? "",
    labels: given.labels ?? "",
    annotations: given.annotations ?? "",
    freeSpace: given["free-space"] === "true",
    engine: given.engine ?? "",
    insecureRegistries: given["insecure-registries"] ?? "",
    archTags: given["arch-tags"] !== "false",
  };
}

/** manifest-stitch's raw inputs. */
export function stitchRaw(given: Record<string, string>): StitchRaw {
  return {
    images: given.images ?? "",
    tag: given.tag ?? "",
    additionalTags: given["additional-tags"] ?? "",
    platforms: given.platforms ?? "",
    annotations: given.annotations ?? "",
    push: given.push === "true",
    insecureRegistries: given["insecure-registries"] ?? "",
    timeoutSeconds: given["timeout-seconds"] ?? "",
    sources: given.sources ?? "",
    timeline: given.timeline ?? "",
    buildResult: given["build-result"] ?? "",
  };
}
