declare module "proxy-from-env" {
  /** The proxy URL for a URL under HTTP(S)_PROXY / ALL_PROXY / NO_PROXY (either case); "" for none. */
  export function getProxyForUrl(url: string | URL): string;
}
