/**
 * What the main step leaves for the post step (`runs.post`), as typed values. The runner keeps state
 * in a file of its own and hands it to the post step as STATE_* variables, never in a log.
 */
import * as core from "@actions/core";
import type { AuthChange, DockerAuthEntry } from "@mbp/image-spec";

export interface LoginState {
  /** The Docker config that was written. */
  readonly configPath: string;
  /** false: the post step keeps the credentials. */
  readonly logout: boolean;
  /** What was written, to undo it exactly (previous entries included). */
  readonly changes: readonly AuthChange[];
}

const POST = "isPost";
const LOGIN = "login";

/** True in the post step: the main step saved `isPost` before doing anything. */
export function isPostStep(): boolean {
  return core.getState(POST) === "true";
}

/** Called first thing by the main step, so the same bundle knows it runs as the post step later. */
export function markMainStepStarted(): void {
  core.saveState(POST, "true");
}

export function saveLoginState(state: LoginState): void {
  core.saveState(LOGIN, encodeLoginState(state));
}

/** The main step's login state, or undefined when it wrote nothing (it failed first, or never ran). */
export function readLoginState(): LoginState | undefined {
  const text = core.getState(LOGIN);
  return text === "" ? undefined : decodeLoginState(text);
}

export function encodeLoginState(state: LoginState): string {
  return JSON.stringify(state);
}

/** Parses and checks saved state; throws a plain message (never the state, it holds secrets). */
export function decodeLoginState(text: string): LoginState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("the main step's saved login state is not JSON; the Docker config was left as it is");
  }
  if (!isRecord(value) || typeof value.configPath !== "string" || typeof value.logout !== "boolean") {
    throw new Error("the main step's saved login state is malformed; the Docker config was left as it is");
  }
  const changes = Array.isArray(value.changes) ? value.changes : undefined;
  if (
    !changes?.every(
      (change) =>
        isRecord(change) &&
        typeof change.key === "string" &&
        typeof change.writtenDigest === "string" &&
        (change.previous === undefined || isRecord(change.previous)),
    )
  ) {
    throw new Error("the main step's saved login state is malformed; the Docker config was left as it is");
  }
  return {
    configPath: value.configPath,
    logout: value.logout,
    changes: changes.map((change) => ({
      key: change.key as string,
      writtenDigest: change.writtenDigest as string,
      ...(change.previous === undefined ? {} : { previous: change.previous as DockerAuthEntry }),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
