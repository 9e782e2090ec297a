import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One invocation of the fake `docker`. */
export interface DockerCall {
  readonly argv: string[];
  readonly env: Record<string, string>;
}

export interface FakeDocker {
  /** Directory holding `docker`, to put first on PATH. */
  readonly dir: string;
  /** The executable itself. */
  readonly path: string;
  calls(): DockerCall[];
  remove(): void;
}

export const FAKE_DIGEST = `sha256:${"c".repeat(64)}`;

/**
 * A stand-in for the docker CLI with buildx (no daemon or buildx here): records every argv and
 * environment, answers `buildx inspect` with the given driver, fails `buildx build` with the given
 * stderr lines in turn, checks that every `--secret id=…,env=NAME` has NAME in its environment (as
 * buildx does), and writes a metadata file like buildx's. `containerdStore`: the `docker` driver's
 * worker labels show the containerd image store.
 */
export function fakeDocker(
  options: {
    driver?: string;
    failures?: string[];
    containerdStore?: boolean;
    /** The push fails (403) after this many manifest pushes succeeded. */
    pushFailsAfter?: number;
  } = {},
): FakeDocker {
  const dir = mkdtempSync(join(tmpdir(), "arch-build-fake-docker-"));
  const log = join(dir, "calls.jsonl");
  const failures = join(dir, "failures.json");
  writeFileSync(failures, JSON.stringify(options.failures ?? []));
  writeFileSync(join(dir, "push-failure.json"), JSON.stringify(options.pushFailsAfter ?? null));
  const script = `#!/usr/bin/env node
const DIGEST = ${JSON.stringify(FAKE_DIGEST)};
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: args, env: process.env }) + "\\n");
const sub = args.slice(0, 2).join(" ");
const fail = (message) => { process.stderr.write(message + "\\n"); process.exit(1); };
if (sub === "buildx inspect" && args[2]) fail('ERROR: no builder "' + args[2] + '" found');
if (sub === "buildx inspect") {
  process.stdout.write("Name:   default\\nDriver: ${options.driver ?? "docker"}\\n\\nNodes:\\nName: default\\n${
    options.containerdStore
      ? "Labels:\\n org.mobyproject.buildkit.worker.containerd.namespace: moby\\n org.mobyproject.buildkit.worker.executor: containerd\\n"
      : ""
  }");
  process.exit(0);
}
if (sub === "buildx create") { process.stdout.write(args[args.indexOf("--name") + 1] + "\\n"); process.exit(0); }
if (sub !== "buildx build") fail("fake docker: unexpected command " + args.join(" "));
const pending = JSON.parse(fs.readFileSync(${JSON.stringify(failures)}, "utf8"));
if (pending.length > 0) {
  const message = pending.shift();
  fs.writeFileSync(${JSON.stringify(failures)}, JSON.stringify(pending));
  fail(message);
}
args.forEach((arg, i) => {
  if (arg !== "--secret") return;
  const env = /env=([^,]+)/.exec(args[i + 1])[1];
  if (!(env in process.env)) fail("ERROR: secret env " + env + " is not set");
});
process.stdout.write("#1 [internal] load build definition from Dockerfile\\n#1 DONE 0.0s\\n");
const metadata = { "buildx.build.ref": "mbp-arch-build/mbp-arch-build0/fake" };
const output = args[args.indexOf("--output") + 1] ?? "";
// The names a push goes to, as buildx prints them: name:tag, or name alone for a push by digest.
const names = args.includes("--push")
  ? args.filter((a, i) => args[i - 1] === "--tag")
  : /push-by-digest=true/.test(output)
    ? /"name=([^"]*)"/.exec(output)[1].split(",")
    : [];
if (names.length > 0) {
  process.stderr.write("#9 exporting manifest list " + DIGEST + "\\n#9 pushing layers\\n#9 pushing layers 0.1s done\\n");
  const done = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, "push-failure.json"))}, "utf8"));
  names.forEach((name, i) => {
    process.stderr.write("#9 pushing manifest for " + name + "@" + DIGEST + "\\n");
    if (done !== null && i >= done) fail("ERROR: failed to push " + name + ": unexpected status from PUT request: 403 Forbidden");
    process.stderr.write("#9 pushing manifest for " + name + "@" + DIGEST + " 0.0s done\\n");
  });
}
if (names.length > 0) {
  metadata["containerimage.descriptor"] = {
    mediaType: "application/vnd.oci.image.index.v1+json",
    digest: ${JSON.stringify(FAKE_DIGEST)},
    size: 856,
  };
  metadata["containerimage.digest"] = ${JSON.stringify(FAKE_DIGEST)};
}
fs.writeFileSync(args[args.indexOf("--metadata-file") + 1], JSON.stringify(metadata));
`;
  const path = join(dir, "docker");
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return {
    dir,
    path,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as DockerCall)
        : [],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
