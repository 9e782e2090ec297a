/**
 * The suite leaves the owner's Docker config as it found it (issue 17): scripts/lib/docker-config.sh
 * gives a test run a config of its own and names every change to the owner's. Played in a throwaway
 * HOME with the real docker CLI and buildx: `docker buildx ls` under another DOCKER_HOST switches the
 * current builder of whatever config it runs with.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "./workflow-files";

const lib = join(root, "scripts/lib/docker-config.sh");
const buildx = spawnSync("docker", ["buildx", "version"], { encoding: "utf8" });
const noBuildx = buildx.status === 0 ? "" : " (skipped: `docker buildx version` does not work here)";
const OWNERS_BUILDER = '{"Key":"unix:///var/run/docker.sock","Name":"owners-builder","Global":false}';

const homes: string[] = [];
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway HOME whose ~/.docker has a login and a builder its owner chose. */
function ownerHome(): string {
  const home = mkdtempSync(join(tmpdir(), "docker-home-test-"));
  homes.push(home);
  mkdirSync(join(home, ".docker", "buildx"), { recursive: true });
  writeFileSync(join(home, ".docker", "config.json"), '{"auths":{"registry.example":{"auth":"dTpw"}}}\n');
  writeFileSync(join(home, ".docker", "buildx", "current"), OWNERS_BUILDER);
  return home;
}

/** Runs `script` in bash with the library sourced, HOME set and no DOCKER_CONFIG/BUILDX_CONFIG. */
function bash(home: string, script: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.DOCKER_CONFIG;
  delete env.BUILDX_CONFIG;
  const result = spawnSync("bash", ["-c", `set -euo pipefail; source "${lib}"; ${script}`], {
    env,
    encoding: "utf8",
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

// A socket no daemon listens on: buildx still makes it the config's current builder.
const ELSEWHERE = "DOCKER_HOST=unix:///nonexistent/mbp-test.sock";
const CHECK = `before=$(mktemp); cp "$HOME/.docker/buildx/current" "$before.current"
  mbp_docker_fingerprint "$HOME/.docker" >"$before"`;

describe(`the owner's Docker config${noBuildx}`, () => {
  it.skipIf(noBuildx)(
    "a buildx command under the owner's config is caught, naming the builder it switched to",
    () => {
      const home = ownerHome();
      const run = bash(
        home,
        `${CHECK}
      ${ELSEWHERE} docker buildx ls >/dev/null 2>&1 || true
      mbp_docker_check "$HOME/.docker" "$before" "$before.current"`,
      );
      expect(run.code).toBe(1);
      expect(run.out).toContain(`the test run changed ${home}/.docker`);
      expect(run.out).toContain("  changed: buildx/current\n");
      expect(run.out).toContain(`  buildx/current named: ${OWNERS_BUILDER}\n`);
      expect(run.out).toContain('  buildx/current names: {"Key":"unix:///nonexistent/mbp-test.sock"');
      // What a file held is never printed: only buildx/current's builder key.
      expect(run.out).not.toContain("dTpw");
    },
  );

  it.skipIf(noBuildx)(
    "the same command under a private config leaves it as it was, plugins still found",
    () => {
      const home = ownerHome();
      // A CLI plugin only the owner's config has (as Docker Desktop installs buildx).
      const plugin = join(home, ".docker", "cli-plugins", "docker-mbptest");
      mkdirSync(join(home, ".docker", "cli-plugins"));
      writeFileSync(
        plugin,
        [
          "#!/bin/sh",
          'if [ "$1" = docker-cli-plugin-metadata ]; then',
          '  echo \'{"SchemaVersion":"0.1.0","Vendor":"mbp","Version":"1.0","ShortDescription":"test"}\'',
          "else echo mbptest-ran; fi",
          "",
        ].join("\n"),
      );
      chmodSync(plugin, 0o755);
      const run = bash(
        home,
        `${CHECK}
      private=$(mktemp -d)/docker-config
      mbp_private_docker_config "$private"
      export DOCKER_CONFIG=$private BUILDX_CONFIG=$private/buildx
      ${ELSEWHERE} docker buildx ls >/dev/null 2>&1 || true
      docker mbptest
      echo "private current: $(cat "$BUILDX_CONFIG/current")"
      mbp_docker_check "$HOME/.docker" "$before" "$before.current" && echo "owner's untouched"`,
      );
      expect(run.out).toContain("mbptest-ran");
      expect(run.out).toContain('private current: {"Key":"unix:///nonexistent/mbp-test.sock"');
      expect(run.out).toContain("owner's untouched");
      expect(run.code).toBe(0);
      expect(readFileSync(join(home, ".docker", "buildx", "current"), "utf8")).toBe(OWNERS_BUILDER);
    },
  );
});

describe("mbp_docker_changes", () => {
  it("names what was added, removed and changed (by path), and nothing for an equal fingerprint", () => {
    const home = ownerHome();
    const run = bash(
      home,
      `a=$(mktemp); b=$(mktemp)
      mbp_docker_fingerprint "$HOME/.docker" >"$a"
      echo same; mbp_docker_changes "$a" "$a"
      rm "$HOME/.docker/config.json"; echo x >"$HOME/.docker/buildx/current"; mkdir "$HOME/.docker/contexts"
      mbp_docker_fingerprint "$HOME/.docker" >"$b"
      echo differ; mbp_docker_changes "$a" "$b"
      echo gone; mbp_docker_fingerprint "$HOME/nothing-here"`,
    );
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        "same",
        "differ",
        "changed: buildx/current",
        "removed: config.json",
        "added: contexts",
        "gone",
        "(absent)",
        "",
      ].join("\n"),
    );
  });
});
