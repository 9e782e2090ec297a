import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expandArch, InputErrors } from "@mbp/image-spec";
import { makeTempDir, stopAll } from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { type CommandName, parseCommandLine, type RawFlags } from "../src/flags";
import { main } from "../src/main";
import { localImageName, type OptionDeps, resolveOptions } from "../src/options";
import { helloRepo, rawFlags } from "./helpers";

afterAll(stopAll);

const BUILDAH_ONLY = async () => ({ buildah: "buildah version 1.28.2" });
const BUILDX_ANSWERS = async () => ({
  buildx: "github.com/docker/buildx 0.13.1",
  builder: { answers: true, driver: "docker" } as const,
  buildah: "buildah version 1.28.2",
});
const ANSWERS = async () => ({ answers: true, driver: "remote" }) as const;

function deps(cwd: string, overrides: Partial<OptionDeps> = {}): OptionDeps {
  return {
    cwd,
    env: { HOME: cwd },
    hostPlatform: "linux/amd64",
    binfmtDir: makeTempDir("cli-binfmt"),
    probeEngines: BUILDAH_ONLY,
    ...overrides,
  };
}

async function problemsOf(command: CommandName, flags: RawFlags, options: OptionDeps): Promise<string[]> {
  try {
    await resolveOptions(command, flags, options);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error("resolved without a problem");
}

describe("the tag from the checkout", () => {
  it("is the branch, with the workflow's rules", async () => {
    const repo = helloRepo({ branch: "tickets/DM-52589" });
    const options = await resolveOptions("plan", rawFlags(), deps(repo));
    expect(options.plan.tag).toBe("tickets-DM-52589");
    expect(options.tagOrigin).toBe("git branch tickets/DM-52589");
    const image = `localhost/${localImageName(repo)}`;
    expect(options.plan.platforms.flatMap((p) => p.refs)).toEqual([
      `${image}:tickets-DM-52589-amd64`,
      `${image}:tickets-DM-52589-arm64`,
    ]);
  });

  it("is the git tag when HEAD is exactly at one, even on a branch", async () => {
    const repo = helloRepo({ branch: "main", tag: "1.2.0" });
    const options = await resolveOptions("plan", rawFlags({ context: repo }), deps(makeTempDir("cli-cwd")));
    expect([options.plan.tag, options.tagOrigin]).toEqual(["1.2.0", "git tag 1.2.0"]);
  });

  it("is sanitised like a derived GitHub tag, and the warning names --tag", async () => {
    const repo = helloRepo({ branch: "feat+x" });
    const options = await resolveOptions("plan", rawFlags(), deps(repo));
    expect(options.plan.tag).toBe("feat-x");
    expect(options.warnings).toEqual([expect.stringMatching(/^--tag: "feat\+x" .* using "feat-x"$/)]);
  });

  it("is --tag when given, and --tag is checked like the tag input", async () => {
    const repo = helloRepo({ branch: "main" });
    expect((await resolveOptions("plan", rawFlags({ tag: "dev" }), deps(repo))).plan.tag).toBe("dev");
    expect(await problemsOf("plan", rawFlags({ tag: "-bad" }), deps(repo))).toEqual([
      expect.stringMatching(/^--tag: "-bad" is not a valid tag; use letters/),
    ]);
  });

  it("cannot be derived from a detached HEAD without a tag: the error says to pass --tag", async () => {
    const repo = helloRepo({ branch: "main", detached: true });
    expect(await problemsOf("plan", rawFlags(), deps(repo))).toEqual([
      expect.stringMatching(
        /^--tag is not given, and no tag can be derived: HEAD is detached at [0-9a-f]{12} .*; pass --tag, e\.g\. --tag dev$/,
      ),
    ]);
  });
});

describe("flag errors", () => {
  it("are all reported at once, each naming its flag, the value and the fix", async () => {
    const repo = helloRepo({ branch: "main" });
    const problems = await problemsOf(
      "run",
      rawFlags({
        images: "app,ghcr.io/org/app",
        platforms: "linux/amd64,linux/sparc",
        buildArgs: ["GREETING"],
        dockerfile: "Containerfile",
        builders: ["linux/arm64=arm-node"],
        push: true,
        layout: "out",
      }),
      deps(repo),
    );
    expect(problems).toEqual([
      '--layout: "out" cannot be combined with --push; drop --layout to push to the registries of --images, or drop --push to write the layout',
      '--images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
      expect.stringMatching(
        /^--platforms: "linux\/sparc" has unknown architecture "sparc"; use one of amd64, arm64/,
      ),
      // arch-build's checkBuildFiles words the problem and the fix; the flag and value are ours.
      expect.stringMatching(/^--dockerfile: "Containerfile" is not a file; /),
      '--build-arg: "GREETING" is not KEY=VALUE; write --build-arg GREETING=VALUE, one pair per --build-arg',
      expect.stringMatching(
        /^--builder: "linux\/arm64=arm-node" names buildx builders, but the engine is buildah .*; install Docker with buildx, or drop --builder/,
      ),
    ]);
  });

  it("stop the bundled-free main() before anything is built or written (exit code 2, named flags)", async () => {
    const repo = helloRepo({ branch: "main" });
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["run", "--context", repo, "--push", "--platforms", "linux/s390"], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      env: { HOME: repo },
      cwd: repo,
      probes: {
        probeEngines: BUILDAH_ONLY,
        binfmtDir: makeTempDir("cli-binfmt"),
        hostPlatform: "linux/amd64",
      },
    });
    expect(code).toBe(2);
    expect(out.join("")).toBe("");
    expect(err.join("")).toBe(
      [
        'error: 2 problems with the flags of "mbp run"; nothing was built or written:',
        "  --push needs --images, the registries to push to; add --images ghcr.io/org/app (comma-separated for several), or drop --push to write an OCI layout",
        '  --platforms: "linux/s390" has unknown architecture "s390"; use one of amd64, arm64, arm, 386, ppc64le, s390x, riscv64, mips64le, loong64',
        "See mbp run --help.",
        "",
      ].join("\n"),
    );
    expect(existsSync(join(repo, "out"))).toBe(false);
  });

  it("refuse a layout directory that holds something else", async () => {
    const repo = helloRepo({ branch: "main" });
    expect(await problemsOf("build", rawFlags({ layout: "." }), deps(repo))).toEqual([
      '--layout: "." is a directory with other files in it, not an OCI layout; name a new or empty directory, or an existing OCI layout',
    ]);
    expect(await problemsOf("stitch", rawFlags(), deps(repo))).toEqual([
      expect.stringMatching(
        /^--layout: "\.\/out\/oci" is not an OCI layout .*; build into it first \(mbp build\)/,
      ),
    ]);
  });

  it("refuse, in plan as in run, a layout that cannot be made (a file where a parent should be)", async () => {
    const repo = helloRepo({ branch: "main" });
    // hello.txt is a file of the context: out/oci below it cannot be made (run failed with EEXIST).
    for (const command of ["plan", "run"] as const) {
      expect(await problemsOf(command, rawFlags({ layout: "hello.txt/out/oci" }), deps(repo))).toEqual([
        `--layout: "hello.txt/out/oci" cannot be made: ${join(repo, "hello.txt")} is a file; name a directory you can write to`,
      ]);
    }
    // A new directory below new ones is made by the build.
    const options = await resolveOptions("plan", rawFlags({ layout: "new/nested/oci" }), deps(repo));
    expect(options.target).toMatchObject({ kind: "layout", dir: join(repo, "new/nested/oci") });
  });
});

