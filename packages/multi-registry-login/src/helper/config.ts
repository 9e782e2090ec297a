/**
 * What the credential helper knows: for which hosts it answers and how it makes their credentials.
 * Written by the login step into a 0700 directory of its own; holds no secret (the OIDC request
 * token stays in the environment of the processes that have it).
 */
import { readFileSync } from "node:fs";
import type { KeylessRegistry, KeylessSource } from "@mbp/image-spec/keyless/plan";

/** A source the helper can mint from again, late in the job: never a stored key. */
export type HelperSource = Exclude<KeylessSource, { kind: "aws-keys" }>;

export interface HelperHost {
  readonly registry: KeylessRegistry;
  readonly source: HelperSource;
}

export interface HelperConfig {
  readonly version: 1;
  /** The helper's name: docker runs `docker-credential-<name>`. */
  readonly name: string;
  /** The unix socket of the caching process. */
  readonly socket: string;
  readonly hosts: Readonly<Record<string, HelperHost>>;
}

/** The message docker, buildx and containers/image take for "no credentials here". */
export const NOT_FOUND = "credentials not found in native keychain";

export function readHelperConfig(path: string): HelperConfig {
  const value: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (
    typeof value !== "object" ||
    value === null ||
    (value as HelperConfig).version !== 1 ||
    typeof (value as HelperConfig).socket !== "string" ||
    typeof (value as HelperConfig).hosts !== "object"
  ) {
    throw new Error(`${path} is not a credential helper configuration of this version`);
  }
  return value as HelperConfig;
}

/**
 * The host a server URL names: docker passes the `credHelpers` key (`host[:port]`), other clients
 * `https://host/`, `https://host/v2/` or `host/`.
 */
export function serverHost(serverUrl: string): string {
  return serverUrl
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}
