/**
 * The build-request rule end to end, through the bundled action (dist/index.js) as the runner runs
 * it, on a real dockerd with buildx (the `docker` driver on the containerd image store) and a
 * loopback registry: a secret of several lines given as an `id<<DELIMITER` block, and the provenance
 * a workflow run gets by default. Images are `FROM scratch` with Debian's static busybox, so RUN
 * steps have a shell. Skips, saying why, only where no dockerd can start.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ActionRun, runAction } from "@mbp/image-spec/testing";
import {
  busybox,
  type Credentials,
  dockerd,
  httpRequest,
  inspectRaw,
  type Registry,
  startRegistry,
  stopAll,
  type TempDockerConfig,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext } from "./contexts";
import { GITHUB_ENV } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const user: Credentials = { username: "ci", password: "request-e2e-pw-3" };
const ATTESTATION = "attestation-manifest";
const RUN = "https://github.com/org/app/actions/runs/777/attempts/1";

const engine = await dockerd();
const shell = busybox(process.arch === "arm64" ? "arm64" : "amd64");
const platform = process.arch === "arm64" ? "linux/arm64" : "linux/amd64";
const skipReason = !engine.ok ? engine.reason : !shell.ok ? shell.reason : undefined;

let registry: Registry;
let config: TempDockerConfig;
const dirs: string[] = [];

beforeAll(async () => {
  if (skipReason) return;
  registry = await startRegistry({ auth: { htpasswd: { [user.username]: user.password } } });
  config = tempDockerConfig({ [registry.host]: user });
});

afterAll(async () => {
  await stopAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A busybox context whose one RUN step runs `script` (no network, so no bridge is needed). */
function context(script: string, before = ""): string {
  if (!shell.ok) throw new Error(shell.reason);
  const dir = makeContext({
    Dockerfile: [
      "FROM scratch",
      "COPY busybox /bin/busybox",
      'SHELL ["/bin/busybox", "sh", "-c"]',
      before,
      `RUN --network=none ${script}`,
      "",
    ].join("\n"),
  });
  copyFileSync(shell.path, join(dir, "busybox"));
  dirs.push(dir);
  return dir;
}

async function build(
  dir: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  if (!engine.ok) throw new Error(engine.reason);
  return runAction(actionYml, {
    cwd: dir,
    inputs: { images: `${registry.host}/org/app`, platform, engine: "buildx", cache: "false", ...inputs },
    env: { ...GITHUB_ENV, RUNNER_ENVIRONMENT: "self-hosted", ...engine.dockerd.env, ...config.env, ...env },
    timeoutMs: 300_000,
  });
}

/**
 * The log as the runner shows it: it reads output line by line and replaces every value an
 * `::add-mask::` registered with `***` (its own encodings of them aside); the commands themselves
 * are not shown.
 */
function asTheRunnerShows(result: ActionRun): string {
  const masks = result.commands
    .filter((command) => command.command === "add-mask" && command.message !== "")
    .map((command) => command.message)
    .sort((a, b) => b.length - a.length);
  return `${result.stdout}\n${result.stderr}`
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .map((line) => masks.reduce((shown, mask) => shown.replaceAll(mask, "***"), line))
    .join("\n");
}

async function blob(digest: string): Promise<Buffer> {
  const res = await httpRequest(`${registry.url}/v2/org/app/blobs/${digest}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
    },
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** The SLSA provenance predicate buildx attached to `ref`, if any. */
async function provenanceOf(ref: string): Promise<Record<string, unknown> | undefined> {
  const top = await inspectRaw(ref, { creds: user });
  const attestation = top.manifest.manifests?.find(
    (entry) => entry.annotations?.["vnd.docker.reference.type"] === ATTESTATION,
  );
  if (!attestation) return undefined;
  const { manifest } = await inspectRaw(`${registry.host}/org/app@${attestation.digest}`, { creds: user });
  const layer = manifest.layers?.find(
    (l) => l.annotations?.["in-toto.io/predicate-type"] === "https://slsa.dev/provenance/v0.2",
  );
  if (!layer) return undefined;
  return (JSON.parse((await blob(layer.digest)).toString("utf8")) as { predicate: Record<string, unknown> })
    .predicate;
}

describe(`the build request through the bundled action and a real buildx${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it.skipIf(skipReason)(
    "a secret of several lines reaches the RUN step whole, and its lines are masked in the log",
    async () => {
      const pipConf = "[global]\nindex-url = https://ci:pypi-pw-5521@pypi.example/simple\ntimeout = 60";
      // NONCE: a secret is not part of the cache key; a new build argument makes the step run again.
      const dir = context(
        "--mount=type=secret,id=pip_conf /bin/busybox cat /run/secrets/pip_conf && /bin/busybox echo && /bin/busybox echo '<<end>>'",
        "ARG NONCE",
      );
      const result = await build(dir, {
        tag: "secret",
        "build-args": `NONCE=${Date.now()}-${Math.random()}`,
        secrets: `token=one-line-value-8812\npip_conf<<PIP_CONF_EOF\n${pipConf}\nPIP_CONF_EOF`,
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      // The RUN step printed the file: every line of it, whole (the control: this log can show it).
      const raw = `${result.stdout}\n${result.stderr}`;
      for (const line of pipConf.split("\n"))
        expect(raw).toMatch(new RegExp(`^#\\d+ [\\d.]+ ${regexpOf(line)}$`, "m"));
      // What a reader of the job's log sees: none of it.
      const shown = asTheRunnerShows(result);
      expect(shown).toContain("<<end>>");
      for (const part of ["pypi-pw-5521", "index-url", "one-line-value-8812"]) {
        expect(shown).not.toContain(part);
      }
    },
  );

  it.skipIf(skipReason)(
    "a public repository's run gets provenance mode=max (build-arg values recorded), a private one's mode=min",
    async () => {
      const dir = context("/bin/busybox echo built", "ARG NOT_A_SECRET");
      const events = mkdtempSync(join(tmpdir(), "arch-build-event-"));
      dirs.push(events);
      const run = async (tag: string, visibility: boolean) => {
        const event = join(events, `${tag}.json`);
        writeFileSync(event, JSON.stringify({ repository: { full_name: "org/app", private: visibility } }));
        const result = await build(
          dir,
          { tag, "build-args": "NOT_A_SECRET=recorded-7731" },
          { GITHUB_RUN_ID: "777", GITHUB_RUN_ATTEMPT: "1", GITHUB_EVENT_PATH: event },
        );
        expect(result.errors).toEqual([]);
        expect(result.exitCode).toBe(0);
        const suffix = platform.split("/")[1];
        return provenanceOf(`${registry.host}/org/app:${tag}-${suffix}`);
      };

      const open = await run("public", false);
      expect(open?.builder).toEqual({ id: RUN });
      expect(JSON.stringify(open?.invocation)).toContain('"build-arg:NOT_A_SECRET":"recorded-7731"');

      const closed = await run("private", true);
      expect(closed?.builder).toEqual({ id: RUN });
      expect(JSON.stringify(closed)).not.toContain("recorded-7731");
    },
  );
});

function regexpOf(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
