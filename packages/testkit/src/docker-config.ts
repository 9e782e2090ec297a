import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, removeTempDir, trackStopper } from "./cleanup";
import type { Credentials } from "./client";

/** A throwaway docker CLI config directory. */
export interface TempDockerConfig {
  /** The directory to use as DOCKER_CONFIG. */
  dir: string;
  /** Its config.json. */
  path: string;
  /** `{ DOCKER_CONFIG: dir }`, to spread into a child's environment. */
  env: { DOCKER_CONFIG: string };
  /** Removes the directory (also done by stopAll and at process exit). */
  cleanup(): void;
}

/**
 * Creates a temporary DOCKER_CONFIG directory whose config.json holds `auths` as the docker CLI writes
 * them (`{"auths": {"host": {"auth": base64("user:password")}}}`).
 */
export function tempDockerConfig(auths: Record<string, Credentials> = {}): TempDockerConfig {
  const dir = makeTempDir("docker-config");
  const path = join(dir, "config.json");
  const entries = Object.fromEntries(
    Object.entries(auths).map(([host, { username, password }]) => [
      host,
      { auth: Buffer.from(`${username}:${password}`).toString("base64") },
    ]),
  );
  writeFileSync(path, `${JSON.stringify({ auths: entries }, null, 2)}\n`, { mode: 0o600 });
  let untrack = () => {};
  const cleanup = () => {
    untrack();
    removeTempDir(dir);
  };
  untrack = trackStopper(async () => cleanup());
  return { dir, path, env: { DOCKER_CONFIG: dir }, cleanup };
}
