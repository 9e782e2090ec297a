import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAction } from "../src/testing/action-runner";

const actionYml = fileURLToPath(new URL("../action.yml", import.meta.url));
const env = {
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_REF: "refs/pull/3/merge",
  GITHUB_HEAD_REF: "tickets/DM-52589",
};

describe("bundled image-spec action", () => {
  it("plans from the action.yml defaults and the GitHub context", async () => {
    const result = await runAction(actionYml, { inputs: { images: "ghcr.io/LSST-SQRE/Nublado" }, env });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.tag).toBe("tickets-DM-52589");
    expect(JSON.parse(result.outputs.tags ?? "")).toEqual(["tickets-DM-52589"]);
    expect(JSON.parse(result.outputs.images ?? "")).toEqual(["ghcr.io/lsst-sqre/nublado"]);
    expect(JSON.parse(result.outputs.registries ?? "")).toEqual(["ghcr.io"]);
    expect(JSON.parse(result.outputs["arch-tags"] ?? "")).toEqual({
      "linux/amd64": ["ghcr.io/lsst-sqre/nublado:tickets-DM-52589-amd64"],
      "linux/arm64": ["ghcr.io/lsst-sqre/nublado:tickets-DM-52589-arm64"],
    });
    expect(
      JSON.parse(result.outputs.matrix ?? "").include.map((leg: { runner: string }) => leg.runner),
    ).toEqual(["ubuntu-24.04", "ubuntu-24.04-arm"]);
    expect(result.summary).toContain("| `linux/arm64` | ubuntu-24.04-arm | no |");
    expect(result.errors).toEqual([]);
  });

  it("outputs its own entry for the run's picture, from the job's start when given", async () => {
    const before = Date.now();
    const own = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a" }, env });
    const after = Date.now();
    const entry = JSON.parse(own.outputs.timeline ?? "") as { name: string; start: number; end: number };
    expect(entry.name).toBe("plan");
    expect(entry.start).toBeGreaterThanOrEqual(before);
    expect(entry.end).toBeGreaterThanOrEqual(entry.start);
    expect(entry.end).toBeLessThanOrEqual(after);
    const started = String(before - 4_000);
    const given = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", started }, env });
    expect(JSON.parse(given.outputs.timeline ?? "").start).toBe(Number(started));
    // The bounds hold: exactly max-platforms platforms is fine.
    const two = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", "max-platforms": "2" }, env });
    expect(two.exitCode).toBe(0);
  });

  it("warns about ignored duplicates", async () => {
    const result = await runAction(actionYml, {
      inputs: { images: "ghcr.io/o/a,ghcr.io/O/A", tag: "1.0", "additional-tags": "latest" },
      env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual(['images: "ghcr.io/O/A" repeats ghcr.io/o/a; it is used once']);
    expect(JSON.parse(result.outputs.tags ?? "")).toEqual(["1.0", "latest"]);
  });

  it("routes every variant to its architecture's runner, warning where a hosted CPU may lack it", async () => {
    const result = await runAction(actionYml, {
      inputs: {
        images: "ghcr.io/o/a",
        tag: "1.0",
        platforms: "linux/amd64/v3, linux/amd64/v4, linux/arm64/v9",
      },
      env,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.matrix ?? "")).toEqual({
      include: [
        { index: 0, platform: "linux/amd64/v3", suffix: "amd64-v3", runner: "ubuntu-24.04", qemu: false },
        { index: 1, platform: "linux/amd64/v4", suffix: "amd64-v4", runner: "ubuntu-24.04", qemu: false },
        { index: 2, platform: "linux/arm64/v9", suffix: "arm64-v9", runner: "ubuntu-24.04-arm", qemu: false },
      ],
    });
    expect(JSON.parse(result.outputs["arch-tags"] ?? "")).toEqual({
      "linux/amd64/v3": ["ghcr.io/o/a:1.0-amd64-v3"],
      "linux/amd64/v4": ["ghcr.io/o/a:1.0-amd64-v4"],
      "linux/arm64/v9": ["ghcr.io/o/a:1.0-arm64-v9"],
    });
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(
      /^linux\/amd64\/v4 needs AVX-512 .* Set runners: linux\/amd64\/v4=LABEL/,
    );
    expect(result.warnings[1]).toMatch(/^linux\/arm64\/v9 needs Armv9\.0-A/);
    expect(result.summary).toContain("| `linux/arm64/v9` | ubuntu-24.04-arm | no |");
  });

  const badInputs: Array<[string, Record<string, string>, string]> = [
    ["empty images", { images: "" }, 'images: "" names no image'],
    ["no host", { images: "nublado" }, 'images: "nublado" has no registry host'],
    ["spaces", { images: "ghcr.io/a b" }, "contains white space"],
    ["shell metacharacters", { images: "ghcr.io/o/$(id)" }, 'has an invalid path component "$(id)"'],
    ["command separator", { images: "ghcr.io/o/a;rm -rf /" }, "contains white space"],
    ["newline inside a name", { images: "ghcr.io/o/a\nb" }, 'images: "b" has no registry host'],
    ["tag in image", { images: "ghcr.io/o/a:1.0" }, "has a tag"],
    ["double slash", { images: "ghcr.io//a" }, "has an empty path component"],
    ["bad tag", { images: "ghcr.io/o/a", tag: "a/b" }, 'tag: "a/b" is not a valid tag'],
    [
      "bad additional tag",
      { images: "ghcr.io/o/a", "additional-tags": "ok,no way" },
      'additional-tags: "no way"',
    ],
    ["129-char tag", { images: "ghcr.io/o/a", tag: "x".repeat(129) }, "registries allow 128"],
    [
      "bad platform",
      { images: "ghcr.io/o/a", platforms: "linux/sparc" },
      'platforms: "linux/sparc" has unknown architecture',
    ],
    [
      "duplicate platforms",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,linux/amd64" },
      "repeats linux/amd64",
    ],
    ["empty platforms", { images: "ghcr.io/o/a", platforms: " , " }, "names no platform"],
    [
      "a Windows platform",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,windows/amd64" },
      'platforms: "windows/amd64" is not a Linux platform (the builds run on Linux runners and make Linux images only); write linux/amd64',
    ],
    ["bad runners", { images: "ghcr.io/o/a", runners: "arm" }, 'runners: "arm" is not platform=label'],
    [
      "more platforms than max-platforms",
      { images: "ghcr.io/o/a", platforms: "linux/amd64,linux/arm64,linux/arm/v7", "max-platforms": "2" },
      'platforms: "linux/amd64,linux/arm64,linux/arm/v7" names 3 platforms, more than the 2 one run can build (max-platforms)',
    ],
    [
      "a bad max-platforms",
      { images: "ghcr.io/o/a", "max-platforms": "0" },
      'max-platforms: "0" is not a whole',
    ],
    [
      "started in seconds",
      { images: "ghcr.io/o/a", started: "1767225600" },
      'started: "1767225600" is not a time',
    ],
    // The later jobs' inputs, checked here with their own jobs' rules.
    [
      "a build-args line without =",
      { images: "ghcr.io/o/a", "build-args": "VERSION=1.0\nDEBUG" },
      'build-args: "DEBUG" is not KEY=VALUE; write one KEY=VALUE per line',
    ],
    [
      "a misspelt cache placeholder",
      { images: "ghcr.io/o/a", "cache-from": "type=registry,ref=ghcr.io/o/a:cache-{platform}" },
      'cache-from: "type=registry,ref=ghcr.io/o/a:cache-{platform}" has the placeholder {platform}, which is not known',
    ],
    [
      "a misspelt cache-to placeholder",
      { images: "ghcr.io/o/a", "cache-to": "type=registry,ref=ghcr.io/o/a:cache-{ARCH},mode=max" },
      'cache-to: "type=registry,ref=ghcr.io/o/a:cache-{ARCH},mode=max" has the placeholder {ARCH}',
    ],
    [
      "an annotation without =",
      { images: "ghcr.io/o/a", annotations: "org.opencontainers.image.title: app" },
      'annotations: "org.opencontainers.image.title: app" is not KEY=VALUE',
    ],
    [
      "an insecure registry with a scheme",
      { images: "ghcr.io/o/a", "insecure-registries": "http://registry.internal:5000" },
      'insecure-registries: "http://registry.internal:5000" is not a registry host',
    ],
    [
      "a workload identity pool instead of a provider",
      {
        images: "us-docker.pkg.dev/p/r/a",
        "gar-workload-identity-provider":
          "projects/123456789012/locations/global/workloadIdentityPools/github",
      },
      'gar-workload-identity-provider: "projects/123456789012/locations/global/workloadIdentityPools/github" is a pool, not a provider',
    ],
    [
      "a service account without a provider",
      { images: "us-docker.pkg.dev/p/r/a", "gar-service-account": "pusher@p.iam.gserviceaccount.com" },
      "is set but gar-workload-identity-provider is empty",
    ],
    [
      "an IAM user instead of a role",
      { images: "ghcr.io/o/a", "aws-role-arn": "arn:aws:iam::123456789012:user/ci" },
      'aws-role-arn: "arn:aws:iam::123456789012:user/ci" is a user, not a role',
    ],
  ];
  it.each(badInputs)("fails on %s with a named error and no outputs", async (_name, inputs, message) => {
    const result = await runAction(actionYml, { inputs, env });
    expect(result.exitCode).toBe(1);
    expect(result.errors.some((error) => error.includes(message))).toBe(true);
    expect(result.commands.find((c) => c.command === "error")?.properties).toMatch(
      /^title=Invalid input%3A /,
    );
    expect(result.outputs).toEqual({});
  });

  it("reports every bad input of every job in one run, each as its own error", async () => {
    const result = await runAction(actionYml, {
      inputs: {
        images: "nublado",
        "build-args": "VERSION=1.0\nDEBUG",
        "cache-to": "type=registry,ref=ghcr.io/o/a:cache-{platform}",
        annotations: "title app",
        "insecure-registries": "registry.internal/path",
        "aws-role-arn": "github-ecr-push",
      },
      env,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'images: "nublado" has no registry host; write it with its registry, e.g. ghcr.io/nublado or docker.io/nublado',
      'build-args: "DEBUG" is not KEY=VALUE; write one KEY=VALUE per line',
      'cache-to: "type=registry,ref=ghcr.io/o/a:cache-{platform}" has the placeholder {platform}, which is not known; write {arch} (the platform\'s tag suffix: amd64, arm64, arm-v7), or no placeholder',
      'annotations: "title app" is not KEY=VALUE; write one KEY=VALUE per line',
      'insecure-registries: "registry.internal/path" is not a registry host; write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000',
      `aws-role-arn: "github-ecr-push" is not an IAM role ARN; write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push`,
      "6 input problems; nothing was built or pushed",
    ]);
    const titles = result.commands.filter((c) => c.command === "error").map((c) => c.properties);
    expect(titles.slice(0, 6)).toEqual(
      ["images", "build-args", "cache-to", "annotations", "insecure-registries", "aws-role-arn"].map(
        (input) => `title=Invalid input%3A ${input}`,
      ),
    );
    expect(result.outputs).toEqual({});
  });

  it("shows a bad line as every input error does, and nothing of the lines that are fine", async () => {
    const fine = "npm_Zq8vK2mN5pR7sT1uW3xY6aB9cD4eF0gH2jL";
    const bad = "ghp_Xy7Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk9Lz";
    const result = await runAction(actionYml, {
      inputs: {
        images: "ghcr.io/o/a",
        "build-args": `NPM_TOKEN=${fine}\n${bad}`,
        annotations: `org.example.token=${fine}`,
      },
      env,
    });
    expect(result.exitCode).toBe(1);
    // The convention: the one ::error of the bad line names it (as any InputError shows its value).
    expect(result.errors).toEqual([
      `build-args: "${bad}" is not KEY=VALUE; write one KEY=VALUE per line`,
      "1 input problem; nothing was built or pushed",
    ]);
    const everything = [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)].join(
      "\n",
    );
    expect(everything.split(bad)).toHaveLength(2);
    expect(everything).not.toContain(fine);
  });

  it("takes empty and blank values of the later jobs' inputs as not given", async () => {
    const later = [
      "build-args",
      "cache-from",
      "cache-to",
      "annotations",
      "insecure-registries",
      "gar-workload-identity-provider",
      "gar-service-account",
      "aws-role-arn",
    ];
    const plain = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", tag: "1.0" }, env });
    for (const blank of ["", "  ", " \n \n"]) {
      const inputs = {
        images: "ghcr.io/o/a",
        tag: "1.0",
        ...Object.fromEntries(later.map((k) => [k, blank])),
      };
      const result = await runAction(actionYml, { inputs, env });
      expect(result.exitCode, JSON.stringify(blank)).toBe(0);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.outputs.matrix).toBe(plain.outputs.matrix);
    }
  });

  it("passes valid values of the later jobs' inputs, as their jobs take them", async () => {
    const result = await runAction(actionYml, {
      inputs: {
        images: "us-docker.pkg.dev/p/r/a",
        tag: "1.0",
        // docker/build-push-action's quoted CSV form, a value with = and commas, and a comment.
        "build-args": '"BASE=python:3.13"\n# a comment\nOPTS=a=1,b=2',
        "cache-from": "type=registry,ref=us-docker.pkg.dev/p/r/a:cache-{arch}\ntype=gha",
        "cache-to": "type=registry,ref=us-docker.pkg.dev/p/r/a:cache-{arch},mode=max",
        annotations: "org.opencontainers.image.description=An app, with = inside",
        "insecure-registries": "registry.internal:5000, [fd00::10]:5000",
        "gar-workload-identity-provider":
          "projects/123456789012/locations/global/workloadIdentityPools/github/providers/actions",
        "gar-service-account": "pusher@p.iam.gserviceaccount.com",
        "aws-role-arn": "arn:aws:iam::123456789012:role/github-ecr-push",
      },
      env,
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.tag).toBe("1.0");
    // The insecure registries as buildkitd.toml, for the build job's buildx builder.
    expect(result.outputs["buildkitd-config"]).toBe(
      '[registry."registry.internal:5000"]\n  http = true\n  insecure = true\n' +
        '[registry."[fd00::10]:5000"]\n  http = true\n  insecure = true\n',
    );
  });

  it("gives an empty buildkitd-config without insecure registries", async () => {
    const result = await runAction(actionYml, { inputs: { images: "ghcr.io/o/a", tag: "1.0" }, env });
    expect(result.exitCode).toBe(0);
    expect(result.outputs["buildkitd-config"]).toBe("");
  });
});
