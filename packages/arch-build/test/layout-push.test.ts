/**
 * pushLayoutByDigest against a real registry with the real skopeo: two pushes at once that share a
 * temp directory (the CLI's two platforms; two steps without RUNNER_TEMP) each check the digest their
 * own copy stored. A wrapper around skopeo orders the two copies so that, were the digest files shared,
 * the second copy's file would always be the one the first push reads.
 */
import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, pushImage, type Registry, runCommand, startRegistry, stopAll } from "@mbp/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pushLayoutByDigest } from "../src/layout-push";
import { recordingReporter } from "./helpers";

let registry: Registry;
const layouts: Record<"first" | "second", { dir: string; digest: string }> = {
  first: { dir: "", digest: "" },
  second: { dir: "", digest: "" },
};

beforeAll(async () => {
  registry = await startRegistry();
  for (const name of ["first", "second"] as const) {
    const pushed = await pushImage(
      { url: registry.url, repository: "org/source" },
      { tag: name, platform: { os: "linux", architecture: "amd64" }, seed: name },
    );
    const dir = join(makeTempDir(`layout-${name}`), "oci");
    await runCommand("skopeo", [
      "copy",
      "--preserve-digests",
      "--src-tls-verify=false",
      "--src-no-creds",
      `docker://${registry.host}/org/source:${name}`,
      `oci:${dir}`,
    ]);
    layouts[name] = { dir, digest: pushed.digest };
  }
});
afterAll(() => stopAll());

/**
 * skopeo, except that the first push's copy to org/first-a waits, after it wrote its digest file, for
 * the second push's copy to org/second-a to finish; and that copy starts only once the first wrote.
 */
function orderedSkopeo(): string {
  const dir = makeTempDir("ordered-skopeo");
  const script = join(dir, "skopeo");
  writeFileSync(
    script,
    `#!/bin/sh
sync=${dir}
wait_for() { n=0; while [ ! -e "$sync/$1" ]; do n=$((n+1)); [ $n -gt 1200 ] && exit 97; sleep 0.05; done; }
case "$*" in
  *"/org/second-a@"*) wait_for first-copied ;;
esac
skopeo "$@"; status=$?
case "$*" in
  *"/org/first-a@"*) touch "$sync/first-copied"; wait_for second-copied ;;
  *"/org/second-a@"*) touch "$sync/second-copied" ;;
esac
exit $status
`,
  );
  chmodSync(script, 0o755);
  return script;
}

it("two pushes at once sharing a temp directory each check their own copy's digest, and leave it empty", async () => {
  const tempDir = makeTempDir("layout-push-shared");
  const command = orderedSkopeo();
  const push = (name: "first" | "second") =>
    pushLayoutByDigest(
      { dir: layouts[name].dir },
      layouts[name].digest,
      [`${registry.host}/org/${name}-a`, `${registry.host}/org/${name}-b`],
      { tempDir, command, insecureRegistries: [registry.host] },
      recordingReporter(),
    );
  const [first, second] = await Promise.all([push("first"), push("second")]);
  expect(layouts.first.digest).not.toBe(layouts.second.digest);
  expect(first).toEqual([
    `${registry.host}/org/first-a@${layouts.first.digest}`,
    `${registry.host}/org/first-b@${layouts.first.digest}`,
  ]);
  expect(second).toEqual([
    `${registry.host}/org/second-a@${layouts.second.digest}`,
    `${registry.host}/org/second-b@${layouts.second.digest}`,
  ]);
  expect(readdirSync(tempDir)).toEqual([]);
});
