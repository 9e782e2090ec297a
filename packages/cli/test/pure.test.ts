import { describe, expect, it } from "vitest";
import { chooseEngine, parseBuilderInspect } from "../src/engines";
import { commandHelp, parseCommandLine, UsageError } from "../src/flags";
import { parseRemote } from "../src/git";
import { localImageName } from "../src/options";
import { qemuArch, targetRunSteps } from "../src/qemu";
import { BuildFailedError } from "../src/run";
import { formatTable, statusWidth, Terminal } from "../src/terminal";

function usageProblems(argv: string[]): readonly string[] {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error(`${argv.join(" ")} parsed without a problem`);
}

describe("command line", () => {
  it("reads every flag, repeatable ones as lists", () => {
    const line = parseCommandLine([
      "run",
      "--images=ghcr.io/org/app",
      "--tag",
      "1.0",
      "--build-arg",
      "A=1",
      "--build-arg",
      "B=2",
      "--builder",
      "linux/arm64=arm",
      "--push",
      "-v",
    ]);
    expect(line).toMatchObject({
      kind: "command",
      command: "run",
      flags: {
        images: "ghcr.io/org/app",
        tag: "1.0",
        buildArgs: ["A=1", "B=2"],
        builders: ["linux/arm64=arm"],
        push: true,
        verbose: true,
        json: false,
        layout: "",
      },
    });
  });

  it.each([
    [
      ["frobnicate"],
      '"frobnicate" is not a command; use one of plan, build, stitch, verify, run (mbp --help)',
    ],
    [
      ["build", "--build-args", "A=1"],
      '--build-args is not a flag of "mbp build"; did you mean --build-arg?',
    ],
    [["stitch", "--context", "."], '--context is not a flag of "mbp stitch"; see mbp stitch --help'],
    [["run", "--tag"], "--tag needs a value: --tag TAG"],
    [["run", "--tag", "--push"], "--tag needs a value: --tag TAG"],
    [["run", "--push=false"], "--push takes no value; write --push alone, or leave it out"],
    [["run", "--tag", "a", "--tag", "b"], "--tag is given twice (a, b); give it once"],
    [["run", "examples/hello"], '"examples/hello" is not a flag; run takes only flags (mbp run --help)'],
  ])("%j is refused: %s", (argv, message) => {
    expect(usageProblems(argv)).toEqual([message]);
  });

  it.each([
    [["run", "--imgaes", "ghcr.io/o/a"], '--imgaes is not a flag of "mbp run"; did you mean --images?'],
    [
      ["build", "--platfrom", "linux/amd64"],
      '--platfrom is not a flag of "mbp build"; did you mean --platforms?',
    ],
    [["run", "--no-cahce"], "--no-cache"],
    [["run", "--secrets", "id=a"], "--secret"],
    [["stitch", "--insecure-registry", "r:5000"], "--insecure-registries"],
    [
      ["biuld"],
      '"biuld" is not a command; did you mean build? Commands: plan, build, stitch, verify, run (mbp --help)',
    ],
    [["run", "--zzzzzz"], '--zzzzzz is not a flag of "mbp run"; see mbp run --help'],
  ])("a typo %j is answered with the near flag: %s", (argv, message) => {
    expect(usageProblems(argv)).toEqual([expect.stringContaining(message)]);
  });

  it("answers --version at the top and in a command", () => {
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["run", "--tag", "x", "--version"])).toEqual({ kind: "version" });
  });

  it("reads the build flags that mirror the action inputs", () => {
    const line = parseCommandLine([
      "build",
      "--secret",
      "id=a,src=f",
      "--secret=id=b",
      "--label",
      "k=v",
      "--annotation",
      "a=b",
      "--provenance",
      "mode=max",
      "--sbom",
      "true",
      "--no-cache",
      "--cache-from",
      "type=registry,ref=r/c",
      "--cache-to",
      "type=registry,ref=r/c,mode=max",
      "--insecure-registries",
      "r:5000",
    ]);
    expect(line).toMatchObject({
      flags: {
        secrets: ["id=a,src=f", "id=b"],
        labels: ["k=v"],
        annotations: ["a=b"],
        provenance: "mode=max",
        sbom: "true",
        noCache: true,
        cacheFrom: ["type=registry,ref=r/c"],
        cacheTo: ["type=registry,ref=r/c,mode=max"],
        insecureRegistries: "r:5000",
      },
    });
  });

  it("takes a value that starts with - when it is no flag of ours, for its own check to judge", () => {
    expect(parseCommandLine(["plan", "--tag", "-bad"])).toMatchObject({ flags: { tag: "-bad" } });
    expect(usageProblems(["plan", "--tag", "-v"])).toEqual(["--tag needs a value: --tag TAG"]);
  });

  it.each([
    [
      ["plan", "--platforms", "linux/amd64,", "linux/arm64"],
      '"linux/arm64" is not a flag: the list after --platforms ends at its first space, so it got only "linux/amd64,"; write it without spaces, --platforms linux/amd64,linux/arm64',
    ],
    [
      ["run", "--images", "ghcr.io/o/a", ",ghcr.io/o/b,", "docker.io/o/c", "--push"],
      '",ghcr.io/o/b,", "docker.io/o/c" are not a flag: the list after --images ends at its first space, so it got only "ghcr.io/o/a"; write it without spaces, --images ghcr.io/o/a,ghcr.io/o/b,docker.io/o/c',
    ],
  ])("says where a list with spaces ended: %j", (argv, message) => {
    expect(usageProblems(argv)).toEqual([message]);
  });

  it("reports every problem of one command line at once", () => {
    expect(usageProblems(["build", "--nope", "--push=1", "--tag"])).toHaveLength(3);
  });

  it("shows help for the program and for each command, even among other flags", () => {
    expect(parseCommandLine([])).toMatchObject({ kind: "help", text: expect.stringContaining("Commands:") });
    const help = parseCommandLine(["stitch", "--tag", "x", "--help"]);
    expect(help).toEqual({ kind: "help", text: commandHelp("stitch") });
    expect(commandHelp("stitch")).toContain("--layout DIR");
    expect(commandHelp("stitch")).toContain("--annotation KEY=VALUE");
    expect(commandHelp("verify")).not.toContain("--annotation");
    expect(commandHelp("stitch")).not.toContain("--build-arg");
    expect(commandHelp("build")).toContain("--builder PLATFORM=NAME");
    expect(parseCommandLine(["help", "run"])).toEqual({ kind: "help", text: commandHelp("run") });
  });
});

