/**
 * The one place that reads and writes Docker config files (`$DOCKER_CONFIG/config.json`), the file
 * the docker CLI, buildx, buildah (`--authfile`), skopeo and manifest-stitch take credentials from.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { asError, CommandError } from "./errors";
import { dockerConfigKey, registryKind } from "./image";
import type { RegistryCredentials } from "./registry/credentials";

/** One `auths` entry as docker writes it; unknown fields are kept as they are. */
export interface DockerAuthEntry {
  /** base64 of `username:password`. */
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  [field: string]: unknown;
}

/** A Docker config file; only `auths`, `credHelpers` and `credsStore` are interpreted. */
export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
  [field: string]: unknown;
}

/** A Docker config file that cannot be read or used. */
export class DockerConfigError extends Error {
  override readonly name = "DockerConfigError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Docker config ${path}: ${problem}`);
  }
}

/** `$DOCKER_CONFIG/config.json`, by default `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG?.trim();
  if (dir) return join(dir, "config.json");
  return join(env.HOME?.trim() || homedir(), ".docker", "config.json");
}

/** Reads a Docker config; a missing file is an empty config. Never echoes the file's contents. */
export async function readDockerConfig(path: string = dockerConfigPath()): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new DockerConfigError(path, `cannot be read (${asError(error).message})`);
  }
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the file, which holds secrets.
    throw new DockerConfigError(path, "is not valid JSON; fix or remove it");
  }
  if (!isObject(parsed)) throw new DockerConfigError(path, "is not a JSON object; fix or remove it");
  for (const field of ["auths", "credHelpers"] as const) {
    if (parsed[field] !== undefined && !isObject(parsed[field])) {
      throw new DockerConfigError(path, `"${field}" is not an object; fix or remove it`);
    }
  }
  if (parsed.credsStore !== undefined && typeof parsed.credsStore !== "string") {
    throw new DockerConfigError(path, `"credsStore" is not a string; fix or remove it`);
  }
  return parsed as DockerConfig;
}

/**
 * Writes a whole Docker config atomically (temporary file in the same directory, then rename) with
 * mode 0600, indented with tabs as docker writes it. A symlinked config.json is written through.
 */
