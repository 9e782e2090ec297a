// Tier 3: the bundled login action on self-hosted networks: a TLS registry signed by a throwaway CA,
// reachable only through a forward proxy as `registry.internal`, an insecure registry, a registry
// that refuses uploads, and a token user who may pull but not push.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAction } from "@mbp/image-spec/testing";
import {
  type Proxy as FaultProxy,
  type ForwardProxy,
  makeTestCertificates,
  type Registry,
  startForwardProxy,
  startProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  type TestCertificates,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const actionYml = join(dirname(fileURLToPath(import.meta.url)), "..", "action.yml");
const PASSWORD = "tls-Pa55word";
const github = { GITHUB_ACTOR: "octocat", GITHUB_REPOSITORY: "org/app", GITHUB_REPOSITORY_OWNER: "org" };

let dir: string;
let certs: TestCertificates;
let tlsRegistry: Registry;
let plainRegistry: Registry;
let tokenRegistry: Registry;
let refusing: FaultProxy;
let forward: ForwardProxy;
/** `registry.internal:<port of the TLS registry>`: only the forward proxy resolves it. */
let internalTls: string;
let internalPlain: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mrl-network-"));
  certs = await makeTestCertificates();
  const tokenServer = await startTokenServer({
    users: { carol: PASSWORD, reader: PASSWORD },
    pullOnly: ["reader"],
    anonymous: "none",
  });
  [tlsRegistry, plainRegistry, tokenRegistry] = await Promise.all([
    startRegistry({ auth: { htpasswd: { alice: PASSWORD } }, tls: certs }),
    startRegistry({ auth: { htpasswd: { alice: PASSWORD } } }),
    startRegistry({ auth: { token: tokenServer } }),
  ]);
  // Artifactory-style: the login works, every upload is refused.
  refusing = await startProxy({
    target: plainRegistry.url,
    faults: [
      ...["POST", "PUT", "PATCH"].map((method) => ({
        match: { method },
        times: Number.POSITIVE_INFINITY,
        respond: {
          status: 403,
          body: { errors: [{ code: "DENIED", message: "requested access to the resource is denied" }] },
        },
      })),
    ],
  });
  forward = await startForwardProxy({ hosts: { "registry.internal": "127.0.0.1" } });
  internalTls = `registry.internal:${tlsRegistry.port}`;
  internalPlain = `registry.internal:${plainRegistry.port}`;
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A certs.d root holding the throwaway CA for `host`, as /etc/docker/certs.d would. */
function certsDir(host: string): string {
  const root = mkdtempSync(join(dir, "certs.d-"));
  mkdirSync(join(root, host));
  copyFileSync(certs.caPath, join(root, host, "ca.crt"));
  return root;
}

function login(host: string, extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {}) {
  return runAction(actionYml, {
    inputs: {
      images: `${host}/org/app`,
      "registry-auth": `- registry: ${JSON.stringify(host)}\n  username: alice\n  password: ${JSON.stringify(PASSWORD)}`,
      ...extra.inputs,
    },
    env: {
      ...github,
      DOCKER_CONFIG: mkdtempSync(join(dir, "docker-")),
      HTTPS_PROXY: forward.url,
      HTTP_PROXY: forward.url,
      NO_PROXY: "",
      no_proxy: "",
      https_proxy: "",
      http_proxy: "",
      MBP_REGISTRY_CERTS_DIRS: join(dir, "no-certs.d"),
      ...extra.env,
    },
  });
}

const connects = (target: string) =>
  forward.requests.filter((r) => r.method === "CONNECT" && r.target === target).length;

describe("the bundled login action on a self-hosted network", () => {
  it("reaches a TLS registry only the proxy can resolve, trusting the CA in its certs.d directory", async () => {
    const before = connects(internalTls);
    const run = await login(internalTls, { env: { MBP_REGISTRY_CERTS_DIRS: certsDir(internalTls) } });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${internalTls}: alice (from registry-auth (entry 1)) accepted, basic auth`);
    expect(run.stdout).toContain(
      `${internalTls}/org/app: may push (a blob upload was started and cancelled)`,
    );
    // Through CONNECT tunnels (keep-alive reuses them).
    expect(connects(internalTls)).toBeGreaterThan(before);
  });

  it("still trusts a CA named in NODE_EXTRA_CA_CERTS", async () => {
    const run = await login(internalTls, { env: { NODE_EXTRA_CA_CERTS: certs.caPath } });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it("fails at once on an untrusted certificate, naming the host and where the CA can go", async () => {
    const before = connects(internalTls);
    const run = await login(internalTls);
    expect(run.exitCode).toBe(1);
    expect(run.errors[1]).toContain("1 login failed; nothing was written to the Docker config");
    const [message] = run.errors;
    expect(message).toContain(`the TLS certificate of ${internalTls} is not trusted`);
    expect(message).toContain(`${join(dir, "no-certs.d", internalTls)}/ca.crt`);
    expect(message).toContain(`list ${internalTls} in insecure-registries`);
    expect(message).not.toMatch(/after \d+ tries|could not be reached/);
    // One connection: a certificate problem is not retried.
    expect(connects(internalTls) - before).toBe(1);
  });

  it("logs in to an insecure registry without its CA (HTTPS without verification)", async () => {
    const run = await login(internalTls, { inputs: { "insecure-registries": internalTls.toUpperCase() } });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it("falls back to plain HTTP (absolute-form through the proxy) for an insecure registry without TLS", async () => {
    const before = forward.requests.length;
    const run = await login(internalPlain, { inputs: { "insecure-registries": internalPlain } });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const seen = forward.requests.slice(before);
    expect(seen[0]).toMatchObject({ method: "CONNECT", target: internalPlain });
    expect(seen).toContainEqual({ method: "GET", target: `http://${internalPlain}/v2/`, status: 401 });
    expect(seen).toContainEqual(
      expect.objectContaining({
        method: "POST",
        target: `http://${internalPlain}/v2/org/app/blobs/uploads/`,
      }),
    );
  });

  it("retries a CONNECT whose connection the proxy drops, as it retries a registry that does", async () => {
    // In front of the forward proxy: the first connection is reset, the others are passed on.
    let connections = 0;
    const flaky = createServer((socket) => {
      connections++;
      if (connections === 1) {
        socket.resetAndDestroy();
        return;
      }
      const upstream = connect(Number(new URL(forward.url).port), "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    try {
      const run = await login(internalTls, {
        env: {
          MBP_REGISTRY_CERTS_DIRS: certsDir(internalTls),
          HTTPS_PROXY: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
        },
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(connections).toBeGreaterThan(1);
    } finally {
      flaky.close();
    }
  });

  it("says so when the proxy cannot reach a registry", async () => {
    const run = await login("nowhere.internal:5000");
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      `GET /v2/ on nowhere.internal:5000 failed: EPROXY the proxy ${new URL(forward.url).host} answered 502 to CONNECT nowhere.internal:5000`,
    );
  });

  it("speaks HTTPS without verification to a loopback TLS registry, as docker does", async () => {
    const run = await login(tlsRegistry.host);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it("rejects a malformed insecure-registries entry before doing anything", async () => {
    const before = forward.requests.length;
    const run = await login(internalTls, { inputs: { "insecure-registries": "https://registry.internal" } });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join("\n")).toContain(
      'insecure-registries: "https://registry.internal" is not a registry host; write host or host:port',
    );
    expect(forward.requests.length).toBe(before);
  });
});

describe("the push check at login", () => {
  const tokenLogin = (user: string, checkPush: string, more: Record<string, string> = {}) =>
    runAction(actionYml, {
      inputs: {
        images: `${tokenRegistry.host}/org/app`,
        "registry-auth": `- registry: ${tokenRegistry.host}\n  username: ${user}\n  password: ${JSON.stringify(PASSWORD)}`,
        "check-push": checkPush,
        ...more,
      },
      env: { ...github, DOCKER_CONFIG: mkdtempSync(join(dir, "docker-")) },
    });

  it("fails a token user who may pull but not push, naming the image", async () => {
    const run = await tokenLogin("reader", "true");
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      `${tokenRegistry.host}/org/app: cannot push as "reader" with registry-auth (entry 1): the registry said "the token server granted pull but not push on org/app"`,
    );
    expect(run.errors[0]).toContain(
      "give that registry-auth account push (write) permission on the repository",
    );
  });

  it("lets the same user log in when the job only pulls (check-push: false)", async () => {
    const run = await tokenLogin("reader", "false");
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain("may push");
  });

  it("does not check push in a job that does not require its secrets (a build that only pulls)", async () => {
    const run = await tokenLogin("reader", "", { "require-secrets": "false" });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const checked = await tokenLogin("reader", "");
    expect(checked.exitCode).toBe(1);
    expect(checked.errors[0]).toContain("cannot push");
  });

  it("proves push from the token's access claim for a user who may push", async () => {
    const run = await tokenLogin("carol", "true");
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain(`${tokenRegistry.host}/org/app: may push (the token grants push)`);
  });

  it("reports a registry that refuses the upload with 403 DENIED, with the registry's message", async () => {
    const run = await runAction(actionYml, {
      inputs: {
        images: `${refusing.host}/org/app`,
        "registry-auth": `- registry: ${refusing.host}\n  username: alice\n  password: ${JSON.stringify(PASSWORD)}`,
      },
      env: { ...github, DOCKER_CONFIG: mkdtempSync(join(dir, "docker-")) },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(
      `${refusing.host}/org/app: cannot push as "alice" with registry-auth (entry 1): the registry said "requested access to the resource is denied"`,
    );
    expect(run.errors[0]).toContain("answered 403");
    expect(refusing.count({ method: "POST", status: 403 })).toBeGreaterThan(0);
  });
});
