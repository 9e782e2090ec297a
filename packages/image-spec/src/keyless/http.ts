/**
 * Calls to the token services (GitHub's OIDC endpoint, Google STS and IAM Credentials, AWS STS, the
 * ECR API) through the registry client's transport: the same proxies, CAs and timeouts. Transient
 * failures (resets, timeouts, 429, 5xx) are tried again, a few times, within a deadline.
 */
import { type HttpAnswer, Transport, TransportError } from "../registry";
import { type RetryPolicy, withRetries } from "../retry";
import { KeylessError } from "./errors";

export interface ServiceRequest {
  /** For messages: `Google STS`, `AWS STS`, `the ECR API`. */
  readonly service: string;
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ServiceDeps {
  readonly transport?: Transport;
  /** Epoch ms after which no try starts (the credential helper's 15 s bound). */
  readonly deadline?: number;
  /** One try, connect to last byte. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** For tests: replaces the backoff sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, deadlineMs: 30_000 };
const DEFAULT_TIMEOUT_MS = 10_000;

/** A try that could not start: the deadline had passed. Never the failure reported when a try before it failed. */
class NoTimeLeft extends TransportError {
  constructor() {
    super("ETIMEDOUT", "no time left before the deadline");
  }
}

class TransientAnswer extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(`HTTP ${answer.status}`);
  }
}

/**
 * Sends a request and returns the answer, whatever its status, once it is not transient. A service
 * that cannot be reached (after the tries) is a KeylessError naming it.
 */
export async function callService(request: ServiceRequest, deps: ServiceDeps = {}): Promise<HttpAnswer> {
  const transport = deps.transport ?? new Transport();
  const now = deps.now ?? Date.now;
  const deadline = deps.deadline ?? now() + POLICY.deadlineMs;
  try {
    return await withRetries(
      async () => {
        const left = deadline - now();
        if (left <= 0) throw new NoTimeLeft();
        const answer = await transport.request({
          method: request.method,
          url: request.url,
          headers: { accept: "application/json", ...request.headers },
          ...(request.body === undefined ? {} : { body: request.body }),
          timeoutMs: Math.min(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, left),
          maxBodyBytes: 1024 * 1024,
        });
        if (TRANSIENT_STATUSES.has(answer.status)) throw new TransientAnswer(answer);
        return answer;
      },
      {
        classify: (error) =>
          error instanceof NoTimeLeft
            ? { retry: false, notStarted: true }
            : error instanceof TransientAnswer || error instanceof TransportError
              ? { retry: true, reason: error.message }
              : { retry: false },
        now,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      },
      { ...POLICY, deadlineMs: Math.max(0, deadline - now()) },
    );
  } catch (error) {
    if (error instanceof TransientAnswer) return error.answer;
    if (error instanceof TransportError) {
      throw new KeylessError(
        request.service,
        `could not be reached at ${request.url.host}`,
        "check the runner's network and its proxy settings (HTTPS_PROXY, NO_PROXY)",
        `${error.code}: ${error.message}`,
      );
    }
    throw error;
  } finally {
    if (!deps.transport) transport.close();
  }
}

/** The answer's body as JSON, or undefined when it is not JSON. */
export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A short, single-line form of a body for messages (never used for bodies that hold a token). */
export function bodyText(answer: HttpAnswer): string {
  const text = answer.body.toString("utf8").replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
