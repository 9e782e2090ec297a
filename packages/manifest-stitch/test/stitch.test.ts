import { OCI_INDEX, RegistryError, silentReporter } from "@mbp/image-spec";
import {
  inspectRaw,
  type ProvenanceIndex,
  type PushedManifest,
  pushImage,
  type Registry,
  startProxy,
  startRateLimitProxy,
  startRegistry,
  startTokenServer,
  stopAll,
  type TempDockerConfig,
  type TokenServer,
} from "@mbp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MissingSourcesError,
  NothingPublishedError,
  PartialPushError,
  parseInputs,
  run,
  type StitchDeps,
} from "../src/lib";
import { outputsOf } from "../src/run";
import { amd64, arm64, configCredentials, context, dockerLogin, fastRetries, pushArch } from "./helpers";

const user = { username: "builder", password: "hunter2-not-really" };
let basic: Registry;
let tokens: TokenServer;
let bearer: Registry;
let config: TempDockerConfig;

beforeAll(async () => {
  tokens = await startTokenServer({ users: { [user.username]: user.password }, anonymous: "none" });
  [basic, bearer] = await Promise.all([
    startRegistry({ auth: { htpasswd: { [user.username]: user.password } } }),
    startRegistry({ auth: { token: tokens } }),
  ]);
  config = await dockerLogin({ [basic.host]: user, [bearer.host]: user });
});
afterAll(() => stopAll());

function deps(extra: Partial<StitchDeps> = {}): StitchDeps {
  return {
    credentials: configCredentials(config),
    retryPolicy: fastRetries,
    notFoundRetry: { attempts: 2, delayMs: 20 },
    ...extra,
  };
}

function rawInputs(
  images: string[],
  options: { tag?: string; additionalTags?: string; push?: boolean } = {},
) {
  return {
    images: images.join("\n"),
    tag: options.tag ?? "1.0",
    additionalTags: options.additionalTags ?? "",
    platforms: "linux/amd64,linux/arm64",
    annotations: "org.opencontainers.image.description=Stitched in a test",
    push: options.push ?? true,
    insecureRegistries: "",
    timeoutSeconds: "",
    sources: "",
    timeline: "",
    buildResult: "",
  };
}

function inputs(images: string[], options: { tag?: string; additionalTags?: string; push?: boolean } = {}) {
  return parseInputs(rawInputs(images, options), context);
}

