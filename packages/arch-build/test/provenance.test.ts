/**
 * The default provenance of the bundled action (dist/index.js), as the runner runs it, with a
 * recording docker on PATH: what docker/build-push-action asks buildx for on GitHub Actions, and
 * where buildx would leave such a default out.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAction } from "@mbp/image-spec/testing";
import { afterAll, describe, expect, it } from "vitest";
import { makeContext } from "./contexts";
import { fakeDocker } from "./fake-docker";
import { GITHUB_ENV } from "./helpers";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const RUN = "https://github.com/org/app/actions/runs/4242/attempts/2";
const context = makeContext({ Dockerfile: "FROM scratch\nCOPY hello.txt /\n", "hello.txt": "hello\n" });
const events = mkdtempSync(join(tmpdir(), "arch-build-events-"));

afterAll(() => {
  rmSync(context, { recursive: true, force: true });
  rmSync(events, { recursive: true, force: true });
});

/** An event payload file as the runner writes it, with the repository's visibility. */
function eventFile(repository: Record<string, unknown> | undefined): string {
  const path = join(events, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(repository ? { ref: "refs/tags/1.0.0", repository } : { ref: "x" }));
  return path;
}

/** The `--provenance` value the action passed to `docker buildx build`, or undefined without one. */
async function provenanceOf(
  options: { driver?: string; containerdStore?: boolean } = {},
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
): Promise<string | undefined> {
  const docker = fakeDocker({ driver: options.driver ?? "docker-container", ...options });
  try {
    const result = await runAction(actionYml, {
      cwd: context,
      inputs: { images: "ghcr.io/org/app", platform: "linux/amd64", cache: "false", ...inputs },
      env: {
        ...GITHUB_ENV,
        PATH: `${docker.dir}:${process.env.PATH ?? ""}`,
        RUNNER_ENVIRONMENT: "github-hosted",
        GITHUB_RUN_ID: "4242",
        GITHUB_RUN_ATTEMPT: "2",
        GITHUB_EVENT_PATH: eventFile({ full_name: "org/app", private: false }),
        ...env,
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const argv = docker.calls().find((call) => call.argv[1] === "build")?.argv ?? [];
    const at = argv.indexOf("--provenance");
    return at < 0 ? undefined : argv[at + 1];
  } finally {
    docker.remove();
  }
}

describe("provenance on GitHub Actions, as docker/build-push-action sets it", () => {
  it("is mode=max for a public repository, naming the workflow run as builder-id", async () => {
    expect(await provenanceOf()).toBe(`mode=max,builder-id=${RUN}`);
  });

  it("is mode=min (buildx's own default) for a private repository", async () => {
    expect(
      await provenanceOf({}, {}, { GITHUB_EVENT_PATH: eventFile({ full_name: "org/app", private: true }) }),
    ).toBe(`mode=min,inline-only=true,builder-id=${RUN}`);
  });

  it("counts a payload that does not say as public, as build-push-action does", async () => {
    expect(await provenanceOf({}, {}, { GITHUB_EVENT_PATH: eventFile(undefined) })).toBe(
      `mode=max,builder-id=${RUN}`,
    );
  });

  it("keeps a given value, naming the run unless it is false or names a builder-id itself", async () => {
    expect(await provenanceOf({}, { provenance: "mode=min" })).toBe(`mode=min,builder-id=${RUN}`);
    expect(await provenanceOf({}, { provenance: "true" })).toBe(`builder-id=${RUN}`);
    expect(await provenanceOf({}, { provenance: "false" })).toBe("false");
    expect(await provenanceOf({}, { provenance: "mode=max,builder-id=mine" })).toBe(
      "mode=max,builder-id=mine",
    );
  });

  it("leaves the default out where buildx leaves out its own: the docker driver on the classic store, BUILDX_NO_DEFAULT_ATTESTATIONS", async () => {
    expect(await provenanceOf({ driver: "docker" })).toBeUndefined();
    expect(await provenanceOf({ driver: "docker", containerdStore: true })).toBe(
      `mode=max,builder-id=${RUN}`,
    );
    expect(await provenanceOf({}, {}, { BUILDX_NO_DEFAULT_ATTESTATIONS: "1" })).toBeUndefined();
    // A value the caller gave is theirs: passed as given, wherever it fails.
    expect(await provenanceOf({ driver: "docker" }, { provenance: "mode=max" })).toBe(
      `mode=max,builder-id=${RUN}`,
    );
  });

  it("is buildx's own default outside a workflow run (no GITHUB_RUN_ID)", async () => {
    expect(await provenanceOf({}, {}, { GITHUB_RUN_ID: undefined })).toBeUndefined();
  });
});