describe("the Dockerfile", () => {
  it("plan needs none unless one is named: it says the context has none, and how to name one", async () => {
    const repo = helloRepo({ branch: "main" });
    rmSync(join(repo, "Dockerfile"));
    const plan = await resolveOptions("plan", rawFlags({ images: "ghcr.io/org/app" }), deps(repo));
    expect(plan.plan.platforms.flatMap((p) => p.refs)).toEqual([
      "ghcr.io/org/app:main-amd64",
      "ghcr.io/org/app:main-arm64",
    ]);
    expect(plan.warnings).toEqual([
      '--context: "." has no Dockerfile (./Dockerfile does not exist); build and run need one: set --dockerfile to the Dockerfile\'s path, or --context to a directory that holds one',
    ]);
    expect(Object.fromEntries(plan.build?.platforms ?? [])).toEqual({
      "linux/amd64": { runs: "native" },
      "linux/arm64": { runs: expect.stringMatching(/^QEMU for RUN steps \(.*qemu-aarch64 is missing\)$/) },
    });
    for (const command of ["build", "run"] as const) {
      expect(await problemsOf(command, rawFlags(), deps(repo))).toEqual([
        '--context: "." has no Dockerfile (./Dockerfile does not exist); set --dockerfile to the Dockerfile\'s path, or --context to a directory that holds one',
      ]);
    }
    // A Dockerfile that is named must be there, for plan too.
    expect(await problemsOf("plan", rawFlags({ dockerfile: "Dockerfile" }), deps(repo))).toEqual([
      expect.stringMatching(/^--dockerfile: "Dockerfile" is not a file; /),
    ]);
  });
});

