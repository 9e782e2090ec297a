/**
 * `--no-arch-tags` end to end through the bundled CLI, with buildah and with the real buildx on the
 * tests' private dockerd (its own DOCKER_CONFIG and BUILDX_CONFIG), two loopback registries: each
 * registry's tag list holds only the multi-arch tags, both platforms pull by digest (skopeo) from
 * each, the layout's index.json names only the multi-arch tags, `mbp verify` accepts both kinds of
 * target, and a platform that fails leaves no tag at all and an error naming, per registry, what the
 * others left. The `--summary` file is checked here too: the same Markdown as the job summary.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Credentials,
  dockerd,
  httpRequest,
  inspectRaw,
  makeTempDir,
  type Registry,
  runCommand,
  startRegistry,
  stopAll,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandResult } from "../src/run";
import { BUILDAH_FLAGS, buildahStorage, cli, helloRepo, inspectLayout, section } from "./helpers";

afterAll(stopAll);

const user: Credentials = { username: "ci", password: "no-arch-tags-cli-pw" };
const PLATFORMS = ["--platforms", "linux/amd64,linux/arm64"];
const TAGS = ["--tag", "1.0.0", "--additional-tags", "latest"];
const DIGEST = /sha256:[0-9a-f]{64}/;
const ATTESTATION = "attestation-manifest";
const storage = buildahStorage();
const engine = await dockerd();
const skipBuildx = engine.ok ? undefined : engine.reason;

let first: Registry;
let second: Registry;
beforeAll(async () => {
  [first, second] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
  ]);
});

/** A checkout whose image holds one file naming its architecture (no RUN step: no QEMU needed). */
function archRepo(archs: readonly string[] = ["amd64", "arm64"]): string {
  const repo = helloRepo({
    branch: "main",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a JS template
    dockerfile: "FROM scratch\nARG TARGETARCH\nCOPY ${TARGETARCH}.txt /arch.txt\n",
  });
  for (const arch of archs) writeFileSync(join(repo, `${arch}.txt`), `${arch}\n`);
  return repo;
}

/** The environment of one engine: buildah's private storage, or the private dockerd with own configs. */
function engineEnv(name: "buildah" | "buildx"): { flags: string[]; env: NodeJS.ProcessEnv } {
  const config = tempDockerConfig({ [first.host]: user, [second.host]: user });
  if (name === "buildah") return { flags: BUILDAH_FLAGS, env: { ...storage.env, ...config.env } };
  const dockerEnv = engine.ok ? engine.dockerd.env : {};
  // A BUILDX_CONFIG of this test's own.
  return {
    flags: ["--engine", "buildx"],
    env: {
      ...dockerEnv,
      ...config.env,
      BUILDX_CONFIG: makeTempDir("cli-buildx-config"),
      ...loggedSkopeo(),
    },
  };
}

/**
 * skopeo as the CLI runs it, each command line logged first (SKOPEO_LOG): the docker driver pushes
 * by digest through it, and the platforms building at once must not share its files.
 */
function loggedSkopeo(): { PATH: string; SKOPEO_LOG: string } {
  const bin = makeTempDir("cli-skopeo");
  const real = execFileSync("sh", ["-c", "command -v skopeo"], { encoding: "utf8" }).trim();
  writeFileSync(join(bin, "skopeo"), `#!/bin/sh\necho "$*" >> "$SKOPEO_LOG"\nexec ${real} "$@"\n`, {
    mode: 0o755,
  });
  return { PATH: `${bin}:${process.env.PATH}`, SKOPEO_LOG: join(bin, "calls.log") };
}

/** The `--digestfile` of every `skopeo copy` a run made. */
function digestFiles(log: string): string[] {
  return log
    .split("\n")
    .filter((line) => line.startsWith("copy "))
    .map((line) => /--digestfile (\S+)/.exec(line)?.[1] ?? "");
}

function images(repo: string): string {
  return `${first.host}/${repo},${second.host}/${repo}`;
}

async function tagList(registry: Registry, repo: string): Promise<string[]> {
  const res = await httpRequest(`${registry.url}/v2/${repo}/tags/list`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
    },
  });
  // distribution answers 404 NAME_UNKNOWN for a repository that holds no tag.
  if (res.status === 404) return [];
  expect(res.status).toBe(200);
  return ((JSON.parse(res.body.toString("utf8")) as { tags?: string[] | null }).tags ?? []).sort();
}

