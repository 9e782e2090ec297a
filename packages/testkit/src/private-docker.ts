/**
 * A vitest setup file (every package's `setupFiles`): this test process, and every docker, buildx
 * and action it starts with its environment, uses a Docker config of its own instead of the
 * owner's (`DOCKER_CONFIG`, else ~/.docker). buildx rewrites its config's buildx/current whenever
 * it runs under another DOCKER_HOST (`docker buildx ls` or `inspect` is enough), which would switch
 * the owner's chosen builder to a test daemon. scripts/test.sh gives the whole run a private config
 * too and checks the owner's afterwards; this covers vitest run by hand. Once per process.
 */
import { privateDockerConfig } from "./docker-home";

const key = Symbol.for("@mbp/testkit/private-docker");
const state = globalThis as { [key]?: true };
if (!state[key]) {
  Object.assign(process.env, privateDockerConfig());
  state[key] = true;
}
