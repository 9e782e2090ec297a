import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "./cleanup";

const lib = fileURLToPath(new URL("../../../scripts/lib/docker-config.sh", import.meta.url));

/** `DOCKER_CONFIG` and `BUILDX_CONFIG` of a Docker config directory of a test's own. */
export interface DockerHomeEnv {
  DOCKER_CONFIG: string;
  BUILDX_CONFIG: string;
}

/**
 * A Docker config directory of this process's own (an empty config.json, buildx state inside it, the
 * current config's CLI plugins linked): scripts/lib/docker-config.sh's `mbp_private_docker_config`,
 * the one definition scripts/test.sh and scripts/dockerd.sh use too. A makeTempDir directory: removed
 * after the test file (temp-dirs.ts), or at process exit.
 */
export function privateDockerConfig(prefix = "docker-home"): DockerHomeEnv {
  const dir = makeTempDir(prefix);
  execFileSync("bash", ["-c", 'source "$1" && mbp_private_docker_config "$2"', "bash", lib, dir], {
    stdio: "ignore",
  });
  return { DOCKER_CONFIG: dir, BUILDX_CONFIG: join(dir, "buildx") };
}
