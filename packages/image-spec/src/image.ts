import { InputError, InputErrors } from "./errors";
import { parseList } from "./list";

/** How a registry host is treated: which credentials it takes and how it is addressed. */
export type RegistryKind =
  | "ghcr"
  | "artifact-registry"
  | "container-registry"
  | "docker-hub"
  | "ecr"
  | "ecr-public"
  | "generic";

/** A repository in a registry, without tag: `ghcr.io/lsst-sqre/nublado`. */
export interface ImageName {
  /** Canonical registry host, lower case, with port if any (`docker.io`, `127.0.0.1:5000`). */
  readonly host: string;
  /** Lower-cased repository path (`lsst-sqre/nublado`; Docker Hub single names get `library/`). */
  readonly path: string;
  /** `host/path`, what people write and what tags are appended to. */
  readonly name: string;
  readonly kind: RegistryKind;
}

const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const DOMAIN_COMPONENT = "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])";
const HOST_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?$`);
// An IPv6 literal in brackets, as docker accepts it: `[::1]:5000`, `[fd00::10]`.
const IPV6_HOST_RE = /^\[[0-9a-f:.]*:[0-9a-f:.]*\](?::[0-9]{1,5})?$/;
// The distribution reference grammar's path-component (separators: `.`, `_`, `__`, runs of `-`).
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 255;
/** A private Amazon ECR registry: account, region, DNS suffix (`amazonaws.com`, `amazonaws.com.cn`). */
export const ECR_HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;

/** The kind of a (canonical, lower-case) registry host. */
export function registryKind(host: string): RegistryKind {
  const bare = host.replace(/:\d+$/, "");
  if (bare === "ghcr.io") return "ghcr";
  if (bare.endsWith("-docker.pkg.dev")) return "artifact-registry";
  if (bare === "gcr.io" || bare.endsWith(".gcr.io")) return "container-registry";
  if (DOCKER_HUB_HOSTS.has(bare)) return "docker-hub";
  if (ECR_HOST_RE.test(bare)) return "ecr";
  if (bare === "public.ecr.aws") return "ecr-public";
  return "generic";
}

/** Host to send distribution API requests to (`docker.io` is served by `registry-1.docker.io`). */
export function registryApiHost(host: string): string {
  return registryKind(host) === "docker-hub" ? "registry-1.docker.io" : host;
}

/** Key of a host in a Docker config's `auths` (Docker Hub keeps its historical URL). */
export function dockerConfigKey(host: string): string {
  return registryKind(host) === "docker-hub" ? "https://index.docker.io/v1/" : host;
}

/**
 * docker's insecure-registry rule, in one place for every action and the CLI: a loopback host, or one
 * listed in `insecure-registries` (as `parseInsecureRegistries` gives them, lower-case). Such a host is
 * spoken to over HTTPS without certificate verification first, then plain HTTP.
 */
export function isInsecureRegistry(host: string, insecure: ReadonlySet<string> | readonly string[]): boolean {
  const lower = host.toLowerCase();
  return isLoopbackHost(lower) || ("has" in insecure ? insecure.has(lower) : insecure.includes(lower));
}

/**
 * Loopback hosts are treated as insecure registries, as docker does: HTTPS without certificate
 * verification first, then plain HTTP.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  return bare === "localhost" || bare === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** True for a registry host as docker accepts it: DNS name or IP, IPv6 in brackets, optional :port. */
export function isRegistryHost(host: string): boolean {
  const lower = host.toLowerCase();
  return HOST_RE.test(lower) || IPV6_HOST_RE.test(lower);
}

/**
 * Parses an `insecure-registries` list (comma/newline `host[:port]`, IPv6 in brackets) into lower-case
 * hosts. Every bad entry is reported at once.
 */
export function parseInsecureRegistries(value: string, input = "insecure-registries"): string[] {
  const hosts: string[] = [];
  const errors: InputError[] = [];
  for (const entry of parseList(value)) {
    const host = entry.toLowerCase();
    if (isRegistryHost(host)) {
      if (!hosts.includes(host)) hosts.push(host);
    } else {
      errors.push(
        new InputError(
          input,
          entry,
          "is not a registry host",
          "write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000",
        ),
      );
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return hosts;
}

/**
 * The BuildKit daemon configuration (buildkitd.toml) that makes a buildx builder speak to `hosts` as
 * the other engines do: HTTPS without verification, and plain HTTP. A docker-container builder reads
 * no daemon.json, so without this its push to such a registry fails on the certificate. Hosts come
 * from parseInsecureRegistries (host[:port], IPv6 in brackets): nothing in them needs TOML escaping.
 * Empty for no hosts.
 */
export function buildkitdConfig(hosts: readonly string[]): string {
  return hosts.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true\n`).join("");
}

