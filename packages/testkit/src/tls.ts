import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, removeTempDir, trackStopper } from "./cleanup";
import { runCommand } from "./command";

/** A throwaway certificate authority and one server certificate it signed. */
export interface TestCertificates {
  /** PEM of the CA: what a client must trust (certs.d `ca.crt`, NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /** PEM server certificate and key, for distribution's `http.tls`. */
  certPath: string;
  keyPath: string;
  /** The names the server certificate is valid for. */
  names: string[];
  /** Removes the files. Safe to call twice. */
  remove(): void;
}

/**
 * Makes a fresh CA with openssl and a server certificate signed by it for `names` (DNS names and IP
 * addresses; default localhost, 127.0.0.1, ::1 and registry.internal). Nothing outside a temp dir is
 * touched.
 */
export async function makeTestCertificates(
  names: readonly string[] = ["localhost", "127.0.0.1", "::1", "registry.internal"],
): Promise<TestCertificates> {
  const dir = makeTempDir("tls");
  try {
    const caKey = join(dir, "ca.key");
    const caPath = join(dir, "ca.crt");
    const keyPath = join(dir, "server.key");
    const csrPath = join(dir, "server.csr");
    const certPath = join(dir, "server.crt");
    const extPath = join(dir, "server.ext");
    await selfSignedCertificate(caKey, caPath, "testkit throwaway CA", [
      "basicConstraints=critical,CA:TRUE",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    await runCommand("openssl", [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-subj",
      `/CN=${names[0] ?? "localhost"}`,
      "-keyout",
      keyPath,
      "-out",
      csrPath,
    ]);
    const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(",");
    writeFileSync(
      extPath,
      `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
    );
    await runCommand("openssl", [
      "x509",
      "-req",
      "-in",
      csrPath,
      "-CA",
      caPath,
      "-CAkey",
      caKey,
      "-CAcreateserial",
      "-days",
      "2",
      "-sha256",
      "-extfile",
      extPath,
      "-out",
      certPath,
    ]);
    let removed = false;
    const remove = () => {
      if (removed) return;
      removed = true;
      untrack();
      removeTempDir(dir);
    };
    const untrack = trackStopper(async () => remove());
    return { caPath, certPath, keyPath, names: [...names], remove };
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
}

/**
 * A fresh RSA key and a self-signed certificate for it (`/CN=<commonName>`, valid 2 days), written
 * to `keyPath` and `certPath`; `extensions` are openssl `-addext` values.
 */
export async function selfSignedCertificate(
  keyPath: string,
  certPath: string,
  commonName: string,
  extensions: readonly string[] = [],
): Promise<void> {
  await runCommand("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-sha256",
    "-days",
    "2",
    "-subj",
    `/CN=${commonName}`,
    ...extensions.flatMap((extension) => ["-addext", extension]),
    "-keyout",
    keyPath,
    "-out",
    certPath,
  ]);
}
