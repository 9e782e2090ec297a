import { declaredMediaType, isDigest, MANIFEST_MEDIA_TYPES, sha256Digest } from "../oci";
import { repositoryScope } from "./auth";
import { Authenticator, type AuthenticatorOptions } from "./authenticator";
import { ClientCode, RegistryError } from "./errors";
import { errorOf, type HttpOptions, type RegistryCall, RegistryHttp, type RequestRecord } from "./http";
import { type HttpAnswer, headerValue } from "./transport";

export type { RequestKind, RequestRecord } from "./http";

/** A repository in a registry: canonical host (`docker.io`, `127.0.0.1:5000`) and path. */
export interface RepositoryRef {
  readonly host: string;
  readonly path: string;
}

/** What one HEAD of a manifest tells: enough for an index entry. */
export interface ManifestHead {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** A manifest's exact bytes, as stored. */
export interface FetchedManifest extends ManifestHead {
  readonly bytes: Buffer;
}

/**
 * What one look-up of a manifest found: the manifest; nothing (404); or a refusal, a 403 or a 401
 * despite a token the token server issued (GHCR for a repository it does not know yet, Artifactory
 * for a missing tag), with the registry's own words. A caller may take a refusal for "missing or not
 * readable" and look again, as for a 404.
 */
export type ManifestLookup<T> =
  | { readonly outcome: "found"; readonly manifest: T }
  | { readonly outcome: "absent" }
  | { readonly outcome: "refused"; readonly error: RegistryError };

/** The manifest a look-up found; undefined when it was absent or refused. */
export function foundManifest<T>(lookup: ManifestLookup<T>): T | undefined {
  return lookup.outcome === "found" ? lookup.manifest : undefined;
}

export interface RegistryClientOptions extends HttpOptions, AuthenticatorOptions {
  /** Ask tokens for `pull,push` (true, the default) or only `pull` (a dry run). */
  readonly push?: boolean;
}

const ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");
const ABSENT = { outcome: "absent" } as const;

/**
 * A small OCI distribution API client for manifests: HEAD, GET and PUT of manifests, and a count of
 * every request it sends. Requests go through its pipeline (http.ts: retries under a deadline, the
 * per-host limiter, the scheme of insecure hosts), authorized by its Authenticator (authenticator.ts:
 * Basic and Bearer auth, tokens cached per host and scope, one refresh on 401). Blobs are never touched.
 */
export class RegistryClient {
  private readonly http: RegistryHttp;
  private readonly auth: Authenticator;
  private readonly push: boolean;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.http = new RegistryHttp(options);
    this.auth = new Authenticator(this.http, options);
    this.push = options.push ?? true;
  }

  /** Every request sent so far, in order. */
  get requests(): readonly RequestRecord[] {
    return this.http.records;
  }

