import { afterAll, describe, expect, it } from "vitest";
import {
  httpRequest,
  inspectRaw,
  mediaTypes,
  pushImage,
  pushIndex,
  pushProvenanceIndex,
  startRegistry,
  startTokenServer,
  stopAll,
} from "../src/index";

afterAll(stopAll);

const amd64 = { os: "linux", architecture: "amd64" };
const arm64 = { os: "linux", architecture: "arm64" };

describe("pushProvenanceIndex", () => {
  it("pushes an OCI index of images plus attestation manifests, like buildx with provenance", async () => {
    const token = await startTokenServer({ users: { ci: "pw" } });
    const registry = await startRegistry({ auth: { token } });
    const creds = { username: "ci", password: "pw" };
    const index = await pushProvenanceIndex(
      { url: registry.url, repository: "org/app", auth: creds },
      { tag: "v1", platforms: [amd64, arm64] },
    );

    const seen = await inspectRaw(`${registry.host}/org/app:v1`, { creds });
    expect(seen.digest).toBe(index.digest);
    expect(seen.manifest.mediaType).toBe(mediaTypes.oci.index);
    const [img0, img1, att0, att1] = seen.manifest.manifests ?? [];
    expect(seen.manifest.manifests).toHaveLength(4);
    expect(img0).toMatchObject({
      mediaType: mediaTypes.oci.manifest,
      digest: index.images[0]?.digest,
      platform: amd64,
    });
    expect(img1).toMatchObject({ digest: index.images[1]?.digest, platform: arm64 });
    expect(img0?.annotations).toBeUndefined();
    for (const [i, att] of [att0, att1].entries()) {
      expect(att).toMatchObject({
        mediaType: mediaTypes.oci.manifest,
        digest: index.attestations[i]?.digest,
        platform: { os: "unknown", architecture: "unknown" },
        annotations: {
          "vnd.docker.reference.type": "attestation-manifest",
          "vnd.docker.reference.digest": index.images[i]?.digest,
        },
      });
    }

    const attestation = await inspectRaw(`${registry.host}/org/app@${att1?.digest}`, { creds });
    const layer = attestation.manifest.layers?.[0];
    expect(attestation.manifest.layers).toHaveLength(1);
    expect(layer?.mediaType).toBe("application/vnd.in-toto+json");
    expect(layer?.annotations).toEqual({ "in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2" });

    // The statement's subject is the arm64 image.
    const tokenRes = await httpRequest(
      `${token.realm}?service=${token.service}&scope=repository:org/app:pull`,
      {
        headers: { authorization: `Basic ${Buffer.from("ci:pw").toString("base64")}` },
      },
    );
    const bearer = JSON.parse(tokenRes.body.toString()).token;
    const blob = await httpRequest(`${registry.url}/v2/org/app/blobs/${layer?.digest}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(blob.status).toBe(200);
    const statement = JSON.parse(blob.body.toString());
    expect(statement.predicateType).toBe("https://slsa.dev/provenance/v0.2");
    expect(statement.subject[0].digest.sha256).toBe(index.images[1]?.digest.replace("sha256:", ""));
    expect(statement.subject[0].name).toBe(`pkg:docker/${registry.host}/org/app@v1?platform=linux%2Farm64`);

    // Children are pushed by digest only.
    const tags = await httpRequest(`${registry.url}/v2/org/app/tags/list`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(JSON.parse(tags.body.toString()).tags).toEqual(["v1"]);
  });
});

describe("pushIndex", () => {
  it("pushes a Docker manifest list over docker manifests and an OCI index otherwise", async () => {
    const registry = await startRegistry();
    const target = { url: registry.url, repository: "multi" };
    const a = await pushImage(target, { platform: amd64, format: "docker" });
    const b = await pushImage(target, { platform: { ...arm64, variant: "v8" }, format: "docker" });
    const list = await pushIndex(target, {
      tag: "list",
      manifests: [
        { ...a, platform: amd64 },
        { ...b, platform: { ...arm64, variant: "v8" } },
      ],
    });
    expect(list.mediaType).toBe(mediaTypes.docker.index);
    const seen = await inspectRaw(`${registry.host}/multi:list`);
    expect(seen.digest).toBe(list.digest);
    expect(seen.manifest.manifests).toEqual([
      { mediaType: mediaTypes.docker.manifest, digest: a.digest, size: a.size, platform: amd64 },
      {
        mediaType: mediaTypes.docker.manifest,
        digest: b.digest,
        size: b.size,
        platform: { architecture: "arm64", os: "linux", variant: "v8" },
      },
    ]);

    const c = await pushImage(target, { platform: amd64 });
    const oci = await pushIndex(target, {
      tag: "oci",
      manifests: [c],
      annotations: { "org.example": "yes" },
    });
    expect(oci.mediaType).toBe(mediaTypes.oci.index);
    expect((await inspectRaw(`${registry.host}/multi:oci`)).manifest.annotations).toEqual({
      "org.example": "yes",
    });
  });
});
