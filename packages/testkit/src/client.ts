import type { Readable } from "node:stream";
import { type HttpResponse, header, httpRequest } from "./http";

/** A username and password for Basic auth or for the token server's Basic login. */
export interface Credentials {
  username: string;
  password: string;
}

/** Where to push: the registry (or proxy) URL, the repository, and optional credentials. */
export interface RegistryTarget {
  /** "http://127.0.0.1:PORT" (a registry's or a proxy's `url`). */
  url: string;
  /** "org/app" */
  repository: string;
  /** Used for a Basic challenge, or to log in at the token server on a Bearer challenge. */
  auth?: Credentials;
}

/** The registry answered with an unexpected status. */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}: ${body.slice(0, 500)}`);
  }
}

interface SendOptions {
  headers?: Record<string, string | number>;
  body?: Buffer | string | (() => Readable);
  expect: number[];
}

function challengeParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of value.matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, val] = match;
    if (key !== undefined && val !== undefined) params[key.toLowerCase()] = val;
  }
  return params;
}

/**
 * A minimal distribution API client for one repository that answers Basic and Bearer challenges.
 * Only body-less or Buffer-bodied requests are retried after a challenge, so a streamed upload must
 * follow a request that already authenticated (the upload POST does).
 */
export class RegistryClient {
  private authorization: string | undefined;

  constructor(readonly target: RegistryTarget) {}

  async send(method: string, pathOrUrl: string, options: SendOptions): Promise<HttpResponse> {
    const url = new URL(pathOrUrl, this.target.url);
    let res = await this.once(method, url, options);
    if (res.status === 401 && typeof options.body !== "function") {
      await this.authenticate(header(res.headers, "www-authenticate") ?? "");
      res = await this.once(method, url, options);
    }
    if (!options.expect.includes(res.status)) {
      throw new RegistryError(method, url.href, res.status, res.body.toString("utf8"));
    }
    return res;
  }

  private once(method: string, url: URL, options: SendOptions): Promise<HttpResponse> {
    const headers: Record<string, string | number> = { ...options.headers };
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    return httpRequest(url, { method, headers, body: options.body });
  }

  private async authenticate(challenge: string): Promise<void> {
    const auth = this.target.auth;
    const basic =
      auth === undefined ? undefined : Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
    if (/^basic\b/i.test(challenge)) {
      if (basic === undefined) {
        throw new Error(`${this.target.url} asks for Basic auth; pass auth: { username, password }`);
      }
      this.authorization = `Basic ${basic}`;
      return;
    }
    if (!/^bearer\b/i.test(challenge)) {
      throw new Error(`${this.target.url} answered 401 with an unsupported challenge "${challenge}"`);
    }
    const params = challengeParams(challenge);
    if (params.realm === undefined) throw new Error(`Bearer challenge without realm: ${challenge}`);
    const realm = new URL(params.realm);
    if (params.service !== undefined) realm.searchParams.set("service", params.service);
    // Ask for pull and push at once so one token serves the whole push.
    realm.searchParams.set("scope", `repository:${this.target.repository}:pull,push`);
    const res = await httpRequest(realm, {
      headers: basic === undefined ? {} : { authorization: `Basic ${basic}` },
    });
    if (res.status !== 200) {
      throw new RegistryError("GET", realm.href, res.status, res.body.toString("utf8"));
    }
    const body = JSON.parse(res.body.toString("utf8")) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token === undefined) throw new Error(`token server ${realm.origin} answered without a token`);
    this.authorization = `Bearer ${token}`;
  }
}