describe("Dockerfile RUN steps that execute on the target platform", () => {
  it.each([
    ["FROM scratch\nCOPY a /a\n", []],
    [
      "FROM debian\n# RUN not this\nRUN apt-get update \\\n  && apt-get install -y x\n",
      ["RUN apt-get update && apt-get install -y x"],
    ],
    ["FROM --platform=$BUILDPLATFORM golang AS b\nRUN go build\nFROM scratch\nCOPY --from=b /x /x\n", []],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JavaScript template
      "FROM --platform=${BUILDPLATFORM} golang AS b\nRUN go build\nFROM alpine\nrun apk add x\n",
      ["RUN apk add x"],
    ],
    ["FROM alpine\nRUN <<EOF\nRUN inside a heredoc\nEOF\n", ["RUN <<EOF"]],
  ])("%j → %j", (dockerfile, steps) => {
    expect(targetRunSteps(dockerfile)).toEqual(steps);
  });

  it.each([
    ["arm64", "aarch64"],
    ["amd64", "x86_64"],
    ["arm", "arm"],
    ["mips64le", "mips64el"],
    ["loong64", "loongarch64"],
  ])("QEMU calls %s %s", (architecture, name) => {
    expect(qemuArch({ architecture })).toBe(name);
  });
});

describe("engine choice", () => {
  const answers = { answers: true, driver: "docker" } as const;
  const noDaemon = {
    answers: false,
    why: "Cannot connect to the Docker daemon at unix:///nobody.sock. Is the docker daemon running?",
  } as const;
  const both = {
    buildx: "github.com/docker/buildx v0.19.0",
    builder: answers,
    buildah: "buildah version 1.28.2",
  };
  it.each([
    ["", both, "buildx", "auto: github.com/docker/buildx v0.19.0, builder driver docker"],
    [
      "auto",
      { ...both, builder: noDaemon },
      "buildah",
      `auto: docker buildx's current builder does not answer (${noDaemon.why}); buildah version 1.28.2`,
    ],
    [
      "",
      { buildah: both.buildah },
      "buildah",
      "auto: docker buildx is not installed (`docker buildx version` does not work); buildah version 1.28.2",
    ],
    ["buildah", both, "buildah", "buildah version 1.28.2"],
  ])("%j with %j picks %s", (requested, available, name, reason) => {
    expect(chooseEngine(requested, available)).toEqual({ ok: true, name, reason });
  });

  it("picks buildx without a current builder when every platform has a named one", () => {
    expect(chooseEngine("", { ...both, builder: noDaemon }, { currentBuilder: false })).toMatchObject({
      ok: true,
      name: "buildx",
    });
  });

  it.each([
    ["buildx", { buildah: both.buildah }, "needs docker buildx, but docker buildx is not installed"],
    [
      "buildx",
      { ...both, builder: noDaemon },
      "needs docker buildx, but docker buildx's current builder does not answer (Cannot connect",
    ],
    ["", {}, "found no build engine"],
    [
      "",
      { buildx: both.buildx, builder: noDaemon },
      "found no build engine: docker buildx's current builder does not answer",
    ],
    [
      "",
      { silent: { buildx: "`docker buildx version` did not answer within 8 s" } },
      "found no build engine: `docker buildx version` did not answer within 8 s, and `buildah --version` does not work",
    ],
    ["podman", both, "is not an engine"],
  ])("%j with %j is refused (%s)", (requested, available, problem) => {
    expect(chooseEngine(requested, available)).toMatchObject({
      ok: false,
      problem: expect.stringContaining(problem),
    });
  });

  // What docker buildx 0.13 prints (exit code 0 in both cases) with and without a daemon.
  it.each([
    [
      {
        code: 0,
        stdout:
          "Name:   default\nDriver: docker\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\nBuildKit version: v0.0.0+unknown\n",
        stderr: "",
      },
      { answers: true, driver: "docker" },
    ],
    [
      {
        code: 0,
        stdout:
          "Name:   default\nDriver: \nError:  Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\n\nNodes:\n",
        stderr: "",
      },
      {
        answers: false,
        why: "Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?",
      },
    ],
    [
      { code: 1, stdout: "", stderr: 'ERROR: no builder "nosuch" found\n' },
      { answers: false, why: 'no builder "nosuch" found' },
    ],
    [
      {
        code: 0,
        stdout: "Name: b\nDriver: docker-container\nNodes:\nName: b0\nStatus: inactive\n",
        stderr: "",
      },
      { answers: false, why: "its status is inactive" },
    ],
    [
      { code: -1, stdout: "", stderr: "", timedOut: true },
      { answers: false, why: "it did not answer within 8 s" },
    ],
  ])("buildx inspect %j reads as %j", (result, status) => {
    expect(parseBuilderInspect(result)).toEqual(status);
  });
});