/** `skopeo copy` of one image by digest into a fresh OCI layout: a pull by a client of its own. */
async function pullByDigest(ref: string): Promise<void> {
  // --all: a buildx build is an index of the image and its provenance.
  await runCommand("skopeo", [
    "copy",
    "--all",
    "--src-tls-verify=false",
    "--src-creds",
    `${user.username}:${user.password}`,
    `docker://${ref}`,
    `oci:${makeTempDir("cli-pull")}:pulled`,
  ]);
}

/** Every manifest PUT a registry logged for `repo`, by the reference it was PUT under. */
function manifestPuts(registry: Registry, repo: string): string[] {
  const pattern = new RegExp(`"PUT /v2/${repo}/manifests/([^ ?"]+)`, "g");
  return [...registry.logs().matchAll(pattern)].map((m) => m[1] ?? "");
}

describe.each([
  ["buildah", undefined],
  ["buildx", skipBuildx],
] as const)("mbp run --push --no-arch-tags with %s", (name, skip) => {
  it.skipIf(skip)(
    "leaves only the multi-arch tags in each registry; both platforms pull by digest; verify accepts it",
    async () => {
      const repo = `org/${name}`;
      const dir = archRepo();
      const { flags, env } = engineEnv(name);
      const summaryFile = join(makeTempDir("cli-summary"), "summary.md");
      const result = await cli(
        [
          "run",
          "--push",
          "--no-arch-tags",
          "--images",
          images(repo),
          ...TAGS,
          ...PLATFORMS,
          ...flags,
          "--summary",
          summaryFile,
          "--json",
        ],
        { cwd: dir, env },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain(user.password);
      if (env.SKOPEO_LOG) {
        // Four copies (two platforms, two registries) at once: each platform's own digest files.
        const files = digestFiles(readFileSync(env.SKOPEO_LOG, "utf8"));
        expect(files).toHaveLength(4);
        expect(new Set(files).size).toBe(4);
      }
      const json = JSON.parse(result.stdout) as CommandResult;
      const built = json.builds?.map((b) => b.digest) ?? [];
      expect(built).toEqual([expect.stringMatching(DIGEST), expect.stringMatching(DIGEST)]);
      expect(json.builds?.[1]?.refs).toEqual([
        `${first.host}/${repo}@${built[1]}`,
        `${second.host}/${repo}@${built[1]}`,
      ]);

      for (const registry of [first, second]) {
        // Only the multi-arch tags, and no tag ever PUT but those: the builds went by digest.
        expect(await tagList(registry, repo)).toEqual(["1.0.0", "latest"]);
        expect(
          manifestPuts(registry, repo)
            .filter((ref) => !ref.startsWith("sha256:"))
            .sort(),
        ).toEqual(["1.0.0", "latest"]);
        const index = await inspectRaw(`${registry.host}/${repo}:1.0.0`, { creds: user });
        expect(index.digest).toBe(json.index?.digest);
        const entries = (index.manifest.manifests ?? []).filter(
          (e) => e.annotations?.["vnd.docker.reference.type"] !== ATTESTATION,
        );
        expect(entries.map((e) => e.platform?.architecture)).toEqual(["amd64", "arm64"]);
        for (const entry of entries) await pullByDigest(`${registry.host}/${repo}@${entry.digest}`);
        // What each build pushed (an index with its provenance, for buildx) is there by digest too.
        for (const digest of built) await pullByDigest(`${registry.host}/${repo}@${digest}`);
      }

      // The log (stderr with --json): verified by digest; the run at a glance as a table.
      const log = result.stderr;
      expect(log).toContain(
        "verified: every tag names this index; each platform's entry is its image, as built, by digest, with no per-arch tag",
      );
      const done = section(log, "Done");
      expect(done[0]).toMatch(/^image +tags +index digest +platform +digest +size$/);
      expect(done[1]).toMatch(
        new RegExp(
          `^${first.host}/${repo} +1\\.0\\.0, latest +${json.index?.digest} +linux/amd64 +sha256:[0-9a-f]{64} +\\d+(\\.\\d)? k?B$`,
        ),
      );
      expect(done).toContain(`Pull it: docker pull ${first.host}/${repo}:1.0.0`);

      // The same Markdown as the manifest job's summary, with the CLI's own timeline.
      const markdown = readFileSync(summaryFile, "utf8");
      expect(markdown).toContain("### Published `1.0.0`, `latest`");
      expect(markdown).toContain("| Image | Tags | Index digest | Platform | Digest | Size |");
      expect(markdown).toMatch(
        new RegExp(
          `\\| \`${second.host}/${repo}\` \\| \`1\\.0\\.0\` \`latest\` \\| \`${json.index?.digest}\` \\| \`linux/amd64\` \\| \`sha256:[0-9a-f]{64}\` \\| \\d+(\\.\\d)? k?B \\|`,
        ),
      );
      expect(markdown).toContain("Sources: each platform's image by the digest its build reported.");
      expect(markdown).toContain(`\`\`\`sh\ndocker pull ${first.host}/${repo}:1.0.0\n\`\`\``);
      expect(markdown).toMatch(
        /```mermaid\ngantt\n {4}title Run timeline\n {4}dateFormat x\n {4}axisFormat %H:%M:%S\n {4}section plan\n {4}plan [\d.]+ s :done, t0, \d+, \d+\n {4}section linux\/amd64\n {4}build [\d.]+ s :done, t1, \d+, \d+\n {4}push [\d.]+ s :done, t2, \d+, \d+\n {4}section linux\/arm64\n {4}build [\d.]+ s :done, t3, \d+, \d+\n {4}push [\d.]+ s :done, t4, \d+, \d+\n {4}section index\n {4}stitch [\d.]+ s :done, t5, \d+, \d+\n {4}verify [\d.]+ s :done, t6, \d+, \d+\n```\n$/,
      );

      // mbp verify accepts the target with --no-arch-tags; without it, says what to add.
      const target = ["--push", "--images", images(repo), ...TAGS, ...PLATFORMS];
      const verified = await cli(["verify", "--no-arch-tags", ...target], { cwd: dir, env });
      expect(verified.code, verified.stderr).toBe(0);
      const tagged = await cli(["verify", ...target], { cwd: dir, env });
      expect(tagged.code).toBe(1);
      expect(tagged.stderr).toContain(
        `${first.host}/${repo}:1.0.0-amd64 (linux/amd64) does not exist; if the run had --no-arch-tags, verify with it`,
      );
    },
  );

  it.skipIf(skip)(
    "a platform that fails leaves no tag at all, and the error says what the other left where",
    async () => {
      const repo = `org/${name}-failing`;
      // No arm64.txt: the arm64 build fails at its COPY step.
      const dir = archRepo(["amd64"]);
      const { flags, env } = engineEnv(name);
      const summaryFile = join(makeTempDir("cli-summary"), "summary.md");
      const result = await cli(
        [
          "run",
          "--push",
          "--no-arch-tags",
          "--images",
          images(repo),
          ...TAGS,
          ...PLATFORMS,
          ...flags,
          "--summary",
          summaryFile,
        ],
        { cwd: dir, env },
      );
      expect(result.code).toBe(1);
      const amd64 = new RegExp(`^linux/amd64  (${DIGEST.source})  `, "m").exec(
        section(result.stdout, "Per-architecture images").join("\n"),
      )?.[1];
      expect(amd64).toMatch(DIGEST);
      expect(result.stderr).toMatch(/^error: 1 of 2 platform builds failed:\n {2}- linux\/arm64: /);
      expect(result.stderr).toContain(
        [
          "No tag was written, neither multi-arch nor per-architecture (--no-arch-tags). What the platforms that built left, by digest only (no index points at it):",
          `  ${first.host}/${repo}:`,
          `    - linux/amd64: left: untagged ${amd64}`,
          `  ${second.host}/${repo}:`,
          `    - linux/amd64: left: untagged ${amd64}`,
          "",
        ].join("\n"),
      );
      for (const registry of [first, second]) {
        expect(await tagList(registry, repo)).toEqual([]);
        await pullByDigest(`${registry.host}/${repo}@${amd64}`);
      }
      const markdown = readFileSync(summaryFile, "utf8");
      expect(markdown).toContain("### Nothing published: the build of `linux/arm64` failed");
      expect(markdown).toContain(`**build failed**`);
      expect(markdown).toContain(`built; left: untagged ${amd64}`);
      expect(markdown).toMatch(/section linux\/arm64\n {4}build FAILED [\d.]+ s :crit, /);
    },
  );
});

describe.each([
  ["buildah", undefined],
  ["buildx", skipBuildx],
] as const)("mbp with --no-arch-tags into the OCI layout with %s", (name, skip) => {
  it.skipIf(skip)(
    "names only the multi-arch tags in index.json; build then stitch by the printed --sources; verify accepts both",
    async () => {
      const dir = archRepo();
      const setup = engineEnv(name);
      // One time for both builds, so that build-then-stitch gives the very index run wrote.
      const env = { ...setup.env, SOURCE_DATE_EPOCH: "1700000000" };
      const layout = join(makeTempDir("cli-layout"), "oci");
      const target = ["--layout", layout, ...TAGS, ...PLATFORMS];
      const run = await cli(["run", "--no-arch-tags", ...target, ...setup.flags], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      const names = () =>
        (
          JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as {
            manifests: Array<{ annotations?: Record<string, string> }>;
          }
        ).manifests.map((m) => m.annotations?.["org.opencontainers.image.ref.name"]);
      expect(names()).toEqual(["1.0.0", "latest"]);
      const index = await inspectLayout(layout, "1.0.0");
      expect(index.manifest.manifests?.map((m) => m.platform?.architecture)).toEqual(["amd64", "arm64"]);
      expect(section(run.stdout, "Plan")).toContain("per-arch    by digest only, no tag (--no-arch-tags)");
      expect(section(run.stdout, "Plan")).toContainEqual(
        expect.stringMatching(
          /^linux\/arm64 +no RUN steps, no emulation needed +oci:.*@<digest> +ubuntu-24\.04-arm$/,
        ),
      );
      expect(section(run.stdout, "Done")[1]).toMatch(
        new RegExp(`^oci:${layout} +1\\.0\\.0, latest +${index.digest} +linux/amd64 +sha256:`),
      );

      // mbp build alone writes no name at all, and says how to stitch by digest; that command works.
      const second = join(makeTempDir("cli-layout"), "oci");
      const built = await cli(
        ["build", "--no-arch-tags", "--layout", second, ...TAGS, ...PLATFORMS, ...setup.flags],
        { cwd: dir, env },
      );
      expect(built.code, built.stderr).toBe(0);
      expect(readFileSync(join(second, "index.json"), "utf8")).toContain('"manifests":[]');
      const next =
        /^Next: node \S+ stitch --no-arch-tags --sources (\S+) \(same /m.exec(built.stdout)?.[1] ?? "";
      expect(next).toMatch(new RegExp(`^linux/amd64=${DIGEST.source},linux/arm64=${DIGEST.source}$`));
      const stitched = await cli(
        ["stitch", "--no-arch-tags", "--sources", next, "--layout", second, ...TAGS, ...PLATFORMS],
        { cwd: dir, env },
      );
      expect(stitched.code, stitched.stderr).toBe(0);
      expect((await inspectLayout(second, "latest")).digest).toBe(index.digest);
      // A stitch alone prints the same table, each size read through the layout.
      expect(section(stitched.stdout, "Done").slice(1, 3)).toEqual([
        expect.stringMatching(
          new RegExp(` ${index.digest} +linux/amd64 +${DIGEST.source} +\\d+(\\.\\d)? k?B$`),
        ),
        expect.stringMatching(new RegExp(`^ +linux/arm64 +${DIGEST.source} +\\d+(\\.\\d)? k?B$`)),
      ]);

      const verified = await cli(
        ["verify", "--no-arch-tags", "--sources", next, "--layout", second, ...TAGS, ...PLATFORMS],
        {
          cwd: dir,
          env,
        },
      );
      expect(verified.code, verified.stderr).toBe(0);
      const tagged = await cli(["verify", "--layout", second, ...TAGS, ...PLATFORMS], { cwd: dir, env });
      expect(tagged.code).toBe(1);
      expect(tagged.stderr).toContain(
        ":1.0.0-amd64 (linux/amd64) does not exist; if the run had --no-arch-tags, verify with it",
      );
      // Without its sources, mbp stitch --no-arch-tags cannot know the images: it says so up front.
      const missing = await cli(["stitch", "--no-arch-tags", "--layout", second, ...TAGS, ...PLATFORMS], {
        cwd: dir,
        env,
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(
        "--no-arch-tags needs --sources in mbp stitch: without per-architecture tags, each platform's image is known only by its digest; add --sources linux/amd64=sha256:…,linux/arm64=sha256:…, as mbp build --no-arch-tags printed them",
      );
    },
  );
});
