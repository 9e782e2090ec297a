import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 773:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a5: () => (/* reexport */ CredentialCache),
  sS: () => (/* reexport */ ECR_USERNAME),
  VZ: () => (/* reexport */ GOOGLE_USERNAME),
  oK: () => (/* reexport */ transport_Transport),
  mK: () => (/* reexport */ mintCredential)
});

// UNUSED EXPORTS: AWS_OIDC_AUDIENCE, ECR_PUBLIC_REGION, GOOGLE_SCOPE, ID_TOKEN_FIX, KeylessError, OIDC_SERVICE, REFRESH_BEFORE_MS, ROLE_SESSION_NAME, TEST_VARIABLES, assumeRoleWithWebIdentity, callService, describeClaims, ecrAuthorizationToken, ecrPasswordWithRole, encodeRfc3986, exchangeForFederatedToken, googleAccessToken, googleOidcAudience, googleStsAudience, impersonate, jwtClaims, keylessEndpoints, keylessRegistry, noIdTokenError, oidcRequest, parseKeylessInputs, parseRoleArn, parseServiceAccount, parseWorkloadIdentityProvider, refreshAt, registryAliases, requestIdToken, signV4

;// CONCATENATED MODULE: ../image-spec/src/registry/errors.ts
/**
 * The codes the client gives a RegistryError itself, kept apart from a registry's own codes
 * (`MANIFEST_UNKNOWN`, `DENIED`, `UNAUTHORIZED`, which the registry's answer names) and from the
 * network's errno codes (`ECONNRESET`, `ETIMEDOUT`, which a TransportError carries).
 */
const errors_ClientCode = {
    /**
     * Not sent: the overall deadline had passed (or passed while the request waited for its turn). A
     * retry loop reports the failure before such a one, when there was one (it names the cause).
     */
    DEADLINE: "DEADLINE",
    /** A manifest read by digest whose bytes have another digest. */
    DIGEST_MISMATCH: "DIGEST_MISMATCH",
    /** A 401 whose WWW-Authenticate names neither Basic nor a Bearer realm. */
    UNSUPPORTED_AUTH: "UNSUPPORTED_AUTH",
    /** A token endpoint's 200 that is not JSON or holds no token. */
    BAD_TOKEN_ANSWER: "BAD_TOKEN_ANSWER",
};
/**
 * A failed registry operation. Its message names the registry, the operation and the status, e.g.
 * `ghcr.io: HEAD manifest ghcr.io/org/app:1.0-amd64 answered 503 Service Unavailable (UNAVAILABLE: try
 * later) after 5 tries`, so an `::error` built from it says who failed, doing what, and how.
 */
class errors_RegistryError extends Error {
    name = "RegistryError";
    host;
    operation;
    status;
    code;
    detail;
    retryAfterMs;
    /** Tries made before giving up (set by the client's retry loop). */
    attempts = 1;
    /** The overall deadline, not this failure, ended the tries (set by the client's retry loop). */
    stoppedByDeadline = false;
    constructor(init) {
        super("", init.cause === undefined ? undefined : { cause: init.cause });
        this.host = init.host;
        this.operation = init.operation;
        this.status = init.status;
        this.code = init.code;
        this.detail = init.detail ?? "";
        this.retryAfterMs = init.retryAfterMs;
        this.message = this.describe();
    }
    /** Records how many tries were made and says so in the message. */
    afterAttempts(attempts) {
        this.attempts = attempts;
        this.message = this.describe();
        return this;
    }
    /** Records that the overall deadline left no time for another try, and says so in the message. */
    deadlineStopped() {
        this.stoppedByDeadline = true;
        this.message = this.describe();
        return this;
    }
    describe() {
        const outcome = this.status === undefined
            ? `failed: ${[this.code, this.detail].filter(Boolean).join(" ") || "no answer"}`
            : `answered ${this.status} ${STATUS_TEXT[this.status] ?? ""}`.trimEnd() +
                (this.code || this.detail ? ` (${[this.code, this.detail].filter(Boolean).join(": ")})` : "");
        const tries = this.attempts > 1 ? ` after ${this.attempts} tries` : "";
        const stopped = this.stoppedByDeadline ? "; the overall deadline stopped further tries" : "";
        return `${this.host}: ${this.operation} ${outcome}${tries}${stopped}`;
    }
}
/**
 * The registry gave no HTTP answer at all (refused, reset, timed out, a TLS or DNS failure, or the
 * client's own deadline before sending): logging in again would not help.
 */
function errors_isUnreachable(error) {
    return error instanceof errors_RegistryError && error.status === undefined;
}
/**
 * The one "log in first" error: a registry (or its token endpoint) refused a request made without
 * credentials. `said` is the registry's own words, when it gave any.
 */
function errors_notLoggedIn(init) {
    const advice = "log in to it first (docker login or multi-registry-login)";
    return new errors_RegistryError({
        host: init.host,
        operation: init.operation,
        status: init.status,
        code: init.code ?? "UNAUTHORIZED",
        detail: init.said === undefined
            ? `no credentials for ${init.host}; ${advice}`
            : `${init.said || "refused"}; no credentials for ${init.host}: ${advice}`,
    });
}
const STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
};
/**
 * The first `{code, message, detail}` of a distribution error body (`{"errors":[…]}`), else the
 * body's text (trimmed, cut to 300 characters) as the message.
 */
function errors_parseErrorBody(body) {
    const text = body.toString().trim();
    if (text === "")
        return { message: "" };
    try {
        const parsed = JSON.parse(text);
        const first = parsed.errors?.[0];
        if (first) {
            const detail = typeof first.detail === "string" ? first.detail : "";
            const message = [typeof first.message === "string" ? first.message : "", detail]
                .filter(Boolean)
                .join(": ");
            return typeof first.code === "string" ? { code: first.code, message } : { message };
        }
        // OAuth2 token endpoints answer {"error":"invalid_grant","error_description":"…"}.
        if (typeof parsed.error === "string") {
            const message = typeof parsed.error_description === "string" ? parsed.error_description : "";
            return { code: parsed.error, message };
        }
        if (typeof parsed.details === "string")
            return { message: parsed.details };
    }
    catch {
        // Not JSON: fall through to the raw text.
    }
    return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}

;// CONCATENATED MODULE: ../image-spec/src/registry/auth.ts


/** The HostAuth a challenge asks for; undefined when it names neither Basic nor a Bearer realm. */
function hostAuthFrom(challenges) {
    const challenge = preferredChallenge(challenges);
    if (challenge === undefined)
        return undefined;
    if (challenge.scheme === "basic")
        return { scheme: "basic" };
    const { realm, service } = challenge.params;
    if (!realm)
        return undefined;
    return service ? { scheme: "bearer", realm, service } : { scheme: "bearer", realm };
}
/** The HostAuth of a 401 answer's `WWW-Authenticate` header(s). */
function auth_hostAuthOfAnswer(answer) {
    return hostAuthFrom(parseChallenges(answer.headers["www-authenticate"]));
}
/** `repository:<path>:pull` or `…:pull,push`: the scope a token for one repository is asked for. */
function auth_repositoryScope(path, push) {
    return `repository:${path}:${push ? "pull,push" : "pull"}`;
}
/** `Basic base64(user:password)`; undefined without a username or password. */
function auth_basicAuthorization(credentials) {
    if (!credentials)
        return undefined;
    const password = credentials.password ?? credentials.identityToken;
    if (credentials.username === undefined && password === undefined)
        return undefined;
    return `Basic ${Buffer.from(`${credentials.username ?? ""}:${password ?? ""}`).toString("base64")}`;
}
/**
 * With an identity token: the OAuth2 `refresh_token` grant as a form POST (as docker does). Otherwise
 * a GET with `service` and `scope` and, when there are credentials, Basic auth. `scope` undefined asks
 * for a scope-less token (what `docker login` does to check credentials).
 */
function auth_tokenRequest(auth, scope, credentials, grant = credentials?.identityToken ? "oauth" : "basic") {
    const url = new URL(auth.realm);
    if (grant === "oauth" && credentials?.identityToken) {
        const form = new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: credentials.identityToken,
            client_id: "multiplatform-build-and-push",
        });
        if (auth.service)
            form.set("service", auth.service);
        if (scope)
            form.set("scope", scope);
        return {
            method: "POST",
            url,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: form.toString(),
        };
    }
    if (auth.service)
        url.searchParams.set("service", auth.service);
    if (scope)
        url.searchParams.set("scope", scope);
    const authorization = auth_basicAuthorization(credentials);
    return { method: "GET", url, headers: authorization ? { authorization } : {} };
}
/** Reads a token endpoint's answer (`token` and/or `access_token`, `expires_in`). */
function auth_parseTokenAnswer(body, host, operation) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    }
    catch {
        throw new RegistryError({
            host,
            operation,
            code: ClientCode.BAD_TOKEN_ANSWER,
            detail: "the answer is not JSON",
        });
    }
    const value = typeof parsed.token === "string" && parsed.token
        ? parsed.token
        : typeof parsed.access_token === "string"
            ? parsed.access_token
            : "";
    if (!value) {
        throw new RegistryError({
            host,
            operation,
            code: ClientCode.BAD_TOKEN_ANSWER,
            detail: "the answer has no token",
        });
    }
    const expires = typeof parsed.expires_in === "number" && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { value, expiresInS: expires };
}
/**
 * What a Bearer token's JWT `access` claim (Docker Hub, Harbor, distribution's token servers) says
 * about pushing to one repository: true or false, or undefined when the token is not a JWT with
 * such a claim (GHCR's and most clouds' tokens are opaque) and only trying can tell.
 */
function auth_tokenGrantsPush(token, path) {
    const parts = token.split(".");
    if (parts.length !== 3 || !parts[1])
        return undefined;
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(claims.access))
        return undefined;
    return claims.access.some((entry) => {
        if (entry?.type !== "repository" || entry.name !== path || !Array.isArray(entry.actions))
            return false;
        return entry.actions.includes("push") || entry.actions.includes("*");
    });
}

;// CONCATENATED MODULE: ../image-spec/src/errors.ts
/**
 * One problem with one input: names the input, shows the value received and says how to fix it.
 * Rendered as `images: "app" has no registry host; write docker.io/org/app`.
 */
class errors_InputError extends Error {
    input;
    value;
    problem;
    fix;
    name = "InputError";
    constructor(input, value, problem, fix) {
        super(`${input}: ${JSON.stringify(value)} ${problem}; ${fix}`);
        this.input = input;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }
}
/** Every input problem found at once, so a caller fixes them all in one go. */
class errors_InputErrors extends Error {
    errors;
    name = "InputErrors";
    constructor(errors) {
        super(errors.length === 1
            ? (errors[0]?.message ?? "invalid input")
            : `${errors.length} input problems:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
        this.errors = errors;
    }
}
/** An external command that exited non-zero; `stderr` is trimmed. */
class CommandError extends Error {
    command;
    exitCode;
    stderr;
    name = "CommandError";
    constructor(command, exitCode, stderr) {
        super(`${command} exited with code ${exitCode}${stderr ? `: ${stderr}` : ""}`);
        this.command = command;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/**
 * Collects input problems while validating several inputs, then throws them together.
 * `attempt` runs a parser and records its InputError(s) instead of stopping at the first.
 */
class Problems {
    found = [];
    add(error) {
        this.found.push(error);
    }
    /**
     * Runs a parser, recording its InputError(s) instead of stopping. `rename` rewrites each one first
     * (the CLI names its flags where the library names action inputs).
     */
    attempt(parse, rename = (error) => error) {
        try {
            return parse();
        }
        catch (error) {
            if (error instanceof errors_InputError)
                this.found.push(rename(error));
            else if (error instanceof errors_InputErrors)
                this.found.push(...error.errors.map(rename));
            else
                throw error;
            return undefined;
        }
    }
    get count() {
        return this.found.length;
    }
    messages() {
        return this.found.map((error) => error.message);
    }
    throwIfAny() {
        if (this.found.length > 0)
            throw new errors_InputErrors(this.found);
    }
}
/** Normalises anything thrown into an Error without losing a non-Error value. */
function asError(thrown) {
    if (thrown instanceof Error)
        return thrown;
    return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${JSON.stringify(thrown)}`);
}

;// CONCATENATED MODULE: ../image-spec/src/list.ts

/** Splits a comma- or newline-separated list: trims each entry, drops empties. */
function list_parseList(value) {
    return value
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
}
/** Splits a newline-separated list (entries may contain commas, e.g. build args). */
function parseLines(value) {
    return value
        .split(/\r?\n/)
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0 && !entry.startsWith("#"));
}
/**
 * One `KEY=VALUE` line, split at the first `=` (the key trimmed, the value kept), or undefined when
 * it has no `=` or an empty key. One pair of surrounding double quotes is dropped first, `""` inside
 * standing for `"`: docker's build-push-action reads these lists as CSV, and its documented form
 * quotes each line (`"github_token=…"`), which callers of the workflow we replace rely on.
 */
function splitKeyValue(line) {
    const text = unquote(line);
    const at = text.indexOf("=");
    return at <= 0 ? undefined : [text.slice(0, at).trim(), text.slice(at + 1)];
}
function unquote(line) {
    const quoted = /^"(.*)"$/.exec(line);
    return quoted ? (quoted[1] ?? "").replaceAll('""', '"') : line;
}
/**
 * Parses newline-separated `KEY=VALUE` lines (build args, labels, annotations). The value keeps
 * everything after the first `=`; a line without `=` or with an empty key is an error naming `input`.
 * (Build secrets, whose lines are never shown, have parseSecretLines.)
 */
function parseKeyValues(value, input) {
    return parseLines(value).map((line) => {
        const pair = splitKeyValue(line);
        if (!pair)
            throw new InputError(input, unquote(line), "is not KEY=VALUE", "write one KEY=VALUE per line");
        return pair;
    });
}

;// CONCATENATED MODULE: ../image-spec/src/image.ts


