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
    async () => {
      const dir = mkdtempSync("/tmp/mbp-dockerd.");
      const started = await runCommand("bash", [script, "start", dir], { timeoutMs: 60_000 });
      expect(started.stdout.trim()).toBe(`DOCKER_HOST=unix://${dir}/docker.sock`);
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