export async function writeDockerConfig(path: string, config: DockerConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const target = await realpath(path).catch(() => path);
  const temporary = join(
    dirname(target),
    `.config.json.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    await writeFile(temporary, `${JSON.stringify(config, null, "\t")}\n`, { mode: 0o600, flag: "wx" });
    await chmod(temporary, 0o600);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new DockerConfigError(target, `cannot be written (${asError(error).message})`);
  }
}

/**
 * The `auths` keys a host may be stored under, preferred first: `dockerConfigKey(host)`, the bare
 * host, and the forms docker also accepts (`https://host`, `http://host`, `https://host/v1/`,
 * `https://host/v2/`, `host/`; Docker Hub: every alias).
 */
export function authKeyCandidates(host: string): string[] {
  const hosts =
    registryKind(host) === "docker-hub" ? ["docker.io", "index.docker.io", "registry-1.docker.io"] : [host];
  const keys = [dockerConfigKey(host)];
  for (const name of hosts) {
    keys.push(
      name,
      `https://${name}`,
      `http://${name}`,
      `https://${name}/v1/`,
      `https://${name}/v2/`,
      `http://${name}/v2/`,
      `${name}/`,
      `https://${name}/`,
    );
  }
  return [...new Set(keys)];
}

/** Decodes one `auths` entry; undefined when it carries nothing usable. */
export function entryCredentials(entry: DockerAuthEntry | undefined): RegistryCredentials | undefined {
  if (!isObject(entry)) return undefined;
  const credentials: RegistryCredentials = {};
  if (typeof entry.auth === "string" && entry.auth !== "") {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      credentials.username = decoded.slice(0, colon);
      credentials.password = decoded.slice(colon + 1);
    }
  }
  if (!credentials.username && typeof entry.username === "string" && entry.username !== "") {
    credentials.username = entry.username;
    if (typeof entry.password === "string") credentials.password = entry.password;
  }
  if (typeof entry.identitytoken === "string" && entry.identitytoken !== "") {
    credentials.identityToken = entry.identitytoken;
  }
  if (typeof entry.registrytoken === "string" && entry.registrytoken !== "") {
    credentials.registryToken = entry.registrytoken;
  }
  if (credentials.password === "") delete credentials.password;
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

/** The `auths` entry docker writes for a username and password: `{auth: base64(user:pass)}`. */
export function authEntry(credentials: RegistryCredentials): DockerAuthEntry {
  const entry: DockerAuthEntry = {};
  if (credentials.username !== undefined || credentials.password !== undefined) {
    entry.auth = Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString(
      "base64",
    );
  }
  if (credentials.identityToken) entry.identitytoken = credentials.identityToken;
  if (credentials.registryToken) entry.registrytoken = credentials.registryToken;
  return entry;
}

export interface CredentialsOptions {
  /** Config file to read; default `dockerConfigPath(env)`. */
  readonly configPath?: string;
  /** Environment for the default path and for credential helpers; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long a credential helper may take; default HELPER_TIMEOUT_MS. */
  readonly helperTimeoutMs?: number;
}

/** A `docker-credential-*` program that does not answer in this time is given up on (`pass`, `secretservice` can wait forever for an unlock). */
export const HELPER_TIMEOUT_MS = 15_000;

/**
 * The credentials a Docker config holds for a canonical host (`docker.io`, `ghcr.io`,
 * `127.0.0.1:5000`), or undefined for anonymous access. Order: `credHelpers.<host>`, then an `auths`
 * entry (see authKeyCandidates), then `credsStore`, the order containers/image and the docker CLI
 * agree on for credentials that are present. The caller masks what it gets.
 */
export async function credentialsFor(
  host: string,
  options: CredentialsOptions = {},
): Promise<RegistryCredentials | undefined> {
  const env = options.env ?? process.env;
  const path = options.configPath ?? dockerConfigPath(env);
  const config = await readDockerConfig(path);
  const serverUrl = dockerConfigKey(host);
  const helper = credentialHelperFor(config, host);
  const timeoutMs = options.helperTimeoutMs ?? HELPER_TIMEOUT_MS;
  if (helper) return helperGet(helper, serverUrl, env, timeoutMs);
  for (const key of authKeyCandidates(host)) {
    const credentials = entryCredentials(config.auths?.[key]);
    if (credentials) return credentials;
  }
  if (config.credsStore) return helperGet(config.credsStore, serverUrl, env, timeoutMs);
  return undefined;
}

/** The `credHelpers` helper named for a host (Docker Hub under any of its aliases), if any. */
export function credentialHelperFor(config: DockerConfig, host: string): string | undefined {
  const helpers = config.credHelpers;
  if (!helpers) return undefined;
  for (const key of authKeyCandidates(host)) {
    const helper = helpers[key];
    if (typeof helper === "string" && helper !== "") return helper;
  }
  return undefined;
}

/**
 * Asks `docker-credential-<helper> get` for a server's credentials (server URL on stdin, JSON on
 * stdout), marked minted (`expiresAt: Infinity`: asked for again after a refusal). "Not found" is
 * undefined; any other failure throws without echoing the helper's stdout.
 */
export async function helperGet(
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs: number = HELPER_TIMEOUT_MS,
): Promise<RegistryCredentials | undefined> {
  const program = helperProgram(helper);
  const result = await runHelper(program, serverUrl, definedEnv(env), timeoutMs);
  if (result.exitCode !== 0) {
    const said = `${result.stdout}\n${result.stderr}`;
    if (/credentials not found/i.test(said)) return undefined;
    throw new CommandError(`${program} get`, result.exitCode, result.stderr.trim());
  }
  let answer: unknown;
  try {
    answer = JSON.parse(result.stdout);
  } catch {
    throw new Error(
      `credential helper ${program} answered "get ${serverUrl}" with something other than JSON`,
    );
  }
  if (!isObject(answer)) {
    throw new Error(
      `credential helper ${program} answered "get ${serverUrl}" with something other than an object`,
    );
  }
  const username = typeof answer.Username === "string" ? answer.Username : "";
  const secret = typeof answer.Secret === "string" ? answer.Secret : "";
  if (!secret && !username) return undefined;
  // A helper may answer with something else next time (docker-credential-gcloud, ecr-login and
  // ours mint short-lived tokens): its answer is minted, with an end it does not say, so a client
  // that kept it asks again once a registry refuses it (see RegistryCredentials.expiresAt).
  const minted = { expiresAt: Number.POSITIVE_INFINITY };
  // docker-credential-helpers store identity tokens with the username "<token>".
  if (username === "<token>") return { identityToken: secret, ...minted };
  return { username, password: secret, ...minted };
}

/**
 * What adding `auths` entries changed, enough to undo it exactly: the key, what was there before
 * (absent: nothing) and a digest of what was written (so a later change by someone else is left alone).
 */
export interface AuthChange {
  readonly key: string;
  readonly previous?: DockerAuthEntry;
  readonly writtenDigest: string;
}

/** What undoing one AuthChange did. */
export type AuthRestoreOutcome = "removed" | "restored" | "changed-since" | "already-gone";

/**
 * What adding a `credHelpers` entry changed: the host's key, the helper written and the one that was
 * there before (absent: none).
 */
export interface CredHelperChange {
  readonly host: string;
  readonly helper: string;
  readonly previous?: string;
}

/** Entries a login writes: passwords in `auths`, and `credHelpers` for hosts a helper answers for. */
export interface LoginEntries {
  readonly auths?: Readonly<Record<string, DockerAuthEntry>>;
  readonly credHelpers?: Readonly<Record<string, string>>;
}

/** What addLoginEntries changed, for restoreLoginEntries. */
export interface LoginChanges {
  readonly auths: readonly AuthChange[];
  readonly credHelpers: readonly CredHelperChange[];
}

/**
 * Adds (or replaces) `auths` and `credHelpers` entries in one atomic write, keeping every other key
 * and entry. Returns what changed, for restoreLoginEntries.
 */
export async function addLoginEntries(
  entries: LoginEntries,
  path: string = dockerConfigPath(),
): Promise<{ auths: AuthChange[]; credHelpers: CredHelperChange[] }> {
  const config = await readDockerConfig(path);
  const auths: Record<string, DockerAuthEntry> = { ...(config.auths ?? {}) };
  const helpers: Record<string, string> = { ...(config.credHelpers ?? {}) };
  const authChanges: AuthChange[] = [];
  for (const [key, entry] of Object.entries(entries.auths ?? {})) {
    const previous = auths[key];
    auths[key] = entry;
    authChanges.push({
      key,
      ...(previous !== undefined ? { previous } : {}),
      writtenDigest: entryDigest(entry),
    });
  }
  const helperChanges: CredHelperChange[] = [];
  for (const [host, helper] of Object.entries(entries.credHelpers ?? {})) {
    const previous = helpers[host];
    helpers[host] = helper;
    helperChanges.push({ host, helper, ...(previous !== undefined ? { previous } : {}) });
  }
  const next: DockerConfig = { ...config, auths };
  if (Object.keys(helpers).length > 0) next.credHelpers = helpers;
  await writeDockerConfig(path, next);
  return { auths: authChanges, credHelpers: helperChanges };
}

/** addLoginEntries for `auths` entries alone. */
export async function addAuthEntries(
  entries: Readonly<Record<string, DockerAuthEntry>>,
  path: string = dockerConfigPath(),
): Promise<AuthChange[]> {
  return (await addLoginEntries({ auths: entries }, path)).auths;
}

/**
 * Undoes addLoginEntries: removes entries that were added, puts back entries that were replaced, and
 * leaves alone any entry changed since (by a later login). One atomic write; no write if nothing changes.
 */
export async function restoreLoginEntries(
  changes: LoginChanges,
  path: string = dockerConfigPath(),
): Promise<{ auths: Record<string, AuthRestoreOutcome>; credHelpers: Record<string, AuthRestoreOutcome> }> {
  const config = await readDockerConfig(path);
  const auths: Record<string, DockerAuthEntry> = { ...(config.auths ?? {}) };
  const helpers: Record<string, string> = { ...(config.credHelpers ?? {}) };
  const outcomes = undoChanges(
    auths,
    changes.auths.map((change) => ({
      key: change.key,
      previous: change.previous,
      ours: (current: DockerAuthEntry) => entryDigest(current) === change.writtenDigest,
    })),
  );
  const helperOutcomes = undoChanges(
    helpers,
    changes.credHelpers.map((change) => ({
      key: change.host,
      previous: change.previous,
      ours: (current: string) => current === change.helper,
    })),
  );
  const touched = [...Object.values(outcomes), ...Object.values(helperOutcomes)].some(
    (outcome) => outcome === "removed" || outcome === "restored",
  );
  if (touched) {
    const next: DockerConfig = { ...config, auths };
    if (Object.keys(helpers).length > 0) next.credHelpers = helpers;
    else delete next.credHelpers;
    await writeDockerConfig(path, next);
  }
  return { auths: outcomes, credHelpers: helperOutcomes };
}

/**
 * Undoes changes to one table (latest first): an entry still as written is removed or given back its
 * previous value; one changed since is left alone; one gone is given back its previous value, if any.
 */
function undoChanges<T>(
  table: Record<string, T>,
  changes: ReadonlyArray<{ key: string; previous: T | undefined; ours: (current: T) => boolean }>,
): Record<string, AuthRestoreOutcome> {
  const outcomes: Record<string, AuthRestoreOutcome> = {};
  for (const change of [...changes].reverse()) {
    const current = table[change.key];
    if (current === undefined) {
      outcomes[change.key] = "already-gone";
      if (change.previous === undefined) continue;
    } else if (!change.ours(current)) {
      outcomes[change.key] = "changed-since";
      continue;
    }
    if (change.previous === undefined) {
      delete table[change.key];
      outcomes[change.key] = "removed";
    } else {
      table[change.key] = change.previous;
      outcomes[change.key] = "restored";
    }
  }
  return outcomes;
}

/** restoreLoginEntries for `auths` entries alone. */
export async function restoreAuthEntries(
  changes: readonly AuthChange[],
  path: string = dockerConfigPath(),
): Promise<Record<string, AuthRestoreOutcome>> {
  return (await restoreLoginEntries({ auths: changes, credHelpers: [] }, path)).auths;
}

/** sha256 of an entry's JSON, to recognise it later without keeping the secret. */
export function entryDigest(entry: DockerAuthEntry): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(entry)).digest("hex")}`;
}

/**
 * Runs `<program> get` with the server URL on stdin, bounded by `timeoutMs`: past it the helper's
 * whole process group is killed (a script's `sleep` child would otherwise keep the pipes open).
 */
function runHelper(
  program: string,
  serverUrl: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      const host = serverUrl.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
      finish(() =>
        reject(
          new Error(
            `credential helper ${program} did not answer "get ${serverUrl}" within ${Math.round(timeoutMs / 1000)} s, so there are no credentials for ${host}; unlock or fix ${program} (a locked pass or secretservice store waits for a prompt) or remove it from the Docker config`,
          ),
        ),
      );
    }, timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) =>
      finish(() =>
        reject(new Error(`credential helper ${program} could not be run: ${asError(error).message}`)),
      ),
    );
    child.on("close", (code) =>
      finish(() =>
        resolve({
          exitCode: code ?? 1,
          stdout: Buffer.concat(stdout).toString("utf8"),
          stderr: Buffer.concat(stderr).toString("utf8"),
        }),
      ),
    );
    child.stdin?.on("error", () => {});
    child.stdin?.end(serverUrl);
  });
}

function helperProgram(helper: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
    throw new Error(`credential helper name ${JSON.stringify(helper)} is not a plain program suffix`);
  }
  return `docker-credential-${helper}`;
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((pair): pair is [string, string] => pair[1] !== undefined),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