  /** Requests by `METHOD kind` (`HEAD manifest`, `GET token`), for one host or all. */
  requestCounts(host?: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.http.records) {
      if (host !== undefined && record.host !== host) continue;
      const key = `${record.method} ${record.kind}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** `9 requests: 1 GET ping, 1 GET token, 4 HEAD manifest, 3 PUT manifest` for a debug log. */
  describeRequests(host?: string): string {
    const counts = this.requestCounts(host);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const parts = Object.entries(counts).map(([key, n]) => `${n} ${key}`);
    return `${total} request${total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`;
  }

  /** Closes idle connections. The client stays usable (new connections are opened as needed). */
  close(): void {
    this.http.close();
  }

  /**
   * One HEAD with all four manifest types in `Accept`: the digest, media type and size of a tag or
   * digest, absent on 404, or refused (see ManifestLookup). A registry that refuses HEAD (405, 400,
   * 501) is asked with GET, as containerd does; so is one whose HEAD refuses with 401/403, since a
   * HEAD answer has no body to carry the registry's words.
   */
  async headManifest(repo: RepositoryRef, reference: string): Promise<ManifestLookup<ManifestHead>> {
    const answer = await this.readManifest({
      method: "HEAD",
      repo,
      reference,
      accept: (status) => [200, 404, 400, 405, 501].includes(status),
      refusedIsAnswer: true,
    });
    if (answer.status === 404) return ABSENT;
    if (answer.status === 401 || answer.status === 403) {
      const lookup = await this.findManifest(repo, reference);
      return lookup.outcome === "found" ? found(headOf(lookup.manifest)) : lookup;
    }
    if (answer.status !== 200) {
      this.options.debug?.(`${repo.host}: HEAD answered ${answer.status}; asking with GET`);
      return found(headOf(await this.getManifest(repo, reference)));
    }
    const digest = headerValue(answer.headers, "docker-content-digest");
    const mediaType = contentType(answer);
    const size = Number(headerValue(answer.headers, "content-length"));
    // A registry that leaves these out of a HEAD answer (or sends a generic Content-Type) is asked
    // once more with GET, and the bytes tell.
    if (
      !digest ||
      !mediaType ||
      !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
      !Number.isFinite(size) ||
      size <= 0
    ) {
      return found(headOf(await this.getManifest(repo, reference)));
    }
    return found({ digest, mediaType, size });
  }

  /**
   * One GET: the manifest's exact bytes, absent on 404, or refused (see ManifestLookup). For a
   * manifest that will be read anyway (a stitch source), this saves the HEAD before the GET.
   */
  async findManifest(repo: RepositoryRef, reference: string): Promise<ManifestLookup<FetchedManifest>> {
    const answer = await this.readManifest({
      method: "GET",
      repo,
      reference,
      accept: (status) => status === 200 || status === 404,
      refusedIsAnswer: true,
    });
    if (answer.status === 200) return found(manifestOf(answer, repo, reference));
    if (answer.status === 404) return ABSENT;
    return {
      outcome: "refused",
      error: errorOf(repo.host, `GET manifest ${refName(repo, reference)}`, answer),
    };
  }

  /** The exact bytes of a manifest; a digest reference is checked against the bytes received. */
  async getManifest(repo: RepositoryRef, reference: string): Promise<FetchedManifest> {
    const answer = await this.readManifest({
      method: "GET",
      repo,
      reference,
      accept: (status) => status === 200,
    });
    return manifestOf(answer, repo, reference);
  }

  /**
   * PUTs a manifest under a tag (or digest) with `Content-Type` exactly its media type. Returns the
   * digest the registry reports in `Docker-Content-Digest` (undefined if it sends none).
   */
  async putManifest(
    repo: RepositoryRef,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
  ): Promise<{ digest: string | undefined }> {
    const answer = await this.call({
      host: repo.host,
      operation: `PUT manifest ${refName(repo, reference)}`,
      kind: "manifest",
      method: "PUT",
      target: manifestPath(repo, reference),
      headers: { "content-type": mediaType },
      body: bytes,
      scope: repositoryScope(repo.path, true),
      accept: (status) => status >= 200 && status < 300,
    });
    return { digest: headerValue(answer.headers, "docker-content-digest") };
  }

  /** A HEAD or GET of a manifest, every manifest type in `Accept`: the one shape of every read. */
  private readManifest(read: {
    readonly method: "HEAD" | "GET";
    readonly repo: RepositoryRef;
    readonly reference: string;
    readonly accept: (status: number) => boolean;
    readonly refusedIsAnswer?: boolean;
  }): Promise<HttpAnswer> {
    const { method, repo, reference } = read;
    return this.call({
      host: repo.host,
      operation: `${method} manifest ${refName(repo, reference)}`,
      kind: "manifest",
      method,
      target: manifestPath(repo, reference),
      headers: { accept: ACCEPT },
      scope: repositoryScope(repo.path, this.push),
      accept: read.accept,
      ...(read.refusedIsAnswer ? { refusedIsAnswer: true } : {}),
    });
  }

  private call(call: RegistryCall): Promise<HttpAnswer> {
    return this.http.call(call, this.auth);
  }
}

function found<T>(manifest: T): ManifestLookup<T> {
  return { outcome: "found", manifest };
}

function manifestPath(repo: RepositoryRef, reference: string): string {
  return `/v2/${repo.path}/manifests/${reference}`;
}

/** `host/path:tag` or `host/path@sha256:…`. */
export function refName(repo: RepositoryRef, reference: string): string {
  return `${repo.host}/${repo.path}${isDigest(reference) ? "@" : ":"}${reference}`;
}

/** A fetched manifest's bytes, digest and media type; a digest reference is checked against the bytes. */
function manifestOf(answer: HttpAnswer, repo: RepositoryRef, reference: string): FetchedManifest {
  const bytes = answer.body;
  const digest = sha256Digest(bytes);
  if (isDigest(reference) && digest !== reference) {
    throw new RegistryError({
      host: repo.host,
      operation: `GET manifest ${refName(repo, reference)}`,
      status: answer.status,
      code: ClientCode.DIGEST_MISMATCH,
      detail: `the bytes received have digest ${digest}`,
    });
  }
  const mediaType = declaredMediaType(bytes) ?? contentType(answer) ?? "";
  return { digest, mediaType, size: bytes.length, bytes };
}

function headOf(manifest: FetchedManifest): ManifestHead {
  return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
}

function contentType(answer: HttpAnswer): string | undefined {
  return headerValue(answer.headers, "content-type")?.split(";")[0]?.trim() || undefined;
}
