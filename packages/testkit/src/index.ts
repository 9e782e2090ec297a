export type {
  AwsCloud,
  AwsCloudOptions,
  AwsPrincipalRights,
  AwsRequest,
  EcrMintedPassword,
} from "./aws-cloud";
export { startAwsCloud } from "./aws-cloud";
export { isAlive, makeTempDir, removeTempDir, stopAll } from "./cleanup";
export type { Credentials, RegistryTarget } from "./client";
export { RegistryError } from "./client";
export type { CommandOptions, CommandResult } from "./command";
export { CommandError, runCommand } from "./command";
export type { DelayProxy, DelayProxyOptions, Exchange } from "./delay-proxy";
export { startDelayProxy } from "./delay-proxy";
export { type TempDockerConfig, tempDockerConfig } from "./docker-config";
export { type DockerHomeEnv, privateDockerConfig } from "./docker-home";
export type { DebianArch, Dockerd, DockerdAvailability } from "./dockerd";
export { busybox, dockerd, loadSbomScanner } from "./dockerd";
export type { FaultResponse } from "./faults";
export type { ForwardProxy, ForwardProxyOptions, ForwardProxyRequest } from "./forward-proxy";
export { startForwardProxy } from "./forward-proxy";
export type { GitHubOidc, GitHubOidcOptions, OidcRefusal, OidcTokenRequest } from "./github-oidc";
export { startGitHubOidc } from "./github-oidc";
export type { GoogleCloud, GoogleCloudOptions, GoogleMintedToken, GoogleRequest } from "./google-cloud";
export { startGoogleCloud } from "./google-cloud";
export type { HttpRequestOptions, HttpResponse } from "./http";
export { httpRequest } from "./http";
export type {
  IndexEntry,
  Platform,
  ProvenanceIndex,
  PushedManifest,
  PushImageOptions,
  PushIndexOptions,
  PushProvenanceOptions,
} from "./image";
export { mediaTypes, pushImage, pushIndex, pushProvenanceIndex } from "./image";
export { freePort } from "./ports";
export type { Fault, Proxy, ProxyOptions, ProxyRequest, RequestFilter } from "./proxy";
export { startProxy } from "./proxy";
export type { RateLimitOptions, RateLimitProxy } from "./rate-limit";
export { startRateLimitProxy } from "./rate-limit";
export type { Registry, RegistryAuth, RegistryOptions } from "./registry";
export { startRegistry } from "./registry";
export type { Descriptor, Manifest, RawManifest } from "./skopeo";
export { inspectRaw } from "./skopeo";
export { makeTestCertificates, type TestCertificates } from "./tls";
export type { TokenFault, TokenRequest, TokenServer, TokenServerOptions } from "./token-server";
export { startTokenServer } from "./token-server";
