/**
 * A vitest setup file (every package's `setupFiles`, after temp-dirs.ts): each test file, and every
 * docker, buildx and action it starts with its environment, uses a Docker config of its own instead
 * of the owner's (`DOCKER_CONFIG`, else ~/.docker). buildx rewrites its config's buildx/current
 * whenever it runs under another DOCKER_HOST (`docker buildx ls` or `inspect` is enough), which would
 * switch the owner's chosen builder to a test daemon. scripts/test.sh gives the whole run a private
 * config too and checks the owner's afterwards; this covers vitest run by hand.
 *
 * Made per file from the process's own values (kept from before the first file changed them), and
 * put back after the file; the directory goes with the file's other temp directories (temp-dirs.ts),
 * so no worker leaves one behind, even one that its pool ends without an exit hook.
 */
import { afterAll } from "vitest";
import { privateDockerConfig } from "./docker-home";

type Owner = Partial<Record<"DOCKER_CONFIG" | "BUILDX_CONFIG", string>>;
const key = Symbol.for("@mbp/testkit/private-docker");
const state = globalThis as { [key]?: Owner };
state[key] ??= { DOCKER_CONFIG: process.env.DOCKER_CONFIG, BUILDX_CONFIG: process.env.BUILDX_CONFIG };
const owner = state[key];

function restore(values: Owner): void {
  for (const name of ["DOCKER_CONFIG", "BUILDX_CONFIG"] as const) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

restore(owner);
Object.assign(process.env, privateDockerConfig());
afterAll(() => restore(owner));