const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const DOMAIN_COMPONENT = "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])";
const HOST_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]{1,5})?$`);
// An IPv6 literal in brackets, as docker accepts it: `[::1]:5000`, `[fd00::10]`.
const IPV6_HOST_RE = /^\[[0-9a-f:.]*:[0-9a-f:.]*\](?::[0-9]{1,5})?$/;
// The distribution reference grammar's path-component (separators: `.`, `_`, `__`, runs of `-`).
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 255;
/** A private Amazon ECR registry: account, region, DNS suffix (`amazonaws.com`, `amazonaws.com.cn`). */
const image_ECR_HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;
/** The kind of a (canonical, lower-case) registry host. */
function image_registryKind(host) {
    const bare = host.replace(/:\d+$/, "");
    if (bare === "ghcr.io")
        return "ghcr";
    if (bare.endsWith("-docker.pkg.dev"))
        return "artifact-registry";
    if (bare === "gcr.io" || bare.endsWith(".gcr.io"))
        return "container-registry";
    if (DOCKER_HUB_HOSTS.has(bare))
        return "docker-hub";
    if (image_ECR_HOST_RE.test(bare))
        return "ecr";
    if (bare === "public.ecr.aws")
        return "ecr-public";
    return "generic";
}
/** Host to send distribution API requests to (`docker.io` is served by `registry-1.docker.io`). */
function image_registryApiHost(host) {
    return image_registryKind(host) === "docker-hub" ? "registry-1.docker.io" : host;
}
/** Key of a host in a Docker config's `auths` (Docker Hub keeps its historical URL). */
function dockerConfigKey(host) {
    return image_registryKind(host) === "docker-hub" ? "https://index.docker.io/v1/" : host;
}
/**
 * docker's insecure-registry rule, in one place for every action and the CLI: a loopback host, or one
 * listed in `insecure-registries` (as `parseInsecureRegistries` gives them, lower-case). Such a host is
 * spoken to over HTTPS without certificate verification first, then plain HTTP.
 */
function image_isInsecureRegistry(host, insecure) {
    const lower = host.toLowerCase();
    return image_isLoopbackHost(lower) || ("has" in insecure ? insecure.has(lower) : insecure.includes(lower));
}
/**
 * Loopback hosts are treated as insecure registries, as docker does: HTTPS without certificate
 * verification first, then plain HTTP.
 */
function image_isLoopbackHost(host) {
    const bare = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
    return bare === "localhost" || bare === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
/** True for a registry host as docker accepts it: DNS name or IP, IPv6 in brackets, optional :port. */
function isRegistryHost(host) {
    const lower = host.toLowerCase();
    return HOST_RE.test(lower) || IPV6_HOST_RE.test(lower);
}
/**
 * Parses an `insecure-registries` list (comma/newline `host[:port]`, IPv6 in brackets) into lower-case
 * hosts. Every bad entry is reported at once.
 */
function parseInsecureRegistries(value, input = "insecure-registries") {
    const hosts = [];
    const errors = [];
    for (const entry of parseList(value)) {
        const host = entry.toLowerCase();
        if (isRegistryHost(host)) {
            if (!hosts.includes(host))
                hosts.push(host);
        }
        else {
            errors.push(new InputError(input, entry, "is not a registry host", "write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000"));
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return hosts;
}
/**
 * The BuildKit daemon configuration (buildkitd.toml) that makes a buildx builder speak to `hosts` as
 * the other engines do: HTTPS without verification, and plain HTTP. A docker-container builder reads
 * no daemon.json, so without this its push to such a registry fails on the certificate. Hosts come
 * from parseInsecureRegistries (host[:port], IPv6 in brackets): nothing in them needs TOML escaping.
 * Empty for no hosts.
 */
function buildkitdConfig(hosts) {
    return hosts.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true\n`).join("");
}
/**
 * Parses one image spec (`ghcr.io/Org/App`, `https://us-docker.pkg.dev/p/r/app`) into a
 * canonical ImageName. `input` names the action input in error messages.
 */