describe("what stopped a command before it ran", () => {
  async function stderrOf(argv: string[]): Promise<string> {
    const repo = helloRepo({ branch: "main" });
    const err: string[] = [];
    const code = await main(argv, {
      stdout: { write: () => true },
      stderr: { write: (t: string) => err.push(t) },
      env: { HOME: repo },
      cwd: repo,
      probes: { probeEngines: BUILDAH_ONLY, binfmtDir: makeTempDir("cli-binfmt") },
    });
    expect(code).toBe(2);
    return err.join("");
  }

  it("is not the flags' fault when the network or the machine stands in the way", async () => {
    expect(
      // The real login check, against a port where nothing listens.
      await stderrOf(["plan", "--push", "--images", "127.0.0.1:1/org/app"]),
    ).toMatch(
      /^error: "mbp plan" cannot start: a problem with this machine or the network; nothing was built or written:\n {2}--images: "127\.0\.0\.1:1\/org\/app" cannot be pushed: .*ECONNREFUSED.*; check that 127\.0\.0\.1:1 is up and reachable from here/,
    );
    expect(await stderrOf(["build", "--engine", "buildx", "--build-arg", "FOO"])).toMatch(
      /^error: "mbp build" cannot start: 2 problems, 1 with its flags and 1 with this machine or the network; .*\n {2}--build-arg: "FOO" is not KEY=VALUE; write --build-arg FOO=VALUE, one pair per --build-arg\n {2}--engine: "buildx" needs docker buildx, but docker buildx is not installed/,
    );
  });
});

