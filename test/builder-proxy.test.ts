/**
 * The build job's "The runner's proxy, for the builder" step: a self-hosted runner's proxy variables
 * become driver options of the docker-container builder that docker/setup-buildx-action creates, so
 * BuildKit (in a container that sees none of the runner's environment) pulls and pushes through the
 * proxy. The step runs as the runner runs it; its output goes, line by line, to the real
 * `docker buildx create --driver-opt` (buildx 0.13), and the builder's stored options are compared with
 * the runner's values. setup-buildx-action reads the list with actions-toolkit's getInputList
 * (ignoreComma, quote: false), which keeps each line as it is, so each line is what buildx gets.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dockerd, makeTempDir, runCommand, stopAll } from "../packages/testkit/src/index";
import { runStep } from "./run-step";
import { mask, printedMaskForms } from "./secret-masker";
import { readYaml, type Step, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const buildSteps: Step[] = build.jobs.build?.steps ?? [];
const step = buildSteps.find((s) => s.id === "proxy");
const setup = buildSteps.find((s) => s.uses?.startsWith("docker/setup-buildx-action@"));
const engine = await dockerd();
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  // A dockerd this file started itself (vitest run by hand, without scripts/test.sh's): stopped by pid.
  await stopAll();
});

/** Runs the step with `proxyEnv` as the runner's environment: its stdout and its driver-opts output. */
function proxyStep(proxyEnv: Record<string, string>) {
  if (!step) throw new Error("build.yaml: no step with id proxy");
  const dir = makeTempDir("builder-proxy");
  dirs.push(dir);
  const output = join(dir, "output");
  writeFileSync(output, "");
  const ran = runStep(step, {}, { ...proxyEnv, GITHUB_OUTPUT: output });
  const text = readFileSync(output, "utf8");
  const match = /^driver-opts<<(MBP_DRIVER_OPTS_[0-9a-f]{32})\n([\s\S]*?)\1\n$/.exec(text);
  return { ...ran, written: text, delimiter: match?.[1], lines: match?.[2]?.split("\n").filter(Boolean) };
}

const PROXY = {
  HTTPS_PROXY: 'http://ci:pa"ss,word@proxy.internal:3128',
  // A password with % is written %25 in a URL; the runner percent-decodes ::add-mask:: data.
  HTTP_PROXY: "http://ci:p%25ss@proxy.internal:3128",
  http_proxy: "http://proxy.internal:3128",
  NO_PROXY: "localhost,127.0.0.1,.internal,registry.internal:5000",
};

/**
 * What the job's log shows of the options, after the runner's masking: setup-buildx-action's command
 * line (@actions/exec prints the arguments as they are on Linux), the `with:` header the runner prints
 * for the step, and buildx inspect's `Driver Options` (Go's %q of each value).
 */
function printedLog(stdout: string, lines: readonly string[], stored: Record<string, string>): string {
  const text = [
    `[command]/usr/bin/docker buildx create --name builder-1 --driver docker-container ${lines.map((l) => `--driver-opt ${l}`).join(" ")}`,
    `  driver-opts: ${lines.join("\n")}`,
    `Driver Options: ${Object.entries(stored)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(" ")}`,
  ].join("\n");
  return mask(text, printedMaskForms(stdout));
}

describe("the runner's proxy reaches the builder", () => {
  it("feeds setup-buildx-action's driver-opts", () => {
    expect(setup?.with?.["driver-opts"]).toBe("${{ steps.proxy.outputs.driver-opts }}");
    expect(buildSteps.indexOf(step as Step)).toBe(buildSteps.indexOf(setup as Step) - 1);
  });

  it("writes an empty list on a runner without a proxy (GitHub-hosted), and prints nothing", () => {
    const ran = proxyStep({});
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe("");
    expect(ran.written).toBe(`driver-opts<<${ran.delimiter}\n${ran.delimiter}\n`);
    // A delimiter of its own each run: no value can close the list early.
    expect(proxyStep({}).delimiter).not.toBe(ran.delimiter);
  });

  it("masks a proxy URL with credentials in every form the log shows it", () => {
    const ran = proxyStep(PROXY);
    expect(ran.code).toBe(0);
    expect(ran.lines).toHaveLength(4);
    const log = printedLog(ran.stdout, ran.lines ?? [], {
      "env.HTTPS_PROXY": PROXY.HTTPS_PROXY,
      "env.HTTP_PROXY": PROXY.HTTP_PROXY,
      "env.http_proxy": PROXY.http_proxy,
      "env.NO_PROXY": PROXY.NO_PROXY,
    });
    for (const secret of ["pa", "ss,word", "p%25ss", "ci:"]) expect(log).not.toContain(secret);
    // What carries no credentials stays readable.
    expect(log).toContain(`env.http_proxy=${JSON.stringify(PROXY.http_proxy)}`);
    expect(log).toContain(PROXY.NO_PROXY);
  });

  it("refuses a proxy variable with a line break, without printing it", () => {
    const ran = proxyStep({ HTTPS_PROXY: "http://proxy:3128\ndriver-opts<<EOF\nimage=evil/buildkit" });
    expect(ran.code).not.toBe(0);
    expect(ran.stdout).toBe(
      "::error title=Proxy variable refused::HTTPS_PROXY holds a line break; fix the runner's environment\n",
    );
    expect(ran.written).toBe("");
  });

  it.skipIf(!engine.ok)(
    `gives buildx exactly the runner's values, commas and quotes included${engine.ok ? "" : ` (skipped: ${engine.reason})`}`,
    async () => {
      if (!engine.ok) return;
      const lines = proxyStep(PROXY).lines ?? [];
      const buildxConfig = makeTempDir("builder-proxy-buildx");
      dirs.push(buildxConfig);
      const env = { ...process.env, ...engine.dockerd.env, BUILDX_CONFIG: buildxConfig };
      const name = "mbp-proxy-test";
      await runCommand(
        "docker",
        [
          "buildx",
          "create",
          "--name",
          name,
          "--driver",
          "docker-container",
          ...lines.flatMap((l) => ["--driver-opt", l]),
        ],
        { env },
      );
      const stored = JSON.parse(readFileSync(join(buildxConfig, "instances", name), "utf8")) as {
        Nodes: Array<{ DriverOpts: Record<string, string> }>;
      };
      expect(stored.Nodes[0]?.DriverOpts).toEqual({
        "env.HTTPS_PROXY": PROXY.HTTPS_PROXY,
        "env.HTTP_PROXY": PROXY.HTTP_PROXY,
        "env.http_proxy": PROXY.http_proxy,
        "env.NO_PROXY": PROXY.NO_PROXY,
      });
      await runCommand("docker", ["buildx", "rm", name], { env, ignoreReturnCode: true });
    },
  );
});