function parseImage(spec, input = "images") {
    const fail = (problem, fix) => {
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
        fail(`has an invalid registry host "${first}"`, "write a DNS name or an IP address ([::1] for IPv6), optionally with :port");
    const components = rest.slice(slash + 1).split("/");
    const last = components[components.length - 1] ?? "";
    if (last.includes(":")) {
        fail("has a tag", "remove the :tag part and pass tags with the tag and additional-tags inputs");
    }
    if (components.some((c) => c === ""))
        fail("has an empty path component (//)", "remove the extra slash");
    let path = components.map((c) => c.toLowerCase());
    for (const component of path) {
        if (!PATH_COMPONENT_RE.test(component)) {
            fail(`has an invalid path component "${component}"`, "use lower-case letters, digits and single separators (., _, __, -) between them");
        }
    }
    const kind = image_registryKind(host);
    const canonicalHost = kind === "docker-hub" ? "docker.io" : host;
    if (kind === "docker-hub" && path.length === 1)
        path = ["library", ...path];
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
function parseImages(value, input = "images") {
    const entries = parseList(value);
    if (entries.length === 0) {
        throw new InputError(input, value, "names no image", "give at least one image, e.g. ghcr.io/org/app");
    }
    const images = [];
    const warnings = [];
    const errors = [];
    for (const entry of entries) {
        try {
            const image = parseImage(entry, input);
            const seen = images.find((other) => other.name === image.name);
            if (seen)
                warnings.push(`${input}: "${entry}" repeats ${seen.name}; it is used once`);
            else
                images.push(image);
        }
        catch (error) {
            if (error instanceof InputError)
                errors.push(error);
            else
                throw error;
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return { images, warnings };
}
/** Distinct registry hosts of a list of images, in first-seen order. */
function registryHosts(images) {
    return [...new Set(images.map((image) => image.host))];
}

;// CONCATENATED MODULE: ../image-spec/src/retry.ts
/** regclient's shape (5 tries, 0.1 s growing ×2 up to 30 s) under a two-minute deadline. */
const retry_DEFAULT_RETRY_POLICY = {
    attempts: 5,
    baseDelayMs: 100,
    maxDelayMs: 30_000,
    deadlineMs: 120_000,
};
/** Delay before try `attempt + 1` (attempt counts from 1): jitter over the upper half of base × 2^(attempt-1). */
function backoffDelay(attempt, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
// Jitter added on top of a rate limit's wait is at most this: enough to spread 40 jobs told
// "Retry-After: 1" over a second, not so much that a long Retry-After doubles.
const MAX_RATE_LIMIT_JITTER_MS = 1_000;
/**
 * Delay before the next try after the `limited`-th rate-limited answer: what the server asked for
 * (or, without Retry-After, the backoff for that many tries), plus jitter of up to as much again
 * (at least the base delay, at most a second), so that many clients told the same Retry-After do
 * not all come back in the same millisecond.
 */
function rateLimitDelay(afterMs, limited, policy, random = Math.random) {
    const floor = afterMs ?? backoffDelay(limited, policy, random);
    const spread = Math.min(MAX_RATE_LIMIT_JITTER_MS, Math.max(floor, policy.baseDelayMs));
    return Math.round(floor + random() * spread);
}
/**
 * Runs `operation` until it succeeds, a failure is classified as final, the transient tries run out
 * or the next try would start after the deadline. The loop ends with the last failure that names a
 * cause, unchanged: a try that could not start for the deadline (`notStarted`) leaves the one before
 * it, and a sleep that wakes after the deadline (a busy machine) starts no try.
 */
async function retry_withRetries(operation, hooks, policy = retry_DEFAULT_RETRY_POLICY) {
    const now = hooks.now ?? Date.now;
    const sleep = hooks.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const deadline = now() + policy.deadlineMs;
    const stopped = (error) => {
        hooks.onDeadline?.(error);
        return error;
    };
    let failed = 0;
    let limited = 0;
    let previous;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = hooks.classify(error);
            if (!decision.retry) {
                if (decision.notStarted && previous)
                    throw stopped(previous.error);
                throw error;
            }
            previous = { error };
            const rateLimited = decision.rateLimited === true;
            let delayMs;
            if (rateLimited) {
                limited++;
                delayMs = rateLimitDelay(decision.afterMs, limited, policy, hooks.random);
            }
            else {
                failed++;
                if (failed >= policy.attempts)
                    throw error;
                delayMs = Math.max(decision.afterMs ?? 0, backoffDelay(failed, policy, hooks.random));
            }
            if (now() + delayMs > deadline)
                throw stopped(error);
            hooks.onRetry?.({ attempt, delayMs, reason: decision.reason, rateLimited, error });
            await sleep(delayMs);
            if (now() > deadline)
                throw stopped(error);
        }
    }
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
;// CONCATENATED MODULE: ../../node_modules/.pnpm/proxy-from-env@2.1.0/node_modules/proxy-from-env/index.js


var DEFAULT_PORTS = {
  ftp: 21,
  gopher: 70,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

function parseUrl(urlString) {
  try {
    return new URL(urlString);
  } catch {
    return null;
  }
}

/**
 * @param {string|object|URL} url - The URL as a string or URL instance, or a
 *   compatible object (such as the result from legacy url.parse).
 * @return {string} The URL of the proxy that should handle the request to the
 *  given URL. If no proxy is set, this will be an empty string.
 */
function getProxyForUrl(url) {
  var parsedUrl = (typeof url === 'string' ? parseUrl(url) : url) || {};
  var proto = parsedUrl.protocol;
  var hostname = parsedUrl.host;
  var port = parsedUrl.port;
  if (typeof hostname !== 'string' || !hostname || typeof proto !== 'string') {
    return '';  // Don't proxy URLs without a valid scheme or host.
  }

  proto = proto.split(':', 1)[0];
  // Stripping ports in this way instead of using parsedUrl.hostname to make
  // sure that the brackets around IPv6 addresses are kept.
  hostname = hostname.replace(/:\d*$/, '');
  port = parseInt(port) || DEFAULT_PORTS[proto] || 0;
  if (!shouldProxy(hostname, port)) {
    return '';  // Don't proxy URLs that match NO_PROXY.
  }

  var proxy = getEnv(proto + '_proxy') || getEnv('all_proxy');
  if (proxy && proxy.indexOf('://') === -1) {
    // Missing scheme in proxy, default to the requested URL's scheme.
    proxy = proto + '://' + proxy;
  }
  return proxy;
}

/**
 * Determines whether a given URL should be proxied.
 *
 * @param {string} hostname - The host name of the URL.
 * @param {number} port - The effective port of the URL.
 * @returns {boolean} Whether the given URL should be proxied.
 * @private
 */
function shouldProxy(hostname, port) {
  var NO_PROXY = getEnv('no_proxy').toLowerCase();
  if (!NO_PROXY) {
    return true;  // Always proxy if NO_PROXY is not set.
  }
  if (NO_PROXY === '*') {
    return false;  // Never proxy if wildcard is set.
  }

  return NO_PROXY.split(/[,\s]/).every(function(proxy) {
    if (!proxy) {
      return true;  // Skip zero-length hosts.
    }
    var parsedProxy = proxy.match(/^(.+):(\d+)$/);
    var parsedProxyHostname = parsedProxy ? parsedProxy[1] : proxy;
    var parsedProxyPort = parsedProxy ? parseInt(parsedProxy[2]) : 0;
    if (parsedProxyPort && parsedProxyPort !== port) {
      return true;  // Skip if ports don't match.
    }

    if (!/^[.*]/.test(parsedProxyHostname)) {
      // No wildcards, so stop proxying if there is an exact match.
      return hostname !== parsedProxyHostname;
    }

    if (parsedProxyHostname.charAt(0) === '*') {
      // Remove leading wildcard.
      parsedProxyHostname = parsedProxyHostname.slice(1);
    }
    // Stop proxying if the hostname ends with the no_proxy host.
    return !hostname.endsWith(parsedProxyHostname);
  });
}

/**
 * Get the value for an environment variable.
 *
 * @param {string} key - The name of the environment variable.
 * @return {string} The value of the environment variable.
 * @private
 */
function getEnv(key) {
  return process.env[key.toLowerCase()] || process.env[key.toUpperCase()] || '';
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ../image-spec/src/registry/trust.ts
/**
 * Which certificate authorities a registry connection trusts, the way docker and containers/image
 * do: Node's bundled roots, the system store, `NODE_EXTRA_CA_CERTS`, and per registry the `*.crt`
 * files of `/etc/docker/certs.d/<host[:port]>/` and `/etc/containers/certs.d/<host[:port]>/`.
 */



/** Where per-registry CA files are looked for, in this order. */
const DEFAULT_CERTS_DIRS = ["/etc/docker/certs.d", "/etc/containers/certs.d"];
/**
 * The certs.d roots: `MBP_REGISTRY_CERTS_DIRS` (colon-separated) when set, else the defaults. The
 * variable lets a rootless runner (or a test) keep its registry CAs elsewhere.
 */
function certsDirs(env = process.env) {
    const value = env.MBP_REGISTRY_CERTS_DIRS?.trim();
    if (!value)
        return DEFAULT_CERTS_DIRS;
    return value.split(":").filter((dir) => dir !== "");
}
// Debian/Ubuntu, Fedora/RHEL, Alpine/macOS-like, openSUSE: the first that exists is the system store.
const SYSTEM_BUNDLES = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
    "/etc/ssl/ca-bundle.pem",
];
let extraCache;
/**
 * The CAs to trust beyond Node's default store (its bundled roots and `NODE_EXTRA_CA_CERTS`): the
 * system store's certificates that are not among the bundled roots, read once. Node 22.15+/24 name
 * the system store through `tls.getCACertificates("system")`; on Node 20 it is the distribution's
 * bundle file. Only these few (a corporate CA, a distribution's additions) are parsed again per
 * secure context, so trusting the system store costs milliseconds, not the whole list.
 */
function extraCertificates(env = process.env) {
    if (extraCache)
        return extraCache;
    const get = (external_node_tls_default()).getCACertificates;
    const known = new Set();
    let system = [];
    if (typeof get === "function") {
        for (const pem of safely(() => get("default")))
            known.add(normalise(pem));
        system = safely(() => get("system"));
    }
    else {
        for (const pem of (external_node_tls_default()).rootCertificates)
            known.add(normalise(pem));
        for (const path of SYSTEM_BUNDLES) {
            const text = readQuietly(path);
            if (text) {
                system = pemBlocks(text);
                break;
            }
        }
    }
    const extra = env.NODE_EXTRA_CA_CERTS?.trim();
    const found = [...(extra ? pemBlocks(readQuietly(extra)) : []), ...system];
    const seen = new Set();
    extraCache = found.filter((pem) => {
        const key = normalise(pem);
        if (known.has(key) || seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
    return extraCache;
}
const contexts = new Map();
/**
 * A verifying secure context trusting Node's default store, the extra certificates and `own` (a
 * host's certs.d files), shared by every host with the same `own` (most have none).
 */
function trustingContext(own) {
    const key = own.join("\n");
    let context = contexts.get(key);
    if (context)
        return context;
    const extra = [...extraCertificates(), ...own];
    const native = external_node_tls_default().createSecureContext();
    const add = native.context?.addCACert;
    if (typeof add === "function") {
        // Adds to a copy of the default store (bundled roots and NODE_EXTRA_CA_CERTS stay trusted).
        for (const pem of extra)
            add.call(native.context, pem);
        context = native;
    }
    else {
        context = external_node_tls_default().createSecureContext({ ca: [...(external_node_tls_default()).rootCertificates, ...extra] });
    }
    contexts.set(key, context);
    return context;
}
let unverified;
/**
 * The secure context of a host whose certificate is not verified (an insecure registry, a loopback
 * address): no CA at all. Node's default context would first load its ~140 bundled roots (20–50 ms
 * of CPU, more than the rest of a loopback stitch's requests together) only for nothing to be checked
 * against them. Shared: it holds nothing host-specific.
 */
function unverifiedContext() {
    unverified ??= external_node_tls_default().createSecureContext({ ca: [] });
    return unverified;
}
/** The `*.crt` files of `<root>/<host>/` under each certs.d root, with their PEM contents. */
function hostCertificates(host, roots) {
    const files = [];
    const certificates = [];
    for (const root of roots) {
        const dir = (0,external_node_path_namespaceObject.join)(root, host);
        let names;
        try {
            names = (0,external_node_fs_.readdirSync)(dir).filter((name) => name.endsWith(".crt"));
        }
        catch {
            continue;
        }
        for (const name of names.sort()) {
            const path = (0,external_node_path_namespaceObject.join)(dir, name);
            const blocks = pemBlocks(readQuietly(path));
            if (blocks.length === 0)
                continue;
            files.push(path);
            certificates.push(...blocks);
        }
    }
    return { files, certificates };
}
/** Node's TLS error codes for a certificate that does not verify (unknown CA, self-signed, expired, wrong name). */
const CERTIFICATE_CODES = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "CERT_UNTRUSTED",
    "CERT_SIGNATURE_FAILURE",
    "CERT_REVOKED",
    "INVALID_CA",
    "ERR_TLS_CERT_ALTNAME_INVALID",
]);
/** True for an error code that means the server's certificate was not trusted. */
function isCertificateError(code) {
    return code !== undefined && CERTIFICATE_CODES.has(code);
}
/** Where a CA for `host` can go, for messages. */
function whereCaGoes(host, roots = certsDirs()) {
    const dirs = roots.map((root) => `${(0,external_node_path_namespaceObject.join)(root, host)}/ca.crt`).join(" or ");
    return `put the CA certificate that signed it in ${dirs}, add it to the system CA store, or name it in NODE_EXTRA_CA_CERTS; only for a test registry, list ${host} in insecure-registries instead`;
}
function normalise(pem) {
    return pem.replace(/\s+/g, "");
}
function pemBlocks(text) {
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
function readQuietly(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, "utf8");
    }
    catch {
        return "";
    }
}
function safely(read) {
    try {
        return read();
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ../image-spec/src/registry/transport.ts
/// <reference path="./proxy-from-env.d.ts" />







/** A network-level failure (no HTTP answer): carries a Node error code like ECONNRESET or ETIMEDOUT. */
class transport_TransportError extends Error {
    code;
    name = "TransportError";
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
    }
}
const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 16 };
/**
 * `node:http`/`node:https` with keep-alive agents. Not the global fetch: its first call costs about
 * 150 ms of start-up on Node 20, which dominates a run that makes a dozen small requests.
 *
 * Honours HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY (either case; matching by proxy-from-env;
 * loopback addresses never go through a proxy, as in Go): HTTPS through a CONNECT tunnel, HTTP as an
 * absolute-form request to the proxy. Trusts the system store and the host's certs.d CAs besides
 * Node's own (see trust.ts).
 */
class transport_Transport {
    httpAgent = new (external_node_http_default()).Agent(AGENT_OPTIONS);
    /** One HTTPS agent per host: each has its own CA set, verification and proxy. */
    httpsAgents = new Map();
    skipVerify;
    roots;
    constructor(options = {}) {
        this.skipVerify = options.skipVerify ?? image_isLoopbackHost;
        this.roots = options.certsDirs ?? certsDirs();
    }
    async request(request) {
        let url = request.url;
        let headers = { ...request.headers };
        for (let hop = 0;; hop++) {
            const answer = await this.once({ ...request, url, headers });
            const location = answer.headers.location;
            const redirect = [301, 302, 303, 307, 308].includes(answer.status) && location;
            if (!redirect || hop >= MAX_REDIRECTS || !["GET", "HEAD"].includes(request.method))
                return answer;
            const next = new URL(location, url);
            // Credentials go to the host they were meant for, never to a redirect target elsewhere, and
            // never in clear text after starting on HTTPS.
            if (next.host !== url.host || (url.protocol === "https:" && next.protocol !== "https:")) {
                const { authorization: _dropped, ...rest } = headers;
                headers = rest;
            }
            url = next;
        }
    }
    /** Closes idle keep-alive sockets so the process can exit at once. */
    close() {
        this.httpAgent.destroy();
        for (const agent of this.httpsAgents.values())
            agent.destroy();
        this.httpsAgents.clear();
    }
    once(request) {
        const { url } = request;
        const isHttps = url.protocol === "https:";
        if (!isHttps && url.protocol !== "http:") {
            return Promise.reject(new transport_TransportError("EPROTO", `unsupported URL scheme in ${url.href}`));
        }
        const body = request.body === undefined
            ? undefined
            : typeof request.body === "string"
                ? Buffer.from(request.body)
                : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
        const headers = { ...request.headers };
        if (body !== undefined)
            headers["content-length"] = String(body.length);
        const maxBody = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
        const proxy = proxyFor(url);
        request.onSend?.(url);
        return new Promise((resolve, reject) => {
            let req;
            if (isHttps) {
                req = external_node_https_default().request(url, { method: request.method, headers, agent: this.httpsAgent(url, proxy) });
            }
            else if (proxy) {
                // Absolute-form request line to the proxy (RFC 9112 §3.2.2).
                const proxyAuth = proxyAuthorization(proxy);
                req = (proxy.protocol === "https:" ? (external_node_https_default()) : (external_node_http_default())).request({
                    host: proxy.hostname.replace(/^\[|\]$/g, ""),
                    port: proxy.port || (proxy.protocol === "https:" ? 443 : 80),
                    method: request.method,
                    path: url.href,
                    headers: { host: url.host, ...headers, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
                    agent: proxy.protocol === "https:" ? undefined : this.httpAgent,
                });
            }
            else {
                req = external_node_http_default().request(url, { method: request.method, headers, agent: this.httpAgent });
            }
            const timer = setTimeout(() => {
                req.destroy(new transport_TransportError("ETIMEDOUT", `no complete answer within ${request.timeoutMs} ms`));
            }, request.timeoutMs);
            const fail = (error) => {
                clearTimeout(timer);
                reject(this.asTransportError(error, url));
            };
            req.on("error", fail);
            req.on("response", (res) => {
                const chunks = [];
                let size = 0;
                res.on("data", (chunk) => {
                    size += chunk.length;
                    if (size > maxBody) {
                        req.destroy(new transport_TransportError("EMSGSIZE", `answer is larger than ${maxBody} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on("error", fail);
                res.on("aborted", () => fail(new transport_TransportError("ECONNRESET", "answer was cut off")));
                res.on("end", () => {
                    clearTimeout(timer);
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url });
                });
            });
            req.end(body);
        });
    }
    httpsAgent(url, proxy) {
        let agent = this.httpsAgents.get(url.host);
        if (agent)
            return agent;
        const verify = !this.skipVerify(url.host);
        // Secure contexts are built once and shared: passing `ca` per connection would parse the CA
        // list again for every socket. One that verifies nothing trusts nothing (no root store to load).
        const secureContext = verify
            ? trustingContext(hostCertificates(url.host, this.roots).certificates)
            : unverifiedContext();
        const options = { ...AGENT_OPTIONS, secureContext, rejectUnauthorized: verify };
        agent = proxy ? new TunnelAgent(proxy, options) : new (external_node_https_default()).Agent(options);
        this.httpsAgents.set(url.host, agent);
        return agent;
    }
    asTransportError(error, url) {
        const code = error.code;
        if (!(error instanceof transport_TransportError) && isCertificateError(code)) {
            return new transport_TransportError(code ?? "CERT_UNTRUSTED", `the TLS certificate of ${url.host} is not trusted (${error.message}); ${whereCaGoes(url.host, this.roots)}`, { cause: error });
        }
        return asTransportError(error);
    }
}
/** The proxy for a URL from the environment; never for loopback addresses. */
function proxyFor(url) {
    if (image_isLoopbackHost(url.host))
        return undefined;
    const proxy = getProxyForUrl(url.href);
    if (!proxy)
        return undefined;
    try {
        return new URL(proxy);
    }
    catch {
        throw new transport_TransportError("EPROXY", `the proxy for ${url.host} from the environment is not a URL`);
    }
}
function proxyAuthorization(proxy) {
    if (!proxy.username && !proxy.password)
        return undefined;
    const user = decodeURIComponent(proxy.username);
    const password = decodeURIComponent(proxy.password);
    return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
/** An HTTPS agent whose sockets are TLS over a CONNECT tunnel through a proxy. */
class TunnelAgent extends (external_node_https_default()).Agent {
    proxy;
    constructor(proxy, options) {
        super(options);
        this.proxy = proxy;
    }
    // Node's Agent accepts a callback here for sockets that take time to make.
    createConnection(options, callback) {
        const done = callback ?? (() => { });
        const tlsOptions = options;
        const target = `${formatHost(String(tlsOptions.host ?? "localhost"))}:${tlsOptions.port ?? 443}`;
        const proxyAuth = proxyAuthorization(this.proxy);
        const secure = this.proxy.protocol === "https:";
        const connect = (secure ? (external_node_https_default()) : (external_node_http_default())).request({
            host: this.proxy.hostname.replace(/^\[|\]$/g, ""),
            port: this.proxy.port || (secure ? 443 : 80),
            method: "CONNECT",
            path: target,
            headers: { host: target, ...(proxyAuth ? { "proxy-authorization": proxyAuth } : {}) },
            agent: false,
        });
        connect.once("connect", (res, socket) => {
            if (res.statusCode !== 200) {
                socket.destroy();
                done(new transport_TransportError("EPROXY", `the proxy ${this.proxy.host} answered ${res.statusCode} to CONNECT ${target}`), socket);
                return;
            }
            done(null, external_node_tls_default().connect({ ...tlsOptions, socket }));
        });
        // A network error on the way to the proxy keeps its code (ECONNRESET, ECONNREFUSED, …), so a
        // proxy that drops a connection is retried like a registry that does; the message names the proxy.
        connect.once("error", (error) => done(new transport_TransportError(error.code ?? "EPROXY", `the proxy ${this.proxy.host} failed: ${error.message}`, {
            cause: error,
        }), new external_node_stream_namespaceObject.PassThrough()));
        connect.end();
        return undefined;
    }
}
/** An IPv6 literal in brackets, as in a URL authority. */
function formatHost(host) {
    return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
function asTransportError(error) {
    if (error instanceof transport_TransportError)
        return error;
    const code = error.code ?? "ENETWORK";
    return new transport_TransportError(code, error.message, { cause: error });
}
/** One header's value as a single string (the first when repeated). */
function transport_headerValue(headers, name) {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/retry.ts


/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`12`, also `1.5`) or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
function retry_parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (text === "")
        return undefined;
    if (/^\d+(?:\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1000);
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * GHCR's 429 body `retry-after: 12.5ms, allowed: 2000/minute` (units ms, s or m; none = seconds),
 * in milliseconds. Undefined when the body has no such phrase.
 */
function retry_parseRetryAfterBody(body) {
    const match = /retry-after:\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\b/i.exec(body);
    if (!match)
        return undefined;
    const amount = Number(match[1]);
    const unit = (match[2] ?? "s").toLowerCase();
    const factor = unit === "ms" ? 1 : unit === "m" ? 60_000 : 1000;
    return Math.ceil(amount * factor);
}
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ENETDOWN",
    "ERR_STREAM_PREMATURE_CLOSE",
]);
/**
 * Whether a failed registry call is worth another try (for `withRetries`): 408, 429, 500, 502, 503,
 * 504, GHCR's transient 403 "secondary rate limit", resets, refusals and timeouts. Never 400, 401
 * (the client has already refreshed its token once), 403 DENIED, 404, 413 or anything that is not a
 * RegistryError. Rate limits (429, 503 with Retry-After, the 403 secondary rate limit) are marked
 * `rateLimited`: they are waited out until the deadline instead of counted. A request the deadline
 * kept from being sent (`DEADLINE`) is `notStarted`: the loop reports the failure before it.
 */
function retry_classifyRegistryError(error) {
    if (!(error instanceof RegistryError))
        return { retry: false };
    const { status, code } = error;
    if (code === ClientCode.DEADLINE)
        return { retry: false, notStarted: true };
    if (status === undefined) {
        return code !== undefined && RETRYABLE_NETWORK_CODES.has(code)
            ? { retry: true, reason: code }
            : { retry: false };
    }
    const after = error.retryAfterMs === undefined ? {} : { afterMs: error.retryAfterMs };
    if (isRateLimit(status, error.retryAfterMs !== undefined, error.detail)) {
        const reason = status === 403 ? "HTTP 403 secondary rate limit" : `HTTP ${status}`;
        return { retry: true, reason, rateLimited: true, ...after };
    }
    if (RETRYABLE_STATUSES.has(status))
        return { retry: true, reason: `HTTP ${status}`, ...after };
    return { retry: false };
}
/** 429; 503 with a Retry-After (a server that says when it will take requests again); GHCR's 403. */
function isRateLimit(status, hasRetryAfter, text) {
    return (status === 429 ||
        (status === 503 && hasRetryAfter) ||
        (status === 403 && /secondary rate limit/i.test(text)));
}
// A rate limit that names no wait holds the host's other requests this long.
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;
/**
 * How long every request of this run to the answering host should hold off after `answer`: the
 * Retry-After (header, or GHCR's body) of a rate-limit answer, a second when it names none;
 * undefined for any other answer.
 */
function retry_rateLimitPause(answer) {
    if (answer.status !== 429 && answer.status !== 503 && answer.status !== 403)
        return undefined;
    const header = retry_parseRetryAfter(headerValue(answer.headers, "retry-after"));
    const text = answer.status === 503 && header === undefined ? "" : answer.body.toString("utf8");
    if (!isRateLimit(answer.status, header !== undefined, text))
        return undefined;
    return header ?? retry_parseRetryAfterBody(text) ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/http.ts
// The request pipeline, internal to the registry client: nothing outside registry/ imports it.







const MAX_MANIFEST_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
/**
 * Every request of one client goes through here: retries (`retrying`), auth with one refresh on 401
 * (`call`, asking an Authorizer), the scheme of insecure hosts and the per-host limiter (`send`),
 * the record of what was sent, and the mapping of failed answers to RegistryError. Time has one rule:
 * each exchange gets the client's timeout, cut to what is left of the overall deadline (`timeout`).
 */
class http_RegistryHttp {
    options;
    /** Every request sent so far, in order. */
    records = [];
    transport;
    insecure;
    policy;
    timeoutMs;
    limiter;
    now;
    /** The scheme an insecure or loopback host answered on (HTTPS tried first). */
    schemes = new Map();
    rateLimited = new Map();
    constructor(options = {}) {
        this.options = options;
        this.now = options.now ?? Date.now;
        this.limiter = new HostLimiter(options.maxInFlightPerHost ?? MAX_IN_FLIGHT_PER_HOST, this.now);
        this.insecure = new Set([...(options.insecure ?? [])].map((host) => host.toLowerCase()));
        this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.transport = new Transport({
            skipVerify: (host) => isInsecureRegistry(host, this.insecure),
            ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
        });
    }
    /** Closes idle connections. The pipeline stays usable (new connections are opened as needed). */
    close() {
        this.transport.close();
    }
    /**
     * One operation: authorized, sent, refreshed once on a 401 (the authorizer learns from the
     * challenge), retried under the deadline. Resolves with an answer `accept` takes (or a refusal,
     * with `refusedIsAnswer`); throws RegistryError otherwise.
     */
    call(call, authorizer) {
        return this.retrying(call.host, call.operation, async () => {
            const sent = await authorizer.authorize(call.host, call.scope);
            let answer = await this.send(call, sent.header);
            if (answer.status === 401) {
                const renewed = await authorizer.challenged(call.host, call.scope, answer, sent);
                if (renewed !== undefined)
                    answer = await this.send(call, renewed.header);
            }
            if (call.accept(answer.status))
                return answer;
            // A 403, or a 401 despite a token the token server issued, is about this repository, not the
            // login (a Basic registry's 401 is the credentials being refused). GHCR's 403 "secondary rate
            // limit" is neither: it is thrown below and waited out like a 429, never taken for "missing".
            const refused = (answer.status === 403 && rateLimitPause(answer) === undefined) ||
                (answer.status === 401 && sent.auth.scheme === "bearer" && hasCredentials(sent.credentials));
            if (call.refusedIsAnswer && refused)
                return answer;
            const error = http_errorOf(call.host, call.operation, answer);
            if (answer.status === 401 && !hasCredentials(sent.credentials)) {
                throw notLoggedIn({ host: call.host, operation: call.operation, status: 401, code: error.code });
            }
            throw error;
        });
    }
    /**
     * Runs `attempt` until it succeeds or a failure is final (classifyRegistryError), under the retry
     * policy and the overall deadline. A RegistryError thrown at last says how many tries were made,
     * and whether the deadline stopped further tries; a try that the deadline kept from being sent is
     * never the one reported when a try before it failed (that failure names the cause).
     */
    async retrying(host, operation, attempt) {
        const deadline = this.options.deadline;
        const policy = deadline === undefined
            ? this.policy
            : {
                ...this.policy,
                deadlineMs: Math.max(0, Math.min(this.policy.deadlineMs, deadline - this.now())),
            };
        // Tries made: a try the deadline kept from being sent is not one.
        let tries = 0;
        let stopped;
        try {
            return await withRetries(async (n) => {
                try {
                    return await attempt();
                }
                catch (error) {
                    tries = error instanceof RegistryError && error.code === ClientCode.DEADLINE ? n - 1 : n;
                    throw error;
                }
            }, {
                classify: classifyRegistryError,
                onRetry: ({ attempt: n, delayMs, reason, rateLimited }) => this.options.debug?.(`${host}: ${operation}: ${reason}${rateLimited ? " (rate limited: waited out until the deadline)" : ""}; try ${n + 1} in ${delayMs} ms`),
                onDeadline: (error) => {
                    stopped = error;
                },
                ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
                now: this.now,
            }, policy);
        }
        catch (error) {
            if (!(error instanceof RegistryError))
                throw error;
            if (error === stopped)
                error.deadlineStopped();
            throw error.afterAttempts(Math.max(1, tries));
        }
    }
    /** One request, once, with `authorization` if given: the answer whatever its status. */
    async send(request, authorization) {
        const headers = { ...request.headers };
        if (authorization)
            headers.authorization = authorization;
        const { target } = request;
        if (target instanceof URL)
            return this.exchange(request, { url: target, headers });
        const via = (scheme, probe = false) => this.exchange(request, {
            url: new URL(`${scheme}://${registryApiHost(request.host)}${target}`),
            headers,
            probe,
        });
        const known = this.schemes.get(request.host) ??
            (isInsecureRegistry(request.host, this.insecure) ? undefined : "https");
        if (known)
            return via(known);
        // docker's rule for insecure registries and loopback addresses: HTTPS without verification
        // first, plain HTTP when HTTPS gets no answer at all.
        let https;
        try {
            const answer = await via("https", true);
            this.schemes.set(request.host, "https");
            return answer;
        }
        catch (error) {
            if (!isUnreachable(error) || error.code === ClientCode.DEADLINE)
                throw error;
            https = error;
        }
        this.options.debug?.(`${request.host}: no HTTPS (${https.detail}); plain HTTP from now on`);
        this.schemes.set(request.host, "http");
        try {
            return await via("http");
        }
        catch (error) {
            if (!(error instanceof RegistryError && error.code === ClientCode.DEADLINE))
                throw error;
            // A host that never answered over HTTPS can use up the time left; the failure is that silence,
            // not the plain-HTTP request there was no time to send.
            this.schemes.delete(request.host);
            throw new RegistryError({
                host: request.host,
                operation: request.operation,
                ...(https.code === undefined ? {} : { code: https.code }),
                detail: `no answer over HTTPS (${https.detail}); plain HTTP not tried`,
                cause: https,
            }).deadlineStopped();
        }
    }
    async exchange(request, 
    /** `probe`: a scheme probe, recorded only if it gets an answer. */
    to) {
        const { host, operation } = request;
        const record = () => this.records.push({ host, method: request.method, kind: request.kind });
        // One run's requests to a host take turns (limiter.ts); a rate limit holds all of them. No
        // request starts after the deadline: one that gets no turn before it fails as the host's last
        // rate limit did, or says the deadline passed.
        const release = await this.limiter.acquire(host, this.options.deadline, () => {
            const limited = this.rateLimited.get(host);
            return limited
                ? http_errorOf(host, operation, limited)
                : new RegistryError({
                    host,
                    operation,
                    code: ClientCode.DEADLINE,
                    detail: "not sent: the overall deadline had passed",
                });
        });
        try {
            const answer = await this.transport.request({
                method: request.method,
                url: to.url,
                headers: { "user-agent": this.options.userAgent ?? "multiplatform-build-and-push", ...to.headers },
                ...(request.body === undefined ? {} : { body: request.body }),
                timeoutMs: this.timeout(),
                maxBodyBytes: MAX_MANIFEST_BYTES,
                ...(to.probe ? {} : { onSend: record }),
            });
            if (to.probe)
                record();
            const pauseMs = rateLimitPause(answer);
            if (pauseMs === undefined)
                this.limiter.calm(host);
            else {
                this.options.debug?.(`${host}: rate limited (${answer.status}); holding this run's requests to it ${pauseMs} ms`);
                this.limiter.slowDown(host, pauseMs);
                this.rateLimited.set(host, answer);
            }
            return answer;
        }
        catch (error) {
            if (error instanceof TransportError) {
                throw new RegistryError({ host, operation, code: error.code, detail: error.message, cause: error });
            }
            throw error;
        }
        finally {
            release();
        }
    }
    /**
     * The time one exchange gets, taken when it is sent (after any wait for a turn): the client's
     * timeout, cut to what is left of the overall deadline, but at least a second.
     */
    timeout() {
        const { deadline } = this.options;
        return deadline === undefined
            ? this.timeoutMs
            : Math.min(this.timeoutMs, Math.max(1000, deadline - this.now()));
    }
}
/** A RegistryError from a failed answer, with the registry's code and message and any Retry-After. */
function http_errorOf(host, operation, answer) {
    const body = answer.body.toString("utf8");
    const { code, message } = parseErrorBody(answer.body);
    const retryAfterMs = parseRetryAfter(headerValue(answer.headers, "retry-after")) ??
        (answer.status === 429 ? parseRetryAfterBody(body) : undefined);
    return new RegistryError({
        host,
        operation,
        status: answer.status,
        ...(code === undefined ? {} : { code }),
        detail: message,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
}

;// CONCATENATED MODULE: ../image-spec/src/registry/authenticator.ts





/**
 * The Bearer challenge of a registry whose token realm is well known: GHCR's and Docker Hub's (what
 * their `GET /v2/` answers name), so their first request is the token, not a ping. Should one ever
 * answer otherwise, the client learns the real challenge: from the 401 of a request made with the
 * token (one refresh), or from a ping after a token request that failed.
 */
function wellKnownAuth(host) {
    if (host === "ghcr.io")
        return { scheme: "bearer", realm: "https://ghcr.io/token", service: "ghcr.io" };
    if (host === "docker.io") {
        return { scheme: "bearer", realm: "https://auth.docker.io/token", service: "registry.docker.io" };
    }
    return undefined;
}
// A token is renewed this long (at most a tenth of its life) before it expires, so it never dies in flight.
const TOKEN_MARGIN_MS = 10_000;
/**
 * One client's auth state and its rules: how each host wants to be spoken to (`knownAuth`, else one
 * shared `GET /v2/`), its credentials (a token source's, else the resolver's; resolved once, minted
 * ones again when they expire or are refused), Bearer tokens cached per host and scope until shortly
 * before `expires_in`, what a 401 teaches, and the realm learnt again when an assumed one fails.
 * Pings and token requests go through the client's pipeline, so they are counted, limited, and bound
 * by its deadline like every other request.
 */
class authenticator_Authenticator {
    http;
    options;
    hostAuth = new Map();
    hostCredentials = new Map();
    tokens = new Map();
    /** Auths taken from `knownAuth` rather than learnt from the host: a failed token request pings. */
    assumed = new WeakSet();
    /** The one ping that replaces an assumed auth, shared by every token request that failed with it. */
    relearnt = new WeakMap();
    constructor(http, options = {}) {
        this.http = http;
        this.options = options;
    }
    async authorize(host, scope) {
        // The ping and the credentials (a file, or a credential helper's process) overlap.
        const [auth, credentials] = await Promise.all([this.hostAuthOf(host), this.credentialsOf(host)]);
        return this.authorization(host, auth, scope, credentials);
    }
    async challenged(host, scope, answer, sent) {
        // Learn from this challenge and drop the cached token; minted credentials are asked for again.
        const renewed = hostAuthOfAnswer(answer) ?? sent.auth;
        this.hostAuth.set(host, Promise.resolve(renewed));
        this.tokens.delete(tokenKey(host, scope));
        const credentials = sent.credentials?.expiresAt === undefined
            ? sent.credentials
            : await this.credentialsOf(host, sent.credentials);
        const next = await this.authorization(host, renewed, scope, credentials);
        return next.header === undefined ? undefined : next;
    }
    /**
     * The host's auth scheme: `knownAuth`'s (GHCR, Docker Hub), else from one unauthenticated
     * `GET /v2/` shared by every caller. A failed ping is not remembered: the next try pings again.
     */
    hostAuthOf(host) {
        let known = this.hostAuth.get(host);
        const assumed = known === undefined ? (this.options.knownAuth ?? wellKnownAuth)(host) : undefined;
        if (assumed !== undefined) {
            this.assumed.add(assumed);
            known = Promise.resolve(assumed);
            this.hostAuth.set(host, known);
        }
        else if (known === undefined) {
            known = this.ping(host);
            this.hostAuth.set(host, known);
            known.catch(() => this.hostAuth.delete(host));
        }
        return known;
    }
    async ping(host) {
        const operation = `GET /v2/ on ${host}`;
        const answer = await this.http.send({ host, operation, kind: "ping", method: "GET", target: "/v2/" });
        if (answer.status >= 200 && answer.status < 300)
            return { scheme: "none" };
        if (answer.status === 401) {
            const auth = hostAuthOfAnswer(answer);
            if (auth)
                return auth;
            throw new RegistryError({
                host,
                operation,
                status: 401,
                code: ClientCode.UNSUPPORTED_AUTH,
                detail: `no Basic or Bearer challenge in WWW-Authenticate: ${JSON.stringify(answer.headers["www-authenticate"] ?? "")}`,
            });
        }
        throw errorOf(host, operation, answer);
    }
    /**
     * The host's credentials, resolved once and kept. Minted ones (with `expiresAt`) are asked for
     * again once they have expired, or when `refused` (what a registry answered 401 to) is still what
     * is kept; a concurrent request that already asked again gets the new ones.
     */
    credentialsOf(host, refused) {
        const kept = this.hostCredentials.get(host);
        const current = kept?.resolved;
        const expired = current?.expiresAt !== undefined && current.expiresAt <= Date.now();
        const stale = current !== undefined && (expired || current === refused);
        if (kept !== undefined && !stale)
            return kept.promise;
        if (stale) {
            this.options.debug?.(`${host}: the credentials ${expired ? "expired" : "were refused"}; asking for new ones`);
        }
        const source = this.options.tokenSource?.(host) ?? this.options.credentials ?? anonymousCredentials;
        const entry = { promise: source(host) };
        entry.promise.then((credentials) => {
            entry.resolved = credentials;
        }, () => { });
        this.hostCredentials.set(host, entry);
        return entry.promise;
    }
    /**
     * The Authorization for a request: none, Basic, a registry token as is, or a token for the scope.
     * Minted credentials the token endpoint refuses are asked for again, once (`renewed` then says so).
     */
    async authorization(host, auth, scope, credentials, renewed = false) {
        const authorization = (header) => ({ header, auth, credentials });
        if (auth.scheme === "none")
            return authorization(undefined);
        if (auth.scheme === "basic")
            return authorization(basicAuthorization(credentials));
        if (credentials?.registryToken)
            return authorization(`Bearer ${credentials.registryToken}`);
        try {
            return authorization(`Bearer ${(await this.token(host, auth, scope, credentials)).value}`);
        }
        catch (error) {
            // Minted credentials (a token source's, a credential helper's) that the token endpoint no
            // longer takes (a token minted an hour ago): ask for them again, once.
            if (!renewed && credentials?.expiresAt !== undefined && refusesCredentials(error)) {
                const fresh = await this.credentialsOf(host, credentials);
                if (fresh !== credentials)
                    return this.authorization(host, auth, scope, fresh, true);
            }
            // A token request to an assumed realm that failed for good: ask the host after all (once;
            // the ping's answer replaces the assumption), unless it was a rate limit or a blip, which
            // the caller's retry waits out.
            if (!this.assumed.has(auth) || classifyRegistryError(error).retry)
                throw error;
            return this.authorization(host, await this.relearn(host, auth), scope, credentials, renewed);
        }
    }
    /** The cached token for the scope until it nearly expires, else a new one (shared while in flight). */
    async token(host, auth, scope, credentials) {
        const key = tokenKey(host, scope);
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > Date.now())
            return cached.token;
        const entry = { token: this.fetchToken(host, auth, scope, credentials), expiresAt: Infinity };
        this.tokens.set(key, entry);
        try {
            const token = await entry.token;
            const lifetimeMs = token.expiresInS * 1000;
            entry.expiresAt = Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10);
            return token;
        }
        catch (error) {
            if (this.tokens.get(key) === entry)
                this.tokens.delete(key);
            throw error;
        }
    }
    relearn(host, assumed) {
        let learnt = this.relearnt.get(assumed);
        if (learnt === undefined) {
            this.options.debug?.(`${host}: the token request to ${assumed.realm} failed; asking ${host} for its realm`);
            const ping = this.ping(host);
            learnt = ping;
            this.relearnt.set(assumed, ping);
            this.hostAuth.set(host, ping);
            ping.catch(() => {
                this.relearnt.delete(assumed);
                if (this.hostAuth.get(host) === ping)
                    this.hostAuth.delete(host);
            });
        }
        return learnt;
    }
    async fetchToken(host, auth, scope, credentials) {
        let request = tokenRequest(auth, scope, credentials);
        const operation = `${request.method} token from ${auth.realm} for ${scope ?? "login"}`;
        this.options.debug?.(`${host}: ${operation}`);
        const send = ({ method, url, headers, body }) => this.http.send({
            host,
            operation,
            kind: "token",
            method,
            target: url,
            headers,
            ...(body === undefined ? {} : { body }),
        });
        let answer = await send(request);
        // Token servers without the OAuth2 refresh-token grant answer 404/405 (no endpoint) or 400
        // `unsupported_grant_type` to the POST: then GET with Basic, as docker does.
        if (request.method === "POST" &&
            (answer.status === 404 ||
                answer.status === 405 ||
                (answer.status === 400 && parseErrorBody(answer.body).code === "unsupported_grant_type"))) {
            request = tokenRequest(auth, scope, credentials, "basic");
            answer = await send(request);
        }
        if (answer.status !== 200) {
            const error = errorOf(host, operation, answer);
            const refused = answer.status === 401 || answer.status === 403;
            if (refused && !hasCredentials(credentials)) {
                throw notLoggedIn({ host, operation, status: answer.status, code: error.code, said: error.detail });
            }
            // OAuth2 answers a bad refresh token with 400 invalid_grant: that is wrong credentials too.
            if (refused || error.code === "invalid_grant") {
                throw new RegistryError({
                    host,
                    operation,
                    status: answer.status,
                    code: error.code ?? "UNAUTHORIZED",
                    detail: `${error.detail || "refused"}; check the credentials stored for ${host}`,
                });
            }
            throw error;
        }
        return parseTokenAnswer(answer.body, host, operation);
    }
}
/**
 * A token endpoint's refusal of the credentials sent (what fetchToken throws for 401, 403 and
 * invalid_grant), not a rate limit (GHCR's 403 "secondary rate limit" is waited out instead).
 */
function refusesCredentials(error) {
    return (error instanceof RegistryError &&
        (error.status === 401 || error.status === 403 || error.code === "invalid_grant") &&
        !classifyRegistryError(error).retry);
}
function tokenKey(host, scope) {
    return `${host} ${scope ?? ""}`;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ../image-spec/src/oci.ts
/**
 * OCI image-spec and Docker manifest types, media types, a canonical JSON serialisation and sha256
 * digests: what a manifest list / index is made of, and how its bytes (and so its digest) are fixed.
 */

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
/** Every manifest type a multi-arch tag can point at or be made of, for the `Accept` header. */
const oci_MANIFEST_MEDIA_TYPES = [
    OCI_INDEX,
    DOCKER_MANIFEST_LIST,
    OCI_MANIFEST,
    DOCKER_MANIFEST,
];
/** The annotation an OCI image layout's `index.json` names a tag with. */
const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
/** buildx marks attestation manifests in an index with these (platform `unknown/unknown`). */
const REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";
const REFERENCE_DIGEST_ANNOTATION = "vnd.docker.reference.digest";
const ATTESTATION_MANIFEST = "attestation-manifest";
/** True for an OCI index or a Docker manifest list. */
function isIndexMediaType(mediaType) {
    return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
/** True for an OCI image manifest or a Docker v2 schema 2 manifest. */
function isImageManifestMediaType(mediaType) {
    return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}
/**
 * Deterministic JSON: object keys sorted by code point at every level, no white space, `undefined`
 * members dropped. The same value always gives the same bytes, so re-runs give the same digest.
 */
function canonicalJson(value) {
    return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
    }
    return value;
}
/** Canonical JSON bytes (UTF-8) of a manifest or index. */
function canonicalBytes(value) {
    return Buffer.from(canonicalJson(value), "utf8");
}
/** `sha256:<hex>` of some bytes: the digest registries name content by. */
function oci_sha256Digest(bytes) {
    return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
/** True for a well-formed sha256 digest (the only algorithm registries use in practice). */
function oci_isDigest(reference) {
    return DIGEST_RE.test(reference);
}
/** `linux/arm64`, `linux/arm/v7`, `unknown/unknown`: a platform as people write it. */
function platformId(platform) {
    if (platform === undefined)
        return "unknown/unknown";
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}
/** True for buildx's attestation entries (`unknown/unknown` with `vnd.docker.reference.type`). */
function isAttestation(descriptor) {
    return (descriptor.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_MANIFEST ||
        (descriptor.platform?.os === "unknown" && descriptor.platform.architecture === "unknown"));
}
/** The media type a manifest's JSON says it is (its `mediaType` member), if any. */
function oci_declaredMediaType(bytes) {
    try {
        const parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
        return typeof parsed.mediaType === "string" ? parsed.mediaType : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Bytes of an image as a registry stores and shows it: its config plus its (compressed) layers, not the
 * few hundred bytes of its manifest. For an index (buildx with provenance) the sum over its images,
 * attestations left out. `fetch` reads a manifest's bytes by digest.
 */
async function imageSize(descriptor, fetch) {
    const parsed = JSON.parse(Buffer.from(await fetch(descriptor.digest)).toString("utf8"));
    if (isIndexMediaType(descriptor.mediaType)) {
        const images = (parsed.manifests ?? []).filter((child) => !isAttestation(child));
        const sizes = await Promise.all(images.map((child) => imageSize(child, fetch)));
        return sizes.reduce((sum, size) => sum + size, 0);
    }
    const layers = (parsed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
    return layers + (parsed.config?.size ?? 0);
}

;// CONCATENATED MODULE: ../image-spec/src/registry/client.ts






/** The manifest a look-up found; undefined when it was absent or refused. */
function foundManifest(lookup) {
    return lookup.outcome === "found" ? lookup.manifest : undefined;
}
const ACCEPT = oci_MANIFEST_MEDIA_TYPES.join(", ");
const ABSENT = { outcome: "absent" };
/**
 * A small OCI distribution API client for manifests: HEAD, GET and PUT of manifests, and a count of
 * every request it sends. Requests go through its pipeline (http.ts: retries under a deadline, the
 * per-host limiter, the scheme of insecure hosts), authorized by its Authenticator (authenticator.ts:
 * Basic and Bearer auth, tokens cached per host and scope, one refresh on 401). Blobs are never touched.
 */
class RegistryClient {
    options;
    http;
    auth;
    push;
    constructor(options = {}) {
        this.options = options;
        this.http = new RegistryHttp(options);
        this.auth = new Authenticator(this.http, options);
        this.push = options.push ?? true;
    }
    /** Every request sent so far, in order. */
    get requests() {
        return this.http.records;
    }
    /** Requests by `METHOD kind` (`HEAD manifest`, `GET token`), for one host or all. */
    requestCounts(host) {
        const counts = {};
        for (const record of this.http.records) {
            if (host !== undefined && record.host !== host)
                continue;
            const key = `${record.method} ${record.kind}`;
            counts[key] = (counts[key] ?? 0) + 1;
        }
        return counts;
    }
    /** `9 requests: 1 GET ping, 1 GET token, 4 HEAD manifest, 3 PUT manifest` for a debug log. */
    describeRequests(host) {
        const counts = this.requestCounts(host);
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const parts = Object.entries(counts).map(([key, n]) => `${n} ${key}`);
        return `${total} request${total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`;
    }
    /** Closes idle connections. The client stays usable (new connections are opened as needed). */
    close() {
        this.http.close();
    }
    /**
     * One HEAD with all four manifest types in `Accept`: the digest, media type and size of a tag or
     * digest, absent on 404, or refused (see ManifestLookup). A registry that refuses HEAD (405, 400,
     * 501) is asked with GET, as containerd does; so is one whose HEAD refuses with 401/403, since a
     * HEAD answer has no body to carry the registry's words.
     */
    async headManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "HEAD",
            repo,
            reference,
            accept: (status) => [200, 404, 400, 405, 501].includes(status),
            refusedIsAnswer: true,
        });
        if (answer.status === 404)
            return ABSENT;
        if (answer.status === 401 || answer.status === 403) {
            const lookup = await this.findManifest(repo, reference);
            return lookup.outcome === "found" ? found(headOf(lookup.manifest)) : lookup;
        }
        if (answer.status !== 200) {
            this.options.debug?.(`${repo.host}: HEAD answered ${answer.status}; asking with GET`);
            return found(headOf(await this.getManifest(repo, reference)));
        }
        const digest = headerValue(answer.headers, "docker-content-digest");
        const mediaType = contentType(answer);
        const size = Number(headerValue(answer.headers, "content-length"));
        // A registry that leaves these out of a HEAD answer (or sends a generic Content-Type) is asked
        // once more with GET, and the bytes tell.
        if (!digest ||
            !mediaType ||
            !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
            !Number.isFinite(size) ||
            size <= 0) {
            return found(headOf(await this.getManifest(repo, reference)));
        }
        return found({ digest, mediaType, size });
    }
    /**
     * One GET: the manifest's exact bytes, absent on 404, or refused (see ManifestLookup). For a
     * manifest that will be read anyway (a stitch source), this saves the HEAD before the GET.
     */
    async findManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "GET",
            repo,
            reference,
            accept: (status) => status === 200 || status === 404,
            refusedIsAnswer: true,
        });
        if (answer.status === 200)
            return found(manifestOf(answer, repo, reference));
        if (answer.status === 404)
            return ABSENT;
        return {
            outcome: "refused",
            error: errorOf(repo.host, `GET manifest ${refName(repo, reference)}`, answer),
        };
    }
    /** The exact bytes of a manifest; a digest reference is checked against the bytes received. */
    async getManifest(repo, reference) {
        const answer = await this.readManifest({
            method: "GET",
            repo,
            reference,
            accept: (status) => status === 200,
        });
        return manifestOf(answer, repo, reference);
    }
    /**
     * PUTs a manifest under a tag (or digest) with `Content-Type` exactly its media type. Returns the
     * digest the registry reports in `Docker-Content-Digest` (undefined if it sends none).
     */
    async putManifest(repo, reference, bytes, mediaType) {
        const answer = await this.call({
            host: repo.host,
            operation: `PUT manifest ${refName(repo, reference)}`,
            kind: "manifest",
            method: "PUT",
            target: manifestPath(repo, reference),
            headers: { "content-type": mediaType },
            body: bytes,
            scope: repositoryScope(repo.path, true),
            accept: (status) => status >= 200 && status < 300,
        });
        return { digest: headerValue(answer.headers, "docker-content-digest") };
    }
    /** A HEAD or GET of a manifest, every manifest type in `Accept`: the one shape of every read. */
    readManifest(read) {
        const { method, repo, reference } = read;
        return this.call({
            host: repo.host,
            operation: `${method} manifest ${refName(repo, reference)}`,
            kind: "manifest",
            method,
            target: manifestPath(repo, reference),
            headers: { accept: ACCEPT },
            scope: repositoryScope(repo.path, this.push),
            accept: read.accept,
            ...(read.refusedIsAnswer ? { refusedIsAnswer: true } : {}),
        });
    }
    call(call) {
        return this.http.call(call, this.auth);
    }
}
function found(manifest) {
    return { outcome: "found", manifest };
}
function manifestPath(repo, reference) {
    return `/v2/${repo.path}/manifests/${reference}`;
}
/** `host/path:tag` or `host/path@sha256:…`. */
function refName(repo, reference) {
    return `${repo.host}/${repo.path}${isDigest(reference) ? "@" : ":"}${reference}`;
}
/** A fetched manifest's bytes, digest and media type; a digest reference is checked against the bytes. */
function manifestOf(answer, repo, reference) {
    const bytes = answer.body;
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) {
        throw new RegistryError({
            host: repo.host,
            operation: `GET manifest ${refName(repo, reference)}`,
            status: answer.status,
            code: ClientCode.DIGEST_MISMATCH,
            detail: `the bytes received have digest ${digest}`,
        });
    }
    const mediaType = declaredMediaType(bytes) ?? contentType(answer) ?? "";
    return { digest, mediaType, size: bytes.length, bytes };
}
function headOf(manifest) {
    return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
}
function contentType(answer) {
    return headerValue(answer.headers, "content-type")?.split(";")[0]?.trim() || undefined;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/verify.ts







/**
 * The credentials were accepted, but the registry refused the push check on one repository. Every
 * refusal of the check is one of these, naming the image; a registry that could not be reached or
 * kept failing is a RegistryError instead. `refusal` has the registry's own status, code and words.
 */
class PushCheckError extends Error {
    repository;
    refusal;
    reason;
    name = "PushCheckError";
    /** `host/path` */
    image;
    constructor(repository, refusal, reason = "refused") {
        const image = `${repository.host}/${repository.path}`;
        super(`${image}: ${pushRefusalSummary(reason, repository.host)}: ${refusal.message}`, {
            cause: refusal,
        });
        this.repository = repository;
        this.refusal = refusal;
        this.reason = reason;
        this.image = image;
    }
}
/** 401/403 on the push check: the credentials may not push to the repository. */
class PushDeniedError extends PushCheckError {
    name = "PushDeniedError";
    constructor(repository, refusal) {
        super(repository, refusal, "denied");
    }
}
/** 404 `NAME_UNKNOWN` on the push check: the repository does not exist and will not be made by a push. */
class RepositoryMissingError extends PushCheckError {
    name = "RepositoryMissingError";
    constructor(repository, refusal) {
        super(repository, refusal, "no-repository");
    }
}
function pushRefusalSummary(reason, host) {
    switch (reason) {
        case "denied":
            return "cannot push";
        case "no-repository":
            return `cannot push: the repository does not exist, and ${host} does not create it on push`;
        case "refused":
            return "cannot push: the registry refused the push check";
    }
}
/**
 * The typed error for a push check's failure: a refusal (a 4xx answer no retry can change) names
 * the image; a registry that is busy, failing or unreachable stays the RegistryError it threw.
 */
function pushCheckFailure(repository, error) {
    if (!(error instanceof RegistryError) || error.status === undefined)
        return error;
    const { status, code } = error;
    // A 403 "secondary rate limit" (GHCR) is the registry being busy, not a refusal.
    if (classifyRegistryError(error).retry)
        return error;
    if (status === 401 || status === 403)
        return new PushDeniedError(repository, error);
    if (status === 404 && code === "NAME_UNKNOWN")
        return new RepositoryMissingError(repository, error);
    return status >= 400 && status < 500 ? new PushCheckError(repository, error) : error;
}
/**
 * Checks credentials the way `docker login` does: `GET /v2/`; for a Basic challenge the same with the
 * credentials; for a Bearer challenge a scope-less token from the realm (Basic credentials, or the
 * OAuth2 refresh-token grant for an identity token), then `GET /v2/` with it. Resolves on success;
 * throws RegistryError (status 401/403, naming the host and the operation) on wrong or missing
 * credentials, and after retries on a registry that keeps failing. With `pushTo`, then proves push
 * permission on each repository (checkPush); the first refused throws a PushCheckError naming its
 * image: PushDeniedError (401/403), RepositoryMissingError (404 `NAME_UNKNOWN`), or PushCheckError
 * itself for any other refusal.
 */
async function verifyCredentials(host, credentials, options = {}) {
    const http = new RegistryHttp({
        // One deadline for every request of the check: a rate limit is waited out until then and no
        // longer, and a request queued behind a host's Retry-After (limiter.ts) fails by then too.
        deadline: Date.now() + (options.retryPolicy ?? DEFAULT_RETRY_POLICY).deadlineMs,
        insecure: options.insecure ? [host] : [],
        ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
    });
    const auth = new Authenticator(http, { credentials: async () => credentials });
    try {
        const scheme = await checkLogin(http, auth, host);
        const push = {};
        const checks = await Promise.allSettled((options.pushTo ?? []).map((path) => checkPush(http, auth, { host, path })));
        checks.forEach((outcome, index) => {
            const path = options.pushTo?.[index] ?? "";
            if (outcome.status === "fulfilled")
                push[path] = outcome.value;
        });
        const refused = checks.findIndex((outcome) => outcome.status === "rejected");
        if (refused >= 0) {
            const reason = checks[refused].reason;
            throw pushCheckFailure({ host, path: options.pushTo?.[refused] ?? "" }, reason);
        }
        return options.pushTo?.length ? { ok: true, scheme, push } : { ok: true, scheme };
    }
    finally {
        http.close();
    }
}
/**
 * `docker login`'s check: `GET /v2/`, then for Basic the same with the credentials, for Bearer a
 * scope-less token for the registry and `GET /v2/` with it. Throws RegistryError (401) on wrong or
 * missing credentials.
 */
function checkLogin(http, auth, host) {
    return http.retrying(host, `GET /v2/ on ${host} (login check)`, async () => {
        const sent = await auth.authorize(host, undefined);
        if (sent.auth.scheme === "none")
            return "none";
        if (sent.header === undefined) {
            throw new RegistryError({
                host,
                operation: "GET /v2/",
                status: 401,
                code: "UNAUTHORIZED",
                detail: "the registry requires credentials and none were given",
            });
        }
        const answer = await http.send({ host, operation: "GET /v2/", kind: "ping", method: "GET", target: "/v2/" }, sent.header);
        if (answer.status === 200)
            return sent.auth.scheme;
        throw errorOf(host, "GET /v2/ with the credentials", answer);
    });
}
/**
 * Proves that the credentials may push to a repository, in seconds and without writing anything:
 * for a Bearer registry whose token is a JWT with an `access` claim, that claim (asked for
 * `pull,push`); otherwise a blob upload is started (`POST /v2/<name>/blobs/uploads/`) and cancelled
 * (`DELETE` on its Location). Resolves with how it was proven; throws RegistryError (401/403 when
 * refused) otherwise.
 */
async function checkPush(http, auth, repo) {
    const scope = repositoryScope(repo.path, true);
    const name = `${repo.host}/${repo.path}`;
    const operation = `token for ${scope}`;
    const grant = await http.retrying(repo.host, operation, async () => {
        const sent = await auth.authorize(repo.host, scope);
        if (sent.auth.scheme !== "bearer" || sent.header === undefined)
            return undefined;
        return tokenGrantsPush(sent.header.replace(/^Bearer /, ""), repo.path);
    });
    if (grant === true)
        return "token";
    if (grant === false) {
        throw new RegistryError({
            host: repo.host,
            operation,
            status: 403,
            code: "DENIED",
            detail: `the token server granted pull but not push on ${repo.path}`,
        });
    }
    const answer = await http.call({
        host: repo.host,
        operation: `POST blob upload to ${name} (push check)`,
        kind: "blob",
        method: "POST",
        target: `/v2/${repo.path}/blobs/uploads/`,
        scope,
        accept: (status) => status === 202 || status === 201,
    }, auth);
    const location = headerValue(answer.headers, "location");
    const upload = location ? new URL(location, answer.url) : undefined;
    // Cancelling is a courtesy (abandoned uploads are purged anyway): its failure does not fail the check.
    if (upload && upload.host === answer.url.host) {
        await http
            .call({
            host: repo.host,
            operation: `DELETE blob upload to ${name} (push check)`,
            kind: "blob",
            method: "DELETE",
            target: `${upload.pathname}${upload.search}`,
            scope,
            accept: (status) => (status >= 200 && status < 300) || status === 404 || status === 405,
        }, auth)
            .catch(() => { });
    }
    return "upload";
}

;// CONCATENATED MODULE: ../image-spec/src/registry/index.ts












;// CONCATENATED MODULE: ../image-spec/src/keyless/errors.ts
/**
 * A keyless login that could not get a credential: which step refused, what the service said (its
 * own words, never a token) and what to change. Rendered as
 * `Google STS refused the job's OIDC token: the provider's attribute condition rejected it ("The
 * given credential is rejected by the attribute condition."); change …`.
 */
class KeylessError extends Error {
    service;
    problem;
    fix;
    said;
    status;
    name = "KeylessError";
    constructor(
    /** Who refused or failed: `GitHub's OIDC token endpoint`, `Google STS`, `AWS STS`, `the ECR API`. */
    service, 
    /** What went wrong, in words a person acts on. */
    problem, 
    /** What to change. */
    fix, 
    /** The service's own words (error code and message), when it answered. */
    said, 
    /** HTTP status, when the service answered. */
    status) {
        super(`${service}: ${problem}${said ? ` (${JSON.stringify(said)})` : ""}; ${fix}`);
        this.service = service;
        this.problem = problem;
        this.fix = fix;
        this.said = said;
        this.status = status;
    }
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/http.ts
/**
 * Calls to the token services (GitHub's OIDC endpoint, Google STS and IAM Credentials, AWS STS, the
 * ECR API) through the registry client's transport: the same proxies, CAs and timeouts. Transient
 * failures (resets, timeouts, 429, 5xx) are tried again, a few times, within a deadline.
 */



const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const POLICY = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, deadlineMs: 30_000 };
const DEFAULT_TIMEOUT_MS = 10_000;
/** A try that could not start: the deadline had passed. Never the failure reported when a try before it failed. */
class NoTimeLeft extends transport_TransportError {
    constructor() {
        super("ETIMEDOUT", "no time left before the deadline");
    }
}
class TransientAnswer extends Error {
    answer;
    constructor(answer) {
        super(`HTTP ${answer.status}`);
        this.answer = answer;
    }
}
/**
 * Sends a request and returns the answer, whatever its status, once it is not transient. A service
 * that cannot be reached (after the tries) is a KeylessError naming it.
 */
async function callService(request, deps = {}) {
    const transport = deps.transport ?? new transport_Transport();
    const now = deps.now ?? Date.now;
    const deadline = deps.deadline ?? now() + POLICY.deadlineMs;
    try {
        return await retry_withRetries(async () => {
            const left = deadline - now();
            if (left <= 0)
                throw new NoTimeLeft();
            const answer = await transport.request({
                method: request.method,
                url: request.url,
                headers: { accept: "application/json", ...request.headers },
                ...(request.body === undefined ? {} : { body: request.body }),
                timeoutMs: Math.min(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, left),
                maxBodyBytes: 1024 * 1024,
            });
            if (TRANSIENT_STATUSES.has(answer.status))
                throw new TransientAnswer(answer);
            return answer;
        }, {
            classify: (error) => error instanceof NoTimeLeft
                ? { retry: false, notStarted: true }
                : error instanceof TransientAnswer || error instanceof transport_TransportError
                    ? { retry: true, reason: error.message }
                    : { retry: false },
            now,
            ...(deps.sleep ? { sleep: deps.sleep } : {}),
        }, { ...POLICY, deadlineMs: Math.max(0, deadline - now()) });
    }
    catch (error) {
        if (error instanceof TransientAnswer)
            return error.answer;
        if (error instanceof transport_TransportError) {
            throw new KeylessError(request.service, `could not be reached at ${request.url.host}`, "check the runner's network and its proxy settings (HTTPS_PROXY, NO_PROXY)", `${error.code}: ${error.message}`);
        }
        throw error;
    }
    finally {
        if (!deps.transport)
            transport.close();
    }
}
/** The answer's body as JSON, or undefined when it is not JSON. */
function jsonBody(answer) {
    try {
        return JSON.parse(answer.body.toString("utf8"));
    }
    catch {
        return undefined;
    }
}
/** A short, single-line form of a body for messages (never used for bodies that hold a token). */
function bodyText(answer) {
    const text = answer.body.toString("utf8").replace(/\s+/g, " ").trim();
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/oidc.ts
/**
 * The job's GitHub OIDC token: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>` with the bearer
 * `$ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answered `{"value": "<JWT>"}` (what @actions/core's getIDToken
 * does). The runner sets both variables only in jobs granted `id-token: write`; the request token
 * lasts the whole job, so a fresh ID token can be had late in a long build.
 */


const OIDC_SERVICE = "GitHub's OIDC token endpoint";
/** Asks GitHub for an ID token with this audience. Never logs it. */
async function requestIdToken(request, audience, deps = {}) {
    let url;
    try {
        url = new URL(request.url);
    }
    catch {
        throw new KeylessError(OIDC_SERVICE, "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL", "run on GitHub Actions");
    }
    url.searchParams.set("audience", audience);
    const answer = await callService({
        service: OIDC_SERVICE,
        method: "GET",
        url,
        headers: { authorization: `Bearer ${request.token}` },
    }, deps);
    const body = jsonBody(answer);
    const value = isRecord(body) ? body.value : undefined;
    if (answer.status !== 200 || typeof value !== "string" || value === "") {
        const said = isRecord(body) && typeof body.message === "string" ? body.message : `HTTP ${answer.status}`;
        throw new KeylessError(OIDC_SERVICE, `gave no ID token for audience ${audience}`, answer.status === 401 || answer.status === 403
            ? "the job's token request was refused; rerun the job (a request token lasts only as long as its job)"
            : "rerun the job; if it keeps failing, see https://www.githubstatus.com", said, answer.status);
    }
    return value;
}
/**
 * The claims of a JWT, unverified, for messages (`sub`, `repository`, `ref`): they tell a person
 * what a trust policy or attribute condition was shown. Empty when it is not a JWT.
 */
function jwtClaims(jwt) {
    const payload = jwt.split(".")[1];
    if (!payload)
        return {};
    try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
        return isRecord(claims) ? claims : {};
    }
    catch {
        return {};
    }
}
/** `repository=org/app, ref=refs/heads/main, …`: the claims conditions are usually written on. */
function describeClaims(jwt, names) {
    const claims = jwtClaims(jwt);
    return names
        .filter((name) => typeof claims[name] === "string")
        .map((name) => `${name}=${String(claims[name])}`)
        .join(", ");
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/registries.ts
/**
 * Which registries a keyless login serves, and where the token services are. The endpoints can be
 * moved by MBP_TEST_* variables, for tests only: every override must be a loopback address, so no
 * setting can send a job's OIDC token anywhere else.
 */

/** Test-only variables (documented in docs/keyless.md). */
const TEST_VARIABLES = {
    googleSts: "MBP_TEST_GOOGLE_STS_URL",
    googleIam: "MBP_TEST_GOOGLE_IAM_URL",
    awsSts: "MBP_TEST_AWS_STS_URL",
    ecrApi: "MBP_TEST_ECR_API_URL",
    ecrPublicApi: "MBP_TEST_ECR_PUBLIC_API_URL",
    aliases: "MBP_TEST_REGISTRY_ALIASES",
};
/** ECR Public's API lives in us-east-1 only, whatever the registry's users' region. */
const ECR_PUBLIC_REGION = "us-east-1";
/**
 * The keyless registry a host is: Artifact Registry or Container Registry (`google`), a private ECR
 * registry (`<account>.dkr.ecr.<region>.amazonaws.com`) or `public.ecr.aws`; undefined for any
 * other. A loopback host named in MBP_TEST_REGISTRY_ALIASES (`127.0.0.1:5001=<real host>,…`) is
 * taken for the real host it stands for.
 */
function keylessRegistry(host, env = process.env) {
    const target = registryAliases(env).get(host) ?? host;
    const bare = target.replace(/:\d+$/, "");
    const kind = registryKind(bare);
    if (kind === "artifact-registry" || kind === "container-registry")
        return { provider: "google", host };
    if (kind === "ecr-public")
        return { provider: "ecr-public", host };
    const ecr = ECR_HOST_RE.exec(bare);
    if (ecr) {
        const [, account = "", region = "", dnsSuffix = ""] = ecr;
        return { provider: "ecr", host, account, region, dnsSuffix };
    }
    return undefined;
}
/** MBP_TEST_REGISTRY_ALIASES as loopback host → the registry host it stands for. */
function registryAliases(env = process.env) {
    const aliases = new Map();
    const text = env[TEST_VARIABLES.aliases]?.trim();
    if (!text)
        return aliases;
    for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
        const [alias = "", real = ""] = pair.split("=");
        if (!isLoopbackHost(alias) || real === "") {
            throw new Error(`${TEST_VARIABLES.aliases}: "${pair}" is not loopback-host=registry-host; it is for tests only, unset it`);
        }
        aliases.set(alias, real);
    }
    return aliases;
}
/** The real endpoints, or a test's loopback fakes. */
function keylessEndpoints(env = process.env) {
    const override = (name) => {
        const value = env[name]?.trim();
        if (!value)
            return undefined;
        let url;
        try {
            url = new URL(value);
        }
        catch {
            throw new Error(`${name}: "${value}" is not a URL; it is for tests only, unset it`);
        }
        if (!/^https?:$/.test(url.protocol) || !image_isLoopbackHost(url.host)) {
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
        ecrApi: (region, dnsSuffix = "amazonaws.com") => ecrApi ?? new URL(`https://api.ecr.${region}.${dnsSuffix}/`),
        ecrPublicApi: override(TEST_VARIABLES.ecrPublicApi) ??
            new URL(`https://api.ecr-public.${ECR_PUBLIC_REGION}.amazonaws.com/`),
    };
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/sigv4.ts
/**
 * AWS Signature Version 4 (header form), for the two AWS calls keyless ECR logins make (ECR's and
 * ECR Public's GetAuthorizationToken). Pure: the caller passes the time. Checked against AWS's
 * published test suite (test/fixtures/aws4_testsuite).
 */

const ALGORITHM = "AWS4-HMAC-SHA256";
/** Signs a request: its headers gain `x-amz-date`, `x-amz-security-token` (if any) and `authorization`. */
function signV4(request, scope) {
    const amzDate = scope.date.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const day = amzDate.slice(0, 8);
    const headers = new Map();
    const add = (name, value) => {
        const key = name.toLowerCase();
        headers.set(key, [...(headers.get(key) ?? []), ...(typeof value === "string" ? [value] : value)]);
    };
    for (const [name, value] of Object.entries(request.headers ?? {}))
        add(name, value);
    headers.set("host", [request.host]);
    headers.set("x-amz-date", [amzDate]);
    if (scope.credentials.sessionToken)
        headers.set("x-amz-security-token", [scope.credentials.sessionToken]);
    const names = [...headers.keys()].sort();
    const canonicalHeaders = names
        .map((name) => `${name}:${(headers.get(name) ?? []).map(canonicalValue).join(",")}\n`)
        .join("");
    const signedHeaders = names.join(";");
    const canonicalRequest = [
        request.method.toUpperCase(),
        canonicalPath(request.path),
        canonicalQuery(request.query ?? []),
        canonicalHeaders,
        signedHeaders,
        sha256Hex(request.body ?? ""),
    ].join("\n");
    const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
    const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join("\n");
    let key = hmac(`AWS4${scope.credentials.secretAccessKey}`, day);
    for (const part of [scope.region, scope.service, "aws4_request"])
        key = hmac(key, part);
    const signature = hmac(key, stringToSign).toString("hex");
    const authorization = `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    const sent = {};
    for (const name of names)
        sent[name] = (headers.get(name) ?? []).join(",");
    sent.authorization = authorization;
    return { headers: sent, canonicalRequest, stringToSign, authorization };
}
/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - . _ ~`. */
function encodeRfc3986(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function canonicalPath(path) {
    const segments = [];
    for (const segment of path.split("/")) {
        if (segment === "" || segment === ".")
            continue;
        if (segment === "..")
            segments.pop();
        else
            segments.push(segment);
    }
    const joined = `/${segments.map(encodeRfc3986).join("/")}`;
    return segments.length > 0 && /\/\.{0,2}$/.test(path) ? `${joined}/` : joined;
}
function canonicalQuery(query) {
    return query
        .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)])
        .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
        .map(([key, value]) => `${key}=${value}`)
        .join("&");
}
// Trimmed, with every run of white space (folded lines included) as one space.
function canonicalValue(value) {
    return value.trim().replace(/\s+/g, " ");
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function sha256Hex(data) {
    return (0,external_node_crypto_namespaceObject.createHash)("sha256").update(data).digest("hex");
}
function hmac(key, data) {
    return (0,external_node_crypto_namespaceObject.createHmac)("sha256", key).update(data).digest();
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/aws.ts
/**
 * Amazon ECR logins, as aws-actions/configure-aws-credentials and amazon-ecr-login do them, without
 * the AWS SDK. Credentials: AssumeRoleWithWebIdentity with the job's OIDC token (audience
 * `sts.amazonaws.com`; a Query API call that needs no signature, answered in XML), or an access key
 * pair. Then GetAuthorizationToken, a SigV4-signed JSON 1.1 call: `ecr` in the registry's region for
 * `<account>.dkr.ecr.<region>.amazonaws.com`, `ecr-public` in us-east-1 for public.ecr.aws. Its token
 * is base64 of `AWS:<password>`, good for 12 hours.
 */





/** The audience configure-aws-credentials asks GitHub for, and IAM's OIDC providers expect. */
const AWS_OIDC_AUDIENCE = "sts.amazonaws.com";
/** How the assumed role's session is named in CloudTrail. */
const ROLE_SESSION_NAME = "multiplatform-build-and-push";
const ROLE_SESSION_SECONDS = 3600;
const STS = "AWS STS";
/** AssumeRoleWithWebIdentity: the job's ID token (audience sts.amazonaws.com) for the role's credentials. */
async function assumeRoleWithWebIdentity(roleArn, idToken, registry, endpoints, deps = {}) {
    const region = registry.provider === "ecr" ? registry.region : ECR_PUBLIC_REGION;
    const dnsSuffix = registry.provider === "ecr" ? registry.dnsSuffix : "amazonaws.com";
    const form = new URLSearchParams({
        Action: "AssumeRoleWithWebIdentity",
        Version: "2011-06-15",
        RoleArn: roleArn,
        RoleSessionName: ROLE_SESSION_NAME,
        WebIdentityToken: idToken,
        DurationSeconds: String(ROLE_SESSION_SECONDS),
    });
    const answer = await callService({
        service: STS,
        method: "POST",
        url: endpoints.awsSts(region, dnsSuffix),
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "text/xml" },
        body: form.toString(),
    }, deps);
    const xml = answer.body.toString("utf8");
    const accessKeyId = xmlValue(xml, "AccessKeyId");
    const secretAccessKey = xmlValue(xml, "SecretAccessKey");
    const sessionToken = xmlValue(xml, "SessionToken");
    const expiration = Date.parse(xmlValue(xml, "Expiration") ?? "");
    if (answer.status === 200 && accessKeyId && secretAccessKey && sessionToken) {
        const now = deps.now ?? Date.now;
        return {
            accessKeyId,
            secretAccessKey,
            sessionToken,
            expiresAt: Number.isNaN(expiration) ? now() + ROLE_SESSION_SECONDS * 1000 : expiration,
        };
    }
    const code = xmlValue(xml, "Code") ?? "";
    const message = xmlValue(xml, "Message") ?? "";
    const said = code || message
        ? [code, message].filter(Boolean).join(": ")
        : bodyText(answer) || `HTTP ${answer.status}`;
    const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? "<account>";
    const claims = describeClaims(idToken, ["sub"]);
    const problem = `refused to let this job assume ${roleArn}`;
    if (/no openidconnect provider/i.test(message)) {
        throw new KeylessError(STS, `${problem}: account ${account} has no IAM OIDC provider for GitHub`, `create one: aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list ${AWS_OIDC_AUDIENCE}`, said, answer.status);
    }
    if (/audience/i.test(message)) {
        throw new KeylessError(STS, `${problem}: the IAM OIDC provider does not accept the audience ${AWS_OIDC_AUDIENCE}`, `add ${AWS_OIDC_AUDIENCE} to the provider's audiences (client IDs)`, said, answer.status);
    }
    if (code === "AccessDenied" || answer.status === 403) {
        throw new KeylessError(STS, `${problem}: the role's trust policy does not admit this job`, `let the role's trust policy allow sts:AssumeRoleWithWebIdentity for the federated principal arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com when token.actions.githubusercontent.com:aud is ${AWS_OIDC_AUDIENCE} and :sub matches this job (${claims || "sub=repo:<org>/<repo>:…"})`, said, answer.status);
    }
    throw new KeylessError(STS, problem, "check aws-role-arn and the role's trust policy", said, answer.status);
}
/** GetAuthorizationToken for a private registry (ecr) or public.ecr.aws (ecr-public). */
async function ecrAuthorizationToken(registry, credentials, endpoints, deps = {}) {
    const isPublic = registry.provider === "ecr-public";
    const service = isPublic ? "the ECR Public API" : "the ECR API";
    const url = isPublic ? endpoints.ecrPublicApi : endpoints.ecrApi(registry.region, registry.dnsSuffix);
    const now = deps.now ?? Date.now;
    const body = "{}";
    const signed = signV4({
        method: "POST",
        host: url.host,
        path: url.pathname,
        headers: {
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": isPublic
                ? "SpencerFrontendService.GetAuthorizationToken"
                : "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
        },
        body,
    }, {
        credentials,
        region: isPublic ? ECR_PUBLIC_REGION : registry.region,
        service: isPublic ? "ecr-public" : "ecr",
        date: new Date(now()),
    });
    const { host: _host, ...headers } = signed.headers;
    const answer = await callService({ service, method: "POST", url, headers, body }, deps);
    const parsed = jsonBody(answer);
    const data = isRecord(parsed)
        ? Array.isArray(parsed.authorizationData)
            ? parsed.authorizationData[0]
            : parsed.authorizationData
        : undefined;
    if (answer.status === 200 && isRecord(data) && typeof data.authorizationToken === "string") {
        const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        const expires = typeof data.expiresAt === "number" ? data.expiresAt * 1000 : Date.parse(String(data.expiresAt));
        if (colon > 0) {
            return {
                username: decoded.slice(0, colon),
                password: decoded.slice(colon + 1),
                expiresAt: Number.isNaN(expires) ? now() + 12 * 3600_000 : expires,
            };
        }
    }
    const type = isRecord(parsed) && typeof parsed.__type === "string" ? parsed.__type.replace(/^.*#/, "") : "";
    const message = isRecord(parsed) && typeof (parsed.message ?? parsed.Message) === "string"
        ? String(parsed.message ?? parsed.Message)
        : bodyText(answer);
    const said = [type, message].filter(Boolean).join(": ") || `HTTP ${answer.status}`;
    const actions = isPublic
        ? "ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken"
        : "ecr:GetAuthorizationToken";
    if (/AccessDenied/i.test(type)) {
        throw new KeylessError(service, `refused to issue a registry password for ${registry.host}`, `allow ${actions} (Resource: *) in the policy of the role or user the credentials belong to`, said, answer.status);
    }
    if (/UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|IncompleteSignature/i.test(type)) {
        throw new KeylessError(service, "did not accept the AWS credentials", "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (a session token expires), or use aws-role-arn", said, answer.status);
    }
    throw new KeylessError(service, `gave no registry password for ${registry.host}`, "rerun the job", said, answer.status);
}
/** A fresh ECR registry password from the job's OIDC token and a role. */
async function ecrPasswordWithRole(registry, roleArn, oidc, endpoints, deps = {}) {
    const idToken = await requestIdToken(oidc, AWS_OIDC_AUDIENCE, deps);
    const session = await assumeRoleWithWebIdentity(roleArn, idToken, registry, endpoints, deps);
    const password = await ecrAuthorizationToken(registry, session, endpoints, deps);
    // Taken to end with the role session as well (the sooner of the two), so that a refresh never
    // counts on a password whose session has ended.
    return { ...password, expiresAt: Math.min(password.expiresAt, session.expiresAt) };
}
/** The text of the first `<tag>…</tag>`, XML entities decoded. */
function xmlValue(xml, tag) {
    const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
    if (!match)
        return undefined;
    return (match[1] ?? "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
        .replace(/&amp;/g, "&")
        .trim();
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/google.ts
/**
 * Google Workload Identity Federation, as google-github-actions/auth does it: the job's OIDC token
 * (audience `https://iam.googleapis.com/<provider>`) is exchanged at Google STS for a federated
 * access token (token-exchange grant, JWT subject token, cloud-platform scope). With a service
 * account, IAM Credentials' generateAccessToken turns that into the account's access token; without
 * one (direct federation) the federated token itself is the credential. Artifact Registry takes
 * either with the username `oauth2accesstoken`.
 */



const GOOGLE_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const google_STS = "Google STS";
const IAM = "Google IAM Credentials";
/** What an impersonated access token is asked to live (Google's default maximum). */
const ACCESS_TOKEN_LIFETIME_S = 3600;
/** The audience google-github-actions/auth asks GitHub for: the provider's URL. */
function googleOidcAudience(provider) {
    return `https://iam.googleapis.com/${provider}`;
}
/** The `audience` of the STS exchange: the provider's full resource name. */
function googleStsAudience(provider) {
    return `//iam.googleapis.com/${provider}`;
}
/**
 * An access token for Artifact Registry: a fresh OIDC token, the STS exchange and, with a service
 * account, generateAccessToken.
 */
async function googleAccessToken(login, oidc, endpoints, deps = {}) {
    const idToken = await requestIdToken(oidc, googleOidcAudience(login.provider), deps);
    const federated = await exchangeForFederatedToken(login.provider, idToken, endpoints, deps);
    if (!login.serviceAccount)
        return federated;
    return impersonate(login.serviceAccount, federated.accessToken, login.provider, idToken, endpoints, deps);
}
/** Google STS: the job's ID token for a federated access token. */
async function exchangeForFederatedToken(provider, idToken, endpoints, deps = {}) {
    const now = deps.now ?? Date.now;
    const answer = await callService({
        service: google_STS,
        method: "POST",
        url: endpoints.googleSts,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            audience: googleStsAudience(provider),
            grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
            requestedTokenType: "urn:ietf:params:oauth:token-type:access_token",
            scope: GOOGLE_SCOPE,
            subjectTokenType: "urn:ietf:params:oauth:token-type:jwt",
            subjectToken: idToken,
        }),
    }, deps);
    const body = jsonBody(answer);
    if (answer.status === 200 && isRecord(body) && typeof body.access_token === "string") {
        const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
        return { accessToken: body.access_token, expiresAt: now() + seconds * 1000 };
    }
    throw stsRefusal(answer.status, body, bodyText(answer), provider, idToken);
}
function stsRefusal(status, body, text, provider, idToken) {
    const code = isRecord(body) && typeof body.error === "string" ? body.error : "";
    const description = isRecord(body) && typeof body.error_description === "string" ? body.error_description : "";
    const said = code || description ? [code, description].filter(Boolean).join(": ") : text || `HTTP ${status}`;
    const claims = describeClaims(idToken, ["repository", "ref", "repository_owner", "workflow_ref"]);
    const problem = `refused the job's OIDC token for ${provider}`;
    if (code === "invalid_target" ||
        status === 404 ||
        /not.?found|does not exist|disabled/i.test(description)) {
        return new KeylessError(google_STS, `${problem}: the provider does not exist or is disabled`, "check gar-workload-identity-provider: the project number, the pool and the provider (gcloud iam workload-identity-pools providers list --workload-identity-pool=<pool> --location=global)", said, status);
    }
    if (/attribute condition/i.test(description)) {
        return new KeylessError(google_STS, `${problem}: the provider's attribute condition rejected this job`, `change the provider's attribute condition (and its attribute mapping) to admit this job's claims (${claims})`, said, status);
    }
    if (/audience/i.test(description)) {
        return new KeylessError(google_STS, `${problem}: the provider does not accept the audience ${googleOidcAudience(provider)}`, "leave the provider's allowed audiences empty (Google's default accepts exactly this one) or add this URL to them", said, status);
    }
    if (/issuer/i.test(description)) {
        return new KeylessError(google_STS, `${problem}: the provider does not trust GitHub's issuer`, "create the provider with --issuer-uri=https://token.actions.githubusercontent.com (GitHub Enterprise: your enterprise's issuer)", said, status);
    }
    return new KeylessError(google_STS, problem, `check the provider's attribute mapping and condition against this job's claims (${claims})`, said, status);
}
/** IAM Credentials generateAccessToken: the federated token for the service account's own. */
async function impersonate(serviceAccount, federatedToken, provider, idToken, endpoints, deps = {}) {
    const base = endpoints.googleIam.href.replace(/\/$/, "");
    const url = new URL(`${base}/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`);
    const answer = await callService({
        service: IAM,
        method: "POST",
        url,
        headers: { "content-type": "application/json", authorization: `Bearer ${federatedToken}` },
        body: JSON.stringify({ scope: [GOOGLE_SCOPE], lifetime: `${ACCESS_TOKEN_LIFETIME_S}s` }),
    }, deps);
    const body = jsonBody(answer);
    if (answer.status === 200 && isRecord(body) && typeof body.accessToken === "string") {
        const expires = typeof body.expireTime === "string" ? Date.parse(body.expireTime) : Number.NaN;
        const now = deps.now ?? Date.now;
        return {
            accessToken: body.accessToken,
            expiresAt: Number.isNaN(expires) ? now() + ACCESS_TOKEN_LIFETIME_S * 1000 : expires,
        };
    }
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const message = typeof error.message === "string" ? error.message : bodyText(answer) || `HTTP ${answer.status}`;
    const said = typeof error.status === "string" ? `${error.status}: ${message}` : message;
    const pool = provider.replace(/\/providers\/[^/]+$/, "");
    const repository = describeClaims(idToken, ["repository"]).replace(/^repository=/, "") || "<org>/<repo>";
    if (/has not been used|is disabled|SERVICE_DISABLED/i.test(said)) {
        throw new KeylessError(IAM, `cannot issue tokens for ${serviceAccount}: the IAM Service Account Credentials API is off in the pool's project`, "enable iamcredentials.googleapis.com in that project (gcloud services enable iamcredentials.googleapis.com)", said, answer.status);
    }
    if (answer.status === 403 || answer.status === 404) {
        throw new KeylessError(IAM, `refused to let this job impersonate ${serviceAccount} (or the account does not exist)`, `grant roles/iam.workloadIdentityUser on ${serviceAccount} to principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository} (the provider must map attribute.repository=assertion.repository), or leave gar-service-account empty for direct federation`, said, answer.status);
    }
    throw new KeylessError(IAM, `gave no access token for ${serviceAccount}`, "check gar-service-account", said, answer.status);
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/plan.ts
/**
 * What a login decides before any call to a token service: the keyless inputs, checked; whether the
 * job may request an OIDC token; what each source is. The login step's bundle needs only this (the
 * token services' clients are in the credential helper's bundle), so it stays small for everyone
 * who logs in with a password.
 */


/** The username Artifact Registry and Container Registry take an access token with. */
const GOOGLE_USERNAME = "oauth2accesstoken";
/** The username of every ECR registry password. */
const ECR_USERNAME = "AWS";
/** What to do when the job cannot ask for an OIDC token. */
const ID_TOKEN_FIX = "grant the job `permissions: id-token: write` (a caller of the reusable workflow grants it in the calling job, next to contents: read and packages: write); pull requests from forks never get one";
/** The job's OIDC request, or undefined when the job was not granted `id-token: write`. */
function oidcRequest(env = process.env) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
    return url && token ? { url, token } : undefined;
}
/** The error for a job without `id-token: write`, naming what needed the token. */
function noIdTokenError(needs) {
    return new KeylessError("GitHub Actions", `${needs} needs the job's OIDC token, but the job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`, ID_TOKEN_FIX);
}
const PROVIDER = /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;
/** Checks a provider's full resource name, with a fix for each usual mistake. */
function parseWorkloadIdentityProvider(value, input = "gar-workload-identity-provider") {
    const text = value.trim();
    const form = "projects/<project number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>";
    if (PROVIDER.test(text))
        return text;
    const prefix = /^(?:https:|principal(?:Set)?:)?\/\/iam\.googleapis\.com\//.exec(text);
    if (prefix) {
        throw new InputError(input, text, `starts with ${prefix[0]}`, `write the resource name alone: ${form}`);
    }
    if (/^projects\/[^/]*[^0-9/][^/]*\//.test(text)) {
        throw new InputError(input, text, "names the project by its ID", `Workload Identity Federation needs the project number: ${form} (gcloud projects describe <id> --format='value(projectNumber)')`);
    }
    if (/\/workloadIdentityPools\/[^/]+\/?$/.test(text)) {
        throw new InputError(input, text, "is a pool, not a provider", `add /providers/<provider>: ${form}`);
    }
    throw new InputError(input, text, "is not a workload identity provider's resource name", `write ${form} (gcloud iam workload-identity-pools providers describe <provider> --workload-identity-pool=<pool> --location=global --format='value(name)')`);
}
/** Checks a service account's email (or its 21-digit unique ID). */
function parseServiceAccount(value, input = "gar-service-account") {
    const text = value.trim();
    if (/^[^@\s/]+@[a-z0-9.-]+\.gserviceaccount\.com$/.test(text) || /^\d{21}$/.test(text))
        return text;
    throw new InputError(input, text, "is not a service account", "write its email, e.g. pusher@my-project.iam.gserviceaccount.com, or leave it empty for direct federation");
}
/** Checks an IAM role ARN. */
function parseRoleArn(value, input = "aws-role-arn") {
    const text = value.trim();
    if (/^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(text))
        return text;
    const fix = "write the role's ARN, e.g. arn:aws:iam::123456789012:role/github-ecr-push";
    if (/^arn:aws[\w-]*:iam::\d{12}:user\//.test(text)) {
        throw new InputError(input, text, "is a user, not a role", `${fix}; a user's keys go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
    }
    throw new InputError(input, text, "is not an IAM role ARN", fix);
}
/**
 * Checks the keyless inputs that hold no secret, recording every problem: each value's form, and a
 * service account only with a provider to impersonate it through. Returns the valid values (empty
 * for one not given or refused). The login decides with them; the plan checks them with this same
 * rule before anything is built. (AWS keys are secrets: the login checks them alone.)
 */
function parseKeylessInputs(given, problems) {
    const checked = (value, parse) => value === "" ? "" : (problems.attempt(() => parse(value)) ?? "");
    const garWorkloadIdentityProvider = checked(given.garWorkloadIdentityProvider, parseWorkloadIdentityProvider);
    const garServiceAccount = checked(given.garServiceAccount, parseServiceAccount);
    if (given.garServiceAccount && !given.garWorkloadIdentityProvider) {
        problems.add(new InputError("gar-service-account", given.garServiceAccount, "is set but gar-workload-identity-provider is empty", "set gar-workload-identity-provider too: the service account is impersonated through it"));
    }
    const awsRoleArn = checked(given.awsRoleArn, parseRoleArn);
    return { garWorkloadIdentityProvider, garServiceAccount, awsRoleArn };
}


;// CONCATENATED MODULE: ../image-spec/src/keyless/mint.ts
/**
 * One entry point for every keyless credential: what the login step checks with, and what the
 * credential helper answers docker, buildx and buildah with, late in a long job.
 */




/** Mints a fresh credential for one registry (never cached here; see CredentialCache). */
async function mintCredential(login, deps = {}) {
    const env = deps.env ?? process.env;
    const endpoints = deps.endpoints ?? keylessEndpoints(env);
    const { registry, source } = login;
    if (source.kind === "aws-keys") {
        return ecrAuthorizationToken(ecr(registry), source.credentials, endpoints, deps);
    }
    const oidc = oidcRequest(env);
    if (source.kind === "google") {
        if (!oidc)
            throw noIdTokenError(`gar-workload-identity-provider (for ${registry.host})`);
        const token = await googleAccessToken(source, oidc, endpoints, deps);
        return { username: GOOGLE_USERNAME, password: token.accessToken, expiresAt: token.expiresAt };
    }
    if (!oidc)
        throw noIdTokenError(`aws-role-arn (for ${registry.host})`);
    return ecrPasswordWithRole(ecr(registry), source.roleArn, oidc, endpoints, deps);
}
function ecr(registry) {
    if (registry.provider === "google")
        throw new Error(`${registry.host} is not an ECR registry`);
    return registry;
}
/** Renewal starts this long before expiry at most (a quarter of the lifetime for short ones). */
const REFRESH_BEFORE_MS = 5 * 60_000;
/**
 * When a credential issued at `issuedAt` is renewed: shortly before it expires, so that whoever gets
 * it has time to use it (a registry token exchange, the start of a push).
 */
function refreshAt(credential, issuedAt) {
    const lifetime = Math.max(0, credential.expiresAt - issuedAt);
    return credential.expiresAt - Math.min(REFRESH_BEFORE_MS, lifetime / 4);
}
/**
 * Credentials per host, minted on first use and again once they near expiry. Concurrent asks for one
 * host share one mint; a failed mint is not kept.
 */
class CredentialCache {
    mint;
    entries = new Map();
    now;
    constructor(mint, options = {}) {
        this.mint = mint;
        this.now = options.now ?? Date.now;
    }
    get(host) {
        const known = this.entries.get(host);
        if (known && this.now() < known.renewAt)
            return known.credential;
        const issuedAt = this.now();
        const entry = { credential: this.mint(host), renewAt: Number.POSITIVE_INFINITY };
        this.entries.set(host, entry);
        entry.credential.then((credential) => {
            entry.renewAt = refreshAt(credential, issuedAt);
        }, () => {
            if (this.entries.get(host) === entry)
                this.entries.delete(host);
        });
        return entry.credential;
    }
}

;// CONCATENATED MODULE: ../image-spec/src/keyless/index.ts
/**
 * Registry logins without a stored key: the job's GitHub OIDC token exchanged at Google (Workload
 * Identity Federation) or AWS (AssumeRoleWithWebIdentity, then ECR's GetAuthorizationToken). What a
 * login decides beforehand, without the network, is also `@mbp/image-spec/keyless/plan`.
 */
/** The registry client's transport, for a process that mints more than once (the helper's cache). */











/***/ }),

/***/ 917:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KY: () => (/* binding */ mintOnce),
/* harmony export */   UA: () => (/* binding */ runHelper),
/* harmony export */   VR: () => (/* binding */ HELPER_BOUND_MS)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(30);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _mbp_image_spec_keyless__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(773);
/* harmony import */ var _config__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(624);
/**
 * `docker-credential-<name>`: the docker credential helper protocol (`get`, `list`, `store`,
 * `erase`; the server URL on stdin, JSON on stdout). `get` answers only for the hosts the login step
 * set it up for, from the caching process when it runs, else by minting directly from the job's OIDC
 * request (which the caller's environment carries); the answer is the only place a token goes.
 * Bounded like every helper the project runs: an answer comes within 15 s or the helper fails.
 */



/** What a `get` may take, all in (docker-config.ts gives every helper 15 s). */
const HELPER_BOUND_MS = 14_000;
/**
 * `mint`: one credential for the login step, from a KeylessLogin as JSON on stdin (an access key
 * pair among them: stdin, never argv or a file), answered as `{Username, Secret, expiresAt}`. Keeps
 * the token services' clients out of the login step's own bundle.
 */
async function mintOnce(io) {
    let login;
    try {
        login = JSON.parse(io.stdin);
    }
    catch {
        return fail(io, "mint: stdin is not a keyless login as JSON");
    }
    const now = io.now ?? Date.now;
    try {
        const credential = await (0,_mbp_image_spec_keyless__WEBPACK_IMPORTED_MODULE_1__/* .mintCredential */ .mK)(login, {
            env: io.env,
            deadline: now() + (io.boundMs ?? HELPER_BOUND_MS),
        });
        io.write(`${JSON.stringify({ Username: credential.username, Secret: credential.password, expiresAt: credential.expiresAt })}\n`);
        return 0;
    }
    catch (error) {
        return fail(io, error instanceof Error ? error.message : String(error));
    }
}
/** Runs one helper command; resolves with the exit code. */
async function runHelper(configPath, command, io) {
    const config = (0,_config__WEBPACK_IMPORTED_MODULE_2__/* .readHelperConfig */ .XY)(configPath);
    switch (command) {
        case "get":
            return get(config, io);
        case "list": {
            const users = Object.fromEntries(Object.entries(config.hosts).map(([host, entry]) => [
                host,
                entry.registry.provider === "google" ? _mbp_image_spec_keyless__WEBPACK_IMPORTED_MODULE_1__/* .GOOGLE_USERNAME */ .VZ : _mbp_image_spec_keyless__WEBPACK_IMPORTED_MODULE_1__/* .ECR_USERNAME */ .sS,
            ]));
            io.write(`${JSON.stringify(users)}\n`);
            return 0;
        }
        case "erase":
            // Nothing is stored, so there is nothing to erase (`docker logout` asks).
            return 0;
        case "store":
            return fail(io, `docker-credential-${config.name} keeps no credentials: multi-registry-login makes them from the job's OIDC token for ${Object.keys(config.hosts).join(", ")}`);
        default:
            return fail(io, `docker-credential-${config.name}: unknown command ${JSON.stringify(command)}; use get, list, store or erase`);
    }
}
async function get(config, io) {
    const serverUrl = io.stdin.trim();
    const host = (0,_config__WEBPACK_IMPORTED_MODULE_2__/* .serverHost */ .Ez)(serverUrl);
    const entry = config.hosts[host];
    if (!entry) {
        io.write(`${_config__WEBPACK_IMPORTED_MODULE_2__/* .NOT_FOUND */ .p2}\n`);
        return 1;
    }
    const now = io.now ?? Date.now;
    const bound = io.boundMs ?? HELPER_BOUND_MS;
    const deadline = now() + bound;
    let answer;
    try {
        answer = await ask(config.socket, host, bound);
    }
    catch {
        // No caching process (stopped, or never started): mint here, from this environment.
        try {
            const credential = await (0,_mbp_image_spec_keyless__WEBPACK_IMPORTED_MODULE_1__/* .mintCredential */ .mK)(entry, { env: io.env, deadline });
            answer = {
                Username: credential.username,
                Secret: credential.password,
                expiresAt: credential.expiresAt,
            };
        }
        catch (error) {
            answer = { error: error instanceof Error ? error.message : String(error) };
        }
    }
    if ("error" in answer)
        return fail(io, `no credentials for ${host}: ${answer.error}`);
    io.write(`${JSON.stringify({ ServerURL: serverUrl, Username: answer.Username, Secret: answer.Secret })}\n`);
    return 0;
}
/**
 * Helpers report failures on stdout, where docker and containers/image read them (`error getting
 * credentials - … out: <message>`), and on stderr for everyone else.
 */
function fail(io, message) {
    io.write(`${message}\n`);
    io.writeError(`${message}\n`);
    return 1;
}
/** Asks the caching process; rejects when it is not there (so the caller mints itself). */
function ask(socketPath, host, timeoutMs) {
    return new Promise((resolve, reject) => {
        const socket = node_net__WEBPACK_IMPORTED_MODULE_0___default().createConnection(socketPath);
        let text = "";
        let connected = false;
        const timer = setTimeout(() => {
            socket.destroy();
            if (connected)
                resolve({ error: `the credential cache did not answer within ${Math.round(timeoutMs / 1000)} s` });
            else
                reject(new Error("no answer"));
        }, timeoutMs);
        socket.setEncoding("utf8");
        socket.on("connect", () => {
            connected = true;
            socket.write(`${JSON.stringify({ get: host })}\n`);
        });
        socket.on("data", (chunk) => {
            text += chunk;
        });
        socket.on("end", () => {
            clearTimeout(timer);
            try {
                resolve(JSON.parse(text));
            }
            catch {
                reject(new Error("the credential cache gave no answer"));
            }
        });
        socket.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
    });
}


/***/ }),

/***/ 624:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ez: () => (/* binding */ serverHost),
/* harmony export */   XY: () => (/* binding */ readHelperConfig),
/* harmony export */   p2: () => (/* binding */ NOT_FOUND)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What the credential helper knows: for which hosts it answers and how it makes their credentials.
 * Written by the login step into a 0700 directory of its own; holds no secret (the OIDC request
 * token stays in the environment of the processes that have it).
 */

/** The message docker, buildx and containers/image take for "no credentials here". */
const NOT_FOUND = "credentials not found in native keychain";
function readHelperConfig(path) {
    const value = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, "utf8"));
    if (typeof value !== "object" ||
        value === null ||
        value.version !== 1 ||
        typeof value.socket !== "string" ||
        typeof value.hosts !== "object") {
        throw new Error(`${path} is not a credential helper configuration of this version`);
    }
    return value;
}
/**
 * The host a server URL names: docker passes the `credHelpers` key (`host[:port]`), other clients
 * `https://host/`, `https://host/v2/` or `host/`.
 */
function serverHost(serverUrl) {
    return serverUrl
        .trim()
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
        .replace(/\/.*$/, "")
        .toLowerCase();
}


/***/ }),

/***/ 420:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  w: () => (/* binding */ serve)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(30);
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_);
// EXTERNAL MODULE: ../image-spec/src/keyless/index.ts + 31 modules
var keyless = __nccwpck_require__(773);
// EXTERNAL MODULE: ./src/helper/config.ts
var helper_config = __nccwpck_require__(624);
;// CONCATENATED MODULE: ./src/helper/daemon.ts
/**
 * The caching process behind the credential helper: started by the login step, stopped by its post
 * step. It keeps each host's credential in memory until shortly before it expires (CredentialCache)
 * and answers the helper over a unix socket that only the job's user can open (0600, in a 0700
 * directory). Nothing it holds is ever written to a file.
 */





/** Serves a helper configuration until close(), or until its file disappears. */
async function serve(configPath, options = {}) {
    const config = (0,helper_config/* readHelperConfig */.XY)(configPath);
    const env = options.env ?? process.env;
    const transport = new keyless/* Transport */.oK();
    const cache = new keyless/* CredentialCache */.a5((host) => {
        const entry = config.hosts[host];
        if (!entry)
            return Promise.reject(new Error(`${host} is not served here`));
        return (0,keyless/* mintCredential */.mK)({ registry: entry.registry, source: entry.source }, { env, transport });
    }, options.now ? { now: options.now } : {});
    const answer = async (request) => {
        if (!config.hosts[request.get])
            return { error: helper_config/* NOT_FOUND */.p2, notFound: true };
        try {
            const credential = await cache.get(request.get);
            return { Username: credential.username, Secret: credential.password, expiresAt: credential.expiresAt };
        }
        catch (error) {
            return { error: error instanceof Error ? error.message : String(error) };
        }
    };
    const server = external_node_net_default().createServer((socket) => {
        let text = "";
        socket.setEncoding("utf8");
        socket.on("data", (chunk) => {
            text += chunk;
            const newline = text.indexOf("\n");
            if (newline < 0)
                return;
            let request;
            try {
                request = JSON.parse(text.slice(0, newline));
            }
            catch {
                socket.end(`${JSON.stringify({ error: "not a JSON request" })}\n`);
                return;
            }
            void answer(request).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
        });
        socket.on("error", () => socket.destroy());
    });
    await (0,promises_namespaceObject.rm)(config.socket, { force: true });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.socket, resolve);
    });
    await (0,promises_namespaceObject.chmod)(config.socket, 0o600);
    let closed;
    const close = () => {
        closed ??= new Promise((resolve) => {
            clearInterval(watch);
            server.close(() => resolve());
            transport.close();
        });
        return closed;
    };
    const watch = setInterval(() => {
        if (!(0,external_node_fs_.existsSync)(configPath))
            void close();
    }, options.watchMs ?? 30_000);
    watch.unref();
    return { config, close };
}


/***/ }),

/***/ 872:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _client__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(917);
/* harmony import */ var _daemon__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(420);
/**
 * The credential helper's bundle (dist/helper/index.js), run as
 * `node index.js <config.json> get|list|store|erase` by the `docker-credential-<name>` script the
 * login step writes, as `node index.js <config.json> serve` for the caching process, and as
 * `node index.js - mint` by the login step for one credential.
 */


const [configPath = "", command = ""] = process.argv.slice(2);
if (command === "serve") {
    const daemon = await (0,_daemon__WEBPACK_IMPORTED_MODULE_1__/* .serve */ .w)(configPath);
    const stop = () => void daemon.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}
else {
    // A last guard: whatever hangs, the helper ends within docker-config.ts's 15 s.
    setTimeout(() => {
        process.stdout.write(`docker-credential helper: no answer within ${_client__WEBPACK_IMPORTED_MODULE_0__/* .HELPER_BOUND_MS */ .VR / 1000 + 1} s\n`);
        process.exit(1);
    }, _client__WEBPACK_IMPORTED_MODULE_0__/* .HELPER_BOUND_MS */ .VR + 1_000).unref();
    const chunks = [];
    if (["get", "store", "erase", "mint"].includes(command)) {
        for await (const chunk of process.stdin)
            chunks.push(chunk);
    }
    const io = {
        stdin: Buffer.concat(chunks).toString("utf8"),
        env: process.env,
        write: (text) => process.stdout.write(text),
        writeError: (text) => process.stderr.write(text),
    };
    process.exitCode = command === "mint" ? await (0,_client__WEBPACK_IMPORTED_MODULE_0__/* .mintOnce */ .KY)(io) : await (0,_client__WEBPACK_IMPORTED_MODULE_0__/* .runHelper */ .UA)(configPath, command, io);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 30:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(872);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
