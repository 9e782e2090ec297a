import {
  type Descriptor,
  foundManifest,
  type ManifestLookup,
  type RegistryClient,
  type RepositoryRef,
  refName,
} from "@mbp/image-spec";
import type { ManifestStore, StoredManifest } from "./store";

/**
 * One repository of a registry, through the shared registry client (GET, HEAD and PUT of manifests).
 *
 * A source is looked up with one GET, not a HEAD: an index (what buildx pushes with provenance) has to
 * be read anyway to be flattened, and an image manifest is a few hundred bytes, so the GET's answer
 * is the look-up and the read at once, and `fetch()` of that digest needs no second request. Docker
 * Hub is the exception: it counts every manifest GET as a pull against the account's pull limit and
 * no HEAD, so there a source is HEADed and only an index is read. Nothing is kept beyond this store,
 * which lives for one run.
 */
export class RegistryStore implements ManifestStore {
  readonly name: string;
  private readonly read = new Map<string, StoredManifest>();

  constructor(
    private readonly client: RegistryClient,
    readonly repository: RepositoryRef,
  ) {
    this.name = `${repository.host}/${repository.path}`;
  }

  refName(reference: string): string {
    return refName(this.repository, reference);
  }

  async lookUp(reference: string): Promise<ManifestLookup<Descriptor>> {
    if (this.repository.host === "docker.io") return this.client.headManifest(this.repository, reference);
    const lookup = await this.client.findManifest(this.repository, reference);
    if (lookup.outcome !== "found") return lookup;
    const { bytes, mediaType, digest, size } = lookup.manifest;
    this.read.set(digest, { bytes, mediaType });
    return { outcome: "found", manifest: { mediaType, digest, size } };
  }

  async resolve(reference: string): Promise<Descriptor | undefined> {
    return foundManifest(await this.lookUp(reference));
  }

  async fetch(digest: string): Promise<StoredManifest> {
    const known = this.read.get(digest);
    if (known) return known;
    const { bytes, mediaType } = await this.client.getManifest(this.repository, digest);
    return { bytes, mediaType };
  }

  async put(tag: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    return (await this.client.putManifest(this.repository, tag, bytes, mediaType)).digest;
  }
}