describe("a run whose builds did not succeed", () => {
  it("without sources: names per registry the per-arch tags it finds (they may be an earlier run's)", async () => {
    const repo = "org/failed";
    const images = [`${basic.host}/${repo}`, `${bearer.host}/${repo}`];
    // amd64 pushed its tag to the first registry only; arm64 never pushed.
    const amd = await pushArch(basic.url, repo, "1.0-amd64", amd64, { auth: user });
    const failedInputs = parseInputs(
      {
        ...rawInputs(images),
        buildResult: "failure",
        timeline: JSON.stringify({
          platform: "linux/arm64",
          outcome: "failure",
          steps: [{ name: "build", start: 1_796_054_400_000, end: 1_796_054_460_000, outcome: "failure" }],
        }),
      },
      context,
    );
    const error = await run(failedInputs, deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NothingPublishedError);
    expect((error as Error).message).toBe(
      [
        "Nothing published: the build of linux/arm64 failed (build result: failure). No multi-arch tag was written.",
        "What the platforms that built left in each registry (no index points at it):",
        `  ${images[0]}:`,
        `    - linux/amd64: left: ${images[0]}:1.0-amd64 → ${amd.digest}`,
        "    - linux/arm64: no tag 1.0-arm64",
        `  ${images[1]}:`,
        "    - linux/amd64: no tag 1.0-amd64",
        "    - linux/arm64: no tag 1.0-arm64",
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    );
    await expect(inspectRaw(`${images[0]}:1.0`, { creds: user })).rejects.toThrow();
  });
  it("with sources: looks up each reported digest, names the per-arch tag that points at it, and takes no earlier run's tag for this run's image", async () => {
    const repo = "org/failed-by-digest";
    const images = [`${basic.host}/${repo}`, `${bearer.host}/${repo}`];
    // An earlier run left both per-arch tags in the first registry.
    const earlier = await Promise.all([
      pushArch(basic.url, repo, "1.0-amd64", amd64, { auth: user, seed: "earlier run" }),
      pushArch(basic.url, repo, "1.0-arm64", arm64, { auth: user, seed: "earlier run" }),
    ]);
    // This run: amd64 pushed its tag to the first registry, and only by digest to the second (as if
    // another run had moved its tag there since); arm64 failed before pushing and reported no digest.
    const amd = await pushArch(basic.url, repo, "1.0-amd64", amd64, { auth: user, seed: "this run" });
    await pushImage({ url: bearer.url, repository: repo, auth: user }, { platform: amd64, seed: "this run" });
    const failedInputs = parseInputs(
      {
        ...rawInputs(images),
        buildResult: "failure",
        sources: JSON.stringify([
          { platform: "linux/amd64", outcome: "success", digest: amd.digest, steps: [] },
          { platform: "linux/arm64", outcome: "failure", steps: [] },
        ]),
      },
      context,
    );
    const error = await run(failedInputs, deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NothingPublishedError);
    expect(earlier[1].digest).not.toBe(amd.digest);
    expect((error as Error).message).toBe(
      [
        "Nothing published: the builds ended with failure (build result: failure). No multi-arch tag was written.",
        "What the platforms that built left in each registry (no index points at it):",
        `  ${images[0]}:`,
        `    - linux/amd64: left: ${images[0]}:1.0-amd64 → ${amd.digest}`,
        "    - linux/arm64: nothing: no digest reported (its build failed before pushing, or did not run)",
        `  ${images[1]}:`,
        `    - linux/amd64: left: untagged ${amd.digest}`,
        "    - linux/arm64: nothing: no digest reported (its build failed before pushing, or did not run)",
        "A rerun builds and publishes everything again.",
      ].join("\n"),
    );
  });
});

describe("run against real registries", () => {
  it("stitches plain and provenance-index sources in two registries (htpasswd and token auth) at once", async () => {
    const repo = "org/app";
    const pushed: Record<string, { amd: PushedManifest; arm: ProvenanceIndex }> = {};
    for (const registry of [basic, bearer]) {
      const amd = await pushArch(registry.url, repo, "1.0-amd64", amd64, { auth: user });
      const arm = await pushArch(registry.url, repo, "1.0-arm64", arm64, { auth: user, provenance: true });
      pushed[registry.host] = { amd, arm };
    }
    const tokenRequestsBefore = tokens.requests.length;
    const images = [`${basic.host}/${repo}`, `${bearer.host}/${repo}`];
    const debug: string[] = [];
    const log = {
      info: () => {},
      warning: () => {},
      debug: (m: string) => debug.push(m),
      group: silentReporter.group,
    };
    const { outputs, results } = await run(
      inputs(images, { additionalTags: "latest,stable" }),
      deps({ log }),
    );
    const asked = tokens.requests.slice(tokenRequestsBefore);

    expect(outputs.tag).toBe("1.0");
    expect(Object.keys(outputs.digests)).toEqual(images);
    expect(outputs.digest).toBe(outputs.digests[images[0] ?? ""]);
    expect(outputs.refs).toEqual(
      images.flatMap((image) =>
        ["1.0", "latest", "stable"].map((t) => `${image}:${t}@${outputs.digests[image]}`),
      ),
    );

    for (const registry of [basic, bearer]) {
      const sources = pushed[registry.host];
      if (!sources) throw new Error("unreachable");
      const seen = await Promise.all(
        ["1.0", "latest", "stable"].map((t) => inspectRaw(`${registry.host}/${repo}:${t}`, { creds: user })),
      );
      for (const raw of seen) expect(raw.digest).toBe(outputs.digests[`${registry.host}/${repo}`]);
      const index = seen[0]?.manifest;
      expect(index?.mediaType).toBe(OCI_INDEX);
      // amd64 image, arm64 image flattened out of its provenance index, then the attestation: no nesting.
      expect(index?.manifests?.map((m) => [m.digest, m.platform])).toEqual([
        [sources.amd.digest, amd64],
        [sources.arm.images[0]?.digest, arm64],
        [sources.arm.attestations[0]?.digest, { os: "unknown", architecture: "unknown" }],
      ]);
      expect(index?.manifests?.[2]?.annotations).toEqual({
        "vnd.docker.reference.digest": sources.arm.images[0]?.digest,
        "vnd.docker.reference.type": "attestation-manifest",
      });
      expect(index?.annotations).toEqual({
        "org.opencontainers.image.description": "Stitched in a test",
        "org.opencontainers.image.revision": context.sha,
        "org.opencontainers.image.source": "https://github.com/octo/app",
      });
    }
    expect(results.map((r) => r.pushed)).toEqual([true, true]);
    // The physical minimum: the auth handshake the registry forces, one GET per source (the look-up
    // and, for the provenance index, the read at once), one PUT per tag; no blob request at all.
    expect(debug).toContain(`${basic.host}: 6 requests: 1 GET ping, 2 GET manifest, 3 PUT manifest`);
    expect(debug).toContain(
      `${bearer.host}: 7 requests: 1 GET ping, 1 GET token, 2 GET manifest, 3 PUT manifest`,
    );

    // One token for the repository, asked with the challenge's service and a pull,push scope.
    expect(asked.map((r) => [r.scope, r.service, r.user, r.status])).toEqual([
      [`repository:${repo}:pull,push`, tokens.service, user.username, 200],
    ]);
  });

  it("gives the same digests on a re-run and succeeds", async () => {
    const repo = "org/rerun";
    for (const registry of [basic, bearer]) {
      await pushArch(registry.url, repo, "2.0-amd64", amd64, { auth: user });
      await pushArch(registry.url, repo, "2.0-arm64", arm64, { auth: user, provenance: true });
    }
    const images = [`${basic.host}/${repo}`, `${bearer.host}/${repo}`];
    const first = await run(inputs(images, { tag: "2.0", additionalTags: "latest" }), deps());
    const second = await run(inputs(images, { tag: "2.0", additionalTags: "latest" }), deps());
    expect(second.outputs).toEqual(first.outputs);
    expect(second.results[0]?.bytes.equals(first.results[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it("pushes nothing when an architecture is missing and names every missing image:tag-suffix", async () => {
    const repo = "org/partial";
    await pushArch(basic.url, repo, "3.0-amd64", amd64, { auth: user });
    await pushArch(basic.url, repo, "3.0-arm64", arm64, { auth: user });
    await pushArch(bearer.url, repo, "3.0-amd64", amd64, { auth: user });
    const images = [`${basic.host}/${repo}`, `${bearer.host}/${repo}`];
    const error = await run(inputs(images, { tag: "3.0" }), deps()).catch((e) => e);
    expect(error).toBeInstanceOf(MissingSourcesError);
    expect(error.missing).toEqual([{ ref: `${bearer.host}/${repo}:3.0-arm64`, platform: "linux/arm64" }]);
    expect(error.message).toContain(`${bearer.host}/${repo}:3.0-arm64 (linux/arm64)`);
    // Not even the registry that had both got its tag.
    await expect(inspectRaw(`${basic.host}/${repo}:3.0`, { creds: user })).rejects.toThrow(
      /manifest unknown/i,
    );
  });

  it("looks again for a source that answers 404 at first (read-after-write lag)", async () => {
    const registry = await startRegistry();
    const repo = "org/lag";
    await pushArch(registry.url, repo, "4.0-amd64", amd64);
    await pushArch(registry.url, repo, "4.0-arm64", arm64);
    const proxy = await startProxy({
      target: registry.url,
      faults: [
        {
          match: { method: "GET", path: "4.0-arm64" },
          times: 2,
          respond: {
            status: 404,
            body: { errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] },
          },
        },
      ],
    });
    const image = `${proxy.host}/${repo}`;
    const { outputs } = await run(
      inputs([image], { tag: "4.0" }),
      deps({ notFoundRetry: { attempts: 3, delayMs: 20 } }),
    );
    expect(outputs.refs).toEqual([`${image}:4.0@${outputs.digest}`]);
    expect(proxy.count({ method: "GET", path: "4.0-arm64" })).toBe(3);
    expect(proxy.count({ method: "GET", path: "4.0-amd64" })).toBe(1);
    expect(proxy.count({ method: "HEAD" })).toBe(0);
  });

  it("checks and prints in a dry run without pushing", async () => {
    const repo = "org/dry";
    await pushArch(bearer.url, repo, "5.0-amd64", amd64, { auth: user });
    await pushArch(bearer.url, repo, "5.0-arm64", arm64, { auth: user });
    const { outputs, results } = await run(
      inputs([`${bearer.host}/${repo}`], { tag: "5.0", push: false }),
      deps(),
    );
    expect(outputs.refs).toEqual([]);
    expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(results[0]?.index.manifests).toHaveLength(2);
    await expect(inspectRaw(`${bearer.host}/${repo}:5.0`, { creds: user })).rejects.toThrow(
      /manifest unknown/i,
    );
  });

  it("fails with a RegistryError naming registry, operation and status on wrong credentials", async () => {
    const repo = "org/denied";
    await pushArch(basic.url, repo, "6.0-amd64", amd64, { auth: user });
    await pushArch(basic.url, repo, "6.0-arm64", arm64, { auth: user });
    const error = await run(inputs([`${basic.host}/${repo}`], { tag: "6.0" }), {
      ...deps(),
      credentials: async () => ({ username: user.username, password: "wrong" }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.message).toContain(basic.host);
    expect(error.message).toMatch(/GET manifest .*org\/denied:6\.0-(amd|arm)64 answered 401/);
  });
});

describe("run through a fault-injecting proxy", () => {
  it("rides out 429 with Retry-After, GHCR's millisecond 429, 503 and a reset", async () => {
    const registry = await startRegistry();
    const repo = "org/flaky";
    await pushArch(registry.url, repo, "1.0-amd64", amd64);
    await pushArch(registry.url, repo, "1.0-arm64", arm64, { provenance: true });
    const proxy = await startProxy({
      target: registry.url,
      faults: [
        { match: { method: "GET", path: "/v2/" }, times: 1, respond: "reset" },
        {
          match: { method: "GET", path: "1.0-amd64" },
          times: 1,
          respond: { status: 429, headers: { "retry-after": "1" } },
        },
        {
          match: { method: "GET", path: "/manifests/1.0-arm64" },
          times: 1,
          respond: {
            status: 429,
            body: {
              errors: [{ code: "TOOMANYREQUESTS", message: "retry-after: 12.5ms, allowed: 2000/minute" }],
            },
          },
        },
        { match: { method: "PUT" }, times: 2, respond: { status: 503 } },
      ],
    });
    const image = `${proxy.host}/${repo}`;
    const { outputs } = await run(inputs([image], { additionalTags: "latest" }), deps());
    expect(outputs.refs).toEqual([`${image}:1.0@${outputs.digest}`, `${image}:latest@${outputs.digest}`]);
    const raw = await inspectRaw(`${registry.host}/${repo}:latest`);
    expect(raw.digest).toBe(outputs.digest);
    // Each fault cost exactly one extra request; nothing touched a blob.
    expect(proxy.count({ method: "GET", path: /^\/v2\/$/ })).toBe(2);
    expect(proxy.count({ method: "HEAD" })).toBe(0);
    expect(proxy.count({ method: "GET", path: "/manifests/" })).toBe(4);
    expect(proxy.count({ method: "PUT" })).toBe(4);
    expect(proxy.count({ path: "/blobs/" })).toBe(0);
  });

  it("ends with an error naming registry, operation and status when a registry keeps failing", async () => {
    const registry = await startRegistry();
    const repo = "org/down";
    await pushArch(registry.url, repo, "1.0-amd64", amd64);
    await pushArch(registry.url, repo, "1.0-arm64", arm64);
    const proxy = await startProxy({
      target: registry.url,
      faults: [{ match: { method: "PUT" }, times: Infinity, respond: { status: 503 } }],
    });
    // The default policy (5 tries, 0.1 s doubling): ends in seconds, long before the two-minute limit.
    const error = await run(inputs([`${proxy.host}/${repo}`]), { credentials: async () => undefined }).catch(
      (e) => e,
    );
    expect(error.message).toContain(`${proxy.host}: PUT manifest ${proxy.host}/${repo}:1.0 answered 503`);
    expect(error.message).toContain("after 5 tries");
    expect(proxy.count({ method: "PUT" })).toBe(5);
  });

  it("ends by the deadline when a registry hangs: a try is cut at its timeout, none starts that would end past the deadline", async () => {
    const registry = await startRegistry();
    const proxy = await startProxy({ target: registry.url, faults: [{ times: Infinity, respond: "hang" }] });
    // Numbers no scheduler delay can change: the first try hangs until its 0.5 s timeout; the next
    // would start 10-20 s later (the backoff), past the 8 s deadline, so the run ends on the first
    // try's timeout. (With a backoff shorter than the deadline, a try planned just inside it can
    // wake up just past it on a busy machine and end as "not sent" instead: a message, not a hang.)
    const error = await run(inputs([`${proxy.host}/org/hang`]), {
      credentials: async () => undefined,
      timeoutMs: 500,
      deadlineMs: 8_000,
      retryPolicy: { attempts: 5, baseDelayMs: 20_000, maxDelayMs: 20_000, deadlineMs: 120_000 },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.message).toContain(`${proxy.host}: GET /v2/ on ${proxy.host} failed: ETIMEDOUT`);
    expect(proxy.count()).toBe(1);
  });
});

describe("never a partial tag set that misleads", () => {
  async function twoRegistries(repo: string) {
    const [good, flaky] = await Promise.all([startRegistry(), startRegistry()]);
    for (const registry of [good, flaky]) {
      await pushArch(registry.url, repo, "3.0-amd64", amd64);
      await pushArch(registry.url, repo, "3.0-arm64", arm64);
    }
    return { good, flaky };
  }

  it("holds every alias back when a version tag fails anywhere, and says exactly what was written", async () => {
    const repo = "org/release";
    const { good, flaky } = await twoRegistries(repo);
    const proxy = await startProxy({
      target: flaky.url,
      faults: [
        { match: { method: "PUT", path: "/manifests/3.0" }, times: Infinity, respond: { status: 400 } },
      ],
    });
    const given = inputs([`${good.host}/${repo}`, `${proxy.host}/${repo}`], {
      tag: "3.0",
      additionalTags: "3,latest",
    });
    const error = await run(given, deps()).catch((e) => e);
    expect(error).toBeInstanceOf(PartialPushError);
    const digest = error.partial[0].digest;
    expect(error.message).toBe(
      [
        `${proxy.host}: PUT manifest ${proxy.host}/${repo}:3.0 answered 400 Bad Request`,
        "Written (1):",
        `  - ${good.host}/${repo}:3.0@${digest}`,
        "Not written (5):",
        `  - ${good.host}/${repo}:3`,
        `  - ${good.host}/${repo}:latest`,
        `  - ${proxy.host}/${repo}:3.0`,
        `  - ${proxy.host}/${repo}:3`,
        `  - ${proxy.host}/${repo}:latest`,
        "The additional tags were held back because a version tag was not written everywhere, so no alias points at an index whose version tag is missing.",
        "Pushing is idempotent: rerun the job to complete the set.",
      ].join("\n"),
    );
    // No alias was even tried.
    expect(proxy.count({ method: "PUT" })).toBe(1);
    await expect(inspectRaw(`${good.host}/${repo}:latest`)).rejects.toThrow();
    const outputs = outputsOf(given.plan, error.partial);
    expect(outputs.complete).toBe(false);
    expect(outputs.refs).toEqual([`${good.host}/${repo}:3.0@${digest}`]);
    expect(outputs.unwrittenRefs).toHaveLength(5);

    // The registry recovers: a rerun completes the set, with the same digest everywhere.
    proxy.clearFaults();
    const again = await run(given, deps());
    expect(again.outputs.complete).toBe(true);
    expect(again.outputs.unwrittenRefs).toEqual([]);
    expect(again.outputs.refs).toHaveLength(6);
    expect((await inspectRaw(`${flaky.host}/${repo}:latest`)).digest).toBe(digest);
  });

  it("pushes aliases only after every version tag, and names an alias that failed", async () => {
    const repo = "org/alias";
    const { good, flaky } = await twoRegistries(repo);
    const proxy = await startProxy({
      target: flaky.url,
      faults: [
        { match: { method: "PUT", path: "/manifests/latest" }, times: Infinity, respond: { status: 400 } },
      ],
    });
    const error = await run(
      inputs([`${good.host}/${repo}`, `${proxy.host}/${repo}`], { tag: "3.0", additionalTags: "3,latest" }),
      deps(),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PartialPushError);
    expect(error.message).toContain("Written (5):");
    expect(error.message).toContain(`Not written (1):\n  - ${proxy.host}/${repo}:latest\n`);
    expect(error.message).not.toContain("held back");
    // The version tag went first: the proxy saw 3.0 before any alias.
    const puts = proxy.requests.filter((r) => r.method === "PUT").map((r) => r.path.split("/").pop());
    expect(puts[0]).toBe("3.0");
    expect(puts.slice(1).sort()).toEqual(["3", "latest"]);
  });

  it("sends one registry at most 4 requests at once: 3 images × 5 tags never make 15 PUTs at once", async () => {
    const registry = await startRegistry();
    const repos = ["org/one", "org/two", "org/three"];
    for (const repo of repos) {
      await pushArch(registry.url, repo, "5.0-amd64", amd64);
      await pushArch(registry.url, repo, "5.0-arm64", arm64);
    }
    // A limit no run reaches: the proxy only watches how many requests are in flight at once.
    const proxy = await startRateLimitProxy({ target: registry.url, perSecond: 10_000 });
    const { outputs } = await run(
      inputs(
        repos.map((repo) => `${proxy.host}/${repo}`),
        { tag: "5.0", additionalTags: "5,latest,stable,edge" },
      ),
      deps(),
    );
    expect(outputs.refs).toHaveLength(15);
    expect(proxy.passed.filter((r) => r.method === "PUT")).toHaveLength(15);
    expect(proxy.peakInFlight).toBeGreaterThan(1);
    expect(proxy.peakInFlight).toBeLessThanOrEqual(4);
  });
});
