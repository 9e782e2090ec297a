import { createHash } from "node:crypto";
import type { Credentials } from "./client";
import { runCommand } from "./command";

/** A content descriptor as it appears in manifests and indexes. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

/** The fields of an image manifest or index that tests look at. */
export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  annotations?: Record<string, string>;
}

/** What {@link inspectRaw} read. */
export interface RawManifest {
  /** The manifest bytes exactly as the registry serves them. */
  raw: Buffer;
  /** "sha256:…" of `raw`. */
  digest: string;
  manifest: Manifest;
}

/**
 * Reads a manifest with an independent client: `skopeo inspect --raw --tls-verify=false` with `--creds`
 * or `--no-creds` (so no credentials of this machine leak in). `ref` is "127.0.0.1:PORT/repo:tag" or
 * "…@sha256:…"; a leading "docker://" is accepted. Throws a CommandError carrying skopeo's stderr.
 */
export async function inspectRaw(ref: string, options: { creds?: Credentials } = {}): Promise<RawManifest> {
  const args = ["inspect", "--raw", "--tls-verify=false"];
  args.push(
    ...(options.creds ? ["--creds", `${options.creds.username}:${options.creds.password}`] : ["--no-creds"]),
  );
  args.push(ref.startsWith("docker://") ? ref : `docker://${ref}`);
  const { stdout } = await runCommand("skopeo", args, { timeoutMs: 60_000 });
  const raw = Buffer.from(stdout, "utf8");
  return {
    raw,
    digest: `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    manifest: JSON.parse(stdout) as Manifest,
  };
}