describe("QEMU for foreign platforms", () => {
  const withRun = "FROM scratch AS base\nCOPY hello.txt /\nFROM debian:bookworm\nRUN echo built\n";

  it("is not needed without RUN steps (examples/hello)", async () => {
    const repo = helloRepo({ branch: "main" });
    const options = await resolveOptions("plan", rawFlags(), deps(repo));
    expect(Object.fromEntries(options.build?.platforms ?? [])).toEqual({
      "linux/amd64": { runs: "native" },
      "linux/arm64": { runs: "no RUN steps, no emulation needed" },
    });
  });

  it("missing for a Dockerfile with RUN steps is an error that says exactly what to install", async () => {
    const repo = helloRepo({ branch: "main", dockerfile: withRun });
    const binfmtDir = makeTempDir("cli-binfmt");
    expect(await problemsOf("build", rawFlags(), deps(repo, { binfmtDir }))).toEqual([
      `--platforms: "linux/arm64" needs QEMU to run the 1 RUN step(s) of ${repo}/Dockerfile on this linux/amd64 machine, but ${binfmtDir}/qemu-aarch64 is missing; install QEMU with binfmt_misc: apt-get install qemu-user-static binfmt-support (Debian/Ubuntu), or docker run --privileged --rm tonistiigi/binfmt --install all; or build it on a native builder with --builder linux/arm64=NAME (buildx)`,
    ]);
    writeFileSync(join(binfmtDir, "qemu-aarch64"), "disabled\ninterpreter /usr/bin/qemu-aarch64-static\n");
    expect(await problemsOf("build", rawFlags(), deps(repo, { binfmtDir }))).toEqual([
      expect.stringContaining("qemu-aarch64 is disabled; install QEMU"),
    ]);
  });

  it("is not needed for a variant of this machine's architecture (amd64/v3 on amd64, as the workflow routes it)", async () => {
    const repo = helloRepo({ branch: "main", dockerfile: withRun });
    const options = await resolveOptions(
      "plan",
      rawFlags({ platforms: "linux/amd64/v3,linux/arm64/v9" }),
      deps(repo, { hostPlatform: "linux/arm64" }),
    ).catch((error: unknown) => error);
    // arm64/v9 is native here; amd64/v3 is the foreign one, and its QEMU is what is missing.
    expect(String(options)).toContain('--platforms: "linux/amd64/v3" needs QEMU');
    expect(String(options)).not.toContain("linux/arm64/v9");
    const onAmd64 = await resolveOptions(
      "plan",
      rawFlags({ platforms: "linux/amd64/v3" }),
      deps(repo, { hostPlatform: "linux/amd64" }),
    );
    expect(Object.fromEntries(onAmd64.build?.platforms ?? [])).toEqual({
      "linux/amd64/v3": { runs: "native" },
    });
  });

  it("registered is used, and a platform on a named buildx builder needs none", async () => {
    const repo = helloRepo({ branch: "main", dockerfile: withRun });
    const binfmtDir = makeTempDir("cli-binfmt");
    writeFileSync(join(binfmtDir, "qemu-s390x"), "enabled\ninterpreter /usr/bin/qemu-s390x-static\n");
    const options = await resolveOptions(
      "plan",
      rawFlags({ platforms: "linux/amd64,linux/arm64,linux/s390x", builders: ["linux/arm64=arm-node"] }),
      deps(repo, { binfmtDir, probeEngines: BUILDX_ANSWERS, inspectBuilder: ANSWERS }),
    );
    expect(options.build?.engine).toBe("buildx");
    expect(Object.fromEntries(options.build?.platforms ?? [])).toEqual({
      "linux/amd64": { runs: "native" },
      "linux/arm64": { builder: "arm-node", runs: "buildx builder arm-node" },
      "linux/s390x": { runs: `QEMU (${binfmtDir}/qemu-s390x)` },
    });
  });
});

