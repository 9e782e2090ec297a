/**
 * Which certificate authorities a registry connection trusts, the way docker and containers/image
 * do: Node's bundled roots, the system store, `NODE_EXTRA_CA_CERTS`, and per registry the `*.crt`
 * files of `/etc/docker/certs.d/<host[:port]>/` and `/etc/containers/certs.d/<host[:port]>/`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import tls from "node:tls";

/** Where per-registry CA files are looked for, in this order. */
export const DEFAULT_CERTS_DIRS: readonly string[] = ["/etc/docker/certs.d", "/etc/containers/certs.d"];

/**
 * The certs.d roots: `MBP_REGISTRY_CERTS_DIRS` (colon-separated) when set, else the defaults. The
 * variable lets a rootless runner (or a test) keep its registry CAs elsewhere.
 */
export function certsDirs(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const value = env.MBP_REGISTRY_CERTS_DIRS?.trim();
  if (!value) return DEFAULT_CERTS_DIRS;
  return value.split(":").filter((dir) => dir !== "");
}

// Debian/Ubuntu, Fedora/RHEL, Alpine/macOS-like, openSUSE: the first that exists is the system store.
const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/cert.pem",
  "/etc/ssl/ca-bundle.pem",
];

let extraCache: readonly string[] | undefined;

/**
 * The CAs to trust beyond Node's default store (its bundled roots and `NODE_EXTRA_CA_CERTS`): the
 * system store's certificates that are not among the bundled roots, read once. Node 22.15+/24 name
 * the system store through `tls.getCACertificates("system")`; on Node 20 it is the distribution's
 * bundle file. Only these few (a corporate CA, a distribution's additions) are parsed again per
 * secure context, so trusting the system store costs milliseconds, not the whole list.
 */
export function extraCertificates(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (extraCache) return extraCache;
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  const known = new Set<string>();
  let system: string[] = [];
  if (typeof get === "function") {
    for (const pem of safely(() => get("default"))) known.add(normalise(pem));
    system = safely(() => get("system"));
  } else {
    for (const pem of tls.rootCertificates) known.add(normalise(pem));
    for (const path of SYSTEM_BUNDLES) {
      const text = readQuietly(path);
      if (text) {
        system = pemBlocks(text);
        break;
      }
    }
  }
  const extra = env.NODE_EXTRA_CA_CERTS?.trim();
  const found = [...(extra ? pemBlocks(readQuietly(extra)) : []), ...system];
  const seen = new Set<string>();
  extraCache = found.filter((pem) => {
    const key = normalise(pem);
    if (known.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return extraCache;
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * A verifying secure context trusting Node's default store, the extra certificates and `own` (a
 * host's certs.d files), shared by every host with the same `own` (most have none).
 */
export function trustingContext(own: readonly string[]): tls.SecureContext {
  const key = own.join("\n");
  let context = contexts.get(key);
  if (context) return context;
  const extra = [...extraCertificates(), ...own];
  const native = tls.createSecureContext();
  const add = (native as { context?: { addCACert?: (pem: string) => void } }).context?.addCACert;
  if (typeof add === "function") {
    // Adds to a copy of the default store (bundled roots and NODE_EXTRA_CA_CERTS stay trusted).
    for (const pem of extra) add.call((native as { context: unknown }).context, pem);
    context = native;
  } else {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
  }
  contexts.set(key, context);
  return context;
}

let unverified: tls.SecureContext | undefined;

/**
 * The secure context of a host whose certificate is not verified (an insecure registry, a loopback
 * address): no CA at all. Node's default context would first load its ~140 bundled roots (20–50 ms
 * of CPU, more than the rest of a loopback stitch's requests together) only for nothing to be checked
 * against them. Shared: it holds nothing host-specific.
 */
export function unverifiedContext(): tls.SecureContext {
  unverified ??= tls.createSecureContext({ ca: [] });
  return unverified;
}

/** The `*.crt` files of `<root>/<host>/` under each certs.d root, with their PEM contents. */
export function hostCertificates(
  host: string,
  roots: readonly string[],
): { files: string[]; certificates: string[] } {
  const files: string[] = [];
  const certificates: string[] = [];
  for (const root of roots) {
    const dir = join(root, host);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith(".crt"));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const blocks = pemBlocks(readQuietly(path));
      if (blocks.length === 0) continue;
      files.push(path);
      certificates.push(...blocks);
    }
  }
  return { files, certificates };
}

/** Node's TLS error codes for a certificate that does not verify (unknown CA, self-signed, expired, wrong name). */
const CERTIFICATE_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REVOKED",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** True for an error code that means the server's certificate was not trusted. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/** Where a CA for `host` can go, for messages. */
export function whereCaGoes(host: string, roots: readonly string[] = certsDirs()): string {
  const dirs = roots.map((root) => `${join(root, host)}/ca.crt`).join(" or ");
  return `put the CA certificate that signed it in ${dirs}, add it to the system CA store, or name it in NODE_EXTRA_CA_CERTS; only for a test registry, list ${host} in insecure-registries instead`;
}

function normalise(pem: string): string {
  return pem.replace(/\s+/g, "");
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function readQuietly(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function safely(read: () => string[]): string[] {
  try {
    return read();
  } catch {
    return [];
  }
}
