/**
 * The bundled CLI with `--engine buildx` on a real dockerd (containerd image store, the `docker`
 * buildx driver), and `--builder` sending one platform to another named builder. Skips, saying
 * why, only where no dockerd can start (see @mbp/testkit's dockerd()).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  dockerd,
  inspectRaw,
  makeTempDir,
  runCommand,
  startRegistry,
  stopAll,
  tempDockerConfig,
} from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandResult } from "../src/run";
import { cli, helloRepo, inspectLayout } from "./helpers";

afterAll(stopAll);

const engine = await dockerd();
const skipReason = engine.ok ? undefined : engine.reason;
const PLATFORMS = ["--platforms", "linux/amd64,linux/arm64"];
const ATTESTATION = "attestation-manifest";

describe(`the bundled CLI with buildx on a real dockerd${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it.skipIf(skipReason)("pushes both platforms and one flat index; --json gives the digests", async () => {
    if (!engine.ok) return;
    const creds = { username: "ci", password: "buildx-cli-pw" };
    const registry = await startRegistry({ auth: { htpasswd: { [creds.username]: creds.password } } });
    const config = tempDockerConfig({ [registry.host]: creds });
    const repo = helloRepo({ branch: "main" });
    const image = `${registry.host}/org/app`;
    const result = await cli(
      ["run", "--push", "--images", image, "--context", repo, ...PLATFORMS, "--engine", "buildx", "--json"],
      { cwd: repo, env: { ...engine.dockerd.env, ...config.env } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain(creds.password);
    const json = JSON.parse(result.stdout) as CommandResult;

    const index = await inspectRaw(`${image}:main`, { creds });
    expect(json.index?.digest).toBe(index.digest);
    // buildx pushes each platform as an index with its provenance; the stitched index is flat.
    const images = (index.manifest.manifests ?? []).filter(
      (m) => m.annotations?.["vnd.docker.reference.type"] !== ATTESTATION,
    );
    for (const entry of index.manifest.manifests ?? []) expect(entry.mediaType).not.toMatch(/index/);
    expect(images.map((m) => m.platform?.architecture)).toEqual(["amd64", "arm64"]);
    for (const [i, arch] of (["amd64", "arm64"] as const).entries()) {
      const perArch = await inspectRaw(`${image}:main-${arch}`, { creds });
      const inner = perArch.manifest.manifests?.find((m) => m.platform?.architecture === arch)?.digest;
      expect(images[i]?.digest).toBe(inner ?? perArch.digest);
      expect(json.builds?.[i]?.digest).toBe(perArch.digest);
    }
  });

  it.skipIf(skipReason)(
    "writes the OCI layout with the docker driver; --builder names a builder (a docker context), a missing one fails",
    async () => {
      if (!engine.ok) return;
      // A docker context is a builder of its own name (the `docker` driver); buildx builds on a
      // `docker` driver builder only from its own context, so the named builder is the current one.
      const config = tempDockerConfig();
      const env = { ...process.env, ...config.env, DOCKER_HOST: "" };
      await runCommand(
        "docker",
        ["context", "create", "mbp-e2e", "--docker", `host=${engine.dockerd.host}`],
        { env },
      );
      await runCommand("docker", ["context", "use", "mbp-e2e"], { env });
      const repo = helloRepo({ branch: "feature/buildx" });
      const cwd = makeTempDir("cli-buildx-cwd");
      const result = await cli(
        ["run", "--context", repo, ...PLATFORMS, "--engine", "buildx", "--builder", "linux/arm64=mbp-e2e"],
        { cwd, env: { ...config.env, DOCKER_HOST: "" } },
      );
      expect(result.code, result.stderr).toBe(0);
      const out = `${result.stdout}\n${result.stderr}`;
      expect(out).toMatch(/\[linux\/arm64\] #0 building with "mbp-e2e" instance using docker driver/);

      const missing = await cli(
        [
          "run",
          "--context",
          repo,
          ...PLATFORMS,
          "--engine",
          "buildx",
          "--builder",
          "linux/arm64=no-such-builder",
        ],
        { cwd: makeTempDir("cli-buildx-cwd"), env: { ...config.env, DOCKER_HOST: "" } },
      );
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain("no-such-builder");

      const layout = join(cwd, "out", "oci");
      const index = await inspectLayout(layout, "feature-buildx");
      const amd64 = await inspectLayout(layout, "feature-buildx-amd64");
      const arm64 = await inspectLayout(layout, "feature-buildx-arm64");
      const platformDigest = (m: typeof amd64.manifest, arch: string, own: string) =>
        m.manifests?.find((e) => e.platform?.architecture === arch)?.digest ?? own;
      expect(
        index.manifest.manifests?.filter((m) => m.platform?.architecture !== "unknown").map((m) => m.digest),
      ).toEqual([
        platformDigest(amd64.manifest, "amd64", amd64.digest),
        platformDigest(arm64.manifest, "arm64", arm64.digest),
      ]);
      const tagged = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as {
        manifests: Array<{ annotations?: Record<string, string> }>;
      };
      expect(
        tagged.manifests.map((m) => m.annotations?.["org.opencontainers.image.ref.name"]).sort(),
      ).toEqual(["feature-buildx", "feature-buildx-amd64", "feature-buildx-arm64"]);
    },
  );

  it.skipIf(skipReason)(
    "SOURCE_DATE_EPOCH: two buildx builds of one context give one digest (and without it, two)",
    async () => {
      if (!engine.ok) return;
      const repo = helloRepo({ branch: "main" });
      // --no-cache: a build the builder's cache answers would be the same bytes either way.
      const digestOf = async (env: NodeJS.ProcessEnv) => {
        const layout = join(makeTempDir("cli-buildx-repro"), "oci");
        const result = await cli(
          ["build", "--engine", "buildx", "--no-cache", "--platforms", "linux/amd64", "--layout", layout],
          { cwd: repo, env: { ...engine.dockerd.env, ...env } },
        );
        expect(result.code, result.stderr).toBe(0);
        return (await inspectLayout(layout, "main-amd64")).digest;
      };
      const epoch = { SOURCE_DATE_EPOCH: "1700000000" };
      expect(await digestOf(epoch)).toBe(await digestOf(epoch));
      // The control: BuildKit's own clock makes every build differ (created times are in seconds).
      const first = await digestOf({});
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await digestOf({})).not.toBe(first);
    },
  );
});