describe("plan refuses what run refuses", () => {
  it.each([
    [{ engine: "podman" }, '--engine: "podman" is not an engine; write auto, buildx or buildah'],
    [
      { buildArgs: ["NOEQUALS"] },
      '--build-arg: "NOEQUALS" is not KEY=VALUE; write --build-arg NOEQUALS=VALUE, one pair per --build-arg',
    ],
    [
      { dockerfile: "Containerfile" },
      expect.stringMatching(/^--dockerfile: "Containerfile" is not a file; /),
    ],
  ] as const)("%j", async (flags, message) => {
    const repo = helloRepo({ branch: "main" });
    for (const command of ["plan", "run"] as const) {
      expect(await problemsOf(command, rawFlags(flags), deps(repo))).toEqual([message]);
    }
  });

  it("a named builder that does not answer is refused up front, with buildx's own words", async () => {
    const repo = helloRepo({ branch: "main" });
    const asked: string[] = [];
    const options = deps(repo, {
      probeEngines: BUILDX_ANSWERS,
      inspectBuilder: async (name) => {
        asked.push(name);
        return name === "arm-node"
          ? { answers: true, driver: "remote" }
          : { answers: false, why: `no builder "${name}" found` };
      },
    });
    for (const command of ["plan", "run"] as const) {
      expect(
        await problemsOf(
          command,
          rawFlags({ builders: ["linux/arm64=no-such-builder"], engine: "buildx" }),
          options,
        ),
      ).toEqual([
        '--builder: "linux/arm64=no-such-builder" names builder no-such-builder, which does not answer: no builder "no-such-builder" found; name a builder `docker buildx ls` lists (docker buildx create --name NAME … makes one), or drop this --builder',
      ]);
    }
    const ok = await resolveOptions("plan", rawFlags({ builders: ["linux/arm64=arm-node"] }), options);
    expect(ok.build?.platforms.get("linux/arm64")).toEqual({
      builder: "arm-node",
      runs: "buildx builder arm-node",
    });
    expect(asked).toEqual(["no-such-builder", "no-such-builder", "arm-node"]);
  });

  it("auto falls back to buildah when buildx's builder does not answer, saying why", async () => {
    const repo = helloRepo({ branch: "main" });
    const options = await resolveOptions(
      "plan",
      rawFlags(),
      deps(repo, {
        probeEngines: async () => ({
          buildx: "github.com/docker/buildx 0.13.1",
          builder: { answers: false, why: "Cannot connect to the Docker daemon" },
          buildah: "buildah version 1.28.2",
        }),
      }),
    );
    expect([options.build?.engine, options.build?.engineReason]).toEqual([
      "buildah",
      "auto: docker buildx's current builder does not answer (Cannot connect to the Docker daemon); buildah version 1.28.2",
    ]);
  });
});

