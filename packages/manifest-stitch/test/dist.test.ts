import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAction } from "@mbp/image-spec/testing";
import {
  inspectRaw,
  type Registry,
  startProxy,
  startRegistry,
  stopAll,
  type TempDockerConfig,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amd64, arm64, dockerLogin, pushArch } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const user = { username: "ci", password: "dist-test-pw" };
let registry: Registry;
let config: TempDockerConfig;

beforeAll(async () => {
  registry = await startRegistry({ auth: { htpasswd: { [user.username]: user.password } } });
  config = await dockerLogin({ [registry.host]: user });
});
afterAll(() => stopAll());

const github = {
  GITHUB_EVENT_NAME: "push",
  GITHUB_REF: "refs/heads/main",
  GITHUB_REPOSITORY: "octo/app",
  GITHUB_SHA: "89abcdef0123456789abcdef0123456789abcdef",
};

describe("the bundled action, run as the runner runs it", () => {
  it("pushes the index under every tag and reports outputs, logs and a summary", async () => {
    const image = `${registry.host}/org/dist`;
    await pushArch(registry.url, "org/dist", "main-amd64", amd64, { auth: user, layerBytes: 2_000_000 });
    await pushArch(registry.url, "org/dist", "main-arm64", arm64, {
      auth: user,
      provenance: true,
      layerBytes: 3_000_000,
    });
    const result = await runAction(actionYml, {
      inputs: {
        images: image,
        "additional-tags": "latest",
        annotations: "org.opencontainers.image.description=dist",
      },
      env: { ...github, ...config.env },
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const digest = result.outputs.digest ?? "";
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs.tag).toBe("main");
    expect(JSON.parse(result.outputs.digests ?? "")).toEqual({ [image]: digest });
    expect(JSON.parse(result.outputs.refs ?? "")).toEqual([
      `${image}:main@${digest}`,
      `${image}:latest@${digest}`,
    ]);
    const seen = await inspectRaw(`${image}:latest`, { creds: user });
    expect(seen.digest).toBe(digest);
    expect(result.outputs.complete).toBe("true");
    expect(result.outputs["unwritten-refs"]).toBe("[]");
    expect(seen.manifest.annotations?.["org.opencontainers.image.revision"]).toBe(github.GITHUB_SHA);
    expect(result.stdout).toContain(`Pushed ${image}:latest@${digest}`);
    expect(result.stdout).toContain(
      // The third GET reads arm64's image manifest inside its provenance index, for its size.
      `::debug::${registry.host}: 6 requests: 1 GET ping, 3 GET manifest, 2 PUT manifest`,
    );
    expect(result.summary).toContain("### Published `main`, `latest`");
    expect(result.summary).toContain("| Image | Tags | Index digest | Platform | Digest | Size |");
    // The image's size (config plus layers), not its manifest's few hundred bytes.
    expect(result.summary).toMatch(
      new RegExp(
        `\\| \`${image}\` \\| \`main\` \`latest\` \\| \`${digest}\` \\| \`linux/amd64\` \\| \`sha256:[0-9a-f]{64}\` \\| 2\\.0 MB \\|`,
      ),
    );
    expect(result.summary).toMatch(
      /\| {2}\| {2}\| {2}\| `linux\/arm64` \| `sha256:[0-9a-f]{64}` \| 3\.0 MB \|/,
    );
    expect(result.summary).toContain(`docker pull ${image}:main`);
    expect(result.summary).toMatch(
      /```mermaid\ngantt\n[\s\S]*section manifest\n {4}stitch [^\n]*:done, t0, \d{13}, \d{13}\n```/,
    );
    // The password is masked before anything could print it, and nothing but the mask command names it.
    const lines = result.stdout.split("\n");
    expect(lines).toContain(`::add-mask::${user.password}`);
    expect(lines.filter((l) => !l.startsWith("::add-mask::") && l.includes(user.password))).toEqual([]);
  });

  it("reports every bad input at once and pushes nothing", async () => {
    const result = await runAction(actionYml, {
      inputs: { images: "app", push: "maybe", platforms: "linux/amd64,linux/amd64" },
      env: { ...github, ...config.env },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'push: "maybe" is not a boolean; write true or false',
      'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
      'platforms: "linux/amd64" repeats linux/amd64; list each platform once',
      "3 input problems; nothing was built or pushed",
    ]);
  });

  it("fails with one ::error naming registry, operation and status when a registry keeps failing", async () => {
    await pushArch(registry.url, "org/down", "main-amd64", amd64, { auth: user });
    await pushArch(registry.url, "org/down", "main-arm64", arm64, { auth: user });
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { method: "PUT" }, times: Infinity, respond: { status: 503 } }],
    });
    const down = await dockerLogin({ [proxy.host]: user });
    const result = await runAction(actionYml, {
      inputs: { images: `${proxy.host}/org/down` },
      env: { ...github, ...down.env },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      [
        `${proxy.host}: PUT manifest ${proxy.host}/org/down:main answered 503 Service Unavailable after 5 tries`,
        "Written: none",
        "Not written (1):",
        `  - ${proxy.host}/org/down:main`,
        "Pushing is idempotent: rerun the job to complete the set.",
      ].join("\n"),
    ]);
    // The outputs say what the registry holds: nothing of this run.
    expect(result.outputs.refs).toBe("[]");
    expect(result.outputs.complete).toBe("false");
    expect(JSON.parse(result.outputs["unwritten-refs"] ?? "")).toEqual([`${proxy.host}/org/down:main`]);
  });

  it("after a failure part-way says in outputs and summary exactly which tags exist", async () => {
    await pushArch(registry.url, "org/half", "main-amd64", amd64, { auth: user });
    await pushArch(registry.url, "org/half", "main-arm64", arm64, { auth: user });
    const proxy = await startProxy({
      target: registry.url,
      faults: [
        { match: { method: "PUT", path: "/manifests/latest" }, times: Infinity, respond: { status: 400 } },
      ],
    });
    const half = await dockerLogin({ [proxy.host]: user });
    const image = `${proxy.host}/org/half`;
    const result = await runAction(actionYml, {
      inputs: { images: image, "additional-tags": "latest" },
      env: { ...github, ...half.env },
    });
    expect(result.exitCode).toBe(1);
    const digest = result.outputs.digest ?? "";
    expect(digest).toMatch(/^sha256:/);
    expect(JSON.parse(result.outputs.refs ?? "")).toEqual([`${image}:main@${digest}`]);
    expect(JSON.parse(result.outputs["unwritten-refs"] ?? "")).toEqual([`${image}:latest`]);
    expect(result.outputs.complete).toBe("false");
    expect(result.errors[0]).toContain(`Not written (1):\n  - ${image}:latest`);
    expect(result.summary).toContain("Incomplete: some tags were not written");
    expect(result.summary).toContain(`| \`${image}:latest\` | **not written** |`);
  });

  it("after a failed build with push false, fails without asking any registry, and draws the failure", async () => {
    const timeline = JSON.stringify({
      "timeline-amd64": JSON.stringify({
        platform: "linux/amd64",
        outcome: "failure",
        steps: [{ name: "build", start: 1_796_054_400_000, end: 1_796_054_460_000, outcome: "failure" }],
      }),
      "timeline-arm64": "",
    });
    const result = await runAction(actionYml, {
      // Port 9 (discard) on loopback: any request would fail with a connection error.
      inputs: { images: "127.0.0.1:9/org/never", push: "false", "build-result": "failure", timeline },
      env: { ...github, ...config.env },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      [
        "Nothing published: the build of linux/amd64 failed (build result: failure). No multi-arch tag was written.",
        "push is false: the builds pushed nothing.",
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    ]);
    expect(result.stdout).toContain("::debug::127.0.0.1:9: 0 requests\n");
    expect(result.outputs.complete).toBe("false");
    expect(result.summary).toContain("### Nothing published: the build of `linux/amd64` failed");
    expect(result.summary).toContain("| `linux/amd64` |  |  | **build failed** |");
    expect(result.summary).toContain("| `linux/arm64` |  |  | no report |");
    expect(result.summary).toMatch(/section linux\/amd64\n {4}build FAILED 1 min 0 s :crit, t0, /);
  });

  it("names bad sources, timeline and build-result before asking any registry", async () => {
    const result = await runAction(actionYml, {
      inputs: {
        images: "127.0.0.1:9/org/never",
        sources: "linux/amd64=sha256:1234",
        timeline: "[{",
        "build-result": "maybe",
      },
      env: { ...github, ...config.env },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      'build-result: "maybe" is not a job result; write success, failure, cancelled, skipped (e.g. ${{ needs.build.result }})',
      'sources: "linux/amd64=sha256:1234" has no sha256:<64 hex> digest; write platform=sha256:…',
      'timeline: "[{" is not JSON; give arch-build timeline outputs or {"name","start","end"} steps (epoch ms), as a JSON list or object',
      "3 input problems; nothing was built or pushed",
    ]);
  });
});
