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

let baseCache: readonly string[] | undefined;

/**
 * Node's bundled roots, `NODE_EXTRA_CA_CERTS` and the system store, read once. Node 22.15+/24 name
 * them through `tls.getCACertificates`; on Node 20 the system store is the distribution's bundle file.
 */
export function baseCertificates(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (baseCache) return baseCache;
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  const found: string[] = [];
  if (typeof get === "function") {
    // "default" is the bundled roots plus NODE_EXTRA_CA_CERTS (plus the system store under --use-system-ca).
    found.push(...get("default"), ...safely(() => get("system")));
  } else {
    found.push(...tls.rootCertificates);
    const extra = env.NODE_EXTRA_CA_CERTS?.trim();
    if (extra) found.push(...pemBlocks(readQuietly(extra)));
    for (const path of SYSTEM_BUNDLES) {
      const text = readQuietly(path);
      if (text) {
        found.push(...pemBlocks(text));
        break;
      }
    }
  }
  baseCache = [...new Set(found)];
  return baseCache;
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