describe("build flags as the action's inputs", () => {
  it("reads secrets from files and variables, labels over the source labels, index annotations", async () => {
    const repo = helloRepo({ branch: "main" });
    const file = join(makeTempDir("cli-secret"), "npmrc");
    writeFileSync(file, "//registry/:_authToken=file-value\n");
    const options = await resolveOptions(
      "build",
      rawFlags({
        secrets: [`id=npmrc,src=${file}`, "id=token,env=MY_TOKEN", "id=PLAIN"],
        labels: ["org.opencontainers.image.version=override", "team=infra"],
        annotations: ["org.opencontainers.image.description=hello"],
        provenance: "mode=max",
        noCache: true,
        cacheTo: ["type=registry,ref=localhost:5000/cache"],
        insecureRegistries: "Registry.Internal:5000",
      }),
      deps(repo, {
        env: { HOME: repo, MY_TOKEN: "env-value", PLAIN: "plain-value", SOURCE_DATE_EPOCH: "1700000000" },
      }),
    );
    const build = options.build;
    expect(build?.secrets).toEqual([
      { id: "npmrc", value: "//registry/:_authToken=file-value\n" },
      { id: "token", value: "env-value" },
      { id: "PLAIN", value: "plain-value" },
    ]);
    expect(build?.labels).toContainEqual(["org.opencontainers.image.version", "override"]);
    expect(build?.labels).toContainEqual(["team", "infra"]);
    expect(options.annotations["org.opencontainers.image.description"]).toBe("hello");
    expect(build?.cache).toEqual({ noCache: true, from: [], to: ["type=registry,ref=localhost:5000/cache"] });
    expect([build?.provenance, build?.sourceDateEpoch]).toEqual(["mode=max", "1700000000"]);
    expect(options.insecureRegistries).toEqual(["registry.internal:5000"]);
    expect(build?.buildah.insecureRegistries).toEqual(["registry.internal:5000"]);
    expect(options.warnings).toContain("--provenance: ignored by the buildah engine (buildx only)");
    expect(options.warnings).toContainEqual(
      expect.stringMatching(
        /^--cache-from\/--cache-to: they turn on buildah's --layers, .*one --platforms at a time/,
      ),
    );
  });

  it("--cache-from/--cache-to take the action's {arch} placeholder; a shared --cache-to is a warning", async () => {
    const repo = helloRepo({ branch: "main" });
    const cache = { cacheFrom: ["ghcr.io/org/app-cache-{arch}"], cacheTo: ["ghcr.io/org/app-cache-{arch}"] };
    const ok = await resolveOptions(
      "plan",
      rawFlags({ ...cache, engine: "buildah", platforms: "linux/amd64" }),
      deps(repo),
    );
    expect(ok.build?.cache).toEqual({ noCache: false, from: cache.cacheFrom, to: cache.cacheTo });
    expect(expandArch(ok.build?.cache.to ?? [], "arm-v7")).toEqual(["ghcr.io/org/app-cache-arm-v7"]);

    expect(
      await problemsOf(
        "plan",
        rawFlags({ cacheTo: ["type=registry,ref=r.io/c:{ARCH}"] }),
        deps(repo, { probeEngines: BUILDX_ANSWERS }),
      ),
    ).toEqual([
      '--cache-to: "type=registry,ref=r.io/c:{ARCH}" has the placeholder {ARCH}, which is not known; write {arch} (the platform\'s tag suffix: amd64, arm64, arm-v7), or no placeholder',
    ]);
    const shared = await resolveOptions(
      "plan",
      rawFlags({ cacheTo: ["type=registry,ref=r.io/c:cache"] }),
      deps(repo, { probeEngines: BUILDX_ANSWERS }),
    );
    expect(shared.warnings).toContainEqual(
      expect.stringMatching(
        /^--cache-to: type=registry,ref=r.io\/c:cache has no \{arch\}, so every platform writes the same cache/,
      ),
    );
  });

  it("refuses secrets it cannot read, bad hosts and a bad SOURCE_DATE_EPOCH, never showing a value", async () => {
    const repo = helloRepo({ branch: "main" });
    const problems = await problemsOf(
      "build",
      rawFlags({
        secrets: ["id=a,src=/no/such/file", "id=b,env=UNSET_VAR", "src=x", "id=c,src=f,env=V", "id=bad id"],
        insecureRegistries: "http://registry.internal",
        cacheFrom: ["type=local,src=/tmp/cache"],
        labels: ["nolabel"],
        annotations: ["noannotation"],
      }),
      deps(repo, { env: { HOME: repo, SOURCE_DATE_EPOCH: "yesterday" } }),
    );
    expect(problems).toEqual([
      '--insecure-registries: "http://registry.internal" is not a registry host; write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000',
      '--annotation: "noannotation" is not KEY=VALUE; write --annotation noannotation=VALUE, one pair per --annotation',
      '--label: "nolabel" is not KEY=VALUE; write --label nolabel=VALUE, one pair per --label',
      expect.stringMatching(
        /^--secret: "id=a,src=\/no\/such\/file" cannot be read: ENOENT.*; name a readable file/,
      ),
      '--secret: "id=b,env=UNSET_VAR" names the environment variable UNSET_VAR, which is not set; export UNSET_VAR, or read the secret from a file with src=FILE',
      expect.stringMatching(/^--secret: "src=x" is not id=ID\[,src=FILE\|,env=VAR\]; /),
      '--secret: "id=c,src=f,env=V" names both a file and a variable; give src=FILE or env=VAR, not both',
      "--secret: \"id=bad id\" has an invalid secret id; use letters, digits, '_', '.' and '-' in the id",
      expect.stringMatching(/^SOURCE_DATE_EPOCH: "yesterday" is not a Unix time in seconds; /),
      '--cache-from: "type=local,src=/tmp/cache" is a type=local cache, which buildah cannot use; give a registry repository (ghcr.io/org/app-cache) or use engine: buildx',
    ]);
  });
});

