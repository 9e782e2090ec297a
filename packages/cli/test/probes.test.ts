/**
 * What the CLI asks of the machine before the first build, and what it does not ask: a stand-in
 * docker, buildx plugin and buildah on PATH record every call, and a daemon of ours answers the
 * Docker API's ping on a unix socket. Nothing here measures time: the tests count calls.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { makeTempDir } from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseEngine, probeEngines } from "../src/engines";
import type { GitState } from "../src/git";
import { type OptionDeps, resolveOptions } from "../src/options";
import { helloRepo, rawFlags } from "./helpers";

const bin = makeTempDir("cli-probes-bin");
const log = join(bin, "calls.log");
// `docker buildx inspect --bootstrap` answers as buildx does with a running docker driver builder.
writeFileSync(
  join(bin, "docker"),
  [
    "#!/bin/sh",
    `echo "docker $*" >> ${log}`,
    'case "$*" in',
    '  "buildx inspect --bootstrap"*) printf "Name: b\\nDriver: docker-container\\n\\nNodes:\\nName: b0\\nStatus: running\\n" ;;',
    '  "buildx version") echo "github.com/docker/buildx v0.19.0" ;;',
    "  *) exit 1 ;;",
    "esac",
    "",
  ].join("\n"),
  { mode: 0o755 },
);
writeFileSync(
  join(bin, "buildah"),
  `#!/bin/sh\necho "buildah $*" >> ${log}\necho "buildah version 1.28.2"\n`,
  {
    mode: 0o755,
  },
);

let daemon: Server;
const socket = join(makeTempDir("cli-probes-daemon"), "docker.sock");
let pings = 0;

beforeAll(async () => {
  daemon = createServer((req, res) => {
    if (req.url === "/_ping") pings++;
    res.writeHead(req.url === "/_ping" ? 200 : 404).end("OK");
  });
  await new Promise<void>((resolve) => daemon.listen(socket, resolve));
});
afterAll(() => new Promise<void>((resolve) => daemon.close(() => resolve())));

/** A Docker config with the buildx plugin in its cli-plugins, and the environment that points at it. */
function machine(extra: NodeJS.ProcessEnv = {}, buildxCurrent?: object): NodeJS.ProcessEnv {
  const config = makeTempDir("cli-probes-config");
  mkdirSync(join(config, "cli-plugins"));
  writeFileSync(join(config, "cli-plugins", "docker-buildx"), "#!/bin/sh\nexit 1\n");
  chmodSync(join(config, "cli-plugins", "docker-buildx"), 0o755);
  writeFileSync(join(config, "config.json"), "{}");
  if (buildxCurrent) {
    mkdirSync(join(config, "buildx"));
    writeFileSync(join(config, "buildx", "current"), JSON.stringify(buildxCurrent));
  }
  writeFileSync(log, "");
  return { PATH: `${bin}:/usr/bin:/bin`, DOCKER_CONFIG: config, DOCKER_HOST: `unix://${socket}`, ...extra };
}

const calls = () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);

describe("the engine probe", () => {
  it("asks the daemon behind Docker's own builder with a ping, and runs no buildx at all", async () => {
    const before = pings;
    const env = machine();
    expect(await probeEngines("", { env })).toEqual({
      buildx: "docker buildx",
      builder: { answers: true, driver: "docker" },
    });
    expect(pings).toBe(before + 1);
    expect(calls()).toEqual([]);
  });

  it.each([
    [
      "a builder chosen with docker buildx use",
      {},
      { Key: `unix://${socket}`, Name: "remote-node", Global: false },
    ],
    ["BUILDX_BUILDER", { BUILDX_BUILDER: "remote-node" }, undefined],
    ["a docker context of its own", { DOCKER_CONTEXT: "colima" }, undefined],
    ["a daemon that does not answer", { DOCKER_HOST: `unix://${socket}.none` }, undefined],
  ])("asks buildx itself (once) for %s", async (_, extra, current) => {
    const env = machine(extra, current);
    const available = await probeEngines("", { env });
    expect(available.builder).toEqual({ answers: true, driver: "docker-container" });
    // Both at once: in whichever order the two processes got to write their line.
    expect(calls().sort()).toEqual(["buildah --version", "docker buildx inspect --bootstrap"]);
  });

  it("skips what a flag settles: buildah for --engine buildx, Docker for --engine buildah, the current builder for --builder on every platform", async () => {
    const slow = { DOCKER_HOST: `unix://${socket}.none` };
    await probeEngines("buildx", { env: machine(slow) });
    expect(calls()).toEqual(["docker buildx inspect --bootstrap"]);
    await probeEngines("buildah", { env: machine(slow) });
    expect(calls()).toEqual(["buildah --version"]);
    expect(await probeEngines("buildx", { env: machine(slow), currentBuilder: false })).toEqual({
      buildx: "docker buildx",
    });
    expect(calls()).toEqual([]);
  });

  it("says a version probe that hangs timed out, not that the tool is missing", async () => {
    // A buildah whose `--version` never ends (storage locked, a machine too busy to start it).
    const hanging = makeTempDir("cli-probes-hanging");
    writeFileSync(join(hanging, "buildah"), "#!/bin/sh\nexec sleep 600\n", { mode: 0o755 });
    const env = machine({ PATH: `${hanging}:${bin}:/usr/bin:/bin` });
    const available = await probeEngines("buildah", { env });
    expect(available).toEqual({ silent: { buildah: "`buildah --version` did not answer within 8 s" } });
    expect(chooseEngine("buildah", available)).toMatchObject({
      ok: false,
      problem: "needs buildah, but `buildah --version` did not answer within 8 s",
      fix: expect.stringContaining("run `buildah --version` yourself"),
    });
  });

  it("says docker buildx is not installed when docker has no such command", async () => {
    const env = machine({ PATH: makeTempDir("cli-probes-empty"), DOCKER_HOST: `unix://${socket}.none` });
    expect((await probeEngines("", { env })).buildx).toBeUndefined();
  });
});

describe("resolving the options", () => {
  it("starts the engine probe before waiting for git, and asks each once", async () => {
    const repo = helloRepo({ branch: "main" });
    const order: string[] = [];
    const deps: OptionDeps = {
      cwd: repo,
      env: { HOME: repo },
      hostPlatform: "linux/amd64",
      binfmtDir: makeTempDir("cli-binfmt"),
      probeEngines: async () => {
        order.push("engines");
        return { buildah: "buildah version 1.28.2" };
      },
      readGit: async (): Promise<GitState> => {
        order.push("git");
        return {
          ref: "refs/heads/main",
          refDescription: "git branch main",
          noRefReason: "",
          sha: "",
          repository: "",
          serverUrl: "",
        };
      },
    };
    const options = await resolveOptions("plan", rawFlags(), deps);
    expect(options.build?.engine).toBe("buildah");
    expect(order).toEqual(["engines", "git"]);
  });
});
