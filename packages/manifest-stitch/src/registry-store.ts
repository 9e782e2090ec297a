import { type Descriptor, type RegistryClient, type RepositoryRef, refName } from "@mbp/image-spec";
import type { ManifestStore, StoredManifest } from "./store";

/** One repository of a registry, through the shared registry client (HEAD, GET, PUT of manifests). */
export class RegistryStore implements ManifestStore {
  readonly name: string;

  constructor(
    private readonly client: RegistryClient,
    readonly repository: RepositoryRef,
  ) {
    this.name = `${repository.host}/${repository.path}`;
  }

  refName(reference: string): string {
    return refName(this.repository, reference);
  }

  async resolve(reference: string): Promise<Descriptor | undefined> {
    return this.client.headManifest(this.repository, reference);
  }

  whyMissing(reference: string): string | undefined {
    const refusal = this.client.refusal(this.repository, reference);
    return refusal && `missing or not readable: ${refusal.message}`;
  }

  async fetch(digest: string): Promise<StoredManifest> {
    const { bytes, mediaType } = await this.client.getManifest(this.repository, digest);
    return { bytes, mediaType };
  }

  async put(tag: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    return (await this.client.putManifest(this.repository, tag, bytes, mediaType)).digest;
  }
}