describe("--no-arch-tags, --sources and --summary", () => {
  const AMD64 = `sha256:${"a".repeat(64)}`;
  const ARM64 = `sha256:${"b".repeat(64)}`;

  it("--sources takes platform=digest pairs, comma-separated or repeated, by platform or suffix", async () => {
    const repo = helloRepo({ branch: "main" });
    const layout = join(makeTempDir("cli-layout"), "oci");
    mkdirSync(layout, { recursive: true });
    writeFileSync(join(layout, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
    for (const sources of [
      [`linux/amd64=${AMD64},arm64=${ARM64}`],
      [`amd64=${AMD64}`, `linux/arm64=${ARM64}`],
    ]) {
      const options = await resolveOptions(
        "stitch",
        rawFlags({ noArchTags: true, sources, layout }),
        deps(repo),
      );
      expect(Object.fromEntries(options.sourceDigests ?? [])).toEqual({
        "linux/amd64": AMD64,
        "linux/arm64": ARM64,
      });
      expect(options.archTags).toBe(false);
    }
    expect(
      await problemsOf(
        "verify",
        rawFlags({ sources: [`linux/amd64=${AMD64},linux/s390x=sha256:1`], layout }),
        deps(repo),
      ),
    ).toEqual([
      '--sources: "linux/s390x=sha256:1" names linux/s390x, which is not a planned platform; use one of linux/amd64 (or amd64), linux/arm64 (or arm64)',
    ]);
    expect(
      await problemsOf("verify", rawFlags({ sources: [`linux/amd64=${AMD64}`], layout }), deps(repo)),
    ).toEqual([
      `--sources: "linux/amd64=${AMD64}" has no digest for linux/arm64; add linux/arm64=sha256:… (mbp build --no-arch-tags prints each platform's digest)`,
    ]);
  });

  it("--summary must be a file in a directory that is there; --arch-tags is answered with --no-arch-tags", async () => {
    const repo = helloRepo({ branch: "main" });
    expect(await problemsOf("run", rawFlags({ summary: "nowhere/summary.md" }), deps(repo))).toEqual([
      `--summary: "nowhere/summary.md" is in ${join(repo, "nowhere")}, which is not a directory; create the directory first, or name a file in one`,
    ]);
    expect(await problemsOf("run", rawFlags({ summary: "." }), deps(repo))).toEqual([
      '--summary: "." is a directory; name a file, e.g. --summary summary.md',
    ]);
    const options = await resolveOptions("run", rawFlags({ summary: "summary.md" }), deps(repo));
    expect(options.summaryFile).toBe(join(repo, "summary.md"));
    expect(() => parseCommandLine(["run", "--arch-tags"])).toThrow(
      '--arch-tags is not a flag of "mbp run"; did you mean --no-arch-tags?',
    );
  });

  it("with --push and buildah needs skopeo, asked for before anything builds (and only then)", async () => {
    const repo = helloRepo({ branch: "main" });
    const asked: string[] = [];
    const noSkopeo = async () => {
      asked.push("skopeo");
      return undefined;
    };
    const flags = rawFlags({ images: "127.0.0.1:5000/org/app", push: true, noArchTags: true });
    expect(
      await problemsOf("run", flags, deps(repo, { skopeoVersion: noSkopeo, checkLogin: async () => {} })),
    ).toEqual([
      "--no-arch-tags with --push and buildah needs skopeo, which does not run here (`skopeo --version`): buildah's image goes to each registry by digest through an OCI layout that skopeo copies; install skopeo (apt-get install skopeo), or drop --no-arch-tags",
    ]);
    // Into the layout, or tagged, skopeo is not needed and not asked for.
    await resolveOptions("run", rawFlags({ noArchTags: true }), deps(repo, { skopeoVersion: noSkopeo }));
    await resolveOptions(
      "run",
      { ...flags, noArchTags: false },
      deps(repo, { skopeoVersion: noSkopeo, checkLogin: async () => {} }),
    );
    expect(asked).toEqual(["skopeo"]);
  });
});
