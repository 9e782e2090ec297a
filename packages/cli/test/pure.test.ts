import { describe, expect, it } from "vitest";
import { chooseEngine } from "../src/engines";
import { commandHelp, parseCommandLine, UsageError } from "../src/flags";
import { parseRemote } from "../src/git";
import { localImageName } from "../src/options";
import { qemuArch, targetRunSteps } from "../src/qemu";
import { formatTable } from "../src/terminal";

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

  it("reports every problem of one command line at once", () => {
    expect(usageProblems(["build", "--nope", "--push=1", "--tag"])).toHaveLength(3);
  });

  it("shows help for the program and for each command, even among other flags", () => {
    expect(parseCommandLine([])).toMatchObject({ kind: "help", text: expect.stringContaining("Commands:") });
    const help = parseCommandLine(["stitch", "--tag", "x", "--help"]);
    expect(help).toEqual({ kind: "help", text: commandHelp("stitch") });
    expect(commandHelp("stitch")).toContain("--layout DIR");
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
  const both = { buildx: "github.com/docker/buildx v0.19.0", buildah: "buildah version 1.28.2" };
  it.each([
    ["", both, "buildx"],
    ["auto", { buildah: both.buildah }, "buildah"],
    ["buildah", both, "buildah"],
  ])("%j with %j picks %s", (requested, available, name) => {
    expect(chooseEngine(requested, available)).toMatchObject({ ok: true, name });
  });

  it.each([
    ["buildx", { buildah: both.buildah }, "needs docker buildx"],
    ["", {}, "found no build engine"],
    ["podman", both, "is not an engine"],
  ])("%j with %j is refused (%s)", (requested, available, problem) => {
    expect(chooseEngine(requested, available)).toMatchObject({
      ok: false,
      problem: expect.stringContaining(problem),
    });
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