/**
 * Parses one image spec (`ghcr.io/Org/App`, `https://us-docker.pkg.dev/p/r/app`) into a
 * canonical ImageName. `input` names the action input in error messages.
 */
export function parseImage(spec: string, input = "images"): ImageName {
  const fail = (problem: string, fix: string): never => {
    throw new InputError(input, spec, problem, fix);
  };
  let rest = spec.trim();
  if (/\s/.test(rest))
    fail("contains white space", "write one image per entry, separated by commas or newlines");
  if (/^http:\/\//i.test(rest)) {
    fail("uses http://", "drop the scheme; loopback hosts and insecure-registries fall back to plain HTTP");
  }
  rest = rest.replace(/^https:\/\//i, "");
  if (rest.includes("@"))
    fail("has a digest", "remove the @sha256:… part; images are written without tag or digest");
  const slash = rest.indexOf("/");
  const first = slash === -1 ? rest : rest.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  if (!isHost) {
    fail("has no registry host", `write it with its registry, e.g. ghcr.io/${rest} or docker.io/${rest}`);
  }
  if (slash === -1 || slash === rest.length - 1) {
    fail("has no repository path", `write host/path, e.g. ${first}/org/app`);
  }
  const host = first.toLowerCase();
  if (!HOST_RE.test(host) && !IPV6_HOST_RE.test(host))
    fail(
      `has an invalid registry host "${first}"`,
      "write a DNS name or an IP address ([::1] for IPv6), optionally with :port",
    );
  const components = rest.slice(slash + 1).split("/");
  const last = components[components.length - 1] ?? "";
  if (last.includes(":")) {
    fail("has a tag", "remove the :tag part and pass tags with the tag and additional-tags inputs");
  }
  if (components.some((c) => c === "")) fail("has an empty path component (//)", "remove the extra slash");
  let path = components.map((c) => c.toLowerCase());
  for (const component of path) {
    if (!PATH_COMPONENT_RE.test(component)) {
      fail(
        `has an invalid path component "${component}"`,
        "use lower-case letters, digits and single separators (., _, __, -) between them",
      );
    }
  }
  const kind = registryKind(host);
  const canonicalHost = kind === "docker-hub" ? "docker.io" : host;
  if (kind === "docker-hub" && path.length === 1) path = ["library", ...path];
  const name = `${canonicalHost}/${path.join("/")}`;
  if (name.length > MAX_NAME_LENGTH) {
    fail(`is ${name.length} characters long`, `shorten it to at most ${MAX_NAME_LENGTH} characters`);
  }
  return { host: canonicalHost, path: path.join("/"), name, kind };
}

/**
 * Parses a comma/newline list of image specs. Every bad entry is reported in one InputErrors;
 * duplicates after normalisation are dropped with a warning.
 */
export function parseImages(value: string, input = "images"): { images: ImageName[]; warnings: string[] } {
  const entries = parseList(value);
  if (entries.length === 0) {
    throw new InputError(input, value, "names no image", "give at least one image, e.g. ghcr.io/org/app");
  }
  const images: ImageName[] = [];
  const warnings: string[] = [];
  const errors: InputError[] = [];
  for (const entry of entries) {
    try {
      const image = parseImage(entry, input);
      const seen = images.find((other) => other.name === image.name);
      if (seen) warnings.push(`${input}: "${entry}" repeats ${seen.name}; it is used once`);
      else images.push(image);
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return { images, warnings };
}

/** Distinct registry hosts of a list of images, in first-seen order. */
export function registryHosts(images: readonly ImageName[]): string[] {
  return [...new Set(images.map((image) => image.host))];
}
