import { createPrivateKey, randomBytes, sign, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { makeTempDir, removeTempDir } from "./cleanup";
import { consume, type FaultResponse, writeFaultResponse } from "./faults";
import { listenOnLoopback } from "./serve";
import { selfSignedCertificate } from "./tls";

/** Options for {@link startTokenServer}. */
export interface TokenServerOptions {
  /** username → password of the accounts that may log in. */
  users: Record<string, string>;
  /** Users (of `users`) who may pull but never push: their tokens carry only `pull`. */
  pullOnly?: string[];
  /** The `service` (JWT audience) the registry expects; default "testkit-registry". */
  service?: string;
  /** The `iss` claim; default "testkit-token-issuer". */
  issuer?: string;
  /**
   * When true, a token request must carry `service=<service>` or it is refused with 400, which proves
   * that a client forwards the `service` of the registry's challenge. Default false (lenient, like most
   * public registries).
   */
  includeService?: boolean;
  /** What anonymous requests get: "pull" (default) grants only pull; "none" grants no access at all. */
  anonymous?: "pull" | "none";
  /** Canned answers given before real ones, e.g. `{ times: 2, respond: { status: 503 } }` to test retries. */
  faults?: TokenFault[];
  /** Token lifetime in seconds; default 300. */
  expiresIn?: number;
  /**
   * Decides logins instead of `users`/`pullOnly`: undefined refuses (401), `{ pullOnly: true }` grants
   * only pull. For credentials that change, such as the access tokens a fake token service minted.
   */
  authenticate?: (user: string, password: string) => { pullOnly?: boolean } | undefined;
}

/** A canned answer the token server gives to the next `times` token requests. */
export interface TokenFault {
  times: number;
  respond: FaultResponse;
}

/** One request the token server answered. `user` is undefined for anonymous requests. */
export interface TokenRequest {
  method: string;
  service: string | undefined;
  /** The requested scopes joined with a space (undefined when none was asked for, as in `docker login`). */
  scope: string | undefined;
  scopes: string[];
  user: string | undefined;
  status: number;
}

/** A running token server; pass it to `startRegistry({ auth: { token } })`. */
export interface TokenServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The `realm` URL the registry puts in its Bearer challenge (`${url}/token`). */
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate of the signing key, for the registry's `rootcertbundle`. */
  certPath: string;
  /** Every token request so far, in arrival order. */
  requests: TokenRequest[];
  /** Queues a canned answer for the next `times` token requests. */
  addFault(fault: TokenFault): void;
  stop(): Promise<void>;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

// `repository:org/app:pull,push`; the name may itself hold colons (`repository(plugin)` types do not).
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first < 0 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(",")
      .filter((action) => action !== ""),
  };
}

function parseBasic(value: string | undefined): { user: string; password: string } | undefined {
  if (value === undefined || !/^basic /i.test(value)) return undefined;
  const decoded = Buffer.from(value.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { user: decoded, password: "" };
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function errorBody(code: string, message: string): object {
  return { errors: [{ code, message }] };
}

/**
 * Starts a Docker token-protocol server (`GET /token?service=…&scope=…` with optional Basic auth, and the
 * OAuth2 `POST /token` password grant) that signs RS256 JWTs with a fresh key. The header carries the
 * self-signed certificate in `x5c`, which distribution 2.8 verifies against `rootcertbundle` (certPath).
 * Authenticated users get every action they ask for (`pullOnly` users only pull); anonymous users get
 * pull (or nothing); a wrong password gets 401.
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const service = options.service ?? "testkit-registry";
  const issuer = options.issuer ?? "testkit-token-issuer";
  const expiresIn = options.expiresIn ?? 300;
  const faults: TokenFault[] = (options.faults ?? []).map((fault) => ({ ...fault }));
  const requests: TokenRequest[] = [];

  const dir = makeTempDir("token");
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  try {
    await selfSignedCertificate(keyPath, certPath, issuer);
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
  const privateKey = createPrivateKey(readFileSync(keyPath));
  const certDer = new X509Certificate(readFileSync(certPath)).raw.toString("base64");
  const jwtHeader = base64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: [certDer] }));

  function issue(user: string | undefined, access: Access[]): string {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: user ?? "",
      aud: service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(12).toString("hex"),
      access,
    };
    const signingInput = `${jwtHeader}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${base64url(sign("sha256", Buffer.from(signingInput), privateKey))}`;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const entry: TokenRequest = {
      method,
      service: undefined,
      scope: undefined,
      scopes: [],
      user: undefined,
      status: 0,
    };
    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      entry.status = status;
      writeFaultResponse(res, { status, headers, body });
    };

    if (url.pathname !== "/token" || (method !== "GET" && method !== "POST")) {
      answer(404, errorBody("NOT_FOUND", `${method} ${url.pathname} is not served here; use GET /token`));
      return;
    }
    requests.push(entry);

    let params = url.searchParams;
    let credentials = parseBasic(req.headers.authorization);
    if (method === "POST") {
      params = new URLSearchParams(await readBody(req));
      const grant = params.get("grant_type");
      if (grant !== "password") {
        answer(400, {
          error: "unsupported_grant_type",
          error_description: `grant_type ${grant} is not supported`,
        });
        return;
      }
      credentials = { user: params.get("username") ?? "", password: params.get("password") ?? "" };
    }
    entry.service = params.get("service") ?? undefined;
    entry.scopes = params.getAll("scope").flatMap((scope) => scope.split(" ").filter((s) => s !== ""));
    entry.scope = entry.scopes.length > 0 ? entry.scopes.join(" ") : undefined;
    entry.user = credentials?.user;

    const fault = faults.find((candidate) => candidate.times > 0);
    if (fault !== undefined && consume(fault)) {
      entry.status = fault.respond.status;
      writeFaultResponse(res, fault.respond);
      return;
    }
    if (options.includeService === true && entry.service !== service) {
      answer(400, errorBody("INVALID_REQUEST", `service must be "${service}", got "${entry.service ?? ""}"`));
      return;
    }
    const login =
      credentials === undefined
        ? undefined
        : options.authenticate
          ? options.authenticate(credentials.user, credentials.password)
          : options.users[credentials.user] === credentials.password
            ? { pullOnly: options.pullOnly?.includes(credentials.user) === true }
            : undefined;
    if (credentials !== undefined && login === undefined) {
      answer(401, errorBody("UNAUTHORIZED", "authentication required: wrong username or password"), {
        "www-authenticate": 'Basic realm="testkit-token"',
      });
      return;
    }

    const access: Access[] = [];
    for (const scope of entry.scopes) {
      const parsed = parseScope(scope);
      if (parsed === undefined) {
        answer(400, errorBody("INVALID_REQUEST", `malformed scope "${scope}"`));
        return;
      }
      if (credentials === undefined) {
        if (options.anonymous === "none" || parsed.type !== "repository") continue;
        parsed.actions = parsed.actions.filter((action) => action === "pull");
      } else if (login?.pullOnly) {
        parsed.actions = parsed.actions.filter((action) => action === "pull");
      }
      if (parsed.actions.length > 0) access.push(parsed);
    }
    const token = issue(credentials?.user, access);
    answer(200, {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date().toISOString(),
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  const { port, stop } = await listenOnLoopback(server, () => removeTempDir(dir));
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    realm: `${url}/token`,
    service,
    issuer,
    certPath,
    requests,
    addFault: (fault) => {
      faults.push({ ...fault });
    },
    stop,
  };
}
