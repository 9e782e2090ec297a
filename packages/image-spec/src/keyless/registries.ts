/**
 * Which registries a keyless login serves, and where the token services are. The endpoints can be
 * moved by MBP_TEST_* variables, for tests only: every override must be a loopback address, so no
 * setting can send a job's OIDC token anywhere else.
 */
import { ECR_HOST_RE, isLoopbackHost, registryKind } from "../image";

/** A registry reached without a stored key. */
export type KeylessRegistry =
  | { readonly provider: "google"; readonly host: string }
  | {
      readonly provider: "ecr";
      readonly host: string;
      readonly account: string;
      readonly region: string;
      /** `amazonaws.com`, or `amazonaws.com.cn` in the China regions. */
      readonly dnsSuffix: string;
    }
  | { readonly provider: "ecr-public"; readonly host: string };

/** Test-only variables (documented in docs/keyless.md). */
export const TEST_VARIABLES = {
  googleSts: "MBP_TEST_GOOGLE_STS_URL",
  googleIam: "MBP_TEST_GOOGLE_IAM_URL",
  awsSts: "MBP_TEST_AWS_STS_URL",
  ecrApi: "MBP_TEST_ECR_API_URL",
  ecrPublicApi: "MBP_TEST_ECR_PUBLIC_API_URL",
  aliases: "MBP_TEST_REGISTRY_ALIASES",
} as const;

/** ECR Public's API lives in us-east-1 only, whatever the registry's users' region. */
export const ECR_PUBLIC_REGION = "us-east-1";

/**
 * The keyless registry a host is: Artifact Registry or Container Registry (`google`), a private ECR
 * registry (`<account>.dkr.ecr.<region>.amazonaws.com`) or `public.ecr.aws`; undefined for any
 * other. A loopback host named in MBP_TEST_REGISTRY_ALIASES (`127.0.0.1:5001=<real host>,…`) is
 * taken for the real host it stands for.
 */
export function keylessRegistry(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): KeylessRegistry | undefined {
  const target = registryAliases(env).get(host) ?? host;
  const bare = target.replace(/:\d+$/, "");
  const kind = registryKind(bare);
  if (kind === "artifact-registry" || kind === "container-registry") return { provider: "google", host };
  if (kind === "ecr-public") return { provider: "ecr-public", host };
  const ecr = ECR_HOST_RE.exec(bare);
  if (ecr) {
    const [, account = "", region = "", dnsSuffix = ""] = ecr;
    return { provider: "ecr", host, account, region, dnsSuffix };
  }
  return undefined;
}

/** MBP_TEST_REGISTRY_ALIASES as loopback host → the registry host it stands for. */
export function registryAliases(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const aliases = new Map<string, string>();
  const text = env[TEST_VARIABLES.aliases]?.trim();
  if (!text) return aliases;
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const [alias = "", real = ""] = pair.split("=");
    if (!isLoopbackHost(alias) || real === "") {
      throw new Error(
        `${TEST_VARIABLES.aliases}: "${pair}" is not loopback-host=registry-host; it is for tests only, unset it`,
      );
    }
    aliases.set(alias, real);
  }
  return aliases;
}

/** Where the token services are. */
export interface KeylessEndpoints {
  readonly googleSts: URL;
  /** IAM Credentials API base, `…/v1`. */
  readonly googleIam: URL;
  awsSts(region: string, dnsSuffix?: string): URL;
  ecrApi(region: string, dnsSuffix?: string): URL;
  readonly ecrPublicApi: URL;
}

/** The real endpoints, or a test's loopback fakes. */
export function keylessEndpoints(env: NodeJS.ProcessEnv = process.env): KeylessEndpoints {
  const override = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${name}: "${value}" is not a URL; it is for tests only, unset it`);
    }
    if (!/^https?:$/.test(url.protocol) || !isLoopbackHost(url.host)) {
      throw new Error(`${name}: "${value}" is not a loopback http(s) URL; it is for tests only, unset it`);
    }
    return url;
  };
  const awsSts = override(TEST_VARIABLES.awsSts);
  const ecrApi = override(TEST_VARIABLES.ecrApi);
  return {
    googleSts: override(TEST_VARIABLES.googleSts) ?? new URL("https://sts.googleapis.com/v1/token"),
    googleIam: override(TEST_VARIABLES.googleIam) ?? new URL("https://iamcredentials.googleapis.com/v1"),
    awsSts: (region, dnsSuffix = "amazonaws.com") => awsSts ?? new URL(`https://sts.${region}.${dnsSuffix}/`),
    ecrApi: (region, dnsSuffix = "amazonaws.com") =>
      ecrApi ?? new URL(`https://api.ecr.${region}.${dnsSuffix}/`),
    ecrPublicApi:
      override(TEST_VARIABLES.ecrPublicApi) ??
      new URL(`https://api.ecr-public.${ECR_PUBLIC_REGION}.amazonaws.com/`),
  };
}
