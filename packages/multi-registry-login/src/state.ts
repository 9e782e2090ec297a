/**
 * What the main step leaves for the post step (`runs.post`), as typed values. The runner keeps state
 * in a file of its own and hands it to the post step as STATE_* variables, never in a log.
 */
import * as core from "@actions/core";
import type { AuthChange, CredHelperChange, DockerAuthEntry } from "@mbp/image-spec";
import type { InstalledHelper } from "./helper/install";

export interface LoginState {
  /** The Docker config that was written. */
  readonly configPath: string;
  /** false: the post step keeps the credentials. */
  readonly logout: boolean;
  /** What was written, to undo it exactly (previous entries included). */
  readonly changes: readonly AuthChange[];
  /** The credential helper set up for keyless logins, and the `credHelpers` entries naming it. */
  readonly helper?: InstalledHelper;
  readonly helperChanges?: readonly CredHelperChange[];
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
  const helper = value.helper;
  const helperChanges = value.helperChanges ?? [];
  if (
    (helper !== undefined &&
      !(
        isRecord(helper) &&
        typeof helper.name === "string" &&
        typeof helper.dir === "string" &&
        typeof helper.configPath === "string" &&
        typeof helper.pid === "number"
      )) ||
    !Array.isArray(helperChanges) ||
    !helperChanges.every(
      (change) =>
        isRecord(change) &&
        typeof change.host === "string" &&
        typeof change.helper === "string" &&
        (change.previous === undefined || typeof change.previous === "string"),
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
    ...(helper === undefined ? {} : { helper: helper as unknown as InstalledHelper }),
    ...(helperChanges.length > 0 ? { helperChanges: helperChanges as CredHelperChange[] } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