describe("the status line", () => {
  function draw(columns: number | undefined): string {
    const writes: string[] = [];
    const terminal = new Terminal({ isTTY: true, columns, write: (text) => writes.push(text) }, false);
    const stop = terminal.showStatus(() => `building  ${"linux/amd64 step 2/3 1.0 s · ".repeat(4)}`);
    stop();
    return writes[0] ?? "";
  }
  it.each([
    [80, 79],
    [0, 119],
    [undefined, 119],
  ])("at %s columns is cut to %s characters", (columns, width) => {
    expect(draw(columns)).toHaveLength(Math.min(width, 126));
    expect(statusWidth(columns)).toBe(width + 1);
  });
});

describe("a failed platform", () => {
  it("says which per-arch tags the other platforms left behind", () => {
    const error = new BuildFailedError([
      {
        platform: "linux/amd64",
        digest: "sha256:a",
        ms: 1,
        refs: ["ghcr.io/o/app:main-amd64", "docker.io/o/app:main-amd64"],
      },
      {
        platform: "linux/arm64",
        digest: "",
        ms: 0,
        refs: [],
        error: "buildah build failed with exit code 1",
      },
    ]);
    expect(error.message).toBe(
      [
        "1 of 2 platform builds failed:",
        "  - linux/arm64: buildah build failed with exit code 1",
        "No multi-arch index was written; the platforms that built left their per-arch tags:",
        "  - linux/amd64: ghcr.io/o/app:main-amd64, docker.io/o/app:main-amd64",
      ].join("\n"),
    );
  });
});

describe("small rules", () => {
  it.each([
    ["git@github.com:lsst-sqre/nublado.git", "lsst-sqre/nublado", "https://github.com"],
    ["https://github.com/org/app", "org/app", "https://github.com"],
    ["https://token@gitlab.example.org/group/app.git", "group/app", "https://gitlab.example.org"],
    ["/srv/git/app", "", ""],
  ])("remote %s is %s on %s", (url, repository, serverUrl) => {
    expect(parseRemote(url)).toEqual({ repository, serverUrl });
  });

  it.each([
    ["/work/examples/hello", "hello"],
    ["/x/My App", "my-app"],
    ["/", "image"],
  ])("the layout image of context %s is localhost/%s", (dir, name) => {
    expect(localImageName(dir)).toBe(name);
  });

  it("pads table columns to their widest cell", () => {
    expect(
      formatTable(
        ["platform", "digest"],
        [
          ["linux/amd64", "sha256:a"],
          ["linux/arm/v7", "sha256:b"],
        ],
      ),
    ).toEqual(["platform      digest", "linux/amd64   sha256:a", "linux/arm/v7  sha256:b"]);
  });
});
