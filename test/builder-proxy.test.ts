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
import { dockerd, makeTempDir, runCommand } from "../packages/testkit/src/index";
import { runStep } from "./run-step";
import { readYaml, type Step, type Workflow } from "./workflow-files";

const build = readYaml<Workflow>(".github/workflows/build.yaml");
const buildSteps: Step[] = build.jobs.build?.steps ?? [];
const step = buildSteps.find((s) => s.id === "proxy");
const setup = buildSteps.find((s) => s.uses?.startsWith("docker/setup-buildx-action@"));
const engine = await dockerd();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
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
  const match = /^driver-opts<<MBP_DRIVER_OPTS\n([\s\S]*?)MBP_DRIVER_OPTS\n$/.exec(text);
  return { ...ran, written: text, lines: match?.[1]?.split("\n").filter(Boolean) };
}

const PROXY = {
  HTTPS_PROXY: 'http://ci:pa"ss,word@proxy.internal:3128',
  http_proxy: "http://proxy.internal:3128",
  NO_PROXY: "localhost,127.0.0.1,.internal,registry.internal:5000",
};

describe("the runner's proxy reaches the builder", () => {
  it("feeds setup-buildx-action's driver-opts", () => {
    expect(setup?.with?.["driver-opts"]).toBe("${{ steps.proxy.outputs.driver-opts }}");
    expect(buildSteps.indexOf(step as Step)).toBe(buildSteps.indexOf(setup as Step) - 1);
  });

  it("writes an empty list on a runner without a proxy (GitHub-hosted), and prints nothing", () => {
    const ran = proxyStep({});
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe("");
    expect(ran.written).toBe("driver-opts<<MBP_DRIVER_OPTS\nMBP_DRIVER_OPTS\n");
  });

  it("masks a proxy URL with credentials before setup-buildx-action prints its command line", () => {
    const ran = proxyStep(PROXY);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(`::add-mask::${PROXY.HTTPS_PROXY}\n`);
    expect(ran.lines).toHaveLength(3);
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
        "env.http_proxy": PROXY.http_proxy,
        "env.NO_PROXY": PROXY.NO_PROXY,
      });
      await runCommand("docker", ["buildx", "rm", name], { env, ignoreReturnCode: true });
    },
  );
});
