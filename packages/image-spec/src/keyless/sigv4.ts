/**
 * AWS Signature Version 4 (header form), for the two AWS calls keyless ECR logins make (ECR's and
 * ECR Public's GetAuthorizationToken). Pure: the caller passes the time. Checked against AWS's
 * published test suite (test/fixtures/aws4_testsuite).
 */
import { createHash, createHmac } from "node:crypto";

/** An access key pair, with the session token of temporary credentials (STS). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SigV4Request {
  readonly method: string;
  /** `host[:port]`, the Host header. */
  readonly host: string;
  /**
   * The path, decoded (`/example space/`): dot segments and empty segments are removed and each
   * segment is encoded once, as the test suite and every service but S3 expect.
   */
  readonly path: string;
  /** Query parameters, decoded. */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Further headers to sign; a list is a header sent several times (joined with `,`). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
}

export interface SigV4Scope {
  readonly credentials: AwsCredentials;
  readonly region: string;
  /** The signing name: `ecr`, `ecr-public`, `sts`. */
  readonly service: string;
  readonly date: Date;
}

export interface SignedRequest {
  /** Every header to send, names lower-case: the given ones, host, x-amz-date, the session token, authorization. */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly authorization: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

/** Signs a request: its headers gain `x-amz-date`, `x-amz-security-token` (if any) and `authorization`. */
export function signV4(request: SigV4Request, scope: SigV4Scope): SignedRequest {
  const amzDate = scope.date.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers = new Map<string, string[]>();
  const add = (name: string, value: string | readonly string[]) => {
    const key = name.toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), ...(typeof value === "string" ? [value] : value)]);
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) add(name, value);
  headers.set("host", [request.host]);
  headers.set("x-amz-date", [amzDate]);
  if (scope.credentials.sessionToken) headers.set("x-amz-security-token", [scope.credentials.sessionToken]);

  const names = [...headers.keys()].sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(headers.get(name) ?? []).map(canonicalValue).join(",")}\n`)
    .join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query ?? []),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body ?? ""),
  ].join("\n");
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${scope.credentials.secretAccessKey}`, day);
  for (const part of [scope.region, scope.service, "aws4_request"]) key = hmac(key, part);
  const signature = hmac(key, stringToSign).toString("hex");
  const authorization = `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const sent: Record<string, string> = {};
  for (const name of names) sent[name] = (headers.get(name) ?? []).join(",");
  sent.authorization = authorization;
  return { headers: sent, canonicalRequest, stringToSign, authorization };
}

/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - . _ ~`. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const joined = `/${segments.map(encodeRfc3986).join("/")}`;
  return segments.length > 0 && /\/\.{0,2}$/.test(path) ? `${joined}/` : joined;
}

function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

// Trimmed, with every run of white space (folded lines included) as one space.
function canonicalValue(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
