/**
 * scripts/dockerd.sh, which scripts/test.sh and dockerd() use: a private containerd + dockerd with
 * the containerd image store that stops by pid and leaves nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isAlive, runCommand } from "../src/index";

const script = fileURLToPath(new URL("../../../scripts/dockerd.sh", import.meta.url));
const check = await runCommand("bash", [script, "check"], { ignoreReturnCode: true });
const skipReason = check.code === 0 ? undefined : check.stderr.trim().replace(/^dockerd\.sh: /, "");

describe(`scripts/dockerd.sh${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it.skipIf(skipReason)(
    "starts containerd and dockerd on their own sockets and stops both by pid",
    // dockerd.sh waits up to 3 minutes for both daemons on a busy machine.
    { timeout: 240_000 },
    async () => {
      const dir = mkdtempSync("/tmp/mbp-dockerd.");
      const started = await runCommand("bash", [script, "start", dir], { timeoutMs: 200_000 });
      expect(started.stdout.trim()).toBe(`DOCKER_HOST=unix://${dir}/docker.sock`);
      // A Docker config of the daemon's own: buildx run against it never touches anyone else's.
      const env = Object.fromEntries(
        readFileSync(join(dir, "env"), "utf8")
          .trim()
          .split("\n")
          .map((line) => line.split("=", 2) as [string, string]),
      );
      expect(env).toMatchObject({
        DOCKER_HOST: `unix://${dir}/docker.sock`,
        DOCKER_CONFIG: `${dir}/docker-config`,
        BUILDX_CONFIG: `${dir}/docker-config/buildx`,
      });
      const pids = ["dockerd.pid", "containerd.pid"].map((file) =>
        Number(readFileSync(join(dir, file), "utf8")),
      );
      const bridge = readFileSync(join(dir, "bridge"), "utf8").trim();
      try {
        for (const pid of pids) expect(isAlive(pid)).toBe(true);
        const info = await runCommand("docker", ["info", "--format", "{{json .DriverStatus}}"], {
          env: { ...process.env, DOCKER_HOST: `unix://${dir}/docker.sock` },
        });
        // The containerd image store: multi-platform images, attestations and cache export with buildx's docker driver.
        expect(info.stdout).toContain("io.containerd.snapshotter.v1");
        await runCommand("docker", ["buildx", "ls"], { env: { ...process.env, ...env } });
        expect(readFileSync(join(dir, "docker-config", "buildx", "current"), "utf8")).toContain(
          `unix://${dir}/docker.sock`,
        );
      } finally {
        await runCommand("bash", [script, "stop", dir], { timeoutMs: 60_000 });
      }
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      expect(existsSync(dir)).toBe(false);
      if (bridge !== "none") {
        const link = await runCommand("ip", ["link", "show", bridge], { ignoreReturnCode: true });
        expect(link.code).not.toBe(0);
      }
    },
  );

  it.skipIf(skipReason)("says why when it cannot start, and starts nothing", async () => {
    const result = await runCommand("bash", [script, "start", `/tmp/${"x".repeat(80)}`], {
      ignoreReturnCode: true,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^dockerd\.sh: \/tmp\/x+ is too long for unix socket paths; use mktemp -d/,
    );
  });
});
