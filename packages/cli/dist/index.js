#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 887:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(270);

const code = await (0,_main__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2));
// An interrupted run ends now, whatever request or timer is still pending.
if (code === 130 || code === 143)
    process.exit(code);
process.exitCode = code;

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 270:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iW: () => (/* binding */ main)
});

// UNUSED EXPORTS: VERSION, invocationOf

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
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
class InputErrors extends Error {
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
class errors_Problems {
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
            else if (error instanceof InputErrors)
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
            throw new InputErrors(this.found);
    }
}
/** Normalises anything thrown into an Error without losing a non-Error value. */
function errors_asError(thrown) {
    if (thrown instanceof Error)
        return thrown;
    return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${JSON.stringify(thrown)}`);
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ../image-spec/src/github.ts

/** Reads the GitHub context from the environment (the runner's variables). */
function readGitHubContext(env = process.env) {
    const get = (name) => (env[name] ?? "").trim();
    const repositoryPrivate = eventRepositoryPrivate(get("GITHUB_EVENT_PATH"));
    return {
        eventName: get("GITHUB_EVENT_NAME"),
        ref: get("GITHUB_REF"),
        headRef: get("GITHUB_HEAD_REF"),
        repository: get("GITHUB_REPOSITORY"),
        repositoryOwner: get("GITHUB_REPOSITORY_OWNER") || get("GITHUB_REPOSITORY").split("/")[0] || "",
        actor: get("GITHUB_ACTOR"),
        sha: get("GITHUB_SHA"),
        serverUrl: get("GITHUB_SERVER_URL") || "https://github.com",
        runnerEnvironment: get("RUNNER_ENVIRONMENT"),
        ...(get("GITHUB_RUN_ID")
            ? { runId: get("GITHUB_RUN_ID"), runAttempt: get("GITHUB_RUN_ATTEMPT") || "1" }
            : {}),
        ...(repositoryPrivate === undefined ? {} : { repositoryPrivate }),
    };
}
// `repository.private` of the event that started the run (the file GITHUB_EVENT_PATH names), as
// @actions/github's context.payload reads it; undefined when there is no such file or field.
function eventRepositoryPrivate(path) {
    if (!path)
        return undefined;
    try {
        const payload = JSON.parse(readFileSync(path, "utf8"));
        const flag = payload.repository?.private;
        return typeof flag === "boolean" ? flag : undefined;
    }
    catch {
        return undefined;
    }
}
/** The workflow run's URL with its attempt (buildx's provenance `builder-id`); empty off GitHub Actions. */
function github_workflowRunUrl(context) {
    if (!context.runId || !context.repository)
        return "";
    return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}/attempts/${context.runAttempt || "1"}`;
}
/**
 * OCI annotations/labels that tie an image to its source: `org.opencontainers.image.source` and
 * `.revision`, plus `.version` when a tag is given. Nothing time-dependent, so re-runs give the same
 * bytes. Empty when the context does not know the repository.
 */
function github_sourceAnnotations(context, version) {
    const result = {};
    if (context.repository) {
        result["org.opencontainers.image.source"] = `${context.serverUrl}/${context.repository}`;
    }
    if (context.sha)
        result["org.opencontainers.image.revision"] = context.sha;
    if (version)
        result["org.opencontainers.image.version"] = version;
    return result;
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
function list_splitKeyValue(line) {
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
function list_parseKeyValues(value, input) {
    return parseLines(value).map((line) => {
        const pair = list_splitKeyValue(line);
        if (!pair)
            throw new errors_InputError(input, unquote(line), "is not KEY=VALUE", "write one KEY=VALUE per line");
        return pair;
    });
}

;// CONCATENATED MODULE: ../image-spec/src/build-request.ts
/**
 * The one rule, shared by arch-build and the CLI, for turning build settings into what an engine gets:
 * the cache (scope and `{arch}`), image labels, build secrets and provenance. Callers read their own
 * inputs or flags; everything after that is decided here, so the action and a local run build alike.
 */



/** The placeholder of cache entries, replaced by the platform's tag suffix. */
const ARCH_PLACEHOLDER = "{arch}";
/**
 * Cache entries, one per line, checked: any `{...}` other than `{arch}` is a problem, since a
 * misspelt placeholder would share one cache between architectures. `{arch}` stays until
 * settingsForPlatform (or expandArch) replaces it.
 */
function build_request_parseCacheEntries(input, text, problems) {
    return parseLines(text).map((entry) => {
        const unknown = [...entry.matchAll(/\{[^}]*\}/g)].map((m) => m[0]).filter((p) => p !== ARCH_PLACEHOLDER);
        if (unknown.length > 0) {
            problems.add(new errors_InputError(input, entry, `has the placeholder ${unknown.join(", ")}, which is not known`, `write ${ARCH_PLACEHOLDER} (the platform's tag suffix: amd64, arm64, arm-v7), or no placeholder`));
        }
        return entry;
    });
}
/** Cache entries for one platform: `{arch}` becomes its tag suffix (`amd64`, `arm64`, `arm-v7`). */
function build_request_expandArch(entries, suffix) {
    return suffix ? entries.map((entry) => entry.replaceAll(ARCH_PLACEHOLDER, suffix)) : [...entries];
}
/** parseCacheEntries, then expandArch: one platform's entries, with the problems of all. */
function expandCacheEntries(input, text, suffix, problems) {
    return build_request_expandArch(build_request_parseCacheEntries(input, text, problems), suffix);
}
/** The cache scope of one platform's build: one per image and architecture. */
function cacheScope(plan, platform) {
    return `${plan.images[0]?.path ?? "image"}-${platform.suffix}`;
}
/**
 * The settings every platform shares, fitted to one: its cache scope, `{arch}` replaced, and the
 * cache on when it is on by default or an entry names one (`--no-cache` reads none of them).
 */
function build_request_settingsForPlatform(settings, plan, platform) {
    const { cache } = settings;
    return {
        secrets: settings.secrets,
        labels: settings.labels,
        cache: {
            enabled: Boolean(cache.byDefault) || cache.from.length > 0 || cache.to.length > 0,
            scope: cacheScope(plan, platform),
            from: cache.noCache ? [] : build_request_expandArch(cache.from, platform.suffix),
            to: build_request_expandArch(cache.to, platform.suffix),
            ...(cache.noCache === undefined ? {} : { noCache: cache.noCache }),
        },
        provenance: settings.provenance,
        ...(settings.defaultProvenance ? { defaultProvenance: true } : {}),
        sbom: settings.sbom,
        ...(settings.sourceDateEpoch ? { sourceDateEpoch: settings.sourceDateEpoch } : {}),
    };
}
/**
 * Image labels: the OCI source labels of the checkout (`source`, `revision`, `version` = the tag),
 * then the caller's, which win on a clash.
 */
function build_request_imageLabels(github, version, labels) {
    return [...new Map([...Object.entries(github_sourceAnnotations(github, version)), ...labels])];
}
/**
 * The provenance attestation to ask buildx for, as docker/build-push-action (v6, through
 * actions-toolkit's getProvenanceInput and its default) asks on GitHub Actions: with no value,
 * `mode=max` for a public repository and `mode=min,inline-only=true` (buildx's own default) for a
 * private one, by the event payload's `repository.private` (a payload that does not say counts as
 * public there too); `true` becomes the default mode; every value but `false` names the workflow
 * run as `builder-id`. Off GitHub Actions (no run) the value is kept as given, and empty stays empty:
 * buildx's own default, which records no build arguments.
 */
function build_request_resolveProvenance(given, github) {
    const value = given.trim();
    const run = workflowRunUrl(github);
    if (!run)
        return { provenance: value };
    if (["false", "False", "FALSE"].includes(value))
        return { provenance: "false" };
    if (["true", "True", "TRUE"].includes(value))
        return { provenance: `builder-id=${run}` };
    if (value === "") {
        const mode = github.repositoryPrivate === true ? "mode=min,inline-only=true" : "mode=max";
        return { provenance: `${mode},builder-id=${run}`, defaultProvenance: true };
    }
    const named = value.split(",").some((attribute) => attribute.split("=")[0]?.trim() === "builder-id");
    return { provenance: named ? value : `${value},builder-id=${run}` };
}
/** Environment variable that carries one secret's value to buildx (`--secret id=X,env=MBP_SECRET_X`). */
function secretEnvName(id) {
    return `MBP_SECRET_${id.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase()}`;
}
const SECRET_ID_RE = /^[A-Za-z0-9_.-]+$/;
/**
 * Build secrets as the action's `secrets` input (and the workflow's IMAGE_SECRETS) takes them: one
 * `id=value` per line (blank lines and `#` comments skipped, as in every list), and for a value of
 * several lines a block as GITHUB_OUTPUT takes one: `id<<DELIMITER`, the value's lines, then a line
 * that is the delimiter alone. The delimiter must not occur in the value. A problem never shows a
 * line that may hold a value: only its number, or a block's `id<<DELIMITER` line.
 */
function build_request_parseSecretLines(text, input, problems) {
    const entries = [];
    const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
    for (let i = 0; i < lines.length; i++) {
        const line = (lines[i] ?? "").trim();
        if (line === "" || line.startsWith("#"))
            continue;
        const opens = /^([^=]*?)\s*<<\s*(\S+)$/.exec(line);
        // `id=a<<b` is a one-line value: an id has no `=`.
        if (opens) {
            const [opener, id = "", delimiter = ""] = opens;
            const start = i;
            const value = [];
            for (i++; i < lines.length && (lines[i] ?? "").trim() !== delimiter; i++)
                value.push(lines[i] ?? "");
            const inValue = value.findIndex((valueLine) => valueLine.includes(delimiter));
            if (i >= lines.length) {
                problems.add(new InputError(input, opener, `(line ${start + 1}) is never closed: no line ${delimiter} follows`, `end the value with a line that is ${delimiter} alone`));
            }
            else if (inValue >= 0) {
                problems.add(new InputError(input, opener, `has its delimiter ${delimiter} inside the value (line ${start + 2 + inValue})`, "choose a delimiter that does not occur in the value, e.g. a random word"));
            }
            else {
                entries.push({ id, value: value.join("\n"), input });
            }
            continue;
        }
        const pair = splitKeyValue(line);
        if (!pair) {
            problems.add(new InputError(input, `<line ${i + 1}, hidden>`, "is not id=value", "write one id=value per line, and a value of several lines as id<<EOF, its lines, then EOF"));
            continue;
        }
        entries.push({ id: pair[0], value: pair[1], input });
    }
    return entries;
}
/**
 * The problem of a secret id that BuildKit would refuse, if any. The sentence follows what is shown:
 * the id itself "is not" one, a flag's whole entry "has" an invalid one.
 */
function secretIdProblem(entry) {
    if (SECRET_ID_RE.test(entry.id))
        return undefined;
    const shown = entry.shown ?? entry.id;
    return new errors_InputError(entry.input, shown, shown === entry.id ? "is not a valid secret id" : "has an invalid secret id", "use letters, digits, '_', '.' and '-' in the id");
}
/**
 * The checks every build secret passes, wherever it was read: a valid id, given once, whose buildx
 * variable does not clash with another's. An empty value is a warning (a secret not available here).
 * Values are never part of a message.
 */
function build_request_checkSecrets(entries, problems, warnings) {
    const secrets = [];
    const envNames = new Map();
    for (const entry of entries) {
        const { id, value, input, shown = id } = entry;
        const invalid = secretIdProblem(entry);
        if (invalid) {
            problems.add(invalid);
            continue;
        }
        if (secrets.some((s) => s.id === id)) {
            problems.add(new errors_InputError(input, shown, "is given twice", "give each secret id once"));
            continue;
        }
        const envName = secretEnvName(id);
        const clash = envNames.get(envName);
        if (clash !== undefined) {
            problems.add(new errors_InputError(input, shown, `clashes with "${clash}" (both become ${envName})`, "rename one of them"));
            continue;
        }
        envNames.set(envName, id);
        if (value === "")
            warnings.push(`${input}: "${id}" has an empty value (a secret not available here?)`);
        secrets.push({ id, value });
    }
    return secrets;
}
/** Warnings for settings only buildx reads, when the engine is buildah. */
function build_request_ignoredByBuildah(settings) {
    return settings
        .filter(([, value]) => value.trim() !== "")
        .map(([input]) => `${input}: ignored by the buildah engine (buildx only)`);
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
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
const ECR_HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;
/** The kind of a (canonical, lower-case) registry host. */
function registryKind(host) {
    const bare = host.replace(/:\d+$/, "");
    if (bare === "ghcr.io")
        return "ghcr";
    if (bare.endsWith("-docker.pkg.dev"))
        return "artifact-registry";
    if (bare === "gcr.io" || bare.endsWith(".gcr.io"))
        return "container-registry";
    if (DOCKER_HUB_HOSTS.has(bare))
        return "docker-hub";
    if (ECR_HOST_RE.test(bare))
        return "ecr";
    if (bare === "public.ecr.aws")
        return "ecr-public";
    return "generic";
}
/** Host to send distribution API requests to (`docker.io` is served by `registry-1.docker.io`). */
function registryApiHost(host) {
    return registryKind(host) === "docker-hub" ? "registry-1.docker.io" : host;
}
/** Key of a host in a Docker config's `auths` (Docker Hub keeps its historical URL). */
function dockerConfigKey(host) {
    return registryKind(host) === "docker-hub" ? "https://index.docker.io/v1/" : host;
}
/**
 * docker's insecure-registry rule, in one place for every action and the CLI: a loopback host, or one
 * listed in `insecure-registries` (as `parseInsecureRegistries` gives them, lower-case). Such a host is
 * spoken to over HTTPS without certificate verification first, then plain HTTP.
 */
function isInsecureRegistry(host, insecure) {
    const lower = host.toLowerCase();
    return isLoopbackHost(lower) || ("has" in insecure ? insecure.has(lower) : insecure.includes(lower));
}
/**
 * Loopback hosts are treated as insecure registries, as docker does: HTTPS without certificate
 * verification first, then plain HTTP.
 */
function isLoopbackHost(host) {
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
function image_parseInsecureRegistries(value, input = "insecure-registries") {
    const hosts = [];
    const errors = [];
    for (const entry of list_parseList(value)) {
        const host = entry.toLowerCase();
        if (isRegistryHost(host)) {
            if (!hosts.includes(host))
                hosts.push(host);
        }
        else {
            errors.push(new errors_InputError(input, entry, "is not a registry host", "write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000"));
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
        throw new errors_InputError(input, spec, problem, fix);
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
    const kind = registryKind(host);
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
    const entries = list_parseList(value);
    if (entries.length === 0) {
        throw new errors_InputError(input, value, "names no image", "give at least one image, e.g. ghcr.io/org/app");
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
            if (error instanceof errors_InputError)
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

;// CONCATENATED MODULE: ../image-spec/src/docker-config.ts
/**
 * The one place that reads and writes Docker config files (`$DOCKER_CONFIG/config.json`), the file
 * the docker CLI, buildx, buildah (`--authfile`), skopeo and manifest-stitch take credentials from.
 */







/** A Docker config file that cannot be read or used. */
class DockerConfigError extends Error {
    path;
    problem;
    name = "DockerConfigError";
    constructor(path, problem) {
        super(`Docker config ${path}: ${problem}`);
        this.path = path;
        this.problem = problem;
    }
}
/** `$DOCKER_CONFIG/config.json`, by default `~/.docker/config.json`. */
function dockerConfigPath(env = process.env) {
    const dir = env.DOCKER_CONFIG?.trim();
    if (dir)
        return (0,external_node_path_namespaceObject.join)(dir, "config.json");
    return (0,external_node_path_namespaceObject.join)(env.HOME?.trim() || (0,external_node_os_namespaceObject.homedir)(), ".docker", "config.json");
}
/** Reads a Docker config; a missing file is an empty config. Never echoes the file's contents. */
async function readDockerConfig(path = dockerConfigPath()) {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)(path, "utf8");
    }
    catch (error) {
        if (error.code === "ENOENT")
            return {};
        throw new DockerConfigError(path, `cannot be read (${errors_asError(error).message})`);
    }
    if (text.trim() === "")
        return {};
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        // The parser's message quotes the file, which holds secrets.
        throw new DockerConfigError(path, "is not valid JSON; fix or remove it");
    }
    if (!isObject(parsed))
        throw new DockerConfigError(path, "is not a JSON object; fix or remove it");
    for (const field of ["auths", "credHelpers"]) {
        if (parsed[field] !== undefined && !isObject(parsed[field])) {
            throw new DockerConfigError(path, `"${field}" is not an object; fix or remove it`);
        }
    }
    if (parsed.credsStore !== undefined && typeof parsed.credsStore !== "string") {
        throw new DockerConfigError(path, `"credsStore" is not a string; fix or remove it`);
    }
    return parsed;
}
/**
 * Writes a whole Docker config atomically (temporary file in the same directory, then rename) with
 * mode 0600, indented with tabs as docker writes it. A symlinked config.json is written through.
 */
async function writeDockerConfig(path, config) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const target = await realpath(path).catch(() => path);
    const temporary = join(dirname(target), `.config.json.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
        await writeFile(temporary, `${JSON.stringify(config, null, "\t")}\n`, { mode: 0o600, flag: "wx" });
        await chmod(temporary, 0o600);
        await rename(temporary, target);
    }
    catch (error) {
        await rm(temporary, { force: true });
        throw new DockerConfigError(target, `cannot be written (${asError(error).message})`);
    }
}
/**
 * The `auths` keys a host may be stored under, preferred first: `dockerConfigKey(host)`, the bare
 * host, and the forms docker also accepts (`https://host`, `http://host`, `https://host/v1/`,
 * `https://host/v2/`, `host/`; Docker Hub: every alias).
 */
function authKeyCandidates(host) {
    const hosts = registryKind(host) === "docker-hub" ? ["docker.io", "index.docker.io", "registry-1.docker.io"] : [host];
    const keys = [dockerConfigKey(host)];
    for (const name of hosts) {
        keys.push(name, `https://${name}`, `http://${name}`, `https://${name}/v1/`, `https://${name}/v2/`, `http://${name}/v2/`, `${name}/`, `https://${name}/`);
    }
    return [...new Set(keys)];
}
/** Decodes one `auths` entry; undefined when it carries nothing usable. */
function entryCredentials(entry) {
    if (!isObject(entry))
        return undefined;
    const credentials = {};
    if (typeof entry.auth === "string" && entry.auth !== "") {
        const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon > 0) {
            credentials.username = decoded.slice(0, colon);
            credentials.password = decoded.slice(colon + 1);
        }
    }
    if (!credentials.username && typeof entry.username === "string" && entry.username !== "") {
        credentials.username = entry.username;
        if (typeof entry.password === "string")
            credentials.password = entry.password;
    }
    if (typeof entry.identitytoken === "string" && entry.identitytoken !== "") {
        credentials.identityToken = entry.identitytoken;
    }
    if (typeof entry.registrytoken === "string" && entry.registrytoken !== "") {
        credentials.registryToken = entry.registrytoken;
    }
    if (credentials.password === "")
        delete credentials.password;
    return Object.keys(credentials).length > 0 ? credentials : undefined;
}
/** The `auths` entry docker writes for a username and password: `{auth: base64(user:pass)}`. */
function authEntry(credentials) {
    const entry = {};
    if (credentials.username !== undefined || credentials.password !== undefined) {
        entry.auth = Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64");
    }
    if (credentials.identityToken)
        entry.identitytoken = credentials.identityToken;
    if (credentials.registryToken)
        entry.registrytoken = credentials.registryToken;
    return entry;
}
/** A `docker-credential-*` program that does not answer in this time is given up on (`pass`, `secretservice` can wait forever for an unlock). */
const HELPER_TIMEOUT_MS = 15_000;
/**
 * The credentials a Docker config holds for a canonical host (`docker.io`, `ghcr.io`,
 * `127.0.0.1:5000`), or undefined for anonymous access. Order: `credHelpers.<host>`, then an `auths`
 * entry (see authKeyCandidates), then `credsStore`, the order containers/image and the docker CLI
 * agree on for credentials that are present. The caller masks what it gets.
 */
async function credentialsFor(host, options = {}) {
    const env = options.env ?? process.env;
    const path = options.configPath ?? dockerConfigPath(env);
    const config = await readDockerConfig(path);
    const serverUrl = dockerConfigKey(host);
    const helper = credentialHelperFor(config, host);
    const timeoutMs = options.helperTimeoutMs ?? HELPER_TIMEOUT_MS;
    if (helper)
        return helperGet(helper, serverUrl, env, timeoutMs);
    for (const key of authKeyCandidates(host)) {
        const credentials = entryCredentials(config.auths?.[key]);
        if (credentials)
            return credentials;
    }
    if (config.credsStore)
        return helperGet(config.credsStore, serverUrl, env, timeoutMs);
    return undefined;
}
/** The `credHelpers` helper named for a host (Docker Hub under any of its aliases), if any. */
function credentialHelperFor(config, host) {
    const helpers = config.credHelpers;
    if (!helpers)
        return undefined;
    for (const key of authKeyCandidates(host)) {
        const helper = helpers[key];
        if (typeof helper === "string" && helper !== "")
            return helper;
    }
    return undefined;
}
/**
 * Asks `docker-credential-<helper> get` for a server's credentials (server URL on stdin, JSON on
 * stdout), marked minted (`expiresAt: Infinity`: asked for again after a refusal). "Not found" is
 * undefined; any other failure throws without echoing the helper's stdout.
 */
async function helperGet(helper, serverUrl, env = process.env, timeoutMs = HELPER_TIMEOUT_MS) {
    const program = helperProgram(helper);
    const result = await runHelper(program, serverUrl, definedEnv(env), timeoutMs);
    if (result.exitCode !== 0) {
        const said = `${result.stdout}\n${result.stderr}`;
        if (/credentials not found/i.test(said))
            return undefined;
        throw new CommandError(`${program} get`, result.exitCode, result.stderr.trim());
    }
    let answer;
    try {
        answer = JSON.parse(result.stdout);
    }
    catch {
        throw new Error(`credential helper ${program} answered "get ${serverUrl}" with something other than JSON`);
    }
    if (!isObject(answer)) {
        throw new Error(`credential helper ${program} answered "get ${serverUrl}" with something other than an object`);
    }
    const username = typeof answer.Username === "string" ? answer.Username : "";
    const secret = typeof answer.Secret === "string" ? answer.Secret : "";
    if (!secret && !username)
        return undefined;
    // A helper may answer with something else next time (docker-credential-gcloud, ecr-login and
    // ours mint short-lived tokens): its answer is minted, with an end it does not say, so a client
    // that kept it asks again once a registry refuses it (see RegistryCredentials.expiresAt).
    const minted = { expiresAt: Number.POSITIVE_INFINITY };
    // docker-credential-helpers store identity tokens with the username "<token>".
    if (username === "<token>")
        return { identityToken: secret, ...minted };
    return { username, password: secret, ...minted };
}
/**
 * Adds (or replaces) `auths` and `credHelpers` entries in one atomic write, keeping every other key
 * and entry. Returns what changed, for restoreLoginEntries.
 */
async function addLoginEntries(entries, path = dockerConfigPath()) {
    const config = await readDockerConfig(path);
    const auths = { ...(config.auths ?? {}) };
    const helpers = { ...(config.credHelpers ?? {}) };
    const authChanges = [];
    for (const [key, entry] of Object.entries(entries.auths ?? {})) {
        const previous = auths[key];
        auths[key] = entry;
        authChanges.push({
            key,
            ...(previous !== undefined ? { previous } : {}),
            writtenDigest: entryDigest(entry),
        });
    }
    const helperChanges = [];
    for (const [host, helper] of Object.entries(entries.credHelpers ?? {})) {
        const previous = helpers[host];
        helpers[host] = helper;
        helperChanges.push({ host, helper, ...(previous !== undefined ? { previous } : {}) });
    }
    const next = { ...config, auths };
    if (Object.keys(helpers).length > 0)
        next.credHelpers = helpers;
    await writeDockerConfig(path, next);
    return { auths: authChanges, credHelpers: helperChanges };
}
/** addLoginEntries for `auths` entries alone. */
async function addAuthEntries(entries, path = dockerConfigPath()) {
    return (await addLoginEntries({ auths: entries }, path)).auths;
}
/**
 * Undoes addLoginEntries: removes entries that were added, puts back entries that were replaced, and
 * leaves alone any entry changed since (by a later login). One atomic write; no write if nothing changes.
 */
async function restoreLoginEntries(changes, path = dockerConfigPath()) {
    const config = await readDockerConfig(path);
    const auths = { ...(config.auths ?? {}) };
    const helpers = { ...(config.credHelpers ?? {}) };
    const outcomes = undoChanges(auths, changes.auths.map((change) => ({
        key: change.key,
        previous: change.previous,
        ours: (current) => entryDigest(current) === change.writtenDigest,
    })));
    const helperOutcomes = undoChanges(helpers, changes.credHelpers.map((change) => ({
        key: change.host,
        previous: change.previous,
        ours: (current) => current === change.helper,
    })));
    const touched = [...Object.values(outcomes), ...Object.values(helperOutcomes)].some((outcome) => outcome === "removed" || outcome === "restored");
    if (touched) {
        const next = { ...config, auths };
        if (Object.keys(helpers).length > 0)
            next.credHelpers = helpers;
        else
            delete next.credHelpers;
        await writeDockerConfig(path, next);
    }
    return { auths: outcomes, credHelpers: helperOutcomes };
}
/**
 * Undoes changes to one table (latest first): an entry still as written is removed or given back its
 * previous value; one changed since is left alone; one gone is given back its previous value, if any.
 */
function undoChanges(table, changes) {
    const outcomes = {};
    for (const change of [...changes].reverse()) {
        const current = table[change.key];
        if (current === undefined) {
            outcomes[change.key] = "already-gone";
            if (change.previous === undefined)
                continue;
        }
        else if (!change.ours(current)) {
            outcomes[change.key] = "changed-since";
            continue;
        }
        if (change.previous === undefined) {
            delete table[change.key];
            outcomes[change.key] = "removed";
        }
        else {
            table[change.key] = change.previous;
            outcomes[change.key] = "restored";
        }
    }
    return outcomes;
}
/** restoreLoginEntries for `auths` entries alone. */
async function restoreAuthEntries(changes, path = dockerConfigPath()) {
    return (await restoreLoginEntries({ auths: changes, credHelpers: [] }, path)).auths;
}
/** sha256 of an entry's JSON, to recognise it later without keeping the secret. */
function entryDigest(entry) {
    return `sha256:${createHash("sha256").update(JSON.stringify(entry)).digest("hex")}`;
}
/**
 * Runs `<program> get` with the server URL on stdin, bounded by `timeoutMs`: past it the helper's
 * whole process group is killed (a script's `sleep` child would otherwise keep the pipes open).
 */
function runHelper(program, serverUrl, env, timeoutMs) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"], detached: true });
        const stdout = [];
        const stderr = [];
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            outcome();
        };
        const timer = setTimeout(() => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, "SIGKILL");
            }
            catch {
                child.kill("SIGKILL");
            }
            child.stdout?.destroy();
            child.stderr?.destroy();
            const host = serverUrl.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
            finish(() => reject(new Error(`credential helper ${program} did not answer "get ${serverUrl}" within ${Math.round(timeoutMs / 1000)} s, so there are no credentials for ${host}; unlock or fix ${program} (a locked pass or secretservice store waits for a prompt) or remove it from the Docker config`)));
        }, timeoutMs);
        child.stdout?.on("data", (chunk) => stdout.push(chunk));
        child.stderr?.on("data", (chunk) => stderr.push(chunk));
        child.on("error", (error) => finish(() => reject(new Error(`credential helper ${program} could not be run: ${errors_asError(error).message}`))));
        child.on("close", (code) => finish(() => resolve({
            exitCode: code ?? 1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
        })));
        child.stdin?.on("error", () => { });
        child.stdin?.end(serverUrl);
    });
}
function helperProgram(helper) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
        throw new Error(`credential helper name ${JSON.stringify(helper)} is not a plain program suffix`);
    }
    return `docker-credential-${helper}`;
}
function definedEnv(env) {
    return Object.fromEntries(Object.entries(env).filter((pair) => pair[1] !== undefined));
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ../image-spec/src/exec.ts

/**
 * Runs a program with an argv array (never a shell string). Throws CommandError with the trimmed
 * stderr when it exits non-zero.
 */
async function exec_runCommand(command, args, options = {}) {
    const result = await tryCommand(command, args, options);
    if (result.exitCode !== 0)
        throw new CommandError(command, result.exitCode, result.stderr.trim());
    return result;
}
/** Like runCommand but returns a non-zero exit code instead of throwing. */
async function tryCommand(command, args, options = {}) {
    if (options.output) {
        const { output } = options;
        output(`$ ${[command, ...args].join(" ")}\n`);
        return tryCommand(command, args, {
            ...options,
            output: undefined,
            silent: true,
            onStdout: (chunk) => {
                output(chunk);
                options.onStdout?.(chunk);
            },
            onStderr: (chunk) => {
                output(chunk);
                options.onStderr?.(chunk);
            },
        });
    }
    const { onStdout, onStderr } = options;
    const listeners = onStdout || onStderr
        ? {
            stdout: onStdout ? (data) => onStdout(data.toString()) : undefined,
            stderr: onStderr ? (data) => onStderr(data.toString()) : undefined,
        }
        : undefined;
    // Loaded on first use: @actions/exec brings child_process, @actions/io and assert, start-up that a
    // manifest-stitch run without a credential helper never needs.
    const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 151).then(__nccwpck_require__.bind(__nccwpck_require__, 151));
    return getExecOutput(command, [...args], {
        ignoreReturnCode: true,
        silent: options.silent ?? false,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
        ...(listeners ? { listeners } : {}),
    });
}

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
const MANIFEST_MEDIA_TYPES = [
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
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_namespaceObject.createHash)("sha256").update(bytes).digest("hex")}`;
}
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
/** True for a well-formed sha256 digest (the only algorithm registries use in practice). */
function isDigest(reference) {
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
function declaredMediaType(bytes) {
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
async function oci_imageSize(descriptor, fetch) {
    const parsed = JSON.parse(Buffer.from(await fetch(descriptor.digest)).toString("utf8"));
    if (isIndexMediaType(descriptor.mediaType)) {
        const images = (parsed.manifests ?? []).filter((child) => !isAttestation(child));
        const sizes = await Promise.all(images.map((child) => oci_imageSize(child, fetch)));
        return sizes.reduce((sum, size) => sum + size, 0);
    }
    const layers = (parsed.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
    return layers + (parsed.config?.size ?? 0);
}

;// CONCATENATED MODULE: ../image-spec/src/platform.ts


/** The default of every `platforms` input. */
const DEFAULT_PLATFORMS = "linux/amd64,linux/arm64";
const ARCHITECTURES = new Set([
    "amd64",
    "arm64",
    "arm",
    "386",
    "ppc64le",
    "s390x",
    "riscv64",
    "mips64le",
    "loong64",
]);
const ALIASES = {
    x86_64: "amd64",
    "x86-64": "amd64",
    aarch64: "arm64",
    armhf: "arm",
};
// The variants containerd (and so buildx and buildah) knows: x86-64 levels, Arm architecture versions.
const ARM64_VARIANTS = [
    "v8",
    ...Array.from({ length: 9 }, (_, i) => `v8.${i + 1}`),
    "v9",
    ...Array.from({ length: 7 }, (_, i) => `v9.${i + 1}`),
];
const VARIANTS = {
    amd64: ["v1", "v2", "v3", "v4"],
    arm64: ["v8.0", "v9.0", ...ARM64_VARIANTS],
    arm: ["v5", "v6", "v7", "v8"],
};
const VARIANT_HINTS = {
    amd64: "v2, v3 or v4 (x86-64 levels; v1 is linux/amd64)",
    arm64: "v8.1 … v8.9, v9, v9.1 … v9.7 (Arm versions; v8 is linux/arm64)",
    arm: "v5, v6, v7 or v8",
};
// Spellings that containerd normalises: the baseline variants go, `v9.0` is `v9`.
const CANONICAL_VARIANTS = {
    amd64: { v1: undefined },
    arm64: { v8: undefined, "v8.0": undefined, "v9.0": "v9" },
};
/**
 * Parses `os/arch[/variant]` (`linux/arm` means `linux/arm/v7`, `linux/arm64/v8` means `linux/arm64`).
 * Only Linux platforms: every build runs a Linux container builder on a Linux runner.
 */
function platform_parsePlatform(value, input = "platforms") {
    const parts = value.trim().toLowerCase().split("/");
    const fail = (problem, fix) => {
        throw new errors_InputError(input, value, problem, fix);
    };
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
        fail("is not os/arch[/variant]", "write a platform like linux/amd64 or linux/arm/v7");
    }
    const [os = "", rawArch = "", rawVariant] = parts;
    const architecture = ALIASES[rawArch] ?? rawArch;
    if (os !== "linux") {
        const linux = ARCHITECTURES.has(architecture)
            ? ["linux", architecture, rawVariant].filter(Boolean).join("/")
            : "linux/amd64";
        fail("is not a Linux platform (the builds run on Linux runners and make Linux images only)", `write ${linux}, or build ${os} images with another tool`);
    }
    if (!ARCHITECTURES.has(architecture)) {
        fail(`has unknown architecture "${rawArch}"`, `use one of ${[...ARCHITECTURES].join(", ")}`);
    }
    let variant = rawVariant;
    if (variant !== undefined && !(VARIANTS[architecture] ?? []).includes(variant)) {
        const hint = VARIANT_HINTS[architecture];
        fail(`has unknown variant "${variant}" for ${architecture}`, hint ? `use ${hint}` : `write ${os}/${architecture} without a variant`);
    }
    if (architecture === "arm" && variant === undefined)
        variant = "v7";
    const canonical = CANONICAL_VARIANTS[architecture];
    if (variant !== undefined && canonical && variant in canonical)
        variant = canonical[variant];
    const id = [os, architecture, variant].filter(Boolean).join("/");
    // `.` would make `1.0-arm64-v8.2` a tag that nublado does not recognise as per-architecture.
    const suffix = [architecture, variant?.replaceAll(".", "-")].filter(Boolean).join("-");
    return variant === undefined ? { os, architecture, id, suffix } : { os, architecture, variant, id, suffix };
}
/** Parses a comma/newline list of platforms; empty lists and duplicates are errors. */
function parsePlatforms(value, input = "platforms") {
    const entries = list_parseList(value);
    if (entries.length === 0) {
        throw new errors_InputError(input, value, "names no platform", `give at least one, e.g. ${DEFAULT_PLATFORMS}`);
    }
    const errors = [];
    const platforms = [];
    for (const entry of entries) {
        try {
            const platform = platform_parsePlatform(entry, input);
            if (platforms.some((p) => p.id === platform.id)) {
                errors.push(new errors_InputError(input, entry, `repeats ${platform.id}`, "list each platform once"));
            }
            else {
                platforms.push(platform);
            }
        }
        catch (error) {
            if (error instanceof errors_InputError)
                errors.push(error);
            else
                throw error;
        }
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return platforms;
}
/** GitHub-hosted runner labels by architecture: every variant of one runs on its runner. */
const NATIVE_RUNNERS = {
    amd64: "ubuntu-24.04",
    arm64: "ubuntu-24.04-arm",
};
const FALLBACK_RUNNER = "ubuntu-24.04";
/**
 * True when a machine of `architecture` (`amd64`, `arm64`) runs the platform's programs without
 * QEMU: every variant of an architecture counts (an x86-64-v3 or Armv9 CPU is still that machine).
 */
function runsNatively(platform, architecture) {
    return platform.os === "linux" && platform.architecture === architecture;
}
/**
 * What GitHub's hosted runners lack for a variant, or undefined. Facts (2025–2026): the x64 runners
 * are AMD EPYC VMs (7763, 9V74) with AVX2 but no AVX-512 exposed, so x86-64-v2/v3 run and v4 does
 * not; the arm64 runners are Azure Cobalt 100 (Neoverse N2, Armv9.0-A), but ran on Neoverse N1
 * (Armv8.2-A) for a while in 2025.
 */
function hostedCpuWarning(platform) {
    const { architecture, variant, id } = platform;
    const fix = `runners: ${id}=LABEL naming a runner whose CPU has them`;
    if (architecture === "amd64" && variant === "v4") {
        return `${id} needs AVX-512 (x86-64-v4), which GitHub's hosted x64 runners do not offer; a RUN step that uses it stops with "Illegal instruction". Set ${fix}, or build linux/amd64/v3`;
    }
    if (architecture !== "arm64" || variant === undefined)
        return undefined;
    const [major = 8, minor = 0] = variant.slice(1).split(".").map(Number);
    const level = `Armv${major}.${minor}-A`;
    // Armv9.0-A includes Armv8.5-A.
    if (major === 8 ? minor > 5 : minor > 0) {
        return `${id} needs ${level}, beyond the Armv9.0-A of GitHub's hosted arm64 runners (Cobalt 100); a RUN step that uses it stops with "Illegal instruction". Set ${fix}`;
    }
    if (major === 9 || minor > 2) {
        return `${id} needs ${level}: GitHub's hosted arm64 runners have it today (Cobalt 100, Armv9.0-A) but have also run on Armv8.2-A machines, where a RUN step that uses it stops with "Illegal instruction". To be sure, set ${fix}`;
    }
    return undefined;
}
/**
 * Parses the `runners` input: lines `platform=label[,label…]` or `default=label[,label…]`.
 * Returns a map from normalised platform id (or `default`) to labels.
 */
function parseRunners(value, input = "runners") {
    const result = new Map();
    const errors = [];
    for (const line of parseLines(value)) {
        const at = line.indexOf("=");
        const key = at > 0 ? line.slice(0, at).trim() : "";
        const labels = list_parseList(at > 0 ? line.slice(at + 1) : "");
        if (!key || labels.length === 0) {
            errors.push(new errors_InputError(input, line, "is not platform=label", "write lines like linux/arm64=my-arm-runner"));
            continue;
        }
        const bad = labels.find((label) => !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(label));
        if (bad !== undefined) {
            errors.push(new errors_InputError(input, line, `has an invalid runner label "${bad}"`, "use a runner label or group name"));
            continue;
        }
        let id = key;
        if (key !== "default") {
            try {
                id = platform_parsePlatform(key, input).id;
            }
            catch (error) {
                if (error instanceof errors_InputError)
                    errors.push(error);
                else
                    throw error;
                continue;
            }
        }
        if (result.has(id)) {
            errors.push(new errors_InputError(input, line, `sets ${id} twice`, "keep one line per platform"));
            continue;
        }
        result.set(id, labels.length === 1 ? labels[0] : labels);
    }
    if (errors.length > 0)
        throw new InputErrors(errors);
    return result;
}
/**
 * Picks the runner of a platform: an explicit `runners` entry, else `default`, else GitHub's runner
 * of its architecture (ubuntu-24.04 / ubuntu-24.04-arm, whatever the variant), else ubuntu-24.04
 * with QEMU. QEMU is needed when the runner's architecture (guessed from an `arm` in the label for
 * custom labels) is not the platform's. A platform without a runner of its own is warned about when
 * its variant needs more than GitHub's hosted runners may have.
 */
function chooseRunner(platform, runners) {
    const own = runners.get(platform.id);
    const runner = own ?? runners.get("default") ?? NATIVE_RUNNERS[platform.architecture] ?? FALLBACK_RUNNER;
    const labels = Array.isArray(runner) ? runner : [runner];
    const runnerArch = labels.some((label) => /(?:^|[^a-z])(?:arm|arm64|aarch64)(?:$|[^a-z])/i.test(label))
        ? "arm64"
        : "amd64";
    const qemu = !runsNatively(platform, runnerArch);
    const warning = own === undefined && !qemu ? hostedCpuWarning(platform) : undefined;
    return warning === undefined ? { runner, qemu } : { runner, qemu, warning };
}

;// CONCATENATED MODULE: ../image-spec/src/tag.ts



/** Registries (and the distribution spec) allow tags of at most 128 characters. */
const MAX_TAG_LENGTH = 128;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
/** True for `latest` and `latest` followed by `_`, `-` or `.` (`latest_weekly`, `latest-rc`). */
function isLatestTag(tag) {
    return /^latest(?:[_.-]|$)/.test(tag);
}
/** `<tag>-<suffix>`, the per-architecture tag (`1.2.0-arm64`). */
function tag_archTag(tag, suffix) {
    return `${tag}-${suffix}`;
}
/**
 * The tag a build gets when none is given: the head branch on `pull_request*` events, otherwise
 * the ref without `refs/heads/` or `refs/tags/`; then `/` becomes `-`. Not yet sanitised.
 */
function rawTagFromContext(context) {
    if (context.eventName.startsWith("pull_request") && context.headRef) {
        return { raw: context.headRef.replaceAll("/", "-"), source: "pull_request" };
    }
    const raw = context.ref.replace(/^refs\/(?:heads|tags)\//, "");
    return { raw: raw.replaceAll("/", "-"), source: "ref" };
}
/**
 * Makes a derived (never a typed) tag valid: runs of characters outside `[A-Za-z0-9._-]` become
 * `-`, leading `.`/`-` are dropped, and a tag longer than `maxLength` is cut and given a short hash
 * of the full name so that two long branch names never collide.
 */
function sanitizeTag(raw, maxLength = MAX_TAG_LENGTH) {
    const cleaned = raw.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
    if (cleaned.length <= maxLength)
        return cleaned;
    const hash = (0,external_node_crypto_namespaceObject.createHash)("sha256").update(raw).digest("hex").slice(0, 8);
    return `${cleaned.slice(0, maxLength - hash.length - 1).replace(/[.-]+$/, "")}-${hash}`;
}
/**
 * Validates a tag a person typed. `suffixLength` is the length of the longest `-<arch>` that will be
 * appended (0 for `latest*` tags, which get no arch variants).
 */
function validateTag(tag, input, suffixLength) {
    if (!TAG_RE.test(tag)) {
        throw new errors_InputError(input, tag, "is not a valid tag", "use letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
    const longest = tag.length + suffixLength;
    if (longest > MAX_TAG_LENGTH) {
        const room = MAX_TAG_LENGTH - suffixLength;
        const withSuffix = suffixLength > 0 ? " with its architecture suffix" : "";
        throw new errors_InputError(input, tag, `is ${longest} characters long${withSuffix}; registries allow ${MAX_TAG_LENGTH}`, `shorten it to at most ${room} characters`);
    }
    return tag;
}
/**
 * Resolves `tag` and `additional-tags` against the GitHub context. An explicit value that is not a
 * valid tag is an error (never silently changed); a derived one is sanitised.
 */
function resolveTags(options, context) {
    const problems = new errors_Problems();
    const warnings = [];
    const suffixLength = options.longestSuffix + 1;
    let tag = options.tag.trim();
    let source = "input";
    if (tag) {
        problems.attempt(() => validateTag(tag, "tag", suffixLength));
    }
    else {
        const derived = rawTagFromContext(context);
        source = derived.source;
        tag = sanitizeTag(derived.raw, MAX_TAG_LENGTH - suffixLength);
        if (!tag) {
            problems.add(new errors_InputError("tag", "", `is empty and no tag can be derived from GITHUB_REF=${JSON.stringify(context.ref)}`, "set the tag input"));
        }
        else if (tag !== derived.raw) {
            warnings.push(`tag: "${derived.raw}" from the ${source} is not a valid tag; using "${tag}"`);
        }
    }
    if (tag && isLatestTag(tag)) {
        problems.add(new errors_InputError("tag", tag, "is a latest* tag, which gets no per-architecture variants, so nothing could be built under it", "use a version or branch as tag and put latest tags in additional-tags"));
    }
    const tags = [tag];
    for (const extra of list_parseList(options.additionalTags)) {
        const ok = problems.attempt(() => validateTag(extra, "additional-tags", isLatestTag(extra) ? 0 : suffixLength));
        if (!ok)
            continue;
        if (tags.includes(extra))
            warnings.push(`additional-tags: "${extra}" repeats a tag; it is used once`);
        else
            tags.push(extra);
    }
    problems.throwIfAny();
    return { tag, source, tags, archTagBases: tags.filter((t) => !isLatestTag(t)), warnings };
}

;// CONCATENATED MODULE: ../image-spec/src/plan.ts




/**
 * Validates all options together (every problem reported at once, as InputErrors) and makes the plan.
 * Pure: reads nothing but its arguments.
 */
function plan_makePlan(options, context) {
    const problems = new errors_Problems();
    const parsedImages = problems.attempt(() => parseImages(options.images, "images"));
    const platforms = problems.attempt(() => parsePlatforms(options.platforms || DEFAULT_PLATFORMS, "platforms"));
    const runners = problems.attempt(() => parseRunners(options.runners ?? "", "runners"));
    const maxPlatforms = problems.attempt(() => parseMaxPlatforms(options.maxPlatforms ?? ""));
    if (platforms && maxPlatforms !== undefined && platforms.length > maxPlatforms) {
        problems.add(new errors_InputError("platforms", options.platforms ?? "", `names ${platforms.length} platforms, more than the ${maxPlatforms} one run can build (max-platforms)`, `build at most ${maxPlatforms}; for more, wire the actions into a workflow of your own (the README's "actions a la carte"), which has no such limit`));
    }
    const longestSuffix = Math.max(...(platforms ?? parsePlatformsLenient()).map((p) => p.suffix.length));
    const tags = problems.attempt(() => resolveTags({ tag: options.tag ?? "", additionalTags: options.additionalTags ?? "", longestSuffix }, context));
    if (runners && platforms) {
        for (const key of runners.keys()) {
            if (key !== "default" && !platforms.some((p) => p.id === key)) {
                problems.add(new errors_InputError("runners", key, "names a platform that is not built", "remove it or add it to platforms"));
            }
        }
    }
    problems.throwIfAny();
    if (!parsedImages || !platforms || !runners || !tags)
        throw new Error("unreachable: validated plan parts missing");
    const images = parsedImages.images;
    return {
        images,
        registries: registryHosts(images),
        tag: tags.tag,
        tagSource: tags.source,
        tags: tags.tags,
        archTagBases: tags.archTagBases,
        platforms: platforms.map((platform) => ({
            ...platform,
            ...chooseRunner(platform, runners),
            refs: images.flatMap((image) => tags.archTagBases.map((t) => `${image.name}:${tag_archTag(t, platform.suffix)}`)),
        })),
        warnings: [...parsedImages.warnings, ...tags.warnings],
    };
}
/** `max-platforms`: a whole number from 1, or empty for no limit. */
function parseMaxPlatforms(value) {
    const text = value.trim();
    if (text === "")
        return undefined;
    if (!/^[1-9][0-9]*$/.test(text)) {
        throw new errors_InputError("max-platforms", value, "is not a whole number from 1", "write e.g. 16, or leave it empty");
    }
    return Number(text);
}
// When platforms are invalid, tags are still checked against the default platforms' suffixes.
function parsePlatformsLenient() {
    return parsePlatforms(DEFAULT_PLATFORMS);
}
/** The source a multi-arch index points at for one image and platform: `image:tag-suffix`. */
function sourceRef(plan, image, platform) {
    return `${image.name}:${archTag(plan.tag, platform.suffix)}`;
}
/**
 * `{ include: [...] }` for `strategy.matrix` of the per-architecture job. `index` is the leg's place
 * in the plan (0, 1, …): a matrix job's legs share one set of outputs, so each leg writes its own
 * under a name made from it (`leg-<index>`).
 */
function planMatrix(plan) {
    return {
        include: plan.platforms.map((p, index) => ({
            index,
            platform: p.id,
            suffix: p.suffix,
            runner: p.runner,
            qemu: p.qemu,
        })),
    };
}
/** Platform id → every `image:tag-suffix` ref it pushes (the `arch-tags` output). */
function planArchRefs(plan) {
    return Object.fromEntries(plan.platforms.map((p) => [p.id, [...p.refs]]));
}

;// CONCATENATED MODULE: ../image-spec/src/registry/challenge.ts
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
/**
 * Parses every challenge of one or more `WWW-Authenticate` header values (RFC 9110 §11.6.1):
 * `Basic realm="x", Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull"`.
 * Quoted values may hold commas and backslash escapes; a missing parameter is simply absent. Token68
 * credentials (`Negotiate abc==`) are skipped. Never throws: garbage yields what could be read.
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const values = typeof header === "string" ? [header] : header;
    return values.flatMap(parseOne);
}
function parseOne(text) {
    const challenges = [];
    let pos = 0;
    const skip = (chars) => {
        while (pos < text.length && chars.test(text.charAt(pos)))
            pos++;
    };
    const token = () => {
        TOKEN.lastIndex = pos;
        const match = TOKEN.exec(text);
        if (!match)
            return undefined;
        pos = TOKEN.lastIndex;
        return match[0];
    };
    while (pos < text.length) {
        skip(/[\s,]/);
        const name = token();
        if (name === undefined) {
            pos++; // Not a token: skip one character and resynchronise.
            continue;
        }
        skip(/[ \t]/);
        const current = challenges[challenges.length - 1];
        if (text.charAt(pos) === "=" && current !== undefined) {
            pos++;
            skip(/[ \t]/);
            current.params[name.toLowerCase()] = readValue();
        }
        else {
            challenges.push({ scheme: name.toLowerCase(), params: {} });
            // A token68 (`Negotiate abc==`) follows the scheme without `key=`: skip it.
            const save = pos;
            const next = token();
            if (next !== undefined && text.charAt(pos) === "=" && /^=*\s*(?:,|$)/.test(text.slice(pos))) {
                skip(/=/);
            }
            else {
                pos = save;
            }
        }
    }
    return challenges;
    function readValue() {
        if (text.charAt(pos) !== '"') {
            // RFC 9110 wants a token here; registries send bare URLs too, so read up to the next separator.
            const start = pos;
            while (pos < text.length && !/[\s,]/.test(text.charAt(pos)))
                pos++;
            return text.slice(start, pos);
        }
        pos++;
        let value = "";
        while (pos < text.length && text.charAt(pos) !== '"') {
            if (text.charAt(pos) === "\\" && pos + 1 < text.length)
                pos++;
            value += text.charAt(pos);
            pos++;
        }
        pos++; // closing quote
        return value;
    }
}
/** The challenge a client should answer: Bearer before Basic; undefined when there is neither. */
function preferredChallenge(challenges) {
    return challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
}

;// CONCATENATED MODULE: ../image-spec/src/registry/errors.ts
/**
 * The codes the client gives a RegistryError itself, kept apart from a registry's own codes
 * (`MANIFEST_UNKNOWN`, `DENIED`, `UNAUTHORIZED`, which the registry's answer names) and from the
 * network's errno codes (`ECONNRESET`, `ETIMEDOUT`, which a TransportError carries).
 */
const ClientCode = {
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
function isUnreachable(error) {
    return error instanceof errors_RegistryError && error.status === undefined;
}
/**
 * The one "log in first" error: a registry (or its token endpoint) refused a request made without
 * credentials. `said` is the registry's own words, when it gave any.
 */
function notLoggedIn(init) {
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
function parseErrorBody(body) {
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
function hostAuthOfAnswer(answer) {
    return hostAuthFrom(parseChallenges(answer.headers["www-authenticate"]));
}
/** `repository:<path>:pull` or `…:pull,push`: the scope a token for one repository is asked for. */
function repositoryScope(path, push) {
    return `repository:${path}:${push ? "pull,push" : "pull"}`;
}
/** `Basic base64(user:password)`; undefined without a username or password. */
function basicAuthorization(credentials) {
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
function tokenRequest(auth, scope, credentials, grant = credentials?.identityToken ? "oauth" : "basic") {
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
    const authorization = basicAuthorization(credentials);
    return { method: "GET", url, headers: authorization ? { authorization } : {} };
}
/** Reads a token endpoint's answer (`token` and/or `access_token`, `expires_in`). */
function parseTokenAnswer(body, host, operation) {
    let parsed;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    }
    catch {
        throw new errors_RegistryError({
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
        throw new errors_RegistryError({
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
function tokenGrantsPush(token, path) {
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

;// CONCATENATED MODULE: ../image-spec/src/registry/credentials.ts
/** A resolver that always answers "anonymous". */
const anonymousCredentials = async () => undefined;
/** A resolver over a fixed host → credentials table (tests, or values taken from inputs). */
function staticCredentials(table) {
    return async (host) => table[host];
}
/** True when the credentials carry anything that can authenticate. */
function hasCredentials(credentials) {
    return Boolean(credentials &&
        (credentials.username ||
            credentials.password ||
            credentials.identityToken ||
            credentials.registryToken));
}

;// CONCATENATED MODULE: ../image-spec/src/retry.ts
/** regclient's shape (5 tries, 0.1 s growing ×2 up to 30 s) under a two-minute deadline. */
const DEFAULT_RETRY_POLICY = {
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
async function withRetries(operation, hooks, policy = DEFAULT_RETRY_POLICY) {
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

;// CONCATENATED MODULE: ../image-spec/src/registry/limiter.ts
/**
 * Requests one client (one run) has in flight to one registry host at most.
 *
 * Why 4: a stitch needs at most one request per source and one per tag at a time, and its critical
 * path has no step wider than "every source" or "every alias" (2–4 for a usual 2-platform, 3-tag run),
 * so 4 costs a usual run no round trip; Docker pushes 5 layers at a time by default
 * (`max-concurrent-uploads`) and regclient holds 3 requests per host, so registries are used to
 * this much. A run with 3 images × 5 tags in one registry then queues its 15 PUTs 4 at a time instead
 * of sending them at once, and 40 such runs on a release day offer a rate-limited registry 160
 * requests at a time, not 600.
 */
const MAX_IN_FLIGHT_PER_HOST = 4;
/**
 * A per-host gate for one run's requests: at most `max` in flight per host, first come first served,
 * and a shared backoff. After a rate limit from a host, every request of this run to that host waits
 * for the pause the host asked for (not only the one that was told), and the host's window is halved
 * (once per pause), then grows back by one after each window's worth of calm answers.
 */
class HostLimiter {
    max;
    now;
    hosts = new Map();
    constructor(max = MAX_IN_FLIGHT_PER_HOST, now = Date.now) {
        this.max = max;
        this.now = now;
    }
    /**
     * Waits for a turn at `host`; resolves with the function that ends the turn. Rejects with
     * `onDeadline()` when no turn comes before `deadline` (epoch ms), at once if the deadline has
     * passed (no request starts after it) or the host's pause already runs past it.
     */
    acquire(host, deadline, onDeadline) {
        const state = this.state(host);
        if (deadline !== undefined && Math.max(this.now(), state.pausedUntil) >= deadline) {
            return Promise.reject(onDeadline());
        }
        if (state.queue.length === 0 && this.free(state))
            return Promise.resolve(this.take(host, state));
        return new Promise((resolve, reject) => {
            const waiter = { resolve, reject, deadline, onDeadline };
            if (deadline !== undefined) {
                waiter.timer = setTimeout(() => {
                    const at = state.queue.indexOf(waiter);
                    if (at >= 0)
                        state.queue.splice(at, 1);
                    reject(onDeadline());
                }, Math.max(0, deadline - this.now()));
            }
            state.queue.push(waiter);
            this.pump(host, state);
        });
    }
    /**
     * A rate-limit answer from `host`: hold its requests for `pauseMs` and narrow its window. Queued
     * requests whose deadline comes before the pause ends fail now rather than wait for a turn that
     * cannot come.
     */
    slowDown(host, pauseMs) {
        const state = this.state(host);
        const now = this.now();
        if (state.pausedUntil <= now) {
            state.window = Math.max(1, Math.floor(state.window / 2));
            state.calm = 0;
        }
        state.pausedUntil = Math.max(state.pausedUntil, now + pauseMs);
        for (const waiter of [...state.queue]) {
            if (waiter.deadline === undefined || waiter.deadline > state.pausedUntil)
                continue;
            state.queue.splice(state.queue.indexOf(waiter), 1);
            if (waiter.timer !== undefined)
                clearTimeout(waiter.timer);
            waiter.reject(waiter.onDeadline());
        }
    }
    /** An answer that was not a rate limit: after a window's worth in a row, widen the window by one. */
    calm(host) {
        const state = this.state(host);
        if (state.window >= this.max)
            return;
        state.calm++;
        if (state.calm >= state.window) {
            state.window++;
            state.calm = 0;
            this.pump(host, state);
        }
    }
    /** Requests now in flight to `host`, and how many may be (for tests and debug logs). */
    describe(host) {
        const state = this.state(host);
        return { inFlight: state.inFlight, window: state.window, queued: state.queue.length };
    }
    state(host) {
        let state = this.hosts.get(host);
        if (state === undefined) {
            state = { inFlight: 0, window: this.max, calm: 0, pausedUntil: 0, queue: [] };
            this.hosts.set(host, state);
        }
        return state;
    }
    free(state) {
        return state.inFlight < state.window && state.pausedUntil <= this.now();
    }
    take(host, state) {
        state.inFlight++;
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            state.inFlight--;
            this.pump(host, state);
        };
    }
    pump(host, state) {
        while (state.queue.length > 0 && this.free(state)) {
            const waiter = state.queue.shift();
            if (waiter.timer !== undefined)
                clearTimeout(waiter.timer);
            waiter.resolve(this.take(host, state));
        }
        const wait = state.pausedUntil - this.now();
        if (state.queue.length > 0 && wait > 0 && state.wake === undefined) {
            state.wake = setTimeout(() => {
                state.wake = undefined;
                this.pump(host, state);
            }, wait);
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
            names = (0,external_node_fs_namespaceObject.readdirSync)(dir).filter((name) => name.endsWith(".crt"));
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
        return (0,external_node_fs_namespaceObject.readFileSync)(path, "utf8");
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
class TransportError extends Error {
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
class Transport {
    httpAgent = new (external_node_http_default()).Agent(AGENT_OPTIONS);
    /** One HTTPS agent per host: each has its own CA set, verification and proxy. */
    httpsAgents = new Map();
    skipVerify;
    roots;
    constructor(options = {}) {
        this.skipVerify = options.skipVerify ?? isLoopbackHost;
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
            return Promise.reject(new TransportError("EPROTO", `unsupported URL scheme in ${url.href}`));
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
                req.destroy(new TransportError("ETIMEDOUT", `no complete answer within ${request.timeoutMs} ms`));
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
                        req.destroy(new TransportError("EMSGSIZE", `answer is larger than ${maxBody} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on("error", fail);
                res.on("aborted", () => fail(new TransportError("ECONNRESET", "answer was cut off")));
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
        if (!(error instanceof TransportError) && isCertificateError(code)) {
            return new TransportError(code ?? "CERT_UNTRUSTED", `the TLS certificate of ${url.host} is not trusted (${error.message}); ${whereCaGoes(url.host, this.roots)}`, { cause: error });
        }
        return asTransportError(error);
    }
}
/** The proxy for a URL from the environment; never for loopback addresses. */
function proxyFor(url) {
    if (isLoopbackHost(url.host))
        return undefined;
    const proxy = getProxyForUrl(url.href);
    if (!proxy)
        return undefined;
    try {
        return new URL(proxy);
    }
    catch {
        throw new TransportError("EPROXY", `the proxy for ${url.host} from the environment is not a URL`);
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
                done(new TransportError("EPROXY", `the proxy ${this.proxy.host} answered ${res.statusCode} to CONNECT ${target}`), socket);
                return;
            }
            done(null, external_node_tls_default().connect({ ...tlsOptions, socket }));
        });
        // A network error on the way to the proxy keeps its code (ECONNRESET, ECONNREFUSED, …), so a
        // proxy that drops a connection is retried like a registry that does; the message names the proxy.
        connect.once("error", (error) => done(new TransportError(error.code ?? "EPROXY", `the proxy ${this.proxy.host} failed: ${error.message}`, {
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
    if (error instanceof TransportError)
        return error;
    const code = error.code ?? "ENETWORK";
    return new TransportError(code, error.message, { cause: error });
}
/** One header's value as a single string (the first when repeated). */
function headerValue(headers, name) {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/retry.ts


/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`12`, also `1.5`) or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
function parseRetryAfter(value, now = Date.now()) {
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
function parseRetryAfterBody(body) {
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
    if (!(error instanceof errors_RegistryError))
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
function rateLimitPause(answer) {
    if (answer.status !== 429 && answer.status !== 503 && answer.status !== 403)
        return undefined;
    const header = parseRetryAfter(headerValue(answer.headers, "retry-after"));
    const text = answer.status === 503 && header === undefined ? "" : answer.body.toString("utf8");
    if (!isRateLimit(answer.status, header !== undefined, text))
        return undefined;
    return header ?? parseRetryAfterBody(text) ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/http.ts
// The request pipeline, internal to the registry client: nothing outside registry/ imports it.







const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/**
 * Every request of one client goes through here: retries (`retrying`), auth with one refresh on 401
 * (`call`, asking an Authorizer), the scheme of insecure hosts and the per-host limiter (`send`),
 * the record of what was sent, and the mapping of failed answers to RegistryError. Time has one rule:
 * each exchange gets the client's timeout, cut to what is left of the overall deadline (`timeout`).
 */
class RegistryHttp {
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
            const error = errorOf(call.host, call.operation, answer);
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
                    tries = error instanceof errors_RegistryError && error.code === ClientCode.DEADLINE ? n - 1 : n;
                    throw error;
                }
            }, {
                classify: retry_classifyRegistryError,
                onRetry: ({ attempt: n, delayMs, reason, rateLimited }) => this.options.debug?.(`${host}: ${operation}: ${reason}${rateLimited ? " (rate limited: waited out until the deadline)" : ""}; try ${n + 1} in ${delayMs} ms`),
                onDeadline: (error) => {
                    stopped = error;
                },
                ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
                now: this.now,
            }, policy);
        }
        catch (error) {
            if (!(error instanceof errors_RegistryError))
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
            if (!(error instanceof errors_RegistryError && error.code === ClientCode.DEADLINE))
                throw error;
            // A host that never answered over HTTPS can use up the time left; the failure is that silence,
            // not the plain-HTTP request there was no time to send.
            this.schemes.delete(request.host);
            throw new errors_RegistryError({
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
                ? errorOf(host, operation, limited)
                : new errors_RegistryError({
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
                throw new errors_RegistryError({ host, operation, code: error.code, detail: error.message, cause: error });
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
function errorOf(host, operation, answer) {
    const body = answer.body.toString("utf8");
    const { code, message } = parseErrorBody(answer.body);
    const retryAfterMs = parseRetryAfter(headerValue(answer.headers, "retry-after")) ??
        (answer.status === 429 ? parseRetryAfterBody(body) : undefined);
    return new errors_RegistryError({
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
class Authenticator {
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
            throw new errors_RegistryError({
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
            if (!this.assumed.has(auth) || retry_classifyRegistryError(error).retry)
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
                throw new errors_RegistryError({
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
    return (error instanceof errors_RegistryError &&
        (error.status === 401 || error.status === 403 || error.code === "invalid_grant") &&
        !retry_classifyRegistryError(error).retry);
}
function tokenKey(host, scope) {
    return `${host} ${scope ?? ""}`;
}

;// CONCATENATED MODULE: ../image-spec/src/registry/client.ts






/** The manifest a look-up found; undefined when it was absent or refused. */
function foundManifest(lookup) {
    return lookup.outcome === "found" ? lookup.manifest : undefined;
}
const ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");
const ABSENT = { outcome: "absent" };
/**
 * A small OCI distribution API client for manifests: HEAD, GET and PUT of manifests, and a count of
 * every request it sends. Requests go through its pipeline (http.ts: retries under a deadline, the
 * per-host limiter, the scheme of insecure hosts), authorized by its Authenticator (authenticator.ts:
 * Basic and Bearer auth, tokens cached per host and scope, one refresh on 401). Blobs are never touched.
 */
class client_RegistryClient {
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
            error: errorOf(repo.host, `GET manifest ${client_refName(repo, reference)}`, answer),
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
            operation: `PUT manifest ${client_refName(repo, reference)}`,
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
            operation: `${method} manifest ${client_refName(repo, reference)}`,
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
function client_refName(repo, reference) {
    return `${repo.host}/${repo.path}${isDigest(reference) ? "@" : ":"}${reference}`;
}
/** A fetched manifest's bytes, digest and media type; a digest reference is checked against the bytes. */
function manifestOf(answer, repo, reference) {
    const bytes = answer.body;
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) {
        throw new errors_RegistryError({
            host: repo.host,
            operation: `GET manifest ${client_refName(repo, reference)}`,
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
    if (!(error instanceof errors_RegistryError) || error.status === undefined)
        return error;
    const { status, code } = error;
    // A 403 "secondary rate limit" (GHCR) is the registry being busy, not a refusal.
    if (retry_classifyRegistryError(error).retry)
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
            throw new errors_RegistryError({
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
        throw new errors_RegistryError({
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












;// CONCATENATED MODULE: ../image-spec/src/reporter.ts
/** A reporter that drops everything. */
const reporter_silentReporter = {
    info: () => { },
    warning: () => { },
    debug: () => { },
    group: (_name, body) => body(),
};

;// CONCATENATED MODULE: ../image-spec/src/run-summary.ts
/** `1.5 GB`, `300 MB`: decimal units, as registries and `df -H` show sizes. */
function run_summary_formatBytes(bytes) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
/** `0.4 s`, `42 s`, `3 min 7 s`, `1 h 2 min`. */
function formatSpan(ms) {
    const seconds = ms / 1000;
    if (seconds < 10)
        return `${seconds.toFixed(1)} s`;
    if (seconds < 60)
        return `${Math.round(seconds)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
/** Escapes text for a Markdown table cell. */
function tableCell(text) {
    return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
const code = (text) => `\`${tableCell(text)}\``;
/** The whole summary as Markdown: heading, table, notes, pull command, gantt chart. */
function renderRunSummary(summary) {
    const withState = summary.images.some((image) => image.platforms.some((p) => p.state));
    const header = [
        "Image",
        "Tags",
        "Index digest",
        "Platform",
        "Digest",
        "Size",
        ...(withState ? ["State"] : []),
    ];
    const rows = [];
    for (const image of summary.images) {
        const platforms = image.platforms.length > 0 ? image.platforms : [{ platform: "" }];
        platforms.forEach((platform, i) => {
            rows.push([
                i === 0 ? code(image.image) : "",
                i === 0 ? (image.tags.length > 0 ? image.tags.map(code).join(" ") : "none") : "",
                i === 0 ? (image.index ? code(image.index) : "") : "",
                platform.platform ? code(platform.platform) : "",
                platform.digest ? code(platform.digest) : "",
                platform.size === undefined ? "" : run_summary_formatBytes(platform.size),
                ...(withState ? [tableCell(platform.state ?? "")] : []),
            ]);
        });
    }
    const parts = [
        `### ${summary.heading}`,
        [
            `| ${header.join(" | ")} |`,
            `| ${header.map(() => "---").join(" | ")} |`,
            ...rows.map((row) => `| ${row.join(" | ")} |`),
        ].join("\n"),
    ];
    if (summary.notes && summary.notes.length > 0)
        parts.push(summary.notes.join("<br>\n"));
    if (summary.pull)
        parts.push(["```sh", summary.pull, "```"].join("\n"));
    const chart = summary.timeline ? renderGantt(summary.timeline) : "";
    if (chart)
        parts.push(["```mermaid", chart, "```"].join("\n"));
    return `${parts.join("\n\n")}\n`;
}
/**
 * A Mermaid gantt chart of the run (dateFormat x: epoch milliseconds): one section per entry (the
 * plan, each platform, the stitch), a task per step, `done` when it succeeded and `crit` when it
 * failed, each labelled with its duration. A step too short to see at the run's scale is widened to
 * 1% of the run, its label keeping its real duration. Empty when there is nothing to draw.
 */
function renderGantt(entries, title = "Run timeline") {
    const steps = entries.flatMap((entry) => entry.steps);
    if (steps.length === 0)
        return "";
    const first = Math.min(...steps.map((s) => s.start));
    const last = Math.max(...steps.map((s) => s.end));
    const span = Math.max(last - first, 1000);
    const minimum = Math.max(Math.round(span / 100), 1);
    const lines = [
        "gantt",
        `    title ${label(title)}`,
        "    dateFormat x",
        `    axisFormat ${span < 10 * 60_000 ? "%H:%M:%S" : "%H:%M"}`,
    ];
    let id = 0;
    for (const entry of entries) {
        lines.push(`    section ${label(entry.platform ?? entry.name ?? "")}`);
        for (const step of entry.steps) {
            const status = taskStatus(step.outcome);
            const end = Math.max(step.end, step.start + minimum);
            const name = `${step.name}${step.outcome === "failure" ? " FAILED" : ""} ${formatSpan(step.end - step.start)}`;
            lines.push(`    ${label(name)} :${status}, t${id++}, ${step.start}, ${end}`);
        }
    }
    return lines.join("\n");
}
function taskStatus(outcome) {
    return outcome === "failure" ? "crit" : "done";
}
// Mermaid reads `:` as the start of a task's data and `#`/`;` as comments or entity codes.
function label(text) {
    return text.replace(/[:#;]/g, " ").replace(/\s+/g, " ").trim() || "-";
}

;// CONCATENATED MODULE: ../image-spec/src/timeline.ts
/**
 * The run's timestamps: what arch-build's `timeline` output holds for one platform, what other jobs
 * (the plan) can add, and how manifest-stitch reads them back from a job's outputs.
 */


/**
 * Reads timeline entries from JSON: one entry, a list of them, or an object whose values are entries
 * (a job's `toJSON(needs.build.outputs)`, where each value is the JSON text of one), and lists or
 * objects of those in turn (`[<plan's entry>, <toJSON(needs.build.outputs)>]`). Empty values are
 * skipped (a matrix leg that wrote nothing). An entry may be a bare step, `{"name":"plan","start":…,
 * "end":…}`. Throws an InputError naming `input` for anything else.
 */
function timeline_parseTimelines(text, input) {
    const fail = (problem) => {
        throw new errors_InputError(input, text, problem, 'give arch-build timeline outputs or {"name","start","end"} steps (epoch ms), as a JSON list or object');
    };
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return fail("is not JSON");
    }
    const entries = [];
    const collect = (value, depth) => {
        if (value === "" || value === null)
            return;
        let item = value;
        if (typeof value === "string") {
            try {
                item = JSON.parse(value);
            }
            catch {
                fail(`holds ${JSON.stringify(value.slice(0, 40))}, which is not JSON`);
            }
        }
        const container = Array.isArray(item) || (timeline_isObject(item) && !("steps" in item) && !("start" in item));
        if (container && depth < 3) {
            for (const inner of Array.isArray(item) ? item : Object.values(item))
                collect(inner, depth + 1);
            return;
        }
        const entry = toEntry(item);
        if (!entry)
            fail(`holds ${JSON.stringify(item)?.slice(0, 80)}, which is not a timeline entry`);
        else
            entries.push(entry);
    };
    collect(parsed, 0);
    return entries;
}
function toEntry(item) {
    if (!timeline_isObject(item))
        return undefined;
    const outcome = item.outcome === "failure" ? "failure" : "success";
    const platform = typeof item.platform === "string" ? item.platform : undefined;
    const name = typeof item.name === "string" ? item.name : undefined;
    const digest = typeof item.digest === "string" && isDigest(item.digest) ? item.digest : undefined;
    if (item.digest !== undefined && digest === undefined)
        return undefined;
    let steps;
    if (Array.isArray(item.steps)) {
        const parsed = item.steps.map(toStep);
        if (parsed.some((step) => step === undefined))
            return undefined;
        steps = parsed;
    }
    else {
        const step = toStep({ name: name ?? platform ?? "step", ...item });
        if (!step)
            return undefined;
        steps = [step];
    }
    if (!platform && !name)
        return undefined;
    return {
        ...(platform ? { platform } : {}),
        ...(name ? { name } : {}),
        outcome,
        ...(digest ? { digest } : {}),
        steps,
    };
}
function toStep(item) {
    if (!timeline_isObject(item))
        return undefined;
    const { name, start, end } = item;
    if (typeof name !== "string" || !isTime(start) || !isTime(end) || end < start)
        return undefined;
    return { name, start, end, outcome: item.outcome === "failure" ? "failure" : "success" };
}
// Epoch milliseconds between 2001 and 2286: a number in seconds is refused rather than drawn in 1970.
function isTime(value) {
    return typeof value === "number" && Number.isFinite(value) && value > 1e12 && value < 1e13;
}
function timeline_isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ../image-spec/src/lib.ts
/**
 * The shared library of multiplatform build-and-push. Every action and the CLI import from here;
 * nothing in here reads action inputs by name (see ./actions for the runner I/O helpers).
 */

















;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/flags.ts


/** The program's name in help and messages (`node packages/cli/dist/index.js` from a clone). */
const PROGRAM = "mbp";
const COMMANDS = ["plan", "build", "stitch", "verify", "run"];
/** Default OCI image layout directory when nothing is pushed (relative to the working directory). */
const DEFAULT_LAYOUT = "out/oci";
/** Every flag of every command; names mirror the workflow's inputs. */
const FLAGS = {
    images: {
        type: "string",
        arg: "LIST",
        help: "images to push, comma-separated, each with its registry (ghcr.io/org/app); without --push they only name the copy command printed at the end",
    },
    tag: {
        type: "string",
        arg: "TAG",
        help: "primary tag; default: the git tag at HEAD, else the git branch, with the workflow's rules (/ becomes -)",
    },
    "additional-tags": {
        type: "string",
        arg: "LIST",
        help: "more tags for the multi-arch index (latest* tags get no per-architecture variants)",
    },
    platforms: { type: "string", arg: "LIST", help: `platforms to build (default ${DEFAULT_PLATFORMS})` },
    context: { type: "string", arg: "DIR", help: "build context (default .)" },
    dockerfile: {
        type: "string",
        arg: "PATH",
        help: "Dockerfile, relative to the working directory as for docker build -f (default <context>/Dockerfile)",
    },
    target: { type: "string", arg: "STAGE", help: "build stage to build (default: the last)" },
    "build-arg": { type: "string", multiple: true, arg: "KEY=VALUE", help: "build argument; repeatable" },
    label: {
        type: "string",
        multiple: true,
        arg: "KEY=VALUE",
        help: "image label, over the OCI source labels taken from the checkout; repeatable",
    },
    annotation: {
        type: "string",
        multiple: true,
        arg: "KEY=VALUE",
        help: "annotation of the multi-arch index (as the workflow's annotations input); repeatable",
    },
    secret: {
        type: "string",
        multiple: true,
        arg: "id=ID[,src=FILE|,env=VAR]",
        help: "build secret (RUN --mount=type=secret,id=ID) from a file or an environment variable (default: the variable named ID); repeatable; the value is never printed",
    },
    provenance: {
        type: "string",
        arg: "VALUE",
        help: "buildx --provenance (false, mode=min, mode=max); default: buildx's own (mode=min, where the builder can attest), not the workflow's mode=max for public repositories: a local run has no repository to go by, and mode=max records build-arg values; buildah ignores it",
    },
    sbom: { type: "string", arg: "VALUE", help: "buildx --sbom (true, false); buildah ignores it" },
    "no-cache": { type: "boolean", help: "build every step anew, without the builder's cache" },
    "cache-from": {
        type: "string",
        multiple: true,
        arg: "CACHE",
        help: "cache to read (buildx: type=registry,ref=REPO:buildcache-{arch} or any --cache-from; buildah: a repository); {arch} becomes each platform's tag suffix; repeatable",
    },
    "cache-to": {
        type: "string",
        multiple: true,
        arg: "CACHE",
        help: "cache to write (buildx: type=registry,ref=REPO:buildcache-{arch},mode=max or any --cache-to; buildah: a repository); {arch} as in --cache-from; repeatable",
    },
    "insecure-registries": {
        type: "string",
        arg: "LIST",
        help: "registry hosts (host[:port], comma-separated) tried over HTTPS without certificate verification first, then over plain HTTP, as docker does; loopback hosts always are",
    },
    push: {
        type: "boolean",
        help: "push to the registries of --images with the credentials of your Docker config, instead of writing an OCI layout",
    },
    "no-arch-tags": {
        type: "boolean",
        help: "no per-architecture tag (<tag>-amd64) anywhere: each platform's image goes to every registry by digest only (the same digest everywhere), or into the layout without a name in index.json; the multi-arch tags are stitched over the digests, as one docker buildx build --platform … --push leaves it",
    },
    sources: {
        type: "string",
        multiple: true,
        arg: "PLATFORM=DIGEST",
        help: "each platform's image by digest, instead of its <tag>-<suffix> tag: linux/amd64=sha256:… (or amd64=sha256:…), comma-separated or repeated, as mbp build --no-arch-tags prints them; stitch with --no-arch-tags needs them",
    },
    summary: {
        type: "string",
        arg: "FILE",
        help: "also write the run at a glance as Markdown to FILE, as the workflow's job summary: the table of what was published where, a pull command, a Mermaid timeline (plan, builds, pushes, stitch)",
    },
    layout: {
        type: "string",
        arg: "DIR",
        help: `OCI image layout directory to write when not pushing (default ./${DEFAULT_LAYOUT})`,
    },
    engine: {
        type: "string",
        arg: "NAME",
        help: "auto (default: docker buildx when its current builder answers `docker buildx inspect --bootstrap`, else buildah), buildx or buildah",
    },
    builder: {
        type: "string",
        multiple: true,
        arg: "PLATFORM=NAME",
        help: "build one platform on a named buildx builder (a native remote node, say); repeatable",
    },
    "storage-driver": {
        type: "string",
        arg: "DRIVER",
        help: "buildah storage driver (vfs works everywhere, containers included; default: buildah's own)",
    },
    isolation: {
        type: "string",
        arg: "TYPE",
        help: "buildah isolation of RUN steps: oci, rootless or chroot (default: buildah's own)",
    },
    json: { type: "boolean", help: "print the result as JSON on stdout (the log goes to stderr)" },
    verbose: { type: "boolean", short: "v", help: "also print debug lines (commands, request counts)" },
    help: { type: "boolean", short: "h", help: "show this help" },
    version: { type: "boolean", help: "print the version of mbp" },
};
const TARGET_FLAGS = [
    "images",
    "tag",
    "additional-tags",
    "platforms",
    "push",
    "no-arch-tags",
    "layout",
    "insecure-registries",
    "json",
    "verbose",
    "help",
    "version",
];
const BUILD_FLAGS = [
    "images",
    "tag",
    "additional-tags",
    "platforms",
    "context",
    "dockerfile",
    "target",
    "build-arg",
    "secret",
    "label",
    "annotation",
    "provenance",
    "sbom",
    "no-cache",
    "cache-from",
    "cache-to",
    "push",
    "no-arch-tags",
    "layout",
    "insecure-registries",
    "engine",
    "builder",
    "storage-driver",
    "isolation",
    "json",
    "verbose",
    "help",
    "version",
];
const COMMAND_SPECS = {
    plan: {
        summary: "print the plan (tags, per-architecture refs, engine, QEMU needs), checking everything run checks; builds nothing",
        flags: BUILD_FLAGS,
    },
    build: {
        summary: "build every platform in parallel into the target (an OCI layout, or the registries with --push)",
        flags: BUILD_FLAGS,
    },
    stitch: {
        summary: "write the multi-arch index over the per-architecture images already in the target",
        flags: [...TARGET_FLAGS, "sources", "annotation"],
    },
    verify: {
        summary: "check the target: every tag names one index holding every platform's per-architecture image",
        flags: [...TARGET_FLAGS, "sources"],
    },
    run: { summary: "plan, build, stitch and verify", flags: [...BUILD_FLAGS, "summary"] },
};
/** A command line that cannot be read: unknown command or flag, missing value, stray argument. */
class UsageError extends Error {
    problems;
    command;
    name = "UsageError";
    constructor(problems, command) {
        super(problems.join("\n"));
        this.problems = problems;
        this.command = command;
    }
}
/**
 * Reads `argv` (without node and the script): the command, then its flags. Every problem is reported
 * at once as a UsageError; `--help` anywhere wins.
 */
function parseCommandLine(argv) {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
        const topic = first === "help" ? rest[0] : undefined;
        if (topic !== undefined && isCommand(topic))
            return { kind: "help", text: commandHelp(topic) };
        return { kind: "help", text: programHelp() };
    }
    if (first === "--version" || first === "version")
        return { kind: "version" };
    if (!isCommand(first)) {
        const near = nearest(first.replace(/^-+/, ""), COMMANDS);
        throw new UsageError([
            `${JSON.stringify(first)} is not a command; ${near ? `did you mean ${near}? Commands: ` : "use one of "}${COMMANDS.join(", ")} (${PROGRAM} --help)`,
        ]);
    }
    const command = first;
    const allowed = new Set(COMMAND_SPECS[command].flags);
    const { tokens } = (0,external_node_util_namespaceObject.parseArgs)({
        args: [...rest],
        options: FLAGS,
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const problems = [];
    const strings = new Map();
    const booleans = new Set();
    // A list typed with spaces (`--platforms linux/amd64, linux/arm64`): the shell ends the value at
    // the space, and the rest arrives as stray arguments. Collected per flag, said once.
    const spaced = new Map();
    let lastList;
    let afterUnknown = false;
    for (const token of tokens) {
        const valueOfUnknown = afterUnknown;
        afterUnknown = false;
        if (token.kind === "positional") {
            // `--build-args A=1`: the value of a flag already reported, not a second problem.
            if (valueOfUnknown)
                continue;
            if (lastList && (lastList.value.endsWith(",") || token.value.startsWith(","))) {
                const list = spaced.get(lastList.name) ?? { rawName: lastList.rawName, parts: [lastList.value] };
                list.parts.push(token.value);
                spaced.set(lastList.name, list);
                lastList = { ...lastList, value: token.value };
                continue;
            }
            problems.push(`${JSON.stringify(token.value)} is not a flag; ${command} takes only flags (${PROGRAM} ${command} --help)`);
            continue;
        }
        lastList = undefined;
        if (token.kind !== "option")
            continue;
        const spec = FLAGS[token.name];
        if (spec === undefined || !allowed.has(token.name)) {
            afterUnknown = token.inlineValue !== true;
            const near = nearestFlag(token.name, allowed);
            problems.push(`${token.rawName} is not a flag of "${PROGRAM} ${command}"` +
                (near ? `; did you mean --${near}?` : `; see ${PROGRAM} ${command} --help`));
            continue;
        }
        if (spec.type === "boolean") {
            if (token.inlineValue) {
                problems.push(`${token.rawName} takes no value; write ${token.rawName} alone, or leave it out`);
            }
            booleans.add(token.name);
            continue;
        }
        // `--tag --push` would read "--push" as the tag: a value that is a flag must be inline. Anything
        // else starting with `-` is a value (`--tag -bad`), which its own check then judges.
        if (token.value === undefined || (!token.inlineValue && looksLikeFlag(token.value))) {
            problems.push(`${token.rawName} needs a value: ${token.rawName} ${spec.arg ?? "VALUE"}`);
            continue;
        }
        const values = strings.get(token.name) ?? [];
        if (values.length > 0 && !spec.multiple) {
            problems.push(`${token.rawName} is given twice (${values[0]}, ${token.value}); give it once`);
            continue;
        }
        strings.set(token.name, [...values, token.value]);
        if (spec.arg === "LIST")
            lastList = { name: token.name, rawName: token.rawName, value: token.value };
    }
    for (const { rawName, parts } of spaced.values()) {
        const joined = parts.join("").replace(/\s+/g, "");
        problems.push(`${parts
            .slice(1)
            .map((part) => JSON.stringify(part))
            .join(", ")} ${parts.length > 2 ? "are" : "is"} not a flag: the list after ${rawName} ends at its first space, so it got only ${JSON.stringify(parts[0])}; write it without spaces, ${rawName} ${joined}`);
    }
    if (booleans.has("help"))
        return { kind: "help", text: commandHelp(command) };
    if (booleans.has("version"))
        return { kind: "version" };
    if (problems.length > 0)
        throw new UsageError(problems, command);
    const one = (name) => strings.get(name)?.[0] ?? "";
    return {
        kind: "command",
        command,
        flags: {
            images: one("images"),
            tag: one("tag"),
            additionalTags: one("additional-tags"),
            platforms: one("platforms"),
            context: one("context"),
            dockerfile: one("dockerfile"),
            target: one("target"),
            buildArgs: strings.get("build-arg") ?? [],
            secrets: strings.get("secret") ?? [],
            labels: strings.get("label") ?? [],
            annotations: strings.get("annotation") ?? [],
            provenance: one("provenance"),
            sbom: one("sbom"),
            noCache: booleans.has("no-cache"),
            cacheFrom: strings.get("cache-from") ?? [],
            cacheTo: strings.get("cache-to") ?? [],
            insecureRegistries: one("insecure-registries"),
            push: booleans.has("push"),
            noArchTags: booleans.has("no-arch-tags"),
            sources: strings.get("sources") ?? [],
            summary: one("summary"),
            layout: one("layout"),
            engine: one("engine"),
            builders: strings.get("builder") ?? [],
            storageDriver: one("storage-driver"),
            isolation: one("isolation"),
            json: booleans.has("json"),
            verbose: booleans.has("verbose"),
        },
    };
}
// A flag this program knows (`--push`, `--tag=x`, `-v`), as opposed to a value that starts with `-`.
function looksLikeFlag(value) {
    if (value.startsWith("--"))
        return true;
    return Object.values(FLAGS).some((spec) => "short" in spec && value === `-${spec.short}`);
}
function isCommand(value) {
    return COMMANDS.includes(value);
}
// The action's input names differ from a few flags (build-args → --build-arg), and fingers slip
// (--imgaes): say which flag was meant.
function nearestFlag(name, allowed) {
    // The workflow's `arch-tags: false` is the flag --no-arch-tags.
    const candidates = [
        name.replace(/s$/, ""),
        `${name}s`,
        name.replace(/_/g, "-"),
        name.toLowerCase(),
        `no-${name}`,
    ];
    return (candidates.find((candidate) => candidate !== name && allowed.has(candidate)) ??
        nearest(name.toLowerCase(), [...allowed]));
}
/** The one candidate within a typo or two of `word` (swapped, missing, extra or wrong letters). */
function nearest(word, candidates) {
    const limit = word.length <= 4 ? 1 : word.length <= 10 ? 2 : 3;
    let best;
    let bestDistance = limit + 1;
    for (const candidate of candidates) {
        const distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
function editDistance(a, b) {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    const at = (i, j) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const row = rows[i];
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(a.length, b.length);
}
/** `mbp --help`. */
function programHelp() {
    const width = Math.max(...COMMANDS.map((c) => c.length));
    return [
        `Usage: ${PROGRAM} <command> [flags]   (from a clone: node packages/cli/dist/index.js <command> [flags])`,
        "",
        "Runs the multiplatform build-and-push pipeline locally, with the same library code as the",
        "GitHub Actions: plan, build every platform in parallel, stitch the multi-arch index, verify.",
        "",
        "Commands:",
        ...COMMANDS.map((c) => `  ${c.padEnd(width)}  ${COMMAND_SPECS[c].summary}`),
        "",
        `Run ${PROGRAM} <command> --help for its flags; ${PROGRAM} --version prints the version.`,
        "",
        "Example:",
        `  ${PROGRAM} run --context examples/hello --platforms linux/amd64,linux/arm64`,
    ].join("\n");
}
/** `mbp <command> --help`. */
function commandHelp(command) {
    const spec = COMMAND_SPECS[command];
    const rows = spec.flags.map((name) => {
        const flag = FLAGS[name];
        const short = flag.short ? `-${flag.short}, ` : "";
        return [`${short}--${name}${flag.arg ? ` ${flag.arg}` : ""}`, flag.help];
    });
    const width = Math.max(...rows.map(([left]) => left.length));
    const target = command === "plan"
        ? []
        : [
            "",
            `Target: without --push, an OCI image layout directory (default ./${DEFAULT_LAYOUT}) whose`,
            "index.json names each image by its tag; with --push, the registries of --images.",
            "With --no-arch-tags only the multi-arch tags exist: each platform's image is there by digest.",
        ];
    return [
        `Usage: ${PROGRAM} ${command} [flags]`,
        "",
        `${spec.summary[0]?.toUpperCase()}${spec.summary.slice(1)}.`,
        ...target,
        "",
        "Flags:",
        ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    ].join("\n");
}

;// CONCATENATED MODULE: ./src/interrupt.ts



/**
 * The processes below `root` (children, theirs, …): the engines the CLI started and what they run.
 * Read from /proc on Linux, from `ps` elsewhere (macOS).
 */
async function descendants(root = process.pid) {
    const parents = await parentsOfAll();
    const children = new Map();
    for (const [pid, ppid] of parents)
        children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const found = [];
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
        const pid = queue.shift();
        found.push(pid);
        queue.push(...(children.get(pid) ?? []));
    }
    return found;
}
async function parentsOfAll() {
    const parents = new Map();
    let entries;
    try {
        entries = (0,external_node_fs_namespaceObject.readdirSync)("/proc").filter((name) => /^\d+$/.test(name));
    }
    catch {
        return parentsFromPs();
    }
    for (const name of entries) {
        try {
            // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ")".
            const stat = (0,external_node_fs_namespaceObject.readFileSync)(`/proc/${name}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            parents.set(Number(name), ppid);
        }
        catch {
            // gone meanwhile
        }
    }
    return parents;
}
function parentsFromPs() {
    return new Promise((resolve) => {
        (0,external_node_child_process_namespaceObject.execFile)("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }, (_error, stdout) => {
            const parents = new Map();
            for (const line of (stdout ?? "").split("\n")) {
                const [pid, ppid] = line.trim().split(/\s+/).map(Number);
                if (pid && ppid !== undefined && !Number.isNaN(ppid))
                    parents.set(pid, ppid);
            }
            resolve(parents);
        });
    });
}
function signalAll(pids, signal) {
    for (const pid of pids) {
        try {
            process.kill(pid, signal);
        }
        catch {
            // already gone
        }
    }
}
/** How long the engines get to stop and clean up after a signal before they are killed. */
const STOP_GRACE_MS = 20_000;
/**
 * SIGINT and SIGTERM while a command runs. `kill -INT <pid>` reaches only this process (Ctrl-C reaches
 * the whole process group): the signal is passed on to every process below this one, so buildah and
 * buildx stop and remove their working containers themselves, as they do on Ctrl-C.
 */
class Interruption {
    say;
    onForce;
    /** The signal received, once one is. */
    signal;
    /** Settles with the first signal. */
    received;
    resolveReceived = () => { };
    handler = (signal) => this.onSignal(signal);
    constructor(say, onForce) {
        this.say = say;
        this.onForce = onForce;
        this.received = new Promise((resolve) => {
            this.resolveReceived = resolve;
        });
        process.on("SIGINT", this.handler);
        process.on("SIGTERM", this.handler);
    }
    /** The exit code of a run ended by `signal`: 128 + its number (130, 143). */
    static exitCode(signal) {
        return signal === "SIGINT" ? 130 : 143;
    }
    dispose() {
        process.removeListener("SIGINT", this.handler);
        process.removeListener("SIGTERM", this.handler);
    }
    onSignal(signal) {
        if (this.signal) {
            // A second signal: stop waiting for the engines.
            this.say(`${signal} again: killing the build processes now`);
            void descendants().then((pids) => {
                signalAll(pids, "SIGKILL");
                return this.onForce(Interruption.exitCode(this.signal ?? signal));
            });
            return;
        }
        this.signal = signal;
        void descendants().then((pids) => {
            this.say(`\n${signal}: stopping ${pids.length === 0 ? "" : `${pids.length} build process${pids.length === 1 ? "" : "es"} and `}the run (again to kill them at once)`);
            signalAll(pids, signal);
            this.resolveReceived(signal);
        });
    }
    /**
     * After a signal: waits for `running` to unwind (its engines have been told to stop) for at most
     * `graceMs`, then kills what is still below this process. True when something had to be killed.
     */
    async settle(running, graceMs = STOP_GRACE_MS) {
        let timer;
        await Promise.race([
            running.catch(() => { }),
            new Promise((resolve) => {
                timer = setTimeout(resolve, graceMs);
            }),
        ]);
        clearTimeout(timer);
        const left = await descendants();
        if (left.length > 0) {
            this.say(`${left.length} build process(es) did not stop within ${graceMs / 1000} s; killing them`);
            signalAll(left, "SIGKILL");
        }
        return left.length > 0;
    }
}
// What the builds in progress made that an interrupted run must not leave behind: their scratch and
// staging directories, and (buildah) the working containers of builds that had to be killed.
const scratchDirs = new Set();
/** A scratch or staging directory of a build in progress, removed if the run is interrupted. */
function noteScratch(dir) {
    scratchDirs.add(dir);
}
/** A scratch directory the run removed itself. */
function forgetScratch(dir) {
    scratchDirs.delete(dir);
}
/** Removes the scratch and staging directories of builds in progress (on SIGINT/SIGTERM). */
function removeScratchNow() {
    for (const dir of scratchDirs)
        (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
    scratchDirs.clear();
}
// The buildah storage builds run in, and the working containers it held before they started.
let buildahBefore;
async function buildahContainers(global) {
    const listed = await tryCommand("buildah", [...global, "containers", "--quiet", "--notruncate"], {
        silent: true,
    }).catch(() => undefined);
    return listed?.exitCode === 0 ? listed.stdout.split("\n").filter(Boolean) : undefined;
}
/** Notes the working containers of a buildah storage before builds start in it. */
async function noteBuildahContainers(global) {
    const ids = await buildahContainers(global);
    buildahBefore = ids ? { global, ids: new Set(ids) } : undefined;
}
/**
 * Removes the working containers that appeared in the builds' buildah storage since they started.
 * Only for builds that had to be killed: a buildah that stops on a signal removes its own, and a
 * container another build made meanwhile must not go. Returns the ids removed.
 */
async function removeLeftoverContainers() {
    const before = buildahBefore;
    if (!before)
        return [];
    const now = await buildahContainers(before.global);
    const left = (now ?? []).filter((id) => !before.ids.has(id));
    const removed = [];
    for (const id of left) {
        const result = await tryCommand("buildah", [...before.global, "rm", id], { silent: true });
        if (result.exitCode === 0)
            removed.push(id);
    }
    return removed;
}

;// CONCATENATED MODULE: ../arch-build/src/engine.ts

const engine_ENGINES = (/* unused pure expression or super */ null && (["buildx", "buildah"]));
/**
 * A build that failed after part of its work was done: `refs` already hold `digest`, so main() can
 * publish what is known before failing the step.
 */
class engine_PartialBuildError extends Error {
    partial;
    name = "PartialBuildError";
    constructor(message, partial, options) {
        super(message, options);
        this.partial = partial;
    }
}
// Registry answers that mean "try again later" as buildx and buildah print them. Neither engine
// retries a 429 itself; buildah retries some network errors, buildx none. GHCR adds transient
// "blob upload unknown" and 403 "secondary rate limit" answers.
const TRANSIENT_PATTERNS = [
    [/\b429\b|too many requests|toomanyrequests/i, "429 Too Many Requests"],
    [
        /\b(?:500|502|503|504)\b[^\n]{0,40}(?:internal server error|bad gateway|service unavailable|gateway time-?out)/i,
        "5xx",
    ],
    [/(?:status|status code|response)[:\s]+(?:500|502|503|504)\b/i, "5xx"],
    [/secondary rate limit/i, "GHCR secondary rate limit"],
    [/blob upload unknown|blob_upload_unknown/i, "blob upload unknown"],
    [
        /connection reset|econnreset|broken pipe|unexpected eof|i\/o timeout|tls handshake timeout/i,
        "connection reset",
    ],
];
// The engine's own closing error line: buildx `ERROR: …`, buildah `Error: …` or `level=error`.
const ERROR_LINE = /^(?:error\b|level=(?:error|fatal)\b)|\slevel=(?:error|fatal)\b/i;
// A build step that failed: its command text may contain anything, "429" included.
const STEP_FAILURE = /did not complete successfully|building at step|error building at step|while running runtime/i;
/**
 * Classifies an engine failure for withRetries. Only the engine's last error line counts: a build
 * log is full of step output (`#12 0.429 …`, a test printing "503 Service Unavailable") that says
 * nothing about the registry. Transient registry answers there (429, 5xx, GHCR's secondary rate
 * limit and lost blob uploads, resets, timeouts) are retried; anything else, a failed build step
 * above all, is final.
 */
function classifyEngineFailure(error) {
    if (!(error instanceof CommandError))
        return { retry: false };
    const last = error.stderr
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => ERROR_LINE.test(line))
        .pop();
    if (!last || STEP_FAILURE.test(last))
        return { retry: false };
    for (const [pattern, reason] of TRANSIENT_PATTERNS) {
        if (pattern.test(last))
            return { retry: true, reason };
    }
    return { retry: false };
}
/**
 * Retries of an engine command: the shared policy's tries and backoff, but a try is a whole build
 * (buildx) or a whole push (buildah), which can take many minutes by itself, so the bound is the
 * number of tries rather than the two-minute deadline meant for single HTTP requests.
 */
const ENGINE_RETRY_POLICY = { ...DEFAULT_RETRY_POLICY, deadlineMs: 60 * 60_000 };
/**
 * A short error for a failed engine command: its exit code and the error lines at the end of its
 * stderr (buildx writes the whole build log there), keeping the full CommandError as the cause.
 */
function explainFailure(what, error) {
    if (!(error instanceof CommandError))
        return errors_asError(error);
    const lines = error.stderr
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    const errors = lines.filter((line) => /^error\b/i.test(line) || /level=(?:error|fatal)/.test(line));
    const shown = (errors.length > 0 ? errors : lines).slice(-5).join("\n");
    return new Error(`${what} failed with exit code ${error.exitCode}${shown ? `: ${shown}` : ""}`, {
        cause: error,
    });
}
/** The platform object of a descriptor or index entry. */
function descriptorPlatform(platform) {
    return platform.variant === undefined
        ? { os: platform.os, architecture: platform.architecture }
        : { os: platform.os, architecture: platform.architecture, variant: platform.variant };
}

;// CONCATENATED MODULE: ../arch-build/src/layout-push.ts




/** The argv (after `skopeo`) of one copy of `oci:<dir>[:<name>]` to `docker://<repository>@<digest>`. */
function skopeoCopyArgs(layout, repository, digest, options) {
    const args = [
        "copy",
        "--all",
        "--preserve-digests",
        "--retry-times",
        "3",
        "--digestfile",
        options.digestFile,
    ];
    if (options.authFile)
        args.push("--dest-authfile", options.authFile);
    const host = repository.split("/")[0] ?? "";
    if (isInsecureRegistry(host, options.insecureRegistries ?? []))
        args.push("--dest-tls-verify=false");
    args.push(`oci:${layout.dir}${layout.name ? `:${layout.name}` : ""}`, `docker://${repository}@${digest}`);
    return args;
}
/**
 * Fails, before anything is built, when skopeo is not there: a push by digest without it would
 * only be found missing after the build.
 */
async function requireSkopeo(command = "skopeo", why) {
    const probe = await tryCommand(command, ["--version"], { silent: true }).catch((error) => ({
        exitCode: -1,
        stdout: "",
        stderr: error instanceof Error ? error.message : String(error),
    }));
    if (probe.exitCode !== 0) {
        throw new Error(`${why} pushes through an OCI layout with skopeo, which is not there (${probe.stderr.trim() || `exit code ${probe.exitCode}`}); ` +
            "install skopeo (apt-get install skopeo; GitHub's Ubuntu runners have it), or set arch-tags: true");
    }
}
/**
 * Copies the layout's image `digest` to every repository by digest, one after another, and checks
 * that each registry stored that very digest. Returns the `repository@digest` refs; a failure part-way
 * is a PartialBuildError with the refs already pushed.
 */
async function pushLayoutByDigest(layout, digest, repositories, options, reporter) {
    const skopeo = options.command ?? "skopeo";
    const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
    const pushed = [];
    // A directory of this call's own: two pushes at once (two platforms of one CLI run, two steps
    // sharing a temp dir) must never read each other's digest files.
    const scratch = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(options.tempDir, "layout-push-"));
    try {
        for (const [index, repository] of repositories.entries()) {
            await pushOne(repository, (0,external_node_path_namespaceObject.join)(scratch, `digest-${index}`));
        }
    }
    finally {
        (0,external_node_fs_namespaceObject.rmSync)(scratch, { recursive: true, force: true });
    }
    return pushed;
    async function pushOne(repository, digestFile) {
        const ref = `${repository}@${digest}`;
        const args = skopeoCopyArgs(layout, repository, digest, {
            digestFile,
            ...(options.authFile ? { authFile: options.authFile } : {}),
            ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
        });
        const partial = () => ({ digest: pushed.length > 0 ? digest : "", refs: [...pushed], built: digest });
        try {
            await withRetries(() => exec_runCommand(skopeo, args, { output: reporter.output }), {
                classify: classifyEngineFailure,
                onRetry: ({ attempt, delayMs, reason }) => reporter.warning(`skopeo copy to ${ref} failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s (try ${attempt + 1} of ${policy.attempts})`),
                ...(options.sleep ? { sleep: options.sleep } : {}),
            }, policy);
        }
        catch (error) {
            throw new engine_PartialBuildError(`${explainFailure(`skopeo copy to ${ref}`, error).message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`, partial(), { cause: error });
        }
        const written = (0,external_node_fs_namespaceObject.readFileSync)(digestFile, "utf8").trim();
        if (written !== digest) {
            throw new engine_PartialBuildError(`${repository} stored ${written || "no digest"} for the image ${digest}: the registries would not hold the same image`, partial());
        }
        pushed.push(ref);
        reporter.info(`Pushed ${ref} (no tag)`);
    }
}

;// CONCATENATED MODULE: ../arch-build/src/buildah.ts






/** Registry host of a `host/path[:tag]` reference. */
function refHost(ref) {
    return ref.replace(/^docker:\/\//, "").split("/")[0] ?? "";
}
/** True when TLS verification is turned off for `host`: loopback, or listed as insecure. */
function skipsTlsVerify(host, insecure = []) {
    return isInsecureRegistry(host, insecure);
}
/**
 * The cache repository a `cache-from`/`cache-to` entry names for buildah: a bare repository or
 * `type=registry,ref=<repository>`. Returns a problem for anything buildah cannot use.
 */
function buildahCacheRepository(entry) {
    let ref = entry.trim();
    if (ref.includes("=")) {
        const attrs = new Map(ref.split(",").map((part) => {
            const at = part.indexOf("=");
            return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
        }));
        const type = attrs.get("type") ?? "registry";
        if (type !== "registry") {
            return {
                problem: `is a type=${type} cache, which buildah cannot use`,
                fix: "give a registry repository (ghcr.io/org/app-cache) or use engine: buildx",
            };
        }
        ref = attrs.get("ref") ?? "";
        if (!ref)
            return { problem: "has no ref=", fix: "write type=registry,ref=<repository>" };
    }
    const last = ref.split("/").pop() ?? "";
    if (ref.includes("@") || last.includes(":")) {
        return {
            problem: "names a tag or digest; a buildah cache is a whole repository",
            fix: "write the repository without :tag, e.g. ghcr.io/org/app-cache",
        };
    }
    if (!ref.includes("/")) {
        return { problem: "is not a repository", fix: "write host/path, e.g. ghcr.io/org/app-cache" };
    }
    return { repository: ref };
}
/**
 * The problems of a buildah cache input (the action's `cache-from`/`cache-to`, the CLI's flags): one
 * registry repository at most, each entry one buildah can use. `entries` are as given, one per line
 * (or flag), shown joined by `separator`.
 */
function buildah_checkBuildahCache(input, entries, problems, separator = "\n") {
    if (entries.length > 1) {
        problems.add(new errors_InputError(input, entries.join(separator), "names several caches; buildah takes one", "keep one repository"));
    }
    for (const entry of entries) {
        const cache = buildahCacheRepository(entry);
        if ("problem" in cache)
            problems.add(new errors_InputError(input, entry, cache.problem, cache.fix));
    }
}
/** Global flags (before the subcommand): storage driver and storage locations. */
function buildahGlobalArgs(options) {
    const args = [];
    if (options.root)
        args.push("--root", options.root);
    if (options.runroot)
        args.push("--runroot", options.runroot);
    if (options.storageDriver)
        args.push("--storage-driver", options.storageDriver);
    return args;
}
/** The exact argv (after `buildah` and its global flags) of `buildah build`. Pure. */
function buildahBuildArgs(request, files) {
    const args = ["build", "--format", "oci", "--platform", request.platform.id, "--file", request.dockerfile];
    if (request.target)
        args.push("--target", request.target);
    for (const [key, value] of request.buildArgs)
        args.push("--build-arg", `${key}=${value}`);
    for (const secret of request.secrets) {
        const file = files.secretFiles.get(secret.id);
        if (!file)
            throw new Error(`no file for secret ${secret.id}`);
        args.push("--secret", `id=${secret.id},src=${file}`);
    }
    for (const [key, value] of request.labels)
        args.push("--label", `${key}=${value}`);
    for (const [key, value] of request.annotations)
        args.push("--annotation", `${key}=${value}`);
    const cacheRepos = [];
    if (request.cache.enabled) {
        args.push("--layers");
        for (const [flag, entries] of [
            ["--cache-from", request.cache.from],
            ["--cache-to", request.cache.to],
        ]) {
            for (const entry of entries) {
                const cache = buildahCacheRepository(entry);
                if ("problem" in cache)
                    throw new Error(`${flag} ${entry} ${cache.problem}`);
                args.push(flag, cache.repository);
                cacheRepos.push(cache.repository);
            }
        }
    }
    else {
        args.push("--layers=false");
    }
    if (request.cache.noCache)
        args.push("--no-cache");
    if (request.sourceDateEpoch)
        args.push("--timestamp", request.sourceDateEpoch);
    if (files.isolation)
        args.push("--isolation", files.isolation);
    if (files.authFile)
        args.push("--authfile", files.authFile);
    // Only a cache on a loopback/insecure registry turns verification off (it also covers base image pulls).
    if (cacheRepos.length > 0 &&
        cacheRepos.every((repo) => skipsTlsVerify(refHost(repo), files.insecureRegistries))) {
        args.push("--tls-verify=false");
    }
    args.push("--tag", files.localName, request.context);
    return args;
}
/**
 * buildah's name for a destination: `docker://<ref>` or `oci:<dir>:<tag>`. A push by digest goes to an
 * OCI layout first (see pushLayoutByDigest): buildah itself refuses a `docker://repo@digest` target.
 */
function buildahDestinations(output, work = "") {
    if (output.kind === "registry")
        return output.refs.map((ref) => `docker://${ref}`);
    if (output.kind === "oci-layout")
        return [`oci:${output.dir}:${output.tag}`];
    if (output.kind === "registry-by-digest")
        return [`oci:${(0,external_node_path_namespaceObject.join)(work, "layout")}:${LAYOUT_NAME}`];
    return [];
}
/** The image's name in the OCI layout a push by digest goes through. */
const LAYOUT_NAME = "build";
/**
 * The exact argv (after the global flags) of one `buildah push`: OCI manifest, gzip layers
 * (explicit, so a containers.conf default cannot make registries differ), the digest to a file.
 */
function buildahPushArgs(localName, destination, options) {
    const args = [
        "push",
        "--format",
        "oci",
        "--compression-format",
        "gzip",
        "--digestfile",
        options.digestFile,
    ];
    // buildah checks the auth file for every destination, a layout included (a DOCKER_CONFIG without
    // config.json fails even an oci: push), so an auth file chosen for it goes with every push.
    if (options.authFile)
        args.push("--authfile", options.authFile);
    if (destination.startsWith("docker://")) {
        // buildah's own retry reruns the copy (blobs already there are skipped) after network errors and
        // registry errors other than auth and not-found, a fixed delay apart; it reads no Retry-After, so
        // arch-build's retry (429 and GHCR's secondary rate limit, with backoff and jitter) stays around
        // it. Explicit, so a buildah whose default differs behaves the same.
        args.push("--retry", "3", "--retry-delay", "2s");
        if (skipsTlsVerify(refHost(destination), options.insecureRegistries))
            args.push("--tls-verify=false");
    }
    args.push(localName, destination);
    return args;
}
/** The digest `buildah manifest add` printed (`<list id>: sha256:…`). */
function parseManifestAddDigest(stdout) {
    const match = /(sha256:[0-9a-f]{64})\s*$/.exec(stdout.trim());
    return match?.[1] ?? "";
}
/**
 * The `--authfile` buildah gets: the Docker config that docker login and multi-registry-login write,
 * unless REGISTRY_AUTH_FILE (which buildah reads itself) is set or there is no such file.
 */
function buildah_buildahAuthFile(env) {
    if (env.REGISTRY_AUTH_FILE)
        return undefined;
    const file = dockerConfigPath(env);
    return (0,external_node_fs_namespaceObject.existsSync)(file) ? file : undefined;
}
/**
 * The `config.json` that DOCKER_CONFIG points at when that file does not exist (and REGISTRY_AUTH_FILE
 * is unset). buildah takes DOCKER_CONFIG as its default auth file and then fails every pull and push
 * with "checking authfile: stat …/config.json: no such file or directory"; the docker CLI reads such a
 * folder as "no credentials", and so does this engine.
 */
function missingDockerConfig(env) {
    if (env.REGISTRY_AUTH_FILE)
        return undefined;
    const dir = env.DOCKER_CONFIG?.trim();
    if (!dir)
        return undefined;
    const file = (0,external_node_path_namespaceObject.join)(dir, "config.json");
    return (0,external_node_fs_namespaceObject.existsSync)(file) ? undefined : file;
}
// Builds running at once in one buildah storage (the CLI builds every platform in parallel) share
// the layers that are the same on every architecture (a COPY of the same file). Removing one build's
// local image while another commits fails that commit with "layer not known", so local images are
// removed only when the last build using that storage has finished.
const storageUsers = new Map();
function useStorage(key) {
    const users = storageUsers.get(key) ?? { active: 0, finished: [] };
    users.active++;
    storageUsers.set(key, users);
}
async function releaseStorage(key, localName, remove) {
    const users = storageUsers.get(key);
    if (!users)
        return;
    users.active--;
    if (localName)
        users.finished.push(localName);
    if (users.active > 0)
        return;
    storageUsers.delete(key);
    await remove(users.finished);
}
/** `buildah build` then `buildah push` of that one image to every ref: the same bytes everywhere. */
function createBuildahEngine(options) {
    const buildah = options.command ?? "buildah";
    const global = buildahGlobalArgs(options);
    const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
    const insecure = options.insecureRegistries ?? [];
    const retrying = (what, reporter, operation) => withRetries(operation, {
        classify: classifyEngineFailure,
        onRetry: ({ attempt, delayMs, reason }) => reporter.warning(`${what} failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s (try ${attempt + 1} of ${policy.attempts})`),
        ...(options.sleep ? { sleep: options.sleep } : {}),
    }, policy);
    return {
        name: "buildah",
        async build(request, reporter, events = {}) {
            if (request.output.kind === "registry-by-digest") {
                await requireSkopeo(options.skopeo, "arch-tags: false with buildah");
            }
            const work = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(options.tempDir, "arch-build-"));
            const localName = `localhost/mbp-arch-build-${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString("hex")}:${request.platform.suffix}`;
            const storage = global.join(" ");
            useStorage(storage);
            let keep = false;
            try {
                const authFile = options.authFile ?? noCredentials(work, reporter);
                await buildImage(request, localName, work, authFile, reporter);
                if (request.output.kind === "none") {
                    keep = true;
                    reporter.info(`Built ${localName} (not pushed: push is false); it stays in buildah's local storage`);
                    return { digest: "", refs: [] };
                }
                events.pushing?.();
                return await pushEverywhere(request, request.output, localName, work, authFile, reporter);
            }
            finally {
                (0,external_node_fs_namespaceObject.rmSync)(work, { recursive: true, force: true });
                await releaseStorage(storage, keep ? undefined : localName, async (names) => {
                    for (const name of names) {
                        const removed = await tryCommand(buildah, [...global, "rmi", name], { silent: true });
                        if (removed.exitCode !== 0)
                            reporter.debug(`could not remove ${name}: ${removed.stderr.trim()}`);
                    }
                });
            }
        },
    };
    // An empty auth file in place of a DOCKER_CONFIG folder without config.json: anonymous access.
    function noCredentials(work, reporter) {
        const missing = missingDockerConfig(options.env ?? process.env);
        if (!missing)
            return undefined;
        reporter.debug(`DOCKER_CONFIG has no ${missing}: no registry credentials`);
        const file = (0,external_node_path_namespaceObject.join)(work, "no-credentials.json");
        (0,external_node_fs_namespaceObject.writeFileSync)(file, '{"auths":{}}\n', { mode: 0o600 });
        return file;
    }
    async function buildImage(request, localName, work, authFile, reporter) {
        // Secret values go to 0600 files in a private directory, removed as soon as the build ends.
        const secretDir = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(work, "secrets-"));
        try {
            const secretFiles = new Map();
            request.secrets.forEach((secret, index) => {
                const file = (0,external_node_path_namespaceObject.join)(secretDir, `secret-${index}`);
                (0,external_node_fs_namespaceObject.writeFileSync)(file, secret.value, { mode: 0o600 });
                (0,external_node_fs_namespaceObject.chmodSync)(file, 0o600);
                secretFiles.set(secret.id, file);
            });
            const args = buildahBuildArgs(request, {
                localName,
                secretFiles,
                ...(options.isolation ? { isolation: options.isolation } : {}),
                ...(authFile ? { authFile } : {}),
                insecureRegistries: insecure,
            });
            try {
                await exec_runCommand(buildah, [...global, ...args], { output: reporter.output });
            }
            catch (error) {
                throw explainFailure("buildah build", error);
            }
        }
        finally {
            (0,external_node_fs_namespaceObject.rmSync)(secretDir, { recursive: true, force: true });
        }
    }
    async function pushEverywhere(request, output, localName, work, authFile, reporter) {
        const pushed = [];
        let digest = "";
        const destinations = buildahDestinations(output, work);
        for (const [index, destination] of destinations.entries()) {
            const digestFile = (0,external_node_path_namespaceObject.join)(work, `digest-${index}`);
            const args = buildahPushArgs(localName, destination, {
                digestFile,
                ...(authFile ? { authFile } : {}),
                insecureRegistries: insecure,
            });
            try {
                await retrying(`buildah push to ${destination}`, reporter, () => exec_runCommand(buildah, [...global, ...args], { output: reporter.output }));
            }
            catch (error) {
                throw new engine_PartialBuildError(`${explainFailure(`buildah push to ${destination}`, error).message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`, { digest, refs: pushed }, { cause: error });
            }
            const written = (0,external_node_fs_namespaceObject.readFileSync)(digestFile, "utf8").trim();
            if (digest && written !== digest) {
                throw new engine_PartialBuildError(`${destination} got ${written} but ${pushed[0]} got ${digest}: the registries would not hold the same image`, { digest, refs: pushed });
            }
            digest = written;
            pushed.push(destination.replace(/^docker:\/\//, ""));
            // An OCI layout (the CLI's) is written on this machine, not pushed anywhere.
            reporter.info(`${output.kind === "oci-layout" ? "Wrote" : "Pushed"} ${destination.replace(/^docker:\/\//, "")}@${digest}`);
        }
        if (output.kind === "oci-layout") {
            return { digest, descriptor: layoutDescriptor(output.dir, output.tag, request), refs: [] };
        }
        if (output.kind === "registry-by-digest") {
            const refs = await pushLayoutByDigest({ dir: (0,external_node_path_namespaceObject.join)(work, "layout"), name: LAYOUT_NAME }, digest, output.repositories, {
                tempDir: work,
                ...(options.skopeo ? { command: options.skopeo } : {}),
                ...(authFile ? { authFile } : {}),
                insecureRegistries: insecure,
                ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
                ...(options.sleep ? { sleep: options.sleep } : {}),
            }, reporter);
            return { digest, descriptor: await readBack(refs, digest, request, authFile, reporter), refs };
        }
        return {
            digest,
            descriptor: await readBack(output.refs, digest, request, authFile, reporter),
            refs: pushed,
        };
    }
    /**
     * Reads every ref back through a throwaway manifest list: checks that each registry answers with
     * the pushed digest and the requested platform, and learns the manifest's media type and size.
     */
    async function readBack(refs, digest, request, authFile, reporter) {
        const probe = `localhost/mbp-arch-build-probe-${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString("hex")}`;
        const silent = { silent: true };
        await exec_runCommand(buildah, [...global, "manifest", "create", probe], silent);
        try {
            for (const ref of refs) {
                const args = ["manifest", "add"];
                if (authFile)
                    args.push("--authfile", authFile);
                if (skipsTlsVerify(refHost(ref), insecure))
                    args.push("--tls-verify=false");
                args.push(probe, `docker://${ref}`);
                const result = await retrying(`reading back ${ref}`, reporter, () => exec_runCommand(buildah, [...global, ...args], silent)).catch((error) => {
                    throw new engine_PartialBuildError(explainFailure(`reading back ${ref}`, error).message, { digest, refs });
                });
                const found = parseManifestAddDigest(result.stdout);
                if (found !== digest) {
                    throw new engine_PartialBuildError(`${ref} answers ${found || "no digest"} after pushing ${digest}`, {
                        digest,
                        refs,
                    });
                }
            }
            const inspected = await exec_runCommand(buildah, [...global, "manifest", "inspect", probe], silent);
            const list = JSON.parse(inspected.stdout);
            const entry = list.manifests?.find((m) => m.digest === digest);
            if (!entry?.mediaType || typeof entry.size !== "number") {
                throw new engine_PartialBuildError(`could not read the descriptor of ${digest} back`, { digest, refs });
            }
            const want = descriptorPlatform(request.platform);
            const got = entry.platform ?? {};
            if (got.os !== want.os ||
                got.architecture !== want.architecture ||
                (got.variant || undefined) !== want.variant) {
                throw new engine_PartialBuildError(`the pushed image is for ${[got.os, got.architecture, got.variant].filter(Boolean).join("/")}, not ${request.platform.id}`, { digest, refs });
            }
            return { mediaType: entry.mediaType, digest, size: entry.size, platform: want };
        }
        finally {
            const removed = await tryCommand(buildah, [...global, "manifest", "rm", probe], silent);
            if (removed.exitCode !== 0)
                reporter.debug(`could not remove ${probe}: ${removed.stderr.trim()}`);
        }
    }
}
/** The descriptor of `tag` in an OCI layout's index.json. */
function layoutDescriptor(dir, tag, request) {
    const index = JSON.parse((0,external_node_fs_namespaceObject.readFileSync)((0,external_node_path_namespaceObject.join)(dir, "index.json"), "utf8"));
    const entry = index.manifests?.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
    if (!entry?.mediaType || !entry.digest || typeof entry.size !== "number") {
        throw new Error(`${dir}/index.json has no manifest tagged ${tag}`);
    }
    return {
        mediaType: entry.mediaType,
        digest: entry.digest,
        size: entry.size,
        platform: descriptorPlatform(request.platform),
    };
}

;// CONCATENATED MODULE: ../arch-build/src/buildx.ts




// Where buildx-args tests and older callers look for it; the rule itself is image-spec's.


/** The builder created when the current one uses the `docker` driver. */
const CONTAINER_BUILDER = "mbp-arch-build";
/**
 * What buildx's `type=gha` cache reads from its environment (GitHub gives them to JavaScript actions,
 * not to `run:` steps). Passed through explicitly so a caller-supplied environment keeps them.
 */
const GHA_CACHE_VARIABLES = [
    "ACTIONS_RESULTS_URL",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_CACHE_URL",
    "ACTIONS_CACHE_SERVICE_V2",
];
/**
 * Resolves the cache for buildx. Explicit `from`/`to` entries replace the default, both directions at
 * once (a read-only registry cache must not start writing the GitHub cache); the default is the
 * GitHub cache scoped per image and architecture, which needs the runtime variables GitHub gives
 * JavaScript actions (without them buildx cannot reach the cache service).
 */
function buildxCache(cache, env) {
    if (!cache.enabled)
        return { from: [], to: [], warnings: [] };
    if (cache.from.length > 0 || cache.to.length > 0)
        return { from: cache.from, to: cache.to, warnings: [] };
    const ghaReady = Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL));
    if (!ghaReady) {
        return {
            from: [],
            to: [],
            warnings: [
                "cache: the GitHub Actions cache needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, which are not set " +
                    "(outside GitHub Actions?); building without the default cache",
            ],
        };
    }
    return {
        from: [`type=gha,scope=${cache.scope}`],
        to: [`type=gha,scope=${cache.scope},mode=max,ignore-error=true`],
        warnings: [],
    };
}
/**
 * The exact argv (after `docker`) of `docker buildx build` for a request. Pure: secret values never
 * appear, only the names of the environment variables that carry them.
 */
function buildxBuildArgs(request, files) {
    const args = ["buildx", "build"];
    if (files.builder)
        args.push("--builder", files.builder);
    args.push("--platform", request.platform.id, "--file", request.dockerfile);
    if (request.target)
        args.push("--target", request.target);
    for (const [key, value] of request.buildArgs)
        args.push("--build-arg", `${key}=${value}`);
    // BuildKit takes the reproducible-build time as this build argument (it sets image and history dates).
    if (request.sourceDateEpoch && !request.buildArgs.some(([key]) => key === "SOURCE_DATE_EPOCH")) {
        args.push("--build-arg", `SOURCE_DATE_EPOCH=${request.sourceDateEpoch}`);
    }
    for (const secret of request.secrets) {
        args.push("--secret", `id=${secret.id},env=${secretEnvName(secret.id)}`);
    }
    const output = request.output;
    if (output.kind === "registry") {
        for (const ref of output.refs)
            args.push("--tag", ref);
        args.push("--push");
    }
    else if (output.kind === "registry-by-digest") {
        // One push to every repository, by digest only: no tag, canonical names (docker/github-builder's
        // output). The quotes keep the comma-separated names one CSV field for buildx.
        args.push("--output", `type=image,"name=${output.repositories.join(",")}",push-by-digest=true,name-canonical=true,push=true`);
    }
    else if (output.kind === "oci-layout") {
        args.push("--output", `type=oci,dest=${output.dir},tar=false,name=${output.tag}`);
    }
    args.push("--metadata-file", files.metadataFile);
    for (const [key, value] of request.labels)
        args.push("--label", `${key}=${value}`);
    for (const [key, value] of request.annotations)
        args.push("--annotation", `${key}=${value}`);
    for (const from of files.cache.from)
        args.push("--cache-from", from);
    for (const to of files.cache.to)
        args.push("--cache-to", to);
    if (request.cache.noCache)
        args.push("--no-cache");
    if (request.provenance)
        args.push("--provenance", request.provenance);
    if (request.sbom)
        args.push("--sbom", request.sbom);
    args.push(request.context);
    return args;
}
/** The environment added for the build child: the cache variables and one variable per secret. */
function buildxEnv(request, env) {
    const result = {};
    for (const name of GHA_CACHE_VARIABLES) {
        const value = env[name];
        if (value)
            result[name] = value;
    }
    for (const secret of request.secrets)
        result[secretEnvName(secret.id)] = secret.value;
    return result;
}
/** The driver of the builder that `docker buildx inspect` describes (its first `Driver:` line). */
function parseBuilderDriver(inspectOutput) {
    const match = /^Driver:\s*(\S+)/im.exec(inspectOutput);
    return match?.[1];
}
/**
 * Whether the `docker` driver that `docker buildx inspect` describes runs on the containerd image
 * store (its BuildKit worker is containerd's): then it exports caches and OCI layouts itself.
 */
function dockerDriverOnContainerd(inspectOutput) {
    return /^\s*org\.mobyproject\.buildkit\.worker\.containerd\./m.test(inspectOutput);
}
/** The digest and descriptor buildx wrote to its `--metadata-file`. */
function readBuildxMetadata(text) {
    const trimmed = text.trim();
    if (trimmed === "" || trimmed === "null")
        return { digest: "" };
    const metadata = JSON.parse(trimmed);
    const digest = typeof metadata["containerimage.digest"] === "string" ? metadata["containerimage.digest"] : "";
    const raw = metadata["containerimage.descriptor"];
    if (raw &&
        typeof raw.mediaType === "string" &&
        typeof raw.digest === "string" &&
        typeof raw.size === "number") {
        return {
            digest: digest || raw.digest,
            descriptor: { mediaType: raw.mediaType, digest: raw.digest, size: raw.size },
        };
    }
    return { digest };
}
/**
 * What buildx's plain progress output says about a push: the digest it exported (the manifest list
 * when there are attestations, else the manifest) and every `name[:tag]@digest` whose manifest push
 * finished (`#9 pushing manifest for host/org/app:1.0-amd64@sha256:… 0.1s done`). Read after a
 * failure, to say what the registries already hold.
 */
function parseBuildxPushes(log) {
    let manifest;
    let list;
    const pushed = [];
    for (const line of log.split(/\r?\n/)) {
        const exported = /^#\d+ exporting manifest (list )?(sha256:[0-9a-f]{64})/.exec(line);
        if (exported) {
            if (exported[1])
                list = exported[2];
            else
                manifest ??= exported[2];
            continue;
        }
        const done = /^#\d+ pushing manifest for (\S+@sha256:[0-9a-f]{64})(?: [\d.]+s)? done\s*$/.exec(line);
        if (done?.[1]) {
            // A push by digest names `name@digest`; a tagged push `name:tag@digest`, whose ref is `name:tag`.
            const [name, digest] = done[1].split("@");
            const ref = /:[^/]*$/.test(name) ? name : `${name}@${digest}`;
            if (!pushed.includes(ref))
                pushed.push(ref);
        }
    }
    const exported = list ?? manifest;
    return exported ? { exported, pushed } : { pushed };
}
/** The lines of buildx's progress that mean the push to the registries has begun. */
const PUSH_STARTED = /^#\d+ (?:pushing layers|pushing manifest for |pushing \S+ with docker)/m;
/** `docker buildx build`: one build that tags and pushes every ref itself. */
function createBuildxEngine(options) {
    const docker = options.command ?? "docker";
    const env = options.env ?? process.env;
    return {
        name: "buildx",
        async build(request, reporter, events = {}) {
            const cache = buildxCache(request.cache, env);
            for (const warning of cache.warnings)
                reporter.warning(warning);
            const byDigest = request.output.kind === "registry-by-digest";
            const needsExporter = cache.to.length > 0 || request.output.kind === "oci-layout";
            // The builder is asked about only when it matters: whether it can push by digest, export (a
            // cache, a layout), or attest (a default provenance).
            const asksBuilder = byDigest || (needsExporter && !options.builder);
            const described = asksBuilder || (request.defaultProvenance && !options.builder)
                ? await inspectBuilder(docker, asksBuilder ? options.builder : undefined)
                : undefined;
            let builder = options.builder;
            let digestPush = "buildx";
            if (asksBuilder && described !== undefined) {
                const chosen = await chooseBuilder(docker, builder, described, { byDigest }, reporter);
                builder = chosen.builder;
                digestPush = chosen.digestPush;
            }
            const dropped = request.defaultProvenance
                ? defaultProvenanceLeftOut(env, builder === undefined ? described : undefined)
                : undefined;
            if (dropped)
                reporter.debug(`provenance: the default ${request.provenance} is left out: ${dropped}`);
            if (byDigest && digestPush === "layout") {
                await requireSkopeo(options.skopeo, "arch-tags: false on the docker driver");
            }
            // A directory of this build's own for buildx's metadata file and the OCI layout: two builds
            // may share tempDir (the CLI's platforms, steps without RUNNER_TEMP), and must not share files.
            const work = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(options.tempDir, `arch-build-${request.platform.suffix}-`));
            const layoutDir = byDigest && digestPush === "layout" ? (0,external_node_path_namespaceObject.join)(work, "layout") : undefined;
            if (layoutDir)
                (0,external_node_fs_namespaceObject.mkdirSync)(layoutDir);
            try {
                const attested = dropped ? { ...request, provenance: "" } : request;
                const buildRequest = layoutDir
                    ? {
                        ...attested,
                        // The layout gets what the push would get: buildx adds provenance to a push (mode=min,
                        // "inline-only"), not to an OCI layout, unless it is asked for or left out.
                        provenance: dropped ? "" : request.provenance || "mode=min",
                        output: { kind: "oci-layout", dir: layoutDir, tag: "build" },
                    }
                    : attested;
                const metadataFile = (0,external_node_path_namespaceObject.join)(work, "metadata.json");
                const args = buildxBuildArgs(buildRequest, { metadataFile, cache, builder });
                const childEnv = buildxEnv(request, env);
                const policy = options.retryPolicy ?? ENGINE_RETRY_POLICY;
                let log = "";
                const pushing = once(events.pushing);
                const watch = (chunk) => {
                    log += chunk;
                    if (buildRequest.output.kind !== "oci-layout" && PUSH_STARTED.test(chunk))
                        pushing();
                };
                try {
                    await withRetries(() => {
                        log = "";
                        return exec_runCommand(docker, args, {
                            env: childEnv,
                            output: reporter.output,
                            onStdout: watch,
                            onStderr: watch,
                        });
                    }, {
                        classify: classifyEngineFailure,
                        onRetry: ({ attempt, delayMs, reason }) => reporter.warning(`docker buildx build failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s ` +
                            `(try ${attempt + 1} of ${policy.attempts})`),
                        ...(options.sleep ? { sleep: options.sleep } : {}),
                    }, policy);
                }
                catch (error) {
                    const failure = explainFailure("docker buildx build", error);
                    const { exported, pushed } = parseBuildxPushes(log);
                    if (pushed.length === 0 && !exported)
                        throw failure;
                    // Some registries may hold the image already: say which, so the outputs can name them.
                    throw new engine_PartialBuildError(`${failure.message}${pushed.length ? ` (after ${pushed.join(", ")} were pushed)` : ""}`, {
                        digest: pushed.length ? (exported ?? "") : "",
                        refs: pushed,
                        ...(exported ? { built: exported } : {}),
                    }, { cause: failure });
                }
                let metadataText = "";
                try {
                    metadataText = (0,external_node_fs_namespaceObject.readFileSync)(metadataFile, "utf8");
                }
                catch {
                    reporter.debug(`buildx wrote no metadata file at ${metadataFile}`);
                }
                const metadata = readBuildxMetadata(metadataText);
                const output = request.output;
                const tagged = output.kind === "registry" ? output.refs : [];
                if (output.kind !== "none" && !metadata.digest) {
                    throw new engine_PartialBuildError(`docker buildx build succeeded but wrote no containerimage.digest to ${metadataFile}`, { digest: "", refs: tagged });
                }
                let refs = tagged;
                if (output.kind === "registry-by-digest") {
                    if (layoutDir) {
                        pushing();
                        refs = await pushLayoutByDigest({ dir: layoutDir }, metadata.digest, output.repositories, {
                            tempDir: work,
                            ...(options.skopeo ? { command: options.skopeo } : {}),
                            ...(options.authFile ? { authFile: options.authFile } : {}),
                            ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
                            ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
                            ...(options.sleep ? { sleep: options.sleep } : {}),
                        }, reporter);
                    }
                    else {
                        refs = output.repositories.map((repository) => `${repository}@${metadata.digest}`);
                    }
                }
                return {
                    digest: metadata.digest,
                    ...(metadata.descriptor
                        ? { descriptor: { ...metadata.descriptor, platform: descriptorPlatform(request.platform) } }
                        : {}),
                    refs,
                };
            }
            finally {
                (0,external_node_fs_namespaceObject.rmSync)(work, { recursive: true, force: true });
            }
        },
    };
}
function once(callback) {
    let called = false;
    return () => {
        if (called)
            return;
        called = true;
        callback?.();
    };
}
/**
 * Why buildx would leave out a default provenance here, as it leaves out its own default
 * (`mode=min,inline-only=true`): BUILDX_NO_DEFAULT_ATTESTATIONS is set, or the build runs on the
 * current builder (described by `current`, `docker buildx inspect`) and that is the `docker` driver on
 * the classic image store, which refuses attestations ("Attestation is not supported for the docker
 * driver"). Undefined when it stays. Pure.
 */
function defaultProvenanceLeftOut(env, current) {
    const optOut = env.BUILDX_NO_DEFAULT_ATTESTATIONS?.trim() ?? "";
    if (["1", "t", "T", "true", "True", "TRUE"].includes(optOut)) {
        return `BUILDX_NO_DEFAULT_ATTESTATIONS=${optOut}`;
    }
    if (current !== undefined &&
        parseBuilderDriver(current) === "docker" &&
        !dockerDriverOnContainerd(current)) {
        return "the builder uses the docker driver on the classic image store, which cannot attest";
    }
    return undefined;
}
/** `docker buildx inspect` of the current builder: its output, or an error saying how to set buildx up. */
/**
 * `docker buildx inspect` of the named builder, or of the current one: its output, or an error saying
 * how to set buildx up.
 */
async function inspectBuilder(docker, named) {
    const inspect = await tryCommand(docker, ["buildx", "inspect", ...(named ? [named] : [])], {
        silent: true,
    });
    if (inspect.exitCode !== 0) {
        throw new Error(`docker buildx is not available (${inspect.stderr.trim() || `exit code ${inspect.exitCode}`}); ` +
            "set it up (docker/setup-buildx-action) or use engine: buildah");
    }
    return inspect.stdout;
}
/**
 * The builder a build needs, from what `docker buildx inspect` says of the current (or named) one.
 * The `docker` driver exports a cache and an OCI layout only on the containerd image store, and never
 * pushes by digest: on the containerd store a push by digest goes through an OCI layout (skopeo);
 * without it the build moves to a docker-container builder, reusing the one a previous run on this
 * machine created. That builder is named with --builder, never made current (`buildx use`), so a
 * self-hosted machine's current builder stays what its owner chose.
 */
async function chooseBuilder(docker, named, described, need, reporter) {
    const driver = parseBuilderDriver(described);
    reporter.debug(`buildx builder ${named ?? "(current)"} driver: ${driver ?? "unknown"}`);
    if (driver !== "docker")
        return { builder: named, digestPush: "buildx" };
    if (dockerDriverOnContainerd(described)) {
        if (need.byDigest) {
            reporter.info("The builder uses the docker driver, which cannot push by digest; the image goes through an OCI layout that skopeo pushes by digest");
        }
        return { builder: named, digestPush: need.byDigest ? "layout" : "buildx" };
    }
    if (named) {
        throw new Error(`builder ${named} uses the docker driver without the containerd image store, which can neither push by digest nor export a cache; name a docker-container builder`);
    }
    reporter.info(`The current builder uses the docker driver, which cannot ${need.byDigest ? "push by digest" : "export a build cache"}; building on a docker-container builder (${CONTAINER_BUILDER})`);
    const existing = await tryCommand(docker, ["buildx", "inspect", CONTAINER_BUILDER], { silent: true });
    if (existing.exitCode !== 0) {
        await exec_runCommand(docker, ["buildx", "create", "--name", CONTAINER_BUILDER, "--driver", "docker-container"], { output: reporter.output });
    }
    return { builder: CONTAINER_BUILDER, digestPush: "buildx" };
}

;// CONCATENATED MODULE: ../arch-build/src/free-space.ts




/**
 * Preinstalled toolchains a container build never uses, largest first. Deliberately not the whole
 * /opt/hostedtoolcache: later steps of the same job may use a Python or Node from it (setup-*
 * actions); only CodeQL's bundle, which a build job does not run, goes.
 */
const FREE_SPACE_PATHS = (/* unused pure expression or super */ null && ([
    "/usr/local/lib/android",
    "/usr/share/dotnet",
    "/opt/ghc",
    "/opt/hostedtoolcache/CodeQL",
]));
/** The job summary's sentence for a free-space step: what it freed and in how long, or why it did nothing. */
function freeSpaceNote(result) {
    return result.skipped
        ? `free-space: skipped (${result.skipped}).`
        : `free-space: freed ${formatBytes(result.freedBytes)} in ${result.seconds.toFixed(1)} s.`;
}
/**
 * Removes large preinstalled toolchains on a GitHub-hosted runner, all at once, and reports the
 * space freed as df does (the filesystems' free bytes before and after) and the time taken. Asking
 * `du` first would read every inode of ~10 GB of small files: minutes on a runner's cold disk.
 * Never deletes anything on a self-hosted or unknown runner: a warning says so instead.
 */
async function free_space_freeSpace(options, reporter) {
    if (options.runnerEnvironment !== "github-hosted") {
        const where = options.runnerEnvironment
            ? `a ${options.runnerEnvironment} runner`
            : "a runner that is not GitHub-hosted";
        const skipped = `free-space: ignored on ${where} (RUNNER_ENVIRONMENT=${JSON.stringify(options.runnerEnvironment)}); nothing was deleted`;
        reporter.warning(skipped);
        return { skipped, removed: [], freedBytes: 0, seconds: 0 };
    }
    const root = options.root ?? "/";
    const prefix = options.sudo ? ["sudo", "-n"] : [];
    const now = options.now ?? Date.now;
    const targets = [];
    for (const path of options.paths ?? FREE_SPACE_PATHS) {
        const target = join(root, path);
        if (existsSync(target))
            targets.push(target);
        else
            reporter.debug(`free-space: ${target} does not exist`);
    }
    const filesystems = await filesystemsOf(targets);
    const free = (stats) => stats.bavail * stats.bsize;
    const measure = options.statfs ?? statfs;
    const before = await Promise.all(filesystems.map(async (path) => free(await measure(path))));
    const started = now();
    const outcomes = await Promise.allSettled(targets.map(async (target) => {
        const [command = "rm", ...args] = [...prefix, "rm", "-rf", "--one-file-system", "--", target];
        await runCommand(command, args, { silent: true });
        reporter.info(`Removed ${target}`);
    }));
    const seconds = (now() - started) / 1000;
    const after = await Promise.all(filesystems.map(async (path) => free(await measure(path))));
    const freedBytes = Math.max(0, after.reduce((sum, bytes, i) => sum + bytes - (before[i] ?? bytes), 0));
    const total = (values) => formatBytes(values.reduce((sum, bytes) => sum + bytes, 0));
    reporter.info(`Freed ${formatBytes(freedBytes)} in ${seconds.toFixed(1)} s` +
        (filesystems.length > 0 ? ` (free: ${total(before)} before, ${total(after)} after)` : ""));
    const failures = outcomes.flatMap((outcome, i) => outcome.status === "rejected" ? [`${targets[i]}: ${errorText(outcome.reason)}`] : []);
    if (failures.length > 0)
        throw new Error(`free-space could not remove ${failures.join("; ")}`);
    return { removed: targets, freedBytes, seconds };
}
/** One existing directory per filesystem the targets live on (their parents, which outlive them). */
async function filesystemsOf(targets) {
    const seen = new Map();
    for (const target of targets) {
        const parent = dirname(target);
        const { dev } = await stat(parent);
        if (!seen.has(dev))
            seen.set(dev, parent);
    }
    return [...seen.values()];
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ../arch-build/src/inputs.ts





// The {arch} rule lives with the rest of the build-request rule; named here too for older importers.

/** The platform of the machine this runs on (`linux/amd64`, `linux/arm64`): the default `platform`. */
function hostPlatformId(arch = process.arch) {
    const names = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386" };
    return `linux/${names[arch] ?? arch}`;
}
/** A context that is not a local directory (git or HTTP URL): the engine fetches it. */
function isRemoteContext(context) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@");
}
/**
 * Validates every input at once (InputErrors naming each input, value and fix) and makes the plan
 * with the same code as the planning job, so tags and refs are identical. Pure.
 */
function parseInputs(raw, context, problems = new Problems()) {
    const warnings = [];
    const engineName = raw.engine.trim() || "buildx";
    const engine = ENGINES.includes(engineName) ? engineName : undefined;
    const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
    // buildx pushes through its builder, whose own configuration decides how it speaks to a host.
    const notes = [];
    if (engine === "buildx" && insecure.length > 0) {
        notes.push("insecure-registries: buildx pushes through its builder, which takes these hosts from its own configuration: a docker-container builder from buildkitd.toml ([registry.\"host\"] http = true, insecure = true; build.yaml sets its builder up so from the plan's buildkitd-config output), the docker driver from the daemon's insecure-registries (daemon.json)");
    }
    if (!engine) {
        problems.add(new InputError("engine", raw.engine, "is not a build engine", `write ${ENGINES.join(" or ")}`));
    }
    const platformEntries = parseList(raw.platform.trim() || context.hostPlatform);
    let platformId;
    if (platformEntries.length > 1) {
        problems.add(new InputError("platform", raw.platform, `names ${platformEntries.length} platforms; each arch-build builds one`, "run one job per platform (the plan's matrix) and pass that job's platform"));
    }
    else {
        platformId = problems.attempt(() => parsePlatform(platformEntries[0] ?? "", "platform"))?.id;
    }
    const plan = problems.attempt(() => makePlan({
        images: raw.images,
        tag: raw.tag,
        additionalTags: raw.additionalTags,
        platforms: platformId ?? context.hostPlatform,
    }, context.github));
    const buildArgs = problems.attempt(() => parseKeyValues(raw.buildArgs, "build-args")) ?? [];
    const userLabels = problems.attempt(() => parseKeyValues(raw.labels, "labels")) ?? [];
    const annotations = problems.attempt(() => parseKeyValues(raw.annotations, "annotations")) ?? [];
    const secrets = checkSecrets(parseSecretLines(raw.secrets, "secrets", problems), problems, warnings);
    const from = parseCacheEntries("cache-from", raw.cacheFrom, problems);
    const to = parseCacheEntries("cache-to", raw.cacheTo, problems);
    if (!raw.cache && (from.length > 0 || to.length > 0)) {
        warnings.push("cache-from/cache-to: ignored because cache is false");
    }
    if (engine === "buildah") {
        // {arch} is replaced for the check: a buildah cache names a repository.
        const suffix = plan?.platforms[0]?.suffix ?? "";
        checkBuildahCache("cache-from", expandArch(from, suffix), problems);
        checkBuildahCache("cache-to", expandArch(to, suffix), problems);
        warnings.push(...ignoredByBuildah([
            ["provenance", raw.provenance],
            ["sbom", raw.sbom],
        ]));
    }
    problems.throwIfAny();
    if (!engine || !plan)
        throw new Error("unreachable: validated inputs missing");
    const platform = plan.platforms[0];
    if (!platform)
        throw new Error("unreachable: plan without platform");
    // The rule the CLI shares: {arch} becomes the platform's tag suffix, so every leg of a matrix
    // gets its own cache; the GitHub context's source labels, then the labels input.
    const request = settingsForPlatform({
        secrets,
        labels: imageLabels(context.github, plan.tag, userLabels),
        cache: { byDefault: raw.cache, from: raw.cache ? from : [], to: raw.cache ? to : [] },
        // build-push-action's default on GitHub Actions (mode=max public, mode=min private).
        ...resolveProvenance(raw.provenance, context.github),
        sbom: raw.sbom.trim(),
    }, plan, platform);
    return {
        engine,
        plan,
        platform,
        refs: platform.refs,
        context: raw.context.trim() || ".",
        dockerfile: raw.dockerfile.trim(),
        target: raw.target.trim(),
        buildArgs,
        annotations,
        push: raw.push,
        ...request,
        freeSpace: raw.freeSpace,
        insecure,
        archTags: raw.archTags,
        warnings: [...plan.warnings, ...warnings],
        notes,
    };
}
/**
 * Checks that the context and the Dockerfile exist before anything runs. Paths follow `docker build`
 * (and build-push-action's `file`): the context and an explicit Dockerfile are relative to the working
 * directory; with no Dockerfile given it is `<context>/Dockerfile`. A Dockerfile that only exists
 * relative to the context gets a fix that says so. Remote contexts are passed through unchecked.
 */
function inputs_checkBuildFiles(inputs, cwd) {
    if (isRemoteContext(inputs.context)) {
        return { context: inputs.context, dockerfile: inputs.dockerfile, warnings: [] };
    }
    const context = (0,external_node_path_namespaceObject.resolve)(cwd, inputs.context);
    if (!(0,external_node_fs_namespaceObject.existsSync)(context) || !(0,external_node_fs_namespaceObject.statSync)(context).isDirectory()) {
        throw new errors_InputError("context", inputs.context, (0,external_node_fs_namespaceObject.existsSync)(context) ? "is not a directory" : "does not exist", "give the build context directory, relative to the working directory (default .)");
    }
    const dockerfile = inputs.dockerfile ? (0,external_node_path_namespaceObject.resolve)(cwd, inputs.dockerfile) : (0,external_node_path_namespaceObject.join)(context, "Dockerfile");
    if (!inputs.dockerfile && !isFile(dockerfile)) {
        // Nobody named a Dockerfile: what is missing is the default one, in the context.
        const shown = (0,external_node_path_namespaceObject.relative)(cwd, dockerfile);
        throw new NoDockerfileError(inputs.context, shown.startsWith("..") || (0,external_node_path_namespaceObject.isAbsolute)(shown) ? dockerfile : `./${shown}`);
    }
    if (!isFile(dockerfile)) {
        const inContext = inputs.dockerfile ? (0,external_node_path_namespaceObject.join)(context, inputs.dockerfile) : "";
        const fix = inContext && isFile(inContext)
            ? `it is read relative to the working directory, as docker build -f does; write ${(0,external_node_path_namespaceObject.relative)(cwd, inContext)}`
            : "give the Dockerfile's path relative to the working directory, or leave it empty for <context>/Dockerfile";
        throw new errors_InputError("dockerfile", inputs.dockerfile || (0,external_node_path_namespaceObject.relative)(cwd, dockerfile), `is not a file`, fix);
    }
    return { context, dockerfile, warnings: [] };
}
/** No Dockerfile was named and the context has none (`<context>/Dockerfile`). */
class NoDockerfileError extends errors_InputError {
    path;
    constructor(context, path) {
        super("context", context, `has no Dockerfile (${path} does not exist)`, "set the dockerfile input to the Dockerfile's path, or the context input to a directory that holds one");
        this.path = path;
    }
}
function isFile(path) {
    return (0,external_node_fs_namespaceObject.existsSync)(path) && (0,external_node_fs_namespaceObject.statSync)(path).isFile();
}

;// CONCATENATED MODULE: ../arch-build/src/run.ts







/** A build that failed: the outputs for what it did before (refs pushed, timeline), then the error. */
class ArchBuildError extends Error {
    outputs;
    name = "ArchBuildError";
    constructor(message, outputs, options) {
        super(message, options);
        this.outputs = outputs;
    }
}
/** Makes an engine by name; the CLI uses this too. */
function createEngine(name, options) {
    return name === "buildah" ? createBuildahEngine(options.buildah) : createBuildxEngine(options.buildx);
}
/** The engine-neutral request for validated inputs and checked files. Pure. */
function makeBuildRequest(inputs, files) {
    return {
        platform: inputs.platform,
        context: files.context,
        dockerfile: files.dockerfile,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        secrets: inputs.secrets,
        labels: inputs.labels,
        annotations: inputs.annotations,
        output: !inputs.push
            ? { kind: "none" }
            : inputs.archTags
                ? { kind: "registry", refs: inputs.refs }
                : { kind: "registry-by-digest", repositories: inputs.plan.images.map((image) => image.name) },
        cache: inputs.cache,
        provenance: inputs.provenance,
        ...(inputs.defaultProvenance ? { defaultProvenance: true } : {}),
        sbom: inputs.sbom,
    };
}
/** One per-architecture build: check the files, free space if asked, build and push everywhere. */
async function run(inputs, deps) {
    const { reporter } = deps;
    const env = deps.env ?? process.env;
    const now = deps.now ?? Date.now;
    const files = checkBuildFiles(inputs, deps.cwd ?? process.cwd());
    for (const warning of files.warnings)
        reporter.warning(warning);
    const steps = [];
    let freed;
    if (inputs.freeSpace) {
        const start = now();
        freed = await reporter.group("Free disk space", () => freeSpace({
            runnerEnvironment: env.RUNNER_ENVIRONMENT ?? "",
            sudo: process.getuid?.() !== 0,
            ...(deps.freeSpaceRoot ? { root: deps.freeSpaceRoot } : {}),
        }, reporter));
        steps.push({ name: "free-space", start, end: now(), outcome: "success" });
    }
    const tempDir = deps.tempDir ?? env.RUNNER_TEMP ?? tmpdir();
    const engine = deps.engine ??
        createEngine(inputs.engine, {
            buildah: {
                tempDir,
                env,
                insecureRegistries: inputs.insecure,
                ...authFileOption(env, reporter),
                ...deps.buildah,
            },
            buildx: {
                tempDir,
                env,
                insecureRegistries: inputs.insecure,
                ...authFileOption(env, reporter),
                ...deps.buildx,
            },
        });
    const request = makeBuildRequest(inputs, files);
    const started = now();
    let pushStarted;
    let result;
    try {
        result = await reporter.group(`Build ${inputs.platform.id} with ${engine.name}`, () => engine.build(request, reporter, {
            pushing: () => {
                pushStarted = now();
            },
        }));
    }
    catch (error) {
        const partial = error instanceof PartialBuildError ? error.partial : { digest: "", refs: [] };
        const built = partial.built || partial.digest;
        const timeline = {
            platform: inputs.platform.id,
            outcome: "failure",
            ...(built ? { digest: built } : {}),
            steps: [...steps, ...engineSteps(started, pushStarted, now(), "failure")],
        };
        throw new ArchBuildError(asError(error).message, { digest: partial.digest, refs: partial.refs, timeline }, { cause: error });
    }
    const ended = now();
    const buildMs = ended - started;
    if (!inputs.push) {
        reporter.info(`${inputs.platform.id}: built; nothing pushed (push is false)`);
    }
    else if (inputs.archTags) {
        reporter.info(`${inputs.platform.id}: ${result.digest} pushed as ${result.refs.join(", ")}`);
    }
    else {
        reporter.info(`${inputs.platform.id}: ${result.digest} pushed by digest, no tag: ${result.refs.join(", ")}`);
    }
    const timeline = {
        platform: inputs.platform.id,
        outcome: "success",
        ...(result.digest ? { digest: result.digest } : {}),
        steps: [
            ...steps,
            ...engineSteps(started, inputs.push ? (pushStarted ?? ended) : undefined, ended, "success"),
        ],
    };
    return {
        outputs: {
            digest: result.digest,
            ...(result.descriptor ? { descriptor: result.descriptor } : {}),
            refs: result.refs,
            timeline,
        },
        report: {
            platform: inputs.platform.id,
            engine: engine.name,
            pushed: inputs.push,
            refs: result.refs,
            digest: result.digest,
            ...(result.descriptor ? { size: result.descriptor.size } : {}),
            buildMs,
            ...(freed ? { freeSpace: freed } : {}),
        },
    };
}
/**
 * The engine's steps: the build, then the push from the moment the engine said it began (a build that
 * never got there has no push step). The last step ends with `outcome`.
 */
function engineSteps(start, pushStarted, end, outcome) {
    if (pushStarted === undefined)
        return [{ name: "build", start, end, outcome }];
    return [
        { name: "build", start, end: pushStarted, outcome: "success" },
        { name: "push", start: pushStarted, end, outcome },
    ];
}
// buildah reads REGISTRY_AUTH_FILE itself; otherwise point it at the Docker config the login step wrote.
function authFileOption(env, reporter) {
    const authFile = buildahAuthFile(env);
    if (!authFile)
        reporter.debug("buildah uses its own credential lookup (REGISTRY_AUTH_FILE, or no Docker config)");
    return authFile ? { authFile } : {};
}
/** `4.2 s`, `3 min 7 s`. */
function formatDuration(ms) {
    const seconds = ms / 1000;
    if (seconds < 60)
        return `${seconds.toFixed(1)} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

;// CONCATENATED MODULE: ../arch-build/src/lib.ts
/**
 * The per-architecture build as a library: the action's run(), the input parser and both engines
 * (buildx, buildah), so the local CLI builds exactly as the action does.
 */







;// CONCATENATED MODULE: ../manifest-stitch/src/index-builder.ts

/** A source that cannot be made part of a multi-arch index. */
class SourceError extends Error {
    name = "SourceError";
}
/**
 * Makes the multi-arch OCI index over the sources, in plan order:
 * - an image manifest becomes one entry with the plan's platform;
 * - an index (buildx with provenance) is flattened: its image entries and its attestation entries
 *   (`unknown/unknown`, `vnd.docker.reference.*`) are kept as they are; an index is never nested;
 * - entries are deduplicated by digest; images come first, then attestations, each in source order;
 * - index-level `annotations` are set when there are any.
 * Serialised canonically, so the same sources and annotations always give the same bytes and digest.
 */
function buildIndex(sources, annotations) {
    const images = [];
    const attestations = [];
    const warnings = [];
    const seen = new Set();
    const add = (list, descriptor) => {
        if (seen.has(descriptor.digest))
            return;
        seen.add(descriptor.digest);
        list.push(descriptor);
    };
    for (const source of sources) {
        const { descriptor } = source;
        if (isImageManifestMediaType(descriptor.mediaType)) {
            add(images, {
                mediaType: descriptor.mediaType,
                digest: descriptor.digest,
                size: descriptor.size,
                platform: ociPlatform(source.platform),
            });
            continue;
        }
        if (!isIndexMediaType(descriptor.mediaType)) {
            throw new SourceError(`${source.ref} is a ${descriptor.mediaType}, not an image manifest or index; push an image there`);
        }
        if (source.index === undefined)
            throw new Error(`unreachable: index ${source.ref} was not read`);
        for (const child of childrenOf(source)) {
            if (isIndexMediaType(child.mediaType)) {
                throw new SourceError(`${source.ref} is an index that holds another index (${child.digest}); push a single-level index or an image`);
            }
            if (isAttestation(child)) {
                add(attestations, child);
                continue;
            }
            const platform = child.platform ?? ociPlatform(source.platform);
            if (platformId(platform) !== source.platform.id) {
                warnings.push(`${source.ref} holds an image for ${platformId(platform)}, not ${source.platform.id} as planned; it is kept as ${platformId(platform)}`);
            }
            add(images, { ...child, platform });
        }
    }
    const index = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [...images, ...attestations],
        ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
    };
    const bytes = canonicalBytes(index);
    return { index, bytes, digest: sha256Digest(bytes), mediaType: OCI_INDEX, warnings };
}
function childrenOf(source) {
    let parsed;
    try {
        parsed = JSON.parse((source.index ?? Buffer.alloc(0)).toString("utf8"));
    }
    catch {
        throw new SourceError(`${source.ref} claims to be an index but is not JSON`);
    }
    if (!Array.isArray(parsed.manifests) || parsed.manifests.length === 0) {
        throw new SourceError(`${source.ref} is an index without manifests`);
    }
    for (const child of parsed.manifests) {
        if (typeof child?.digest !== "string" ||
            typeof child.mediaType !== "string" ||
            typeof child.size !== "number") {
            throw new SourceError(`${source.ref} has an entry without mediaType, digest and size`);
        }
    }
    return parsed.manifests;
}
/** The OCI platform object of a planned platform. */
function ociPlatform(platform) {
    return platform.variant === undefined
        ? { architecture: platform.architecture, os: platform.os }
        : { architecture: platform.architecture, os: platform.os, variant: platform.variant };
}

;// CONCATENATED MODULE: ../manifest-stitch/src/leftovers.ts

/**
 * Looks at what the builds of a run that did not publish left in the registries, once per image and
 * platform, rather than trusting the outputs of failed jobs.
 *
 * With the digests the builds reported (`sourceDigests`, from `sources`), each is looked up as
 * `<image>@<digest>`, and named by its per-architecture tag when that tag points at it: the tag is
 * asked first (one request when it does), the digest when it does not (an earlier run's tag, or none
 * with `arch-tags: false`). A platform that reported no digest left nothing: it is not looked up, so
 * an earlier run's per-architecture tag is never taken for this run's image.
 *
 * Without digests, only the per-architecture tag can be looked up, and it may be an earlier run's.
 */
async function leftovers_findLeftovers(request) {
    const looks = request.targets.flatMap((store) => request.platforms.map(async (platform) => {
        const base = { image: store.name, platform: platform.id };
        const tag = tag_archTag(request.sourceTag, platform.suffix);
        const byTag = { kind: "tag", reference: tag, ref: store.refName(tag) };
        if (!request.sourceDigests) {
            try {
                const found = await store.resolve(tag);
                return { ...base, lookedUp: byTag, ...(found ? { found, taggedAs: byTag.ref } : {}) };
            }
            catch (error) {
                return { ...base, lookedUp: byTag, error: errors_asError(error).message };
            }
        }
        const digest = request.sourceDigests.get(platform.id);
        if (!digest)
            return base;
        const lookedUp = { kind: "digest", reference: digest, ref: store.refName(digest) };
        let tagError;
        try {
            const tagged = await store.resolve(tag);
            if (tagged?.digest === digest)
                return { ...base, lookedUp, found: tagged, taggedAs: byTag.ref };
        }
        catch (error) {
            tagError = errors_asError(error).message;
        }
        try {
            const found = await store.resolve(digest);
            if (!found)
                return { ...base, lookedUp };
            return { ...base, lookedUp, found, ...(tagError === undefined ? {} : { tagError }) };
        }
        catch (error) {
            return { ...base, lookedUp, error: errors_asError(error).message };
        }
    }));
    return Promise.all(looks);
}
/** One line per leftover, for the summary's State column and the error message. */
function describeLeftover(leftover) {
    const { lookedUp, found } = leftover;
    if (!lookedUp)
        return "nothing: no digest reported (its build failed before pushing, or did not run)";
    if (leftover.error)
        return `could not check ${lookedUp.ref}: ${leftover.error}`;
    if (!found)
        return lookedUp.kind === "tag" ? `no tag ${lookedUp.reference}` : "nothing (not pushed here)";
    if (leftover.taggedAs)
        return `left: ${leftover.taggedAs} → ${found.digest}`;
    if (leftover.tagError)
        return `left: ${found.digest} (its per-architecture tag could not be checked: ${leftover.tagError})`;
    return `left: untagged ${found.digest}`;
}
/** The error of a run that did not publish: what happened, then per image what the builds left. */
function leftovers_nothingPublishedMessage(buildResult, failed, leftovers, pushed = true) {
    const what = failed.length > 0 ? `the build of ${failed.join(", ")} failed` : `the builds ended with ${buildResult}`;
    const images = [...new Set(leftovers.map((l) => l.image))];
    const left = leftovers.filter((l) => l.found);
    const lines = [
        `Nothing published: ${what} (build result: ${buildResult}). No multi-arch tag was written.`,
        !pushed
            ? "push is false: the builds pushed nothing."
            : left.length > 0
                ? "What the platforms that built left in each registry (no index points at it):"
                : "No platform left an image in any registry.",
    ];
    if (left.length > 0 || leftovers.some((l) => l.error || !l.lookedUp)) {
        for (const image of images) {
            lines.push(`  ${image}:`);
            for (const leftover of leftovers.filter((l) => l.image === image)) {
                lines.push(`    - ${leftover.platform}: ${describeLeftover(leftover)}`);
            }
        }
    }
    lines.push("A rerun builds and publishes everything again.");
    return lines.join("\n");
}

;// CONCATENATED MODULE: ../manifest-stitch/src/oci-layout.ts




/** A problem with an OCI image layout directory. */
class OciLayoutError extends Error {
    name = "OciLayoutError";
}
/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`) as a ManifestStore: a
 * tag is an `index.json` entry with `org.opencontainers.image.ref.name`. Writes are atomic (a temporary
 * file renamed into place) and `put`s from one process are serialised, so `index.json` is never torn.
 */
class OciLayoutStore {
    name;
    dir;
    queue = Promise.resolve();
    constructor(dir) {
        this.dir = (0,external_node_path_namespaceObject.resolve)(dir);
        this.name = `oci:${this.dir}`;
    }
    refName(reference) {
        return `${this.name}${isDigest(reference) ? "@" : ":"}${reference}`;
    }
    async lookUp(reference) {
        const descriptor = await this.resolve(reference);
        return descriptor ? { outcome: "found", manifest: descriptor } : { outcome: "absent" };
    }
    async resolve(reference) {
        if (isDigest(reference)) {
            const bytes = await this.readBlob(reference);
            if (bytes === undefined)
                return undefined;
            const mediaType = declaredMediaType(bytes);
            if (mediaType === undefined) {
                throw new OciLayoutError(`${this.refName(reference)} has no mediaType member; cannot tell its type`);
            }
            return { mediaType, digest: reference, size: bytes.length };
        }
        const entry = (await this.readIndex()).manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === reference);
        return entry === undefined
            ? undefined
            : { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
    }
    /** The entries of the layout's index.json (none for a layout not written yet). */
    async entries() {
        return (await this.readIndex()).manifests;
    }
    async fetch(digest) {
        const bytes = await this.readBlob(digest);
        if (bytes === undefined)
            throw new OciLayoutError(`${this.refName(digest)} is not in the layout`);
        const actual = sha256Digest(bytes);
        if (actual !== digest)
            throw new OciLayoutError(`${this.refName(digest)} holds bytes with digest ${actual}`);
        const mediaType = declaredMediaType(bytes);
        if (mediaType === undefined)
            throw new OciLayoutError(`${this.refName(digest)} has no mediaType member`);
        return { bytes, mediaType };
    }
    put(tag, bytes, mediaType) {
        const next = this.queue.then(() => this.putNow(tag, bytes, mediaType));
        this.queue = next.catch(() => undefined);
        return next;
    }
    async putNow(tag, bytes, mediaType) {
        const digest = sha256Digest(bytes);
        await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.join)(this.dir, "blobs", "sha256"), { recursive: true });
        if (!(await exists((0,external_node_path_namespaceObject.join)(this.dir, "oci-layout")))) {
            await atomicWrite((0,external_node_path_namespaceObject.join)(this.dir, "oci-layout"), `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`);
        }
        const blobPath = this.blobPath(digest);
        if (!(await exists(blobPath)))
            await atomicWrite(blobPath, bytes);
        const index = await this.readIndex();
        const entry = {
            mediaType,
            digest,
            size: bytes.length,
            annotations: { [REF_NAME_ANNOTATION]: tag },
        };
        const at = index.manifests.findIndex((m) => m.annotations?.[REF_NAME_ANNOTATION] === tag);
        const manifests = [...index.manifests];
        if (at >= 0)
            manifests[at] = entry;
        else
            manifests.push(entry);
        await atomicWrite((0,external_node_path_namespaceObject.join)(this.dir, "index.json"), canonicalJson({ ...index, manifests }));
        return digest;
    }
    blobPath(digest) {
        return (0,external_node_path_namespaceObject.join)(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
    }
    async readBlob(digest) {
        if (!isDigest(digest))
            throw new OciLayoutError(`"${digest}" is not a sha256 digest`);
        try {
            return await (0,promises_namespaceObject.readFile)(this.blobPath(digest));
        }
        catch (error) {
            if (error.code === "ENOENT")
                return undefined;
            throw error;
        }
    }
    async readIndex() {
        let text;
        try {
            text = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(this.dir, "index.json"), "utf8");
        }
        catch (error) {
            if (error.code === "ENOENT") {
                return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
            }
            throw error;
        }
        try {
            const index = JSON.parse(text);
            if (!Array.isArray(index.manifests))
                throw new Error("no manifests array");
            return index;
        }
        catch (error) {
            throw new OciLayoutError(`${(0,external_node_path_namespaceObject.join)(this.dir, "index.json")} is not an OCI index: ${error.message}`);
        }
    }
}
async function exists(path) {
    try {
        await (0,promises_namespaceObject.stat)(path);
        return true;
    }
    catch {
        return false;
    }
}
async function atomicWrite(path, data) {
    const temporary = `${path}.${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString("hex")}.tmp`;
    try {
        await (0,promises_namespaceObject.writeFile)(temporary, data);
        await (0,promises_namespaceObject.rename)(temporary, path);
    }
    catch (error) {
        await (0,promises_namespaceObject.rm)(temporary, { force: true });
        throw error;
    }
}

;// CONCATENATED MODULE: ../manifest-stitch/src/registry-store.ts

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
class registry_store_RegistryStore {
    client;
    repository;
    name;
    read = new Map();
    constructor(client, repository) {
        this.client = client;
        this.repository = repository;
        this.name = `${repository.host}/${repository.path}`;
    }
    refName(reference) {
        return client_refName(this.repository, reference);
    }
    async lookUp(reference) {
        if (this.repository.host === "docker.io")
            return this.client.headManifest(this.repository, reference);
        const lookup = await this.client.findManifest(this.repository, reference);
        if (lookup.outcome !== "found")
            return lookup;
        const { bytes, mediaType, digest, size } = lookup.manifest;
        this.read.set(digest, { bytes, mediaType });
        return { outcome: "found", manifest: { mediaType, digest, size } };
    }
    async resolve(reference) {
        return foundManifest(await this.lookUp(reference));
    }
    async fetch(digest) {
        const known = this.read.get(digest);
        if (known)
            return known;
        const { bytes, mediaType } = await this.client.getManifest(this.repository, digest);
        return { bytes, mediaType };
    }
    async put(tag, bytes, mediaType) {
        return (await this.client.putManifest(this.repository, tag, bytes, mediaType)).digest;
    }
}

;// CONCATENATED MODULE: ../manifest-stitch/src/sources.ts

/**
 * The `sources` input: each platform's image by digest, so the stitch reads `<image>@<digest>` and
 * needs no per-architecture tag. Either `platform=digest` lines (the platform as `linux/arm64` or as
 * its tag suffix `arm64`), or JSON: an object of the same pairs, or arch-build `timeline` outputs (a
 * list, or an object of them such as a job's `toJSON(needs.build.outputs)`), each naming its platform
 * and digest. Returns platform id → digest; every problem goes to `problems`.
 *
 * `complete`: every planned platform must have a digest (a stitch); otherwise the ones known are
 * enough (what a failed run left behind).
 */
function sources_parseSources(text, platforms, problems, options) {
    const input = options.input ?? "sources";
    const digests = new Map();
    // Platforms named at all, rightly or not: a wrong digest is one problem, not two.
    const named = new Set();
    if (!text.trim())
        return digests;
    const platformOf = (key) => platforms.find((p) => p.id === key || p.suffix === key);
    const add = (key, digest, shown) => {
        const platform = platformOf(key);
        if (!platform) {
            problems.add(new errors_InputError(input, shown, `names ${key}, which is not a planned platform`, `use one of ${platforms.map((p) => `${p.id} (or ${p.suffix})`).join(", ")}`));
            return;
        }
        named.add(platform.id);
        if (!isDigest(digest)) {
            problems.add(new errors_InputError(input, shown, "has no sha256:<64 hex> digest", "write platform=sha256:…"));
            return;
        }
        const known = digests.get(platform.id);
        if (known !== undefined && known !== digest) {
            problems.add(new errors_InputError(input, shown, `gives ${platform.id} a second digest (${known} before)`, "give each platform one digest"));
            return;
        }
        digests.set(platform.id, digest);
    };
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        for (const entry of problems.attempt(() => jsonSources(trimmed, input)) ?? []) {
            if ("digest" in entry && entry.digest)
                add(entry.key, entry.digest, entry.shown);
        }
    }
    else {
        for (const [key, digest] of problems.attempt(() => list_parseKeyValues(text, input)) ?? []) {
            add(key.trim(), digest.trim(), `${key}=${digest}`);
        }
    }
    if (options.complete) {
        for (const platform of platforms) {
            if (named.has(platform.id))
                continue;
            problems.add(new errors_InputError(input, text.length > 200 ? `${text.slice(0, 200)}…` : text, `has no digest for ${platform.id} (its build failed, did not run, or did not push)`, `give ${platform.id}=sha256:… or that platform's arch-build timeline output`));
        }
    }
    // In plan order, whatever order they were given in.
    return new Map(platforms.flatMap((p) => (digests.has(p.id) ? [[p.id, digests.get(p.id)]] : [])));
}
// An object's digest values are pairs; anything else is read as timeline entries.
function jsonSources(text, input) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new errors_InputError(input, text, "is not JSON", "write platform=sha256:… lines, or valid JSON");
    }
    const pairs = [];
    const rest = [];
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && !("steps" in parsed)) {
        for (const [key, value] of Object.entries(parsed)) {
            if (typeof value === "string" && /^sha256:/.test(value))
                pairs.push({ key, digest: value, shown: `${key}=${value}` });
            else
                rest.push(value);
        }
    }
    else {
        rest.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    }
    const entries = rest.length > 0 ? timeline_parseTimelines(JSON.stringify(rest), input) : [];
    for (const entry of entries) {
        if (!entry.platform)
            continue;
        pairs.push({
            key: entry.platform,
            ...(entry.digest ? { digest: entry.digest } : {}),
            shown: `${entry.platform} (${entry.outcome})`,
        });
    }
    return pairs;
}

;// CONCATENATED MODULE: ../manifest-stitch/src/stitch.ts



/** About 3.5 s in all: GHCR can answer 404 for a few seconds after a push. */
const DEFAULT_NOT_FOUND_RETRY = { attempts: 4, delayMs: 500 };
/** One or more per-architecture sources are not there: nothing was pushed. */
class MissingSourcesError extends Error {
    missing;
    name = "MissingSourcesError";
    constructor(missing, byDigest = false) {
        super(`${missing.length} per-architecture image${missing.length === 1 ? " is" : "s are"} missing, so nothing was pushed:\n` +
            missing.map((m) => `  - ${m.ref} (${m.platform})${m.reason ? `: ${m.reason}` : ""}`).join("\n") +
            `\nEvery platform's build must push ${byDigest ? "its image by digest" : "its image:tag-suffix"} to every image before the multi-arch tags are written; check that those builds succeeded.`);
        this.missing = missing;
    }
}
/** Several independent failures (one per registry, say), each with its own message. */
class stitch_StitchError extends Error {
    errors;
    partial;
    name = "StitchError";
    constructor(summary, errors, 
    /** What was pushed before the failure, so outputs can still say it. */
    partial = [], message) {
        super(message ??
            (errors.length === 1
                ? (errors[0]?.message ?? summary)
                : `${summary}:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`));
        this.errors = errors;
        this.partial = partial;
    }
}
/**
 * Writes the multi-arch index in every target, all or nothing: every source in every target is
 * checked first (one look-up each; a missing one is looked for again briefly), and a single missing
 * source fails the whole run, naming each, before anything is pushed. Index sources are read once (per
 * digest, across targets) and flattened. Then the same bytes are put under every tag in every target
 * and the digest each store reports is compared with the local one.
 */
async function stitch_stitch(request) {
    const log = request.log ?? reporter_silentReporter;
    const sleep = request.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const retry = request.notFoundRetry ?? DEFAULT_NOT_FOUND_RETRY;
    const found = await log.group("Check the per-architecture images", async () => {
        const looks = request.targets.flatMap((store) => request.platforms.map((platform) => {
            const tag = request.sourceDigests?.get(platform.id) ?? tag_archTag(request.sourceTag, platform.suffix);
            return { store, platform, ref: store.refName(tag), tag };
        }));
        const descriptors = new Map();
        const refusals = new Map();
        let missing = looks;
        for (let attempt = 1;; attempt++) {
            const answers = await settleAll(missing.map((look) => look.store.lookUp(look.tag)));
            missing.forEach((look, i) => {
                const answer = answers[i];
                if (answer?.outcome === "found")
                    descriptors.set(look, answer.manifest);
                else if (answer?.outcome === "refused")
                    refusals.set(look, answer.error);
                else
                    refusals.delete(look);
            });
            missing = missing.filter((look) => !descriptors.has(look));
            if (missing.length === 0 || attempt >= retry.attempts)
                break;
            const delay = retry.delayMs * 2 ** (attempt - 1);
            log.debug(`${missing.map((m) => m.ref).join(", ")} not found; looking again in ${delay} ms`);
            await sleep(delay);
        }
        if (missing.length > 0) {
            throw new MissingSourcesError(missing.map((m) => {
                const refusal = refusals.get(m);
                const reason = refusal && `missing or not readable: ${refusal.message}`;
                return { ref: m.ref, platform: m.platform.id, ...(reason ? { reason } : {}) };
            }), request.sourceDigests !== undefined);
        }
        for (const look of looks) {
            const d = descriptors.get(look);
            log.info(`${look.ref} (${look.platform.id}): ${d.digest}, ${kindOf(d.mediaType)}, ${d.size} bytes`);
        }
        return looks.map((look) => ({ ...look, descriptor: descriptors.get(look) }));
    });
    // Index sources are read once per digest, from the first store that has them.
    const reads = new Map();
    const read = (store, digest) => {
        let known = reads.get(digest);
        if (known === undefined) {
            known = store.fetch(digest);
            reads.set(digest, known);
        }
        return known;
    };
    const built = await settleAll(request.targets.map(async (store) => {
        const mine = found.filter((f) => f.store === store);
        const sources = await Promise.all(mine.map(async (f) => ({
            platform: f.platform,
            ref: f.ref,
            descriptor: f.descriptor,
            ...(isIndexMediaType(f.descriptor.mediaType)
                ? { index: (await read(store, f.descriptor.digest)).bytes }
                : {}),
        })));
        return { store, sources, built: buildIndex(sources, request.annotations) };
    }));
    const indexes = built;
    for (const { built: b } of indexes)
        for (const warning of b.warnings)
            log.warning(warning);
    const digests = new Set(indexes.map((i) => i.built.digest));
    if (digests.size > 1) {
        log.warning(`the images get different indexes (${indexes.map((i) => `${i.store.name}: ${i.built.digest}`).join(", ")}) because their per-architecture images differ`);
    }
    if (!request.push) {
        return indexes.map(({ store, sources, built: b }) => ({
            ...b,
            target: store.name,
            sources,
            tags: request.tags,
            pushed: false,
            refs: [],
            unwritten: request.tags.map((t) => store.refName(t)),
        }));
    }
    // An OCI layout on this machine (the CLI's target) is written, not pushed: say so.
    const local = indexes.every(({ store }) => store instanceof OciLayoutStore);
    return log.group(local ? "Write the multi-arch tags" : "Push the multi-arch tags", async () => {
        // The primary (version) tag first, in every target; the aliases (additional tags, latest*) only
        // once every version tag is written everywhere. A failure part-way then never leaves an alias
        // (above all `latest`) on an index whose version tag is missing, and a rerun completes the set.
        const [primary, ...aliases] = request.tags;
        const written = new Map(indexes.map(({ store }) => [store, new Set()]));
        const putEverywhere = async (tag) => {
            const outcomes = await Promise.allSettled(indexes.map(async ({ store, built: b }) => {
                const reported = await store.put(tag, b.bytes, b.mediaType);
                if (reported !== undefined && reported !== b.digest) {
                    throw new Error(`${store.refName(tag)}: the store reports digest ${reported} for the index, but its bytes have digest ${b.digest}`);
                }
                if (reported === undefined)
                    log.debug(`${store.refName(tag)}: no digest reported; not compared`);
                written.get(store)?.add(tag);
                log.info(`${store instanceof OciLayoutStore ? "Wrote" : "Pushed"} ${store.refName(tag)}@${b.digest}`);
            }));
            return outcomes.flatMap((o) => (o.status === "rejected" ? [errors_asError(o.reason)] : []));
        };
        const failures = primary === undefined ? [] : await putEverywhere(primary);
        const aliasesHeldBack = failures.length > 0 && aliases.length > 0;
        if (failures.length === 0 && aliases.length > 0) {
            const settled = await Promise.all(aliases.map(putEverywhere));
            failures.push(...settled.flat());
        }
        const results = indexes.map(({ store, sources, built: b }) => {
            const mine = written.get(store) ?? new Set();
            return {
                ...b,
                target: store.name,
                sources,
                tags: request.tags,
                pushed: mine.size === request.tags.length,
                refs: request.tags.filter((t) => mine.has(t)).map((t) => `${store.refName(t)}@${b.digest}`),
                unwritten: request.tags.filter((t) => !mine.has(t)).map((t) => store.refName(t)),
            };
        });
        if (failures.length > 0)
            throw new PartialPushError(dedupe(failures), results, aliasesHeldBack);
        return results;
    });
}
/**
 * Some tag pushes failed: says which, and lists exactly which refs were written and which were not,
 * so that a person (and the outputs) can tell what the registries hold; a rerun completes the set.
 */
class PartialPushError extends stitch_StitchError {
    name = "PartialPushError";
    constructor(errors, results, aliasesHeldBack) {
        const written = results.flatMap((r) => [...r.refs]);
        const unwritten = results.flatMap((r) => [...r.unwritten]);
        const failed = errors.length === 1
            ? (errors[0]?.message ?? "")
            : `${errors.length} tag pushes failed:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`;
        super("tag pushes failed", errors, results, [
            failed,
            written.length
                ? `Written (${written.length}):\n${written.map((r) => `  - ${r}`).join("\n")}`
                : "Written: none",
            `Not written (${unwritten.length}):\n${unwritten.map((r) => `  - ${r}`).join("\n")}`,
            aliasesHeldBack
                ? "The additional tags were held back because a version tag was not written everywhere, so no alias points at an index whose version tag is missing."
                : "",
            "Pushing is idempotent: rerun the job to complete the set.",
        ]
            .filter(Boolean)
            .join("\n"));
    }
}
/** Waits for every promise; throws one error naming every distinct failure if any failed. */
async function settleAll(promises) {
    const outcomes = await Promise.allSettled(promises);
    const failures = dedupe(outcomes.flatMap((o) => (o.status === "rejected" ? [errors_asError(o.reason)] : [])));
    if (failures.length === 1)
        throw failures[0];
    if (failures.length > 1)
        throw new stitch_StitchError(`${failures.length} registries or images failed`, failures);
    return outcomes.map((o) => o.value);
}
// A registry that is down fails every request the same way: say it once per registry and status.
function dedupe(errors) {
    const seen = new Set();
    return errors.filter((e) => {
        const key = e instanceof errors_RegistryError ? `${e.host} ${e.status} ${e.code}` : e.message;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
function kindOf(mediaType) {
    return isIndexMediaType(mediaType) ? "index" : "image";
}

;// CONCATENATED MODULE: ../manifest-stitch/src/run.ts





/** The results a `needs.<job>.result` can have. */
const BUILD_RESULTS = (/* unused pure expression or super */ null && (["success", "failure", "cancelled", "skipped"]));
/**
 * Validates every input at once (problems already found, e.g. a bad boolean, are passed in) and makes
 * the plan with the same code the builds used. Throws InputErrors; touches nothing.
 */
function run_parseInputs(raw, context, problems = new Problems()) {
    const plan = problems.attempt(() => makePlan({ images: raw.images, tag: raw.tag, additionalTags: raw.additionalTags, platforms: raw.platforms }, context));
    const userAnnotations = problems.attempt(() => parseKeyValues(raw.annotations, "annotations")) ?? [];
    const insecure = problems.attempt(() => parseInsecureRegistries(raw.insecureRegistries)) ?? [];
    const timeout = raw.timeoutSeconds.trim() === "" ? 110 : Number(raw.timeoutSeconds.trim());
    if (!Number.isFinite(timeout) || timeout < 1 || timeout > 3600) {
        problems.add(new InputError("timeout-seconds", raw.timeoutSeconds, "is not a number of seconds from 1 to 3600", "write a whole number such as 110 (the default), below the job's own timeout"));
    }
    const buildResult = (raw.buildResult.trim() || "success");
    if (!BUILD_RESULTS.includes(buildResult)) {
        problems.add(new InputError("build-result", raw.buildResult, "is not a job result", `write ${BUILD_RESULTS.join(", ")} (e.g. \${{ needs.build.result }})`));
    }
    const sourceDigests = plan && raw.sources.trim()
        ? parseSources(raw.sources, plan.platforms, problems, { complete: buildResult === "success" })
        : undefined;
    const timeline = raw.timeline.trim()
        ? (problems.attempt(() => parseTimelines(raw.timeline, "timeline")) ?? [])
        : [];
    problems.throwIfAny();
    if (!plan)
        throw new Error("unreachable: plan missing after validation");
    const warnings = [...plan.warnings];
    for (const host of insecure) {
        if (!plan.registries.includes(host)) {
            warnings.push(`insecure-registries: "${host}" is not the registry of any image; it is not used`);
        }
    }
    return {
        plan,
        annotations: { ...sourceAnnotations(context), ...Object.fromEntries(userAnnotations) },
        push: raw.push,
        insecure,
        deadlineMs: Math.round(timeout * 1000),
        ...(sourceDigests ? { sourceDigests } : {}),
        timeline,
        buildResult,
        warnings,
    };
}
/** The builds did not succeed: nothing was written; what they left, per image and platform. */
class NothingPublishedError extends Error {
    leftovers;
    report;
    name = "NothingPublishedError";
    constructor(message, leftovers, report) {
        super(message);
        this.leftovers = leftovers;
        this.report = report;
    }
}
/**
 * Builds the outputs from what was (or would be) pushed: `results` may be partial (a failure part-way)
 * or empty (a failure before any push); every planned ref not in them counts as not written.
 */
function outputsOf(plan, results) {
    const refs = results.flatMap((r) => [...r.refs]);
    const written = new Set(refs.map((ref) => ref.slice(0, ref.lastIndexOf("@"))));
    const unwrittenRefs = plan.images
        .flatMap((image) => plan.tags.map((tag) => refName(image, tag)))
        .filter((ref) => !written.has(ref));
    return {
        tag: plan.tag,
        digest: results[0]?.digest ?? "",
        digests: Object.fromEntries(results.map((r) => [r.target, r.digest])),
        refs,
        unwrittenRefs,
        complete: unwrittenRefs.length === 0,
    };
}
/**
 * Stitches the plan's multi-arch tags in every image's registry over the distribution API. Returns the
 * per-image results and the outputs.
 */
async function run_run(inputs, deps) {
    const log = deps.log ?? silentReporter;
    const now = deps.now ?? Date.now;
    const started = now();
    const { plan } = inputs;
    const deadlineMs = deps.deadlineMs ?? inputs.deadlineMs;
    const client = new RegistryClient({
        credentials: deps.credentials,
        insecure: inputs.insecure,
        push: inputs.push,
        deadline: Date.now() + deadlineMs,
        debug: (message) => log.debug(message),
        ...(deps.retryPolicy ? { retryPolicy: deps.retryPolicy } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
    const targets = plan.images.map((image) => new RegistryStore(client, image));
    try {
        if (inputs.buildResult !== "success") {
            // push false: the builds pushed nothing, so there is nothing to look for (nor credentials).
            const leftovers = !inputs.push
                ? []
                : await log.group("Look for what the builds left", () => findLeftovers({
                    targets,
                    platforms: plan.platforms,
                    sourceTag: plan.tag,
                    ...(inputs.sourceDigests ? { sourceDigests: inputs.sourceDigests } : {}),
                }));
            const found = leftovers.flatMap((l) => l.found ? [{ store: storeOf(targets, l.image), platform: l.platform, descriptor: l.found }] : []);
            const sizes = deps.sizes ? await readSizes(found, log) : new Map();
            const failed = inputs.timeline
                .filter((e) => e.platform && e.outcome === "failure")
                .map((e) => e.platform);
            throw new NothingPublishedError(nothingPublishedMessage(inputs.buildResult, failed, leftovers, inputs.push), leftovers, { started, ended: now(), sizes });
        }
        const results = await stitch({
            targets,
            platforms: plan.platforms,
            sourceTag: plan.tag,
            ...(inputs.sourceDigests ? { sourceDigests: inputs.sourceDigests } : {}),
            tags: plan.tags,
            annotations: inputs.annotations,
            push: inputs.push,
            log,
            ...(deps.notFoundRetry ? { notFoundRetry: deps.notFoundRetry } : {}),
        });
        const first = results[0];
        const sizes = deps.sizes && first
            ? await readSizes(first.sources.map((source) => ({
                store: storeOf(targets, first.target),
                platform: source.platform.id,
                descriptor: source.descriptor,
            })), log)
            : new Map();
        return { results, outputs: outputsOf(plan, results), report: { started, ended: now(), sizes } };
    }
    catch (error) {
        if (error instanceof NothingPublishedError)
            throw error;
        throw noteRateLimits(error, deadlineMs);
    }
    finally {
        for (const host of plan.registries)
            log.debug(`${host}: ${client.describeRequests(host)}`);
        client.close();
    }
}
function storeOf(targets, name) {
    const store = targets.find((t) => t.name === name);
    if (!store)
        throw new Error(`unreachable: no store ${name}`);
    return store;
}
/**
 * Each platform's image size (config plus layers) as the registry shows it, for the summary, read
 * after the tags are written so that it never delays them: one GET per image manifest inside an
 * attested index (an image manifest's bytes were read already). A size that cannot be read is left out.
 */
async function readSizes(sources, log) {
    const sizes = new Map();
    await Promise.all(sources.map(async ({ store, platform, descriptor }) => {
        if (sizes.has(platform))
            return;
        try {
            sizes.set(platform, await imageSize(descriptor, async (digest) => (await store.fetch(digest)).bytes));
        }
        catch (error) {
            log.debug(`size of ${store.refName(descriptor.digest)} not read: ${asError(error).message}`);
        }
    }));
    return sizes;
}
/**
 * A run that ended on a rate limit ended by its deadline (rate limits are waited out until then):
 * says so, naming the hosts, and what to do.
 */
function noteRateLimits(error, deadlineMs) {
    if (!(error instanceof Error))
        return error;
    const errors = error instanceof StitchError ? error.errors : [error];
    const hosts = new Set();
    for (const e of errors) {
        const decision = classifyRegistryError(e);
        if (e instanceof RegistryError && decision.retry && decision.rateLimited)
            hosts.add(e.host);
    }
    if (hosts.size === 0)
        return error;
    error.message +=
        `\n${[...hosts].join(", ")} kept rate limiting this run until its ${Math.round(deadlineMs / 1000)} s deadline ` +
            "(timeout-seconds), and nothing was sent after it. Rerun later, or raise timeout-seconds.";
    return error;
}

;// CONCATENATED MODULE: ../manifest-stitch/src/summary.ts


/**
 * The picture's entries: the other jobs' (the plan) first, then each platform's build in plan order,
 * then this step's own work under `manifest`.
 */
function pictureOf(inputs, own) {
    const order = inputs.plan.platforms.map((p) => p.id);
    const others = inputs.timeline.filter((e) => !e.platform);
    const builds = inputs.timeline
        .filter((e) => e.platform)
        .sort((a, b) => order.indexOf(a.platform ?? "") - order.indexOf(b.platform ?? ""));
    return [...others, ...builds, own];
}
// Whether per-architecture tags exist is the builds' business (arch-tags): by digest, the stitch
// neither reads nor needs them, so its note does not claim either way.
function sourcesNote(inputs) {
    return inputs.sourceDigests
        ? "Sources: each platform's image by the digest its build reported."
        : `Sources: the per-architecture tags \`${inputs.plan.tag}-<suffix>\`.`;
}
function leftoversNote(inputs) {
    const tags = `\`${inputs.plan.tag}-<suffix>\``;
    return inputs.sourceDigests
        ? `Looked up: each platform's image by the digest its build reported, named by its per-architecture tag ${tags} where that tag points at it; a platform that reported no digest left nothing.`
        : `Looked up: the per-architecture tags ${tags} (one may be an earlier run's; sources gives the digests this run's builds reported).`;
}
/** The summary of a stitch (or a dry run): what was published where, a pull command, the run. */
function publishedSummary(inputs, results, report) {
    const pushed = results.length > 0 && results.every((r) => r.pushed);
    const images = results.map((result) => ({
        image: result.target,
        tags: result.pushed ? result.tags : [],
        index: result.digest,
        platforms: result.index.manifests
            .filter((entry) => !isAttestation(entry))
            .map((entry) => {
            const platform = platformId(entry.platform);
            const size = report.sizes.get(platform);
            return { platform, digest: entry.digest, ...(size === undefined ? {} : { size }) };
        }),
    }));
    const attestations = results[0]?.index.manifests.filter(isAttestation).length ?? 0;
    const [first] = results;
    const tags = inputs.plan.tags.map((t) => `\`${t}\``).join(", ");
    return {
        heading: pushed ? `Published ${tags}` : `Dry run: ${tags} not pushed`,
        images,
        notes: [
            sourcesNote(inputs),
            ...(attestations > 0
                ? [
                    `The index also holds ${attestations} attestation manifest${attestations === 1 ? "" : "s"} (provenance, SBOM).`,
                ]
                : []),
            "Size: config plus layers, compressed, as the registry stores them.",
        ],
        ...(first && pushed ? { pull: `docker pull ${first.target}:${inputs.plan.tag}` } : {}),
        timeline: pictureOf(inputs, {
            name: "manifest",
            outcome: "success",
            steps: [
                { name: pushed ? "stitch" : "dry run", start: report.started, end: report.ended, outcome: "success" },
            ],
        }),
    };
}
/** The summary of a run whose builds did not succeed: who failed and when, and what was left where. */
function nothingPublishedSummary(inputs, failure) {
    const failed = new Map(inputs.timeline
        .filter((e) => e.platform && e.outcome === "failure")
        .map((e) => [e.platform, e]));
    const reported = new Set(inputs.timeline.flatMap((e) => (e.platform ? [e.platform] : [])));
    const images = inputs.plan.images.map((image) => ({
        image: image.name,
        tags: [],
        platforms: inputs.plan.platforms.map((platform) => {
            const leftover = failure.leftovers.find((l) => l.image === image.name && l.platform === platform.id);
            const build = failed.get(platform.id);
            const failedStep = build?.steps.find((s) => s.outcome === "failure")?.name;
            const state = [
                build ? `**${failedStep ?? "build"} failed**` : reported.has(platform.id) ? "built" : "no report",
                leftover ? describeLeftover(leftover) : "",
            ]
                .filter(Boolean)
                .join("; ");
            const size = leftover?.found ? failure.report.sizes.get(platform.id) : undefined;
            return {
                platform: platform.id,
                ...(leftover?.found ? { digest: leftover.found.digest } : {}),
                ...(size === undefined ? {} : { size }),
                state,
            };
        }),
    }));
    const names = [...failed.keys()];
    return {
        heading: `Nothing published: ${names.length > 0 ? `the build of ${names.map((n) => `\`${n}\``).join(", ")} failed` : `the builds ended with ${inputs.buildResult}`}`,
        images,
        notes: [
            inputs.push
                ? `Build result: ${inputs.buildResult}. No multi-arch tag was written; what the platforms that built pushed stays in the registries (no index points at it). A rerun builds and publishes everything again.`
                : `Build result: ${inputs.buildResult}. push is false: nothing was pushed.`,
            ...(inputs.push ? [leftoversNote(inputs)] : []),
        ],
        timeline: pictureOf(inputs, {
            name: "manifest",
            outcome: "failure",
            steps: [
                {
                    name: "nothing published",
                    start: failure.report.started,
                    end: failure.report.ended,
                    outcome: "failure",
                },
            ],
        }),
    };
}

;// CONCATENATED MODULE: ../manifest-stitch/src/lib.ts
/** manifest-stitch as a library: the stitch core, its stores, and the action's run(). */










;// CONCATENATED MODULE: ./src/engines.ts






/**
 * How long a builder may take to answer `docker buildx inspect --bootstrap` before it counts as down:
 * a few seconds when auto only asks whether buildx can build here; longer when buildx or a builder is
 * named, since bootstrapping a stopped docker-container builder starts a container first.
 */
const BUILDER_CHECK_MS = 8_000;
const NAMED_BUILDER_CHECK_MS = 60_000;
/** A bounded command for probes: its exit code (-1 when it could not run or timed out) and output. */
async function probe(command, args, timeoutMs, env = process.env) {
    return new Promise((resolve) => {
        (0,external_node_child_process_namespaceObject.execFile)(command, [...args], { timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8", env }, (error, stdout, stderr) => {
            const failure = error;
            const code = failure === null ? 0 : typeof failure.code === "number" ? failure.code : -1;
            resolve({ code, stdout, stderr, timedOut: failure?.killed === true });
        });
    });
}
async function versionOf(command, args, env) {
    const result = await probe(command, args, BUILDER_CHECK_MS, env);
    if (result.code === 0)
        return { line: result.stdout.trim().split("\n")[0] };
    return result.timedOut ? { timedOut: true } : {};
}
/** `skopeo --version`'s line, or undefined where skopeo does not run (it pushes a layout by digest). */
async function skopeoVersion(env = process.env) {
    return (await versionOf("skopeo", ["--version"], env)).line;
}
/** What a user reads when a version probe timed out: a busy or stuck machine, not a missing tool. */
function silence(argv) {
    return `\`${argv}\` did not answer within ${BUILDER_CHECK_MS / 1000} s`;
}
/**
 * Reads `docker buildx inspect --bootstrap` output: a builder answers when it exited 0 and a node is
 * `Status: running`. Without a daemon buildx still exits 0, with an `Error:` line instead. Pure.
 */
function parseBuilderInspect(result) {
    if (result.timedOut) {
        return {
            answers: false,
            why: `it did not answer within ${(result.timeoutMs ?? BUILDER_CHECK_MS) / 1000} s`,
        };
    }
    const text = `${result.stdout}\n${result.stderr}`;
    const error = /^(?:Error|ERROR):?\s*(.+)$/m.exec(text)?.[1]?.trim();
    if (result.code === 0 && /^Status:\s*running\s*$/m.test(result.stdout)) {
        return { answers: true, driver: /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? "unknown" };
    }
    const status = /^Status:\s*(\S+)/m.exec(result.stdout)?.[1];
    return {
        answers: false,
        why: error ?? (status ? `its status is ${status}` : `exit code ${result.code}`),
    };
}
/** Asks a buildx builder (the current one without a name) to answer, starting it if it needs to. */
async function engines_inspectBuilder(name, timeoutMs = name ? NAMED_BUILDER_CHECK_MS : BUILDER_CHECK_MS, env = process.env) {
    const result = await probe("docker", ["buildx", "inspect", "--bootstrap", ...(name ? [name] : [])], timeoutMs, env);
    return parseBuilderInspect({ ...result, timeoutMs });
}
// What `docker buildx …` answers when docker has no buildx plugin (or docker is missing: -1).
const NO_BUILDX = /is not a docker command|unknown command "?buildx/i;
/**
 * What can build here, for the engine flag as given. The current buildx builder is the expensive
 * question (each buildx process takes a few hundred ms to start on a busy machine), so it is asked
 * once, and not at all when a flag settles it: `--engine buildah` asks nothing of Docker, `--builder`
 * for every platform needs no current builder, and `--engine buildx` needs no buildah. Where the
 * current builder is Docker's own (the `docker` driver of the default context), a ping of the daemon
 * answers in a millisecond; anything else, a daemon that does not answer included, is asked with
 * `docker buildx inspect --bootstrap`, so its own words reach the user. Nothing is cached.
 */
async function probeEngines(requested = "", options = {}) {
    const wanted = requested.trim() || "auto";
    const env = options.env ?? process.env;
    const buildah = async () => (wanted === "buildx" ? {} : versionOf("buildah", ["--version"], env));
    if (wanted === "buildah")
        return withBuildah({}, await buildah());
    if (options.currentBuilder === false) {
        const [installed, version] = await Promise.all([buildxInstalled(env), buildah()]);
        return withBuildah(installed.line
            ? { buildx: installed.line }
            : installed.timedOut
                ? { silent: { buildx: silence("docker buildx version") } }
                : {}, version);
    }
    const fast = await dockerDriverAnswers(env);
    if (fast)
        return { buildx: "docker buildx", builder: { answers: true, driver: "docker" } };
    const timeoutMs = wanted === "buildx" ? NAMED_BUILDER_CHECK_MS : BUILDER_CHECK_MS;
    const [inspect, version] = await Promise.all([
        probe("docker", ["buildx", "inspect", "--bootstrap"], timeoutMs, env),
        buildah(),
    ]);
    const missing = inspect.code === -1 && !inspect.timedOut ? true : NO_BUILDX.test(inspect.stderr);
    return withBuildah(missing ? {} : { buildx: "docker buildx", builder: parseBuilderInspect({ ...inspect, timeoutMs }) }, version);
}
function withBuildah(available, buildah) {
    if (buildah.line)
        return { ...available, buildah: buildah.line };
    if (!buildah.timedOut)
        return available;
    return { ...available, silent: { ...available.silent, buildah: silence("buildah --version") } };
}
// Is the buildx plugin there? Its file where docker looks for plugins, else docker's own answer.
async function buildxInstalled(env) {
    if (onPath("docker", env) && buildxPlugin(env))
        return { line: "docker buildx" };
    return versionOf("docker", ["buildx", "version"], env);
}
/** Where the docker CLI finds the buildx plugin: the Docker config's cli-plugins, then the system's. */
function buildxPlugin(env) {
    const dirs = [
        (0,external_node_path_namespaceObject.join)((0,external_node_path_namespaceObject.dirname)(dockerConfigPath(env)), "cli-plugins"),
        "/usr/local/lib/docker/cli-plugins",
        "/usr/local/libexec/docker/cli-plugins",
        "/usr/lib/docker/cli-plugins",
        "/usr/libexec/docker/cli-plugins",
        "/Applications/Docker.app/Contents/Resources/cli-plugins",
    ];
    return dirs.map((dir) => (0,external_node_path_namespaceObject.join)(dir, "docker-buildx")).find((path) => isExecutable(path));
}
function onPath(command, env) {
    return (env.PATH ?? "").split(external_node_path_namespaceObject.delimiter).some((dir) => dir && isExecutable((0,external_node_path_namespaceObject.join)(dir, command)));
}
function isExecutable(path) {
    try {
        (0,external_node_fs_namespaceObject.accessSync)(path, external_node_fs_namespaceObject.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * The unix socket of the Docker daemon behind buildx's current builder, when that builder is the
 * `docker` driver of the default context: no BUILDX_BUILDER, no builder chosen with `docker buildx
 * use`, no docker context but the default, a unix DOCKER_HOST (or none); and docker with its buildx
 * plugin installed. Undefined for anything else, which `docker buildx inspect` then answers. Reads a
 * few small files; changes nothing.
 */
function dockerDriverSocket(env) {
    if (env.BUILDX_BUILDER?.trim())
        return undefined;
    const context = env.DOCKER_CONTEXT?.trim();
    if (context && context !== "default")
        return undefined;
    const configPath = dockerConfigPath(env);
    const config = readJson(configPath);
    if (config === null)
        return undefined;
    if (config.cliPluginsExtraDirs !== undefined)
        return undefined;
    if (!context && !env.DOCKER_HOST?.trim() && config.currentContext && config.currentContext !== "default") {
        return undefined;
    }
    const buildxDir = env.BUILDX_CONFIG?.trim() || (0,external_node_path_namespaceObject.join)((0,external_node_path_namespaceObject.dirname)(configPath), "buildx");
    const current = readJson((0,external_node_path_namespaceObject.join)(buildxDir, "current"));
    if (current === null || (current.Name && current.Name !== "default"))
        return undefined;
    const host = env.DOCKER_HOST?.trim() || "unix:///var/run/docker.sock";
    if (!host.startsWith("unix://"))
        return undefined;
    if (!onPath("docker", env) || !buildxPlugin(env))
        return undefined;
    return host.slice("unix://".length);
}
// A small JSON file: {} when it does not exist, null when it cannot be read as JSON (then the fast
// path is not taken).
function readJson(path) {
    let text;
    try {
        text = (0,external_node_fs_namespaceObject.readFileSync)(path, "utf8");
    }
    catch (error) {
        return error.code === "ENOENT" ? {} : null;
    }
    try {
        const parsed = JSON.parse(text);
        return parsed && typeof parsed === "object" ? parsed : null;
    }
    catch {
        return null;
    }
}
/** Whether the daemon behind the default `docker` builder answers its ping (false: ask buildx). */
async function dockerDriverAnswers(env) {
    const socketPath = dockerDriverSocket(env);
    if (!socketPath)
        return false;
    return new Promise((resolve) => {
        const ping = (0,external_node_http_namespaceObject.request)({ socketPath, path: "/_ping", method: "GET", timeout: BUILDER_CHECK_MS }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        ping.on("timeout", () => ping.destroy());
        ping.on("error", () => resolve(false));
        ping.end();
    });
}
/** Whether buildx can build here: installed, and its current builder answers (when one is needed). */
function buildxWorks(available, currentBuilder = true) {
    return Boolean(available.buildx) && (!currentBuilder || available.builder?.answers === true);
}
const INSTALL_BUILDAH = "apt-get install buildah (Debian/Ubuntu)";
/**
 * `auto` (or empty) picks buildx when its current builder answers, else buildah, saying why; a named
 * engine must answer. `currentBuilder: false` when every platform goes to a named `--builder`.
 */
function chooseEngine(requested, available, options = {}) {
    const wanted = requested.trim() || "auto";
    const needsBuilder = options.currentBuilder ?? true;
    const builder = available.builder;
    const buildxReady = buildxWorks(available, needsBuilder);
    // Why buildx cannot build here.
    const buildxProblem = !available.buildx
        ? (available.silent?.buildx ?? "docker buildx is not installed (`docker buildx version` does not work)")
        : builder && !builder.answers
            ? `docker buildx's current builder does not answer (${builder.why})`
            : "docker buildx's current builder was not checked";
    if (wanted === "buildx" || (wanted === "auto" && buildxReady)) {
        if (buildxReady) {
            const how = builder?.answers
                ? `${available.buildx}, builder driver ${builder.driver}`
                : available.buildx;
            return { ok: true, name: "buildx", reason: wanted === "auto" ? `auto: ${how}` : `${how}` };
        }
        return {
            ok: false,
            problem: `needs docker buildx, but ${buildxProblem}`,
            fix: available.buildx
                ? "start Docker (or the builder: docker buildx inspect --bootstrap), or use --engine buildah"
                : available.silent?.buildx
                    ? "run `docker buildx version` yourself to see where it hangs (a stuck plugin or a very busy machine), or use --engine buildah"
                    : "install Docker with its buildx plugin (docker-buildx-plugin), or use --engine buildah",
        };
    }
    if (wanted === "buildah" || wanted === "auto") {
        if (available.buildah) {
            return {
                ok: true,
                name: "buildah",
                reason: wanted === "auto" ? `auto: ${buildxProblem}; ${available.buildah}` : available.buildah,
            };
        }
        const buildahProblem = available.silent?.buildah ?? "`buildah --version` does not work";
        return {
            ok: false,
            problem: wanted === "auto"
                ? `found no build engine: ${buildxProblem}, and ${buildahProblem}`
                : `needs buildah, but ${buildahProblem}${available.silent?.buildah ? "" : " here"}`,
            fix: available.silent?.buildah
                ? "run `buildah --version` yourself to see where it hangs (a very busy machine, or storage locked by another buildah)"
                : `install buildah: ${INSTALL_BUILDAH}; or Docker with buildx`,
        };
    }
    return { ok: false, problem: "is not an engine", fix: "write auto, buildx or buildah" };
}
/** The engine of one platform, made by arch-build's createEngine exactly as the action makes it. */
function platformEngine(name, options) {
    const { authFile, insecureRegistries } = options.buildah;
    return createEngine(name, {
        buildah: { tempDir: options.tempDir, ...options.buildah },
        buildx: {
            tempDir: options.tempDir,
            env: options.env,
            ...(options.builder ? { builder: options.builder } : {}),
            // A push by digest on the docker driver goes through skopeo, with the same credentials.
            ...(authFile ? { authFile } : {}),
            ...(insecureRegistries ? { insecureRegistries } : {}),
        },
    });
}
/** Builder names as buildx accepts them (checked before one is passed to --builder). */
const BUILDER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * Asks every named builder to answer before anything builds, in parallel, each bounded in time: one
 * problem per builder that does not, naming the entries that send platforms to it.
 */
async function unansweredBuilders(builders, inspect = engines_inspectBuilder) {
    const names = [...new Set(builders.values())];
    // One argument only: inspectBuilder's second parameter is its time limit, not map's index.
    const statuses = await Promise.all(names.map((name) => inspect(name)));
    return names.flatMap((name, i) => {
        const status = statuses[i];
        if (!status || status.answers)
            return [];
        return [
            {
                entries: [...builders].filter(([, n]) => n === name).map(([platform]) => `${platform}=${name}`),
                problem: `names builder ${name}, which does not answer: ${status.why}`,
                fix: "name a builder `docker buildx ls` lists (docker buildx create --name NAME … makes one), or drop this --builder",
            },
        ];
    });
}
/**
 * Named buildx builders with the buildah engine: the fix depends on why buildah was chosen (by name,
 * buildx missing, or its current builder not answering).
 */
function buildersWithBuildah(requested, available, reason) {
    return {
        problem: `names buildx builders, but the engine is buildah (${reason})`,
        fix: requested.trim() === "buildah"
            ? "drop --builder to build here with buildah, or use --engine buildx"
            : !available.buildx
                ? "install Docker with buildx, or drop --builder to build here with buildah"
                : buildxWorks(available)
                    ? "use --engine buildx"
                    : "start Docker so docker buildx's current builder answers, or give every platform a --builder, or drop --builder to build here with buildah",
    };
}

;// CONCATENATED MODULE: ./src/git.ts

/** Runs git (argv array, silent); undefined when git is missing or fails. */
async function git(dir, args) {
    try {
        const result = await tryCommand("git", ["-C", dir, ...args], { silent: true });
        return result.exitCode === 0 ? result.stdout.trim() : undefined;
    }
    catch {
        return undefined; // git is not installed
    }
}
/**
 * Reads the checkout `dir` is in, as a GitHub push would see it: an exact tag at HEAD wins (a release),
 * else the current branch. Never throws: a missing repository only means no tag can be derived.
 */
async function readGitState(dir) {
    // Three gits at once: HEAD's commit and branch in one rev-parse (`HEAD` when detached).
    const [tag, head, origin] = await Promise.all([
        git(dir, ["describe", "--exact-match", "--tags", "HEAD"]),
        git(dir, ["rev-parse", "HEAD", "--abbrev-ref", "HEAD"]),
        git(dir, ["remote", "get-url", "origin"]),
    ]);
    const [sha, branch] = head === undefined ? [] : head.split("\n");
    const { repository, serverUrl } = parseRemote(origin ?? "");
    const common = { sha: sha ?? "", repository, serverUrl };
    if (tag)
        return { ref: `refs/tags/${tag}`, refDescription: `git tag ${tag}`, noRefReason: "", ...common };
    if (branch && branch !== "HEAD") {
        return {
            ref: `refs/heads/${branch}`,
            refDescription: `git branch ${branch}`,
            noRefReason: "",
            ...common,
        };
    }
    const noRefReason = branch === "HEAD"
        ? `HEAD is detached at ${(sha ?? "").slice(0, 12)} and no tag points at it`
        : sha === undefined && branch === undefined
            ? `${dir} is not in a git repository (or git is not installed)`
            : "git names no branch or tag for HEAD";
    return { ref: "", refDescription: "", noRefReason, ...common };
}
/** `owner/name` and server URL of a remote: `git@github.com:o/n.git`, `https://github.com/o/n`. */
function parseRemote(url) {
    const match = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/:]+@)([^/:]+)(?::\d+)?[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.trim());
    if (!match)
        return { repository: "", serverUrl: "" };
    return { repository: match[2] ?? "", serverUrl: `https://${match[1]}` };
}
/** The context planning and labels read, as if GitHub had run a push of this checkout. */
function gitHubContextOf(state) {
    return {
        eventName: "push",
        ref: state.ref,
        headRef: "",
        repository: state.repository,
        repositoryOwner: state.repository.split("/")[0] ?? "",
        actor: "",
        sha: state.sha,
        serverUrl: state.serverUrl || "https://github.com",
        runnerEnvironment: "",
    };
}

;// CONCATENATED MODULE: ./src/qemu.ts



/** Where the kernel lists its binfmt_misc handlers. */
const BINFMT_DIR = "/proc/sys/fs/binfmt_misc";
/** The install commands said whenever QEMU is missing. */
const QEMU_INSTALL_HINT = "apt-get install qemu-user-static binfmt-support (Debian/Ubuntu), or docker run --privileged --rm tonistiigi/binfmt --install all";
// QEMU's names for the architectures a plan can hold (binfmt handlers are `qemu-<name>`).
const QEMU_ARCH = {
    amd64: "x86_64",
    arm64: "aarch64",
    arm: "arm",
    "386": "i386",
    ppc64le: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
    mips64le: "mips64el",
    loong64: "loongarch64",
};
/** QEMU's name for a platform's architecture (`aarch64` for linux/arm64). */
function qemuArch(platform) {
    return QEMU_ARCH[platform.architecture] ?? platform.architecture;
}
/**
 * The RUN steps that execute on the target platform: RUN instructions of stages not pinned to the build
 * machine with `FROM --platform=$BUILDPLATFORM`. Line continuations are joined, comments dropped;
 * heredoc bodies are not instructions and are skipped. Returns the instructions as written (first line).
 */
function targetRunSteps(dockerfile) {
    const steps = [];
    let pinnedToBuildPlatform = false;
    let heredoc;
    let continued = "";
    for (const rawLine of dockerfile.split(/\r?\n/)) {
        if (heredoc !== undefined) {
            if (rawLine.trim() === heredoc)
                heredoc = undefined;
            continue;
        }
        if (continued === "" && /^\s*#/.test(rawLine))
            continue;
        const line = continued + rawLine;
        if (/\\\s*$/.test(rawLine)) {
            continued = `${line.replace(/\\\s*$/, "")} `;
            continue;
        }
        continued = "";
        const instruction = /^\s*([A-Za-z]+)\b\s*(.*)$/.exec(line);
        if (!instruction)
            continue;
        const [, keyword = "", rest = ""] = instruction;
        const opensHeredoc = /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(rest);
        if (opensHeredoc)
            heredoc = opensHeredoc[1];
        switch (keyword.toUpperCase()) {
            case "FROM":
                pinnedToBuildPlatform = /--platform=\$\{?BUILDPLATFORM\}?(?:\s|$)/.test(rest);
                break;
            case "RUN":
                if (!pinnedToBuildPlatform)
                    steps.push(`RUN ${rest}`.replace(/\s+/g, " ").trim());
                break;
        }
    }
    return steps;
}
/** Reads `qemu-<arch>` in the binfmt_misc directory (injectable for tests). */
async function binfmtStatus(platform, dir = BINFMT_DIR) {
    const arch = qemuArch(platform);
    const path = (0,external_node_path_namespaceObject.join)(dir, `qemu-${arch}`);
    try {
        const text = await (0,promises_namespaceObject.readFile)(path, "utf8");
        const disabled = text.split("\n")[0]?.trim() === "disabled";
        return { arch, path, registered: true, disabled };
    }
    catch {
        return { arch, path, registered: false, disabled: false };
    }
}
/**
 * How a platform runs its RUN steps here: on its named builder, natively, without any (no RUN steps),
 * or under QEMU. A foreign platform whose Dockerfile has RUN steps needs its binfmt_misc handler; a
 * missing one is the problem, with what to install.
 */
async function platformSetup(platform, machine) {
    const { builder, host, runSteps } = machine;
    if (builder)
        return { ok: true, setup: { builder, runs: `buildx builder ${builder}` } };
    // Every variant of this machine's architecture runs natively (an x86-64-v3 CPU is still amd64).
    if (runsNatively(platform, host.split("/")[1] ?? ""))
        return { ok: true, setup: { runs: "native" } };
    if (runSteps !== undefined && runSteps.length === 0) {
        return { ok: true, setup: { runs: "no RUN steps, no emulation needed" } };
    }
    const binfmt = await binfmtStatus(platform, machine.binfmtDir ?? BINFMT_DIR);
    const qemu = binfmt.registered && !binfmt.disabled;
    if (!machine.dockerfile) {
        // No Dockerfile yet (plan): what the platform will need if it has RUN steps.
        const state = qemu ? binfmt.path : `${binfmt.path} is ${binfmt.registered ? "disabled" : "missing"}`;
        return { ok: true, setup: { runs: `QEMU for RUN steps (${state})` } };
    }
    if (qemu)
        return { ok: true, setup: { runs: `QEMU (${binfmt.path})` } };
    const why = runSteps
        ? `the ${runSteps.length} RUN step(s) of ${machine.dockerfile}`
        : "the RUN steps of a remote context's Dockerfile";
    return {
        ok: false,
        problem: `needs QEMU to run ${why} on this ${host} machine, but ${binfmt.path} is ${binfmt.registered ? "disabled" : "missing"}`,
        fix: `install QEMU with binfmt_misc: ${QEMU_INSTALL_HINT}; or build it on a native builder with --builder ${platform.id}=NAME (buildx)`,
    };
}

;// CONCATENATED MODULE: ./src/targets.ts





/**
 * Whether `dir` can be the run's OCI layout. `read` (stitch, verify): it must be one already.
 * `write` (builds): new, empty, or a layout already; a new one needs an existing ancestor this
 * process may write in, since the build makes it (and its parents) next to its staging layouts.
 */
function layoutProblem(dir, use) {
    const exists = (0,external_node_fs_namespaceObject.existsSync)(dir);
    if (exists && !(0,external_node_fs_namespaceObject.statSync)(dir).isDirectory()) {
        return { problem: "is a file, not a directory", fix: "name a directory for the OCI layout" };
    }
    const isLayout = (0,external_node_fs_namespaceObject.existsSync)((0,external_node_path_namespaceObject.resolve)(dir, "oci-layout"));
    if (use === "read") {
        return isLayout
            ? undefined
            : {
                problem: `is not an OCI layout (no ${(0,external_node_path_namespaceObject.resolve)(dir, "oci-layout")})`,
                fix: `build into it first (${PROGRAM} build), or name the layout the build wrote`,
            };
    }
    if (!exists) {
        let ancestor = (0,external_node_path_namespaceObject.dirname)(dir);
        while (!(0,external_node_fs_namespaceObject.existsSync)(ancestor) && (0,external_node_path_namespaceObject.dirname)(ancestor) !== ancestor)
            ancestor = (0,external_node_path_namespaceObject.dirname)(ancestor);
        const why = !(0,external_node_fs_namespaceObject.statSync)(ancestor).isDirectory()
            ? `${ancestor} is a file`
            : canWrite(ancestor)
                ? ""
                : `${ancestor} is not writable here`;
        return why ? { problem: `cannot be made: ${why}`, fix: "name a directory you can write to" } : undefined;
    }
    if (!isLayout && (0,external_node_fs_namespaceObject.readdirSync)(dir).length > 0) {
        return {
            problem: "is a directory with other files in it, not an OCI layout",
            fix: "name a new or empty directory, or an existing OCI layout",
        };
    }
    return undefined;
}
/** Whether this process may write `path` (a directory: create files in it). */
function canWrite(path) {
    try {
        (0,external_node_fs_namespaceObject.accessSync)(path, external_node_fs_namespaceObject.constants.W_OK);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Opens the target through manifest-stitch's stores: an OciLayoutStore, or one RegistryStore per image
 * over one shared registry client with the Docker config's credentials (as the action does).
 */
function openTargets(target, plan, options) {
    if (target.kind === "layout") {
        const layout = new OciLayoutStore(target.dir);
        return { stores: [layout], layout, close: () => { } };
    }
    const client = new client_RegistryClient({
        credentials: (host) => credentialsFor(host, { env: options.env }),
        insecure: options.insecure ?? [],
        debug: options.debug,
    });
    return {
        stores: plan.images.map((image) => new registry_store_RegistryStore(client, image)),
        close: () => {
            for (const host of plan.registries)
                options.debug(`${host}: ${client.describeRequests(host)}`);
            client.close();
        },
    };
}
/** `oci:out/oci` (relative to the working directory when inside it), for messages and copy commands. */
function layoutName(dir, cwd) {
    const rel = (0,external_node_path_namespaceObject.relative)(cwd, dir);
    return `oci:${rel && !rel.startsWith("..") ? rel : dir}`;
}
/**
 * The refs one platform's build is written to, as a person would name them: its `<tag>-<suffix>` tags,
 * or with `archTags: false` each image (or the layout) by digest, `<digest>` until it is known.
 */
function platformRefs(target, plan, platform, cwd, options) {
    if (!options.archTags) {
        const digest = options.digest ?? "<digest>";
        return target.kind === "registry"
            ? plan.images.map((image) => `${image.name}@${digest}`)
            : [`${layoutName(target.dir, cwd)}@${digest}`];
    }
    if (target.kind === "registry")
        return [...platform.refs];
    return plan.archTagBases.map((tag) => `${layoutName(target.dir, cwd)}:${tag_archTag(tag, platform.suffix)}`);
}

;// CONCATENATED MODULE: ./src/options.ts











/** A problem with a flag that has no value to quote: `--push needs --images, …`. */
class FlagError extends errors_InputError {
    constructor(flag, problem, fix) {
        super(flag, "", problem, fix);
        this.message = `${flag} ${problem}; ${fix}`;
    }
}
/**
 * A problem of this machine or the network rather than of the flags as typed (an engine or builder
 * that does not answer, QEMU missing, a registry that cannot be reached or refuses the login); named
 * by the flag it concerns, as every problem is.
 */
class MachineError extends errors_InputError {
}
/** A problem of this machine with a flag that has no value to quote (`--no-arch-tags needs skopeo`). */
class MachineFlagError extends MachineError {
    constructor(flag, problem, fix) {
        super(flag, "", problem, fix);
        this.message = `${flag} ${problem}; ${fix}`;
    }
}
const ENGINE_NAMES = ["auto", "buildx", "buildah"];
// The action input names the shared parsers report, as the flags the CLI has for them.
const FLAG_OF_INPUT = {
    images: "--images",
    tag: "--tag",
    "additional-tags": "--additional-tags",
    platforms: "--platforms",
    context: "--context",
    dockerfile: "--dockerfile",
    "insecure-registries": "--insecure-registries",
};
/** An InputError from the shared library, naming the flag instead of the action input. */
function asFlagError(error) {
    const flag = FLAG_OF_INPUT[error.input] ?? error.input;
    const fix = error.fix
        .replace(/\bthe ([a-z-]+) and ([a-z-]+) inputs\b/g, "--$1 and --$2")
        .replace(/\bthe ([a-z-]+) input\b/g, "--$1")
        .replace(/\bset the tag input\b/, "pass --tag");
    return new errors_InputError(flag, error.value, error.problem, fix);
}
/** Runs a shared parser; its InputError(s) are recorded under the flag's name. */
function attempt(problems, parse) {
    return problems.attempt(parse, asFlagError);
}
const ISOLATIONS = ["oci", "rootless", "chroot"];
/**
 * Validates every flag at once and looks at the machine (git, engines, binfmt_misc, registry logins)
 * without changing anything. Throws InputErrors naming each flag, its value and the fix.
 */
async function resolveOptions(command, flags, deps) {
    const problems = new errors_Problems();
    const warnings = [];
    const { cwd, env } = deps;
    const builds = command === "plan" || command === "build" || command === "run";
    const contextFlag = flags.context.trim() || ".";
    const localContext = builds && !isRemoteContext(contextFlag) ? (0,external_node_path_namespaceObject.resolve)(cwd, contextFlag) : undefined;
    // What this machine has is asked at once, side by side (git, the engines, named builders), each
    // question only when no flag settles it; the answers are taken in the order the checks report.
    const gitDir = localContext && (0,external_node_fs_namespaceObject.existsSync)(localContext) ? localContext : cwd;
    const probes = builds ? startProbes(flags, deps) : undefined;
    // The tag: --tag, else the checkout's tag or branch through the same rules as on GitHub.
    const git = await (deps.readGit ?? readGitState)(gitDir);
    let tag = flags.tag.trim();
    let tagOrigin = "--tag";
    if (!tag) {
        tagOrigin = git.refDescription;
        if (!git.ref) {
            problems.add(new FlagError("--tag", `is not given, and no tag can be derived: ${git.noRefReason}`, "pass --tag, e.g. --tag dev"));
            tag = "unset"; // lets the rest of the plan be checked; never used, the problems throw first
        }
    }
    // The target: the registries of --images with --push, else an OCI layout directory.
    const imagesGiven = flags.images.trim() !== "";
    if (flags.push && !imagesGiven) {
        problems.add(new FlagError("--push", "needs --images, the registries to push to", "add --images ghcr.io/org/app (comma-separated for several), or drop --push to write an OCI layout"));
    }
    if (flags.push && flags.layout.trim()) {
        problems.add(new errors_InputError("--layout", flags.layout, "cannot be combined with --push", "drop --layout to push to the registries of --images, or drop --push to write the layout"));
    }
    const target = flags.push
        ? { kind: "registry" }
        : { kind: "layout", dir: (0,external_node_path_namespaceObject.resolve)(cwd, flags.layout.trim() || DEFAULT_LAYOUT) };
    if (target.kind === "layout") {
        const layout = layoutProblem(target.dir, command === "stitch" || command === "verify" ? "read" : "write");
        if (layout) {
            problems.add(new errors_InputError("--layout", flags.layout.trim() || `./${DEFAULT_LAYOUT}`, layout.problem, layout.fix));
        }
    }
    const github = gitHubContextOf(git);
    const plan = attempt(problems, () => plan_makePlan({
        images: imagesGiven ? flags.images : `localhost/${localImageName(localContext ?? cwd)}`,
        tag,
        additionalTags: flags.additionalTags,
        platforms: flags.platforms,
    }, github));
    const insecureRegistries = attempt(problems, () => image_parseInsecureRegistries(flags.insecureRegistries)) ?? [];
    for (const host of insecureRegistries) {
        if (plan && imagesGiven && !plan.registries.includes(host)) {
            warnings.push(`--insecure-registries: "${host}" is not the registry of any image; it is not used`);
        }
    }
    const sourceDigests = plan ? readSources(command, flags, plan, problems) : undefined;
    const summaryFile = flags.summary.trim()
        ? checkSummaryFile(flags.summary.trim(), cwd, problems)
        : undefined;
    const annotations = {
        ...github_sourceAnnotations(github),
        ...Object.fromEntries(keyValueFlags("--annotation", flags.annotations, problems)),
    };
    // `plan` refuses what `run` refuses: it shows what a build would do, so it checks all of it.
    const build = builds
        ? await resolveBuild({
            command,
            probes: probes,
            flags,
            plan,
            target,
            localContext,
            git,
            deps,
            problems,
            warnings,
            insecureRegistries,
        })
        : undefined;
    if (plan && target.kind === "registry" && problems.count === 0) {
        await checkLogins(plan, env, insecureRegistries, deps.checkLogin ?? defaultCheckLogin, problems);
    }
    problems.throwIfAny();
    if (!plan)
        throw new Error("unreachable: plan missing after validation");
    return {
        command,
        plan,
        tagOrigin,
        target,
        archTags: !flags.noArchTags,
        ...(sourceDigests ? { sourceDigests } : {}),
        ...(summaryFile ? { summaryFile } : {}),
        imagesGiven,
        annotations,
        insecureRegistries,
        ...(build ? { build } : {}),
        cwd,
        json: flags.json,
        verbose: flags.verbose,
        warnings: [...plan.warnings.map(flagWarning), ...warnings],
    };
}
async function resolveBuild(context) {
    const { flags, plan, target, deps, problems, warnings, insecureRegistries } = context;
    const files = buildFiles(context);
    for (const warning of files?.warnings ?? [])
        warnings.push(flagWarning(warning));
    const buildArgs = keyValueFlags("--build-arg", flags.buildArgs, problems);
    const userLabels = keyValueFlags("--label", flags.labels, problems);
    const secrets = build_request_checkSecrets(readSecrets(flags.secrets, deps, problems), problems, warnings);
    const sourceDateEpoch = deps.env.SOURCE_DATE_EPOCH?.trim();
    if (sourceDateEpoch && !/^\d{1,12}$/.test(sourceDateEpoch)) {
        problems.add(new errors_InputError("SOURCE_DATE_EPOCH", sourceDateEpoch, "is not a Unix time in seconds", "set it to whole seconds since 1970, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"));
    }
    const builders = parseBuilders(flags.builders, plan, problems);
    const available = await context.probes.engines;
    // The current builder is not needed when every platform goes to a named one.
    const currentBuilder = !plan || builders.size === 0 || plan.platforms.some((p) => !builders.has(p.id));
    const choice = chooseEngine(flags.engine, available, { currentBuilder });
    if (!choice.ok) {
        // A name that is no engine is a typo; a named engine that does not answer is this machine's.
        const Problem = ENGINE_NAMES.includes(flags.engine.trim() || "auto") ? MachineError : errors_InputError;
        problems.add(new Problem("--engine", flags.engine || "auto", choice.problem, choice.fix));
    }
    const engine = choice.ok ? choice.name : undefined;
    if (engine === "buildx" && builders.size > 0) {
        const unansweredNow = context.probes.builders ?? unansweredBuilders(builders, deps.inspectBuilder ?? inspectWith(deps.env));
        for (const unanswered of await unansweredNow) {
            problems.add(new MachineError("--builder", unanswered.entries.join(" "), unanswered.problem, unanswered.fix));
        }
    }
    if (builders.size > 0 && engine === "buildah") {
        const conflict = buildersWithBuildah(flags.engine, available, choice.ok ? choice.reason : "");
        const Problem = flags.engine.trim() === "buildah" ? errors_InputError : MachineError;
        problems.add(new Problem("--builder", flags.builders.join(" "), conflict.problem, conflict.fix));
    }
    // buildah cannot push by digest itself: its image goes through an OCI layout that skopeo pushes.
    if (engine === "buildah" && context.probes.skopeo && !(await context.probes.skopeo)) {
        problems.add(new MachineFlagError("--no-arch-tags", "with --push and buildah needs skopeo, which does not run here (`skopeo --version`): buildah's image goes to each registry by digest through an OCI layout that skopeo copies", "install skopeo (apt-get install skopeo), or drop --no-arch-tags"));
    }
    const isolation = flags.isolation.trim();
    if (isolation && !ISOLATIONS.includes(isolation)) {
        problems.add(new errors_InputError("--isolation", isolation, "is not a buildah isolation", `write ${ISOLATIONS.join(", ")}`));
    }
    const storageDriver = flags.storageDriver.trim();
    if (storageDriver && !/^[a-z0-9]+$/.test(storageDriver)) {
        problems.add(new errors_InputError("--storage-driver", storageDriver, "is not a storage driver name", "write vfs or overlay"));
    }
    if (engine === "buildx") {
        for (const [flag, value] of [
            ["--storage-driver", storageDriver],
            ["--isolation", isolation],
        ]) {
            if (value)
                warnings.push(`${flag}: ignored: it is a buildah setting and the engine is buildx`);
        }
        if (insecureRegistries.length > 0) {
            warnings.push("--insecure-registries: buildx takes insecure registries from its builder, not from this flag: the daemon's insecure-registries (docker driver) or a buildkitd.toml [registry] entry (docker buildx create --config)");
        }
    }
    // The action's {arch} placeholder, checked here; each platform gets its own suffix when it builds.
    const cacheFrom = flags.cacheFrom.flatMap((e) => build_request_parseCacheEntries("--cache-from", e, problems));
    const cacheTo = flags.cacheTo.flatMap((e) => build_request_parseCacheEntries("--cache-to", e, problems));
    const shared = flags.cacheTo.filter((entry) => !entry.includes(ARCH_PLACEHOLDER));
    if (shared.length > 0 && (plan?.platforms.length ?? 0) > 1) {
        warnings.push(`--cache-to: ${shared.join(" ")} has no ${ARCH_PLACEHOLDER}, so every platform writes the same cache and the last one wins; put ${ARCH_PLACEHOLDER} in the ref (buildcache-${ARCH_PLACEHOLDER}) for one cache per platform`);
    }
    if (engine === "buildah") {
        warnings.push(...build_request_ignoredByBuildah([
            ["--provenance", flags.provenance],
            ["--sbom", flags.sbom],
        ]));
        if ((flags.cacheFrom.length > 0 || flags.cacheTo.length > 0) && (plan?.platforms.length ?? 0) > 1) {
            warnings.push("--cache-from/--cache-to: they turn on buildah's --layers, and buildah 1.28 can mix up layers of builds running at once in one storage (linux/arm64 came out as the amd64 image); build one --platforms at a time with a cache");
        }
        // The action's rules for a buildah cache: one repository each way (checked with the first
        // platform's suffix).
        const suffix = plan?.platforms[0]?.suffix ?? "";
        buildah_checkBuildahCache("--cache-from", build_request_expandArch(cacheFrom, suffix), problems, " ");
        buildah_checkBuildahCache("--cache-to", build_request_expandArch(cacheTo, suffix), problems, " ");
    }
    if (flags.noCache && (flags.cacheFrom.length > 0 || flags.cacheTo.length > 0)) {
        warnings.push("--no-cache: --cache-from is not read; --cache-to is still written");
    }
    // QEMU needs are judged once the plan and the Dockerfile are known good.
    if (!plan || !files || !engine)
        return undefined;
    const runSteps = context.localContext !== undefined && files.dockerfile
        ? targetRunSteps(await (0,promises_namespaceObject.readFile)(files.dockerfile, "utf8"))
        : undefined;
    const host = deps.hostPlatform ?? hostPlatformId();
    const platforms = new Map();
    for (const platform of plan.platforms) {
        const builder = builders.get(platform.id);
        const setup = await platformSetup(platform, {
            host,
            runSteps,
            dockerfile: files.dockerfile,
            ...(builder ? { builder } : {}),
            ...(deps.binfmtDir ? { binfmtDir: deps.binfmtDir } : {}),
        });
        if (setup.ok)
            platforms.set(platform.id, setup.setup);
        else
            problems.add(new MachineError("--platforms", platform.id, setup.problem, setup.fix));
    }
    // The same credentials rule as the action's.
    const authFile = target.kind === "registry" ? buildah_buildahAuthFile(deps.env) : undefined;
    return {
        engine,
        engineReason: choice.ok ? choice.reason : "",
        context: files.context,
        dockerfile: files.dockerfile,
        target: flags.target.trim(),
        buildArgs,
        // The action's rule: the checkout's OCI source labels, then --label (which wins on a clash).
        labels: build_request_imageLabels(gitHubContextOf(context.git), plan.tag, userLabels),
        secrets,
        cache: { noCache: flags.noCache, from: flags.cacheFrom, to: flags.cacheTo },
        provenance: flags.provenance.trim(),
        sbom: flags.sbom.trim(),
        ...(sourceDateEpoch ? { sourceDateEpoch } : {}),
        buildah: {
            ...(storageDriver ? { storageDriver } : {}),
            ...(isolation ? { isolation } : {}),
            ...(authFile ? { authFile } : {}),
            ...(insecureRegistries.length > 0 ? { insecureRegistries } : {}),
            env: deps.env,
        },
        platforms,
    };
}
/**
 * Starts the engine probe (skipping what the flags settle: buildah by name asks nothing of Docker,
 * a `--builder` for every platform needs no current builder) and, with `--engine buildx`, the named
 * builders' checks. The flags are read leniently here; their problems are reported where they are
 * checked.
 */
function startProbes(flags, deps) {
    const quiet = new errors_Problems();
    const platforms = quiet.attempt(() => parsePlatforms(flags.platforms || DEFAULT_PLATFORMS)) ?? [];
    const named = new Map();
    for (const entry of flags.builders) {
        const at = entry.indexOf("=");
        const platform = at > 0 ? quiet.attempt(() => platform_parsePlatform(entry.slice(0, at))) : undefined;
        const name = entry.slice(at + 1).trim();
        const planned = platforms.some((p) => p.id === platform?.id);
        if (platform && planned && BUILDER_NAME_RE.test(name))
            named.set(platform.id, name);
    }
    const currentBuilder = named.size === 0 || platforms.some((p) => !named.has(p.id));
    const engines = (deps.probeEngines ?? probeEngines)(flags.engine, { currentBuilder, env: deps.env });
    const early = flags.engine.trim() === "buildx" && named.size > 0 && quiet.count === 0;
    const builders = early
        ? unansweredBuilders(named, deps.inspectBuilder ?? inspectWith(deps.env))
        : undefined;
    const skopeo = flags.noArchTags && flags.push && flags.engine.trim() !== "buildx"
        ? (deps.skopeoVersion ?? skopeoVersion)(deps.env)
        : undefined;
    // Awaited later, in the order the checks report; never left unobserved meanwhile.
    engines.catch(() => { });
    builders?.catch(() => { });
    skopeo?.catch(() => { });
    return { engines, ...(builders ? { builders } : {}), ...(skopeo ? { skopeo } : {}) };
}
// The named builders' check, run with the environment the build will have.
function inspectWith(env) {
    return (name) => engines_inspectBuilder(name, NAMED_BUILDER_CHECK_MS, env);
}
/**
 * Where the build is: the context and its Dockerfile. `plan` needs no Dockerfile unless one is named
 * (the tags, refs and runners it shows do not depend on it): without one it says so as a warning, and
 * cannot tell yet which platforms need QEMU; build and run refuse to start.
 */
function buildFiles(context) {
    const { flags, deps, problems } = context;
    try {
        return inputs_checkBuildFiles({ context: flags.context.trim() || ".", dockerfile: flags.dockerfile.trim() }, deps.cwd);
    }
    catch (error) {
        if (!(error instanceof errors_InputError))
            throw error;
        const named = asFlagError(error);
        if (!(error instanceof NoDockerfileError) || context.command !== "plan") {
            problems.add(named);
            return undefined;
        }
        context.warnings.push(`${named.input}: ${JSON.stringify(named.value)} ${named.problem}; build and run need one: ${named.fix}`);
        return { context: (0,external_node_path_namespaceObject.resolve)(deps.cwd, flags.context.trim() || "."), dockerfile: "", warnings: [] };
    }
}
/** `--build-arg`, `--label`, `--annotation`: one KEY=VALUE pair per flag. */
function keyValueFlags(flag, values, problems) {
    return values.flatMap((value) => {
        const pair = list_splitKeyValue(value.trim());
        if (pair)
            return [pair];
        const key = value.trim().split("=")[0] || "KEY";
        problems.add(new errors_InputError(flag, value, "is not KEY=VALUE", `write ${flag} ${key}=VALUE, one pair per ${flag}`));
        return [];
    });
}
/**
 * `--secret id=ID[,src=FILE|,env=VAR]` (buildx's syntax; without src or env, the variable named ID):
 * each value read now, so a missing file or variable stops the run before anything builds. The
 * shared checks (checkSecrets) follow. Messages name the flag's text, never a value.
 */
function readSecrets(entries, deps, problems) {
    const secrets = [];
    for (const entry of entries) {
        const fields = new Map();
        let malformed = false;
        for (const part of entry.split(",")) {
            const at = part.indexOf("=");
            if (at <= 0)
                malformed = true;
            else
                fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
        }
        const id = fields.get("id") ?? "";
        const src = fields.get("src") ?? fields.get("source");
        const variable = fields.get("env");
        const unknown = [...fields.keys()].filter((key) => !["id", "src", "source", "env", "type"].includes(key));
        const fail = (problem, fix) => problems.add(new errors_InputError("--secret", entry, problem, fix));
        const invalid = secretIdProblem({ id, value: "", input: "--secret", shown: entry });
        if (malformed || !id || unknown.length > 0) {
            fail("is not id=ID[,src=FILE|,env=VAR]", "write e.g. --secret id=npmrc,src=$HOME/.npmrc or --secret id=token,env=TOKEN");
        }
        else if (invalid) {
            problems.add(invalid);
        }
        else if (src !== undefined && variable !== undefined) {
            fail("names both a file and a variable", "give src=FILE or env=VAR, not both");
        }
        else if (src !== undefined) {
            try {
                secrets.push({
                    id,
                    value: (0,external_node_fs_namespaceObject.readFileSync)((0,external_node_path_namespaceObject.resolve)(deps.cwd, src), "utf8"),
                    input: "--secret",
                    shown: entry,
                });
            }
            catch (error) {
                fail(`cannot be read: ${errors_asError(error).message}`, "name a readable file, relative to the working directory");
            }
        }
        else {
            const name = variable ?? id;
            const value = deps.env[name];
            if (value === undefined) {
                fail(`names the environment variable ${name}, which is not set`, `export ${name}, or read the secret from a file with src=FILE`);
            }
            else {
                secrets.push({ id, value, input: "--secret", shown: entry });
            }
        }
    }
    return secrets;
}
/** `--builder linux/arm64=arm-node` entries: planned platforms, buildx builder names, once each. */
function parseBuilders(entries, plan, problems) {
    const builders = new Map();
    for (const entry of entries) {
        const at = entry.indexOf("=");
        const name = at > 0 ? entry.slice(at + 1).trim() : "";
        if (at <= 0 || !name) {
            problems.add(new errors_InputError("--builder", entry, "is not PLATFORM=NAME", "write e.g. --builder linux/arm64=arm-node"));
            continue;
        }
        const platform = attempt(problems, () => platform_parsePlatform(entry.slice(0, at), "--builder"));
        if (!platform)
            continue;
        if (!BUILDER_NAME_RE.test(name)) {
            problems.add(new errors_InputError("--builder", entry, `has an invalid builder name "${name}"`, "use the name `docker buildx ls` shows"));
        }
        else if (plan && !plan.platforms.some((p) => p.id === platform.id)) {
            problems.add(new errors_InputError("--builder", entry, `names ${platform.id}, which is not built`, "add it to --platforms or drop this --builder"));
        }
        else if (builders.has(platform.id)) {
            problems.add(new errors_InputError("--builder", entry, `sets ${platform.id} twice`, "give one builder per platform"));
        }
        else {
            builders.set(platform.id, name);
        }
    }
    return builders;
}
/**
 * `--sources`: each platform's image by digest, in manifest-stitch's forms (`platform=digest` pairs,
 * here comma-separated or one per flag, or one JSON value). Every planned platform needs one.
 * `mbp stitch --no-arch-tags` cannot do without them: no tag names the per-architecture images.
 */
function readSources(command, flags, plan, problems) {
    const given = flags.sources.map((value) => value.trim()).filter(Boolean);
    if (given.length === 0) {
        if (command === "stitch" && flags.noArchTags) {
            problems.add(new FlagError("--no-arch-tags", "needs --sources in mbp stitch: without per-architecture tags, each platform's image is known only by its digest", `add --sources ${plan.platforms.map((p) => `${p.id}=sha256:…`).join(",")}, as mbp build --no-arch-tags printed them`));
        }
        return undefined;
    }
    const json = given.length === 1 && /^[[{]/.test(given[0] ?? "");
    const text = json ? (given[0] ?? "") : given.flatMap((value) => value.split(",")).join("\n");
    const before = problems.count;
    const digests = sources_parseSources(text, plan.platforms, problems, { complete: false, input: "--sources" });
    if (problems.count === before) {
        for (const platform of plan.platforms.filter((p) => !digests.has(p.id))) {
            problems.add(new errors_InputError("--sources", given.join(","), `has no digest for ${platform.id}`, `add ${platform.id}=sha256:… (mbp build --no-arch-tags prints each platform's digest)`));
        }
    }
    return digests;
}
/** `--summary FILE`: written at the end, so its directory must be there and writable now. */
function checkSummaryFile(value, cwd, problems) {
    const file = (0,external_node_path_namespaceObject.resolve)(cwd, value);
    const dir = (0,external_node_path_namespaceObject.dirname)(file);
    const fail = (problem, fix) => {
        problems.add(new errors_InputError("--summary", value, problem, fix));
        return undefined;
    };
    if ((0,external_node_fs_namespaceObject.existsSync)(file) && (0,external_node_fs_namespaceObject.statSync)(file).isDirectory()) {
        return fail("is a directory", "name a file, e.g. --summary summary.md");
    }
    if (!(0,external_node_fs_namespaceObject.existsSync)(dir) || !(0,external_node_fs_namespaceObject.statSync)(dir).isDirectory()) {
        return fail(`is in ${dir}, which is not a directory`, "create the directory first, or name a file in one");
    }
    if (!canWrite((0,external_node_fs_namespaceObject.existsSync)(file) ? file : dir)) {
        return fail(`cannot be written here (${(0,external_node_fs_namespaceObject.existsSync)(file) ? file : dir})`, "name a file you can write");
    }
    return file;
}
/** A repository name for the plan when no --images is given: the context directory's name. */
function localImageName(dir) {
    const name = (0,external_node_path_namespaceObject.basename)(dir)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^[._-]+|[._-]+$/g, "");
    return /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(name) ? name : "image";
}
// Warnings from the shared library name action inputs (`tag: …`); say the flag.
function flagWarning(warning) {
    return warning.replace(/^([a-z-]+): /, (whole, input) => FLAG_OF_INPUT[input] ? `${FLAG_OF_INPUT[input]}: ` : whole);
}
/** Before a build that takes minutes: can the Docker config's credentials push to every registry? */
async function checkLogins(plan, env, insecure, check, problems) {
    await Promise.all(plan.registries.map(async (host) => {
        try {
            await check(host, env, insecure.includes(host));
        }
        catch (error) {
            const images = plan.images.filter((i) => i.host === host).map((i) => i.name);
            // No HTTP answer at all: logging in would not help.
            const unreachable = isUnreachable(error);
            problems.add(new MachineError("--images", images.join(","), unreachable
                ? `cannot be pushed: ${errors_asError(error).message}`
                : `cannot be pushed with the credentials of ${dockerConfigPath(env)}: ${errors_asError(error).message}`, unreachable
                ? `check that ${host} is up and reachable from here, or drop --push to write an OCI layout`
                : `log in first (docker login ${host}), or drop --push to write an OCI layout`));
        }
    }));
}
// A short, bounded check: a registry that does not answer must not hold the flags' answer for minutes.
async function defaultCheckLogin(host, env, insecure) {
    const credentials = await credentialsFor(host, { env });
    await verifyCredentials(host, credentials, {
        insecure,
        retryPolicy: { ...DEFAULT_RETRY_POLICY, attempts: 3, deadlineMs: 15_000 },
        timeoutMs: 10_000,
    });
}

;// CONCATENATED MODULE: ./src/layout.ts





/** A per-platform layout that cannot be imported. */
class LayoutImportError extends Error {
    name = "LayoutImportError";
}
/**
 * Moves one platform's build from its own staging layout into the shared layout, then tags it there
 * through the same OciLayoutStore the stitch writes with (its puts are serialised, so index.json is
 * never torn). Each platform builds into its own staging layout because buildah and buildx both
 * rewrite a layout's index.json without locking: two builds into one directory would lose a tag.
 *
 * `digest` is what the engine reported; the staging index entry tagged `tag` is used when it is empty.
 */
async function importBuild(staging, store, options) {
    const entries = await new OciLayoutStore(staging).entries();
    const entry = entries.find((m) => options.digest && m.digest === options.digest) ??
        entries.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === options.stagingTag);
    if (!entry) {
        throw new LayoutImportError(`the build wrote no image ${options.digest || options.stagingTag} into ${staging}/index.json`);
    }
    await copyBlobs((0,external_node_path_namespaceObject.join)(staging, "blobs", "sha256"), (0,external_node_path_namespaceObject.join)(store.dir, "blobs", "sha256"));
    const bytes = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(store.dir, "blobs", "sha256", entry.digest.replace(/^sha256:/, "")));
    if (sha256Digest(bytes) !== entry.digest) {
        throw new LayoutImportError(`${staging}: blob ${entry.digest} does not have that digest`);
    }
    const mediaType = entry.mediaType || declaredMediaType(bytes) || "";
    await checkPlatform(store.dir, bytes, mediaType, options.platform);
    for (const tag of options.tags)
        await store.put(tag, bytes, mediaType);
    // Untagged (--no-arch-tags), the image is its blobs only: the directory must still be a layout.
    if (options.tags.length === 0)
        await ensureLayout(store.dir);
    return { mediaType, digest: entry.digest, size: bytes.length };
}
/**
 * Makes `dir` an OCI image layout if it is not one yet: its `oci-layout` file and an `index.json`
 * naming nothing. An existing file is kept (the layout may hold other tags).
 */
async function ensureLayout(dir) {
    const files = [
        ["oci-layout", `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`],
        ["index.json", `${JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] })}\n`],
    ];
    for (const [name, text] of files) {
        // Created only where there is none (a file another writer made meanwhile wins).
        await (0,promises_namespaceObject.writeFile)((0,external_node_path_namespaceObject.join)(dir, name), text, { flag: "wx" }).catch((error) => {
            if (error.code !== "EEXIST")
                throw error;
        });
    }
}
/**
 * The image's config must say the planned platform: the index gets its platform from the plan, so an
 * image built for another architecture would otherwise be listed under the wrong one without a word.
 * (For registry targets arch-build's buildah engine reads the pushed image back and checks this itself.)
 */
async function checkPlatform(dir, bytes, mediaType, platform) {
    const blob = (digest) => (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(dir, "blobs", "sha256", digest.replace(/^sha256:/, "")));
    const manifests = [];
    if (isIndexMediaType(mediaType)) {
        const index = JSON.parse(bytes.toString("utf8"));
        for (const child of index.manifests) {
            if (!isAttestation(child))
                manifests.push(await blob(child.digest));
        }
    }
    else {
        manifests.push(bytes);
    }
    for (const manifest of manifests) {
        const { config } = JSON.parse(manifest.toString("utf8"));
        const image = JSON.parse((await blob(config.digest)).toString("utf8"));
        const built = platformId(image);
        let normalised = built;
        try {
            normalised = platform_parsePlatform(built, "image config").id; // linux/arm64/v8 is linux/arm64
        }
        catch {
            // an architecture the plan cannot name cannot be the planned one either
        }
        if (normalised !== platform.id) {
            throw new LayoutImportError(`the image built for ${platform.id} is a ${built} image (config ${config.digest}); the engine did not build the platform it was asked for`);
        }
    }
}
// Blobs are content-addressed: one already there is the same bytes and is kept. Hard links where the
// file system allows (the staging layout sits next to the target), copies elsewhere.
async function copyBlobs(from, to) {
    await (0,promises_namespaceObject.mkdir)(to, { recursive: true });
    for (const name of await (0,promises_namespaceObject.readdir)(from)) {
        const target = (0,external_node_path_namespaceObject.join)(to, name);
        if (await layout_exists(target))
            continue;
        try {
            await (0,promises_namespaceObject.link)((0,external_node_path_namespaceObject.join)(from, name), target);
        }
        catch (error) {
            const code = error.code;
            if (code === "EEXIST")
                continue;
            // Copied under a temporary name first: a blob named by its digest is always whole.
            const temporary = `${target}.${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString("hex")}.tmp`;
            try {
                await (0,promises_namespaceObject.copyFile)((0,external_node_path_namespaceObject.join)(from, name), temporary);
                await (0,promises_namespaceObject.rename)(temporary, target);
            }
            finally {
                await (0,promises_namespaceObject.rm)(temporary, { force: true });
            }
        }
    }
}
async function layout_exists(path) {
    try {
        await (0,promises_namespaceObject.stat)(path);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/terminal.ts

/** Columns a status line may use: the terminal's, or 120 when it reports none (or 0, as under `script`). */
function statusWidth(columns) {
    return columns !== undefined && Number.isFinite(columns) && columns > 0 ? columns : 120;
}
/**
 * The CLI's output: plain lines, headings per phase, warnings, debug lines when verbose, and while
 * builds run a status line (on a terminal) kept below the log.
 */
class Terminal {
    verbose;
    /** True on a terminal: progress is a live status line instead of heartbeat lines. */
    tty;
    out;
    write;
    status;
    statusShown = false;
    constructor(out, verbose) {
        this.verbose = verbose;
        this.tty = out.isTTY === true;
        this.out = out;
        this.write = out.write.bind(out);
    }
    line(text = "") {
        this.clearStatus();
        this.write(`${text}\n`);
        this.drawStatus();
    }
    heading(text) {
        this.line();
        this.line(`==> ${text}`);
    }
    warning(text) {
        this.line(`warning: ${text}`);
    }
    debug(text) {
        if (this.verbose)
            this.line(`debug: ${text}`);
    }
    /**
     * The shared Reporter (engines, stitch), every line starting with `prefix` (`[linux/arm64] `);
     * external commands' output comes through `output`, split into lines, each also given to `onLine`.
     */
    log(prefix = "", onLine) {
        let partial = "";
        return {
            output: (text) => {
                const lines = (partial + text).split(/\r\n|\n|\r/);
                partial = lines.pop() ?? "";
                for (const line of lines) {
                    onLine?.(line);
                    this.line(`${prefix}${line}`);
                }
            },
            info: (message) => {
                for (const line of message.split("\n"))
                    this.line(`${prefix}${line}`);
            },
            warning: (message) => this.line(`${prefix}warning: ${message}`),
            debug: (message) => {
                if (this.verbose)
                    this.line(`${prefix}debug: ${message}`);
            },
            group: async (name, body) => {
                if (prefix)
                    this.line(`${prefix}${name}`);
                else
                    this.heading(name);
                return body();
            },
        };
    }
    /** Shows `render()` as a status line below the log until the returned function is called (terminals only). */
    showStatus(render) {
        if (!this.tty)
            return () => { };
        this.status = render;
        this.drawStatus();
        const timer = setInterval(() => {
            this.clearStatus();
            this.drawStatus();
        }, 1000);
        timer.unref();
        return () => {
            clearInterval(timer);
            this.clearStatus();
            this.status = undefined;
        };
    }
    clearStatus() {
        if (!this.statusShown)
            return;
        this.write("\r\x1b[2K");
        this.statusShown = false;
    }
    drawStatus() {
        if (!this.status || this.statusShown)
            return;
        this.write(this.status().slice(0, Math.max(20, statusWidth(this.out.columns) - 1)));
        this.statusShown = true;
    }
}
/** Where each platform's build is, for the status line and the heartbeat. */
class BuildProgress {
    now;
    states = new Map();
    constructor(now = Date.now) {
        this.now = now;
    }
    start(platform) {
        this.states.set(platform, { started: this.now(), step: "" });
    }
    /** Notes the build step a line announces (buildah `STEP 2/3: …`, buildx plain `#7 [2/3] …`). */
    note(platform, line) {
        const state = this.states.get(platform);
        const step = /^STEP (\d+\/\d+)/.exec(line) ?? /^#\d+ \[(?:[^\]]*? )?(\d+\/\d+)\]/.exec(line);
        if (state && step?.[1])
            state.step = `step ${step[1]}`;
        if (state && /^(?:Copying|Writing manifest|Storing signatures)/.test(line))
            state.step = "writing";
    }
    end(platform, failed) {
        const state = this.states.get(platform);
        if (!state)
            return 0;
        state.ended = this.now();
        state.failed = failed;
        return state.ended - state.started;
    }
    /** `building  linux/amd64 step 2/3 3.1 s · linux/arm64 done 2.0 s`. */
    render() {
        if (this.states.size === 0)
            return "building  (starting)";
        const parts = [...this.states].map(([platform, s]) => {
            const ms = (s.ended ?? this.now()) - s.started;
            const what = s.ended !== undefined ? (s.failed ? "failed" : "done") : s.step || "starting";
            return `${platform} ${what} ${formatDuration(ms)}`;
        });
        return `building  ${parts.join(" · ")}`;
    }
    /** Platforms still building and for how long, for the heartbeat on non-terminals. */
    running() {
        return [...this.states]
            .filter(([, s]) => s.ended === undefined)
            .map(([platform, s]) => ({ platform, ms: this.now() - s.started, step: s.step }));
    }
}
/** Columns padded to their widest cell. */
function formatTable(header, rows) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const format = (cells) => cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd();
    return [format(header), ...rows.map(format)];
}

;// CONCATENATED MODULE: ./src/summary.ts





/**
 * The picture's sections: the plan, each platform (build, then push or write), then the index
 * (stitch, verify). The same entries manifest-stitch draws from the jobs' outputs.
 */
function timelineOf(times) {
    const entries = [];
    if (times.plan)
        entries.push(entryOf("plan", [step("plan", times.plan)]));
    entries.push(...times.builds);
    const index = [
        ...(times.stitch ? [step("stitch", times.stitch)] : []),
        ...(times.verify ? [step("verify", times.verify)] : []),
    ];
    if (index.length > 0)
        entries.push(entryOf("index", index));
    return entries;
}
function step(name, times) {
    return { name, start: times.start, end: times.end, outcome: "success" };
}
function entryOf(name, steps) {
    return { name, outcome: "success", steps };
}
/**
 * The run at a glance after the multi-arch tags were written: manifest-stitch's summary of the
 * stitch (the same table as the manifest job's), drawn from the CLI's own timings; for a layout it
 * says *Wrote* and offers its copy command instead of a pull.
 */
function publishedRunSummary(options, run) {
    const inputs = summaryInputs(options, run.times, run.sourceDigests, "success");
    const stitch = run.times.stitch ?? { start: 0, end: 0 };
    const summary = publishedSummary(inputs, run.stitched, {
        started: stitch.start,
        ended: stitch.end,
        sizes: run.sizes,
    });
    const localised = { ...summary, timeline: timelineOf(run.times) };
    if (options.target.kind !== "layout")
        return localised;
    const layout = layoutName(options.target.dir, options.cwd);
    const { pull: _pull, ...rest } = localised;
    return {
        ...rest,
        heading: `Wrote ${options.plan.tags.map((t) => `\`${t}\``).join(", ")} in \`${layout}\``,
        images: summary.images.map((image) => ({ ...image, image: layout })),
        ...(run.copyCommand ? { pull: run.copyCommand } : {}),
    };
}
/**
 * The run at a glance after a platform failed: manifest-stitch's summary of a run that published
 * nothing (which platform failed, at which step and when; what each registry, or the layout, holds).
 */
function failedRunSummary(options, run) {
    const inputs = summaryInputs(options, run.times, run.sourceDigests, "failure");
    const now = run.times.builds.flatMap((b) => b.steps).reduce((last, s) => Math.max(last, s.end), 0);
    const layout = options.target.kind === "layout" ? layoutName(options.target.dir, options.cwd) : "";
    // The summary has a row per planned image; a layout is one store, shown as the first image's row.
    const first = options.plan.images[0]?.name ?? "";
    const summary = nothingPublishedSummary(inputs, {
        leftovers: layout ? run.leftovers.map((leftover) => asLayoutRow(leftover, first, layout)) : run.leftovers,
        report: { started: now, ended: now, sizes: run.sizes },
    });
    const where = layout ? `\`${layout}\`` : "the registries";
    return {
        ...summary,
        heading: layout ? summary.heading.replace(/^Nothing published/, "Nothing written") : summary.heading,
        images: layout
            ? summary.images.slice(0, 1).map((image) => ({ ...image, image: layout }))
            : summary.images,
        notes: [
            `No multi-arch tag was written; what the platforms that built left stays in ${where} (no index points at it). A rerun builds everything again.`,
            options.archTags
                ? `Per-architecture tags: \`${options.plan.tag}-<suffix>\`.`
                : "No per-architecture tags (--no-arch-tags): each platform's image is there by digest only.",
        ],
        timeline: timelineOf(run.times),
    };
}
/**
 * A layout's leftover as the summary shows it: in the first image's row, and named as the user named
 * the layout (`oci:out/oci:main-amd64`, not the absolute path the store uses).
 */
function asLayoutRow(leftover, image, layout) {
    const store = leftover.image; // the layout store's name, `oci:<absolute dir>`
    const local = (ref) => (ref.startsWith(store) ? `${layout}${ref.slice(store.length)}` : ref);
    return {
        ...leftover,
        image,
        ...(leftover.taggedAs ? { taggedAs: local(leftover.taggedAs) } : {}),
        ...(leftover.lookedUp ? { lookedUp: { ...leftover.lookedUp, ref: local(leftover.lookedUp.ref) } } : {}),
    };
}
function summaryInputs(options, times, sourceDigests, buildResult) {
    return {
        plan: options.plan,
        ...(sourceDigests ? { sourceDigests } : {}),
        timeline: times.builds,
        push: true,
        buildResult,
    };
}
/** The Markdown file `--summary` names: image-spec's renderRunSummary, as the job summary. */
async function writeSummaryFile(file, summary) {
    await (0,promises_namespaceObject.writeFile)(file, renderRunSummary(summary));
}
/**
 * The summary's table for a terminal: the same rows as the Markdown (image, tags, index digest, each
 * platform's digest and size), then its notes without Markdown.
 */
function summaryLines(summary) {
    const rows = summary.images.flatMap((image) => (image.platforms.length > 0 ? image.platforms : [{ platform: "" }]).map((platform, i) => [
        i === 0 ? image.image : "",
        i === 0 ? image.tags.join(", ") || "none" : "",
        i === 0 ? (image.index ?? "") : "",
        platform.platform,
        platform.digest ?? "",
        platform.size === undefined ? "" : run_summary_formatBytes(platform.size),
    ]));
    return [
        ...formatTable(["image", "tags", "index digest", "platform", "digest", "size"], rows),
        ...(summary.notes ?? []).map((note) => note.replaceAll("`", "")),
    ];
}

;// CONCATENATED MODULE: ./src/verify.ts

/** The target does not hold what the plan says it should; every problem is listed. */
class VerifyError extends Error {
    problems;
    name = "VerifyError";
    constructor(problems) {
        super(`verification failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.problems = problems;
    }
}
/**
 * Reads every target back through its store (the same ManifestStore the stitch wrote with) and checks
 * that: every tag names the same index (the stitched digest, when given); the index has exactly one
 * image per planned platform and nothing else; each entry is the image its source names (the image
 * itself, or the platform's image inside it when it is an index): the digest in `sources`, else
 * `<tag>-<suffix>`; without per-arch tags and sources, the index's own entry; every manifest the index
 * lists is there with the right digest. Throws VerifyError naming every problem.
 */
async function verifyTargets(stores, plan, expected = new Map(), options = { archTags: true }) {
    const problems = [];
    const verified = [];
    for (const store of stores) {
        const found = await verifyStore(store, plan, expected.get(store.name), options, problems);
        if (found)
            verified.push(found);
    }
    if (problems.length > 0)
        throw new VerifyError(problems);
    return verified;
}
async function verifyStore(store, plan, expectedDigest, options, problems) {
    const before = problems.length;
    const tagged = await Promise.all(plan.tags.map(async (tag) => ({ tag, found: await store.resolve(tag) })));
    for (const { tag, found } of tagged) {
        if (!found)
            problems.push(`${store.refName(tag)} does not exist`);
    }
    const digests = new Set(tagged.flatMap(({ found }) => (found ? [found.digest] : [])));
    if (digests.size > 1) {
        problems.push(`the tags of ${store.name} name different manifests: ${tagged.map(({ tag, found }) => `${tag} → ${found?.digest}`).join(", ")}`);
    }
    const index = tagged.find(({ found }) => found)?.found;
    if (!index)
        return undefined;
    if (expectedDigest && index.digest !== expectedDigest) {
        problems.push(`${store.refName(plan.tag)} names ${index.digest}, not the index just written (${expectedDigest})`);
    }
    if (!isIndexMediaType(index.mediaType)) {
        problems.push(`${store.refName(plan.tag)} is a ${index.mediaType}, not a multi-arch index`);
        return undefined;
    }
    const parsed = JSON.parse((await store.fetch(index.digest)).bytes.toString("utf8"));
    const entries = parsed.manifests ?? [];
    const images = entries.filter((entry) => !isAttestation(entry));
    const platforms = [];
    for (const platform of plan.platforms) {
        const sourceTag = tag_archTag(plan.tag, platform.suffix);
        const inIndex = images.filter((entry) => platformId(entry.platform) === platform.id);
        if (inIndex.length !== 1) {
            problems.push(`${store.refName(plan.tag)} holds ${inIndex.length} images for ${platform.id}; it should hold one`);
            continue;
        }
        const entry = inIndex[0];
        const reference = options.sources?.get(platform.id) ?? (options.archTags ? sourceTag : undefined);
        if (reference === undefined) {
            // By digest with nothing to compare: the entry is the image (it is read below).
            platforms.push({ platform: platform.id, digest: entry.digest });
            continue;
        }
        const source = await store.resolve(reference);
        if (!source) {
            const hint = options.archTags && !options.sources ? "; if the run had --no-arch-tags, verify with it" : "";
            problems.push(`${store.refName(reference)} (${platform.id}) does not exist${hint}`);
            continue;
        }
        let sourceImages = [source.digest];
        if (isIndexMediaType(source.mediaType)) {
            const sourceIndex = JSON.parse((await store.fetch(source.digest)).bytes.toString("utf8"));
            sourceImages = sourceIndex.manifests
                .filter((child) => !isAttestation(child) && platformId(child.platform ?? platform) === platform.id)
                .map((child) => child.digest);
        }
        if (!sourceImages.includes(entry.digest)) {
            problems.push(`${store.refName(plan.tag)} lists ${entry.digest} for ${platform.id}, but ${store.refName(reference)} is ${sourceImages.join(", ") || source.digest}`);
            continue;
        }
        platforms.push({ platform: platform.id, digest: entry.digest });
    }
    for (const entry of images) {
        const id = platformId(entry.platform);
        if (!plan.platforms.some((p) => p.id === id)) {
            problems.push(`${store.refName(plan.tag)} holds an image for ${id}, which is not planned`);
        }
    }
    // Every manifest the index lists must be readable and be what its digest says (the stores check).
    const reads = await Promise.allSettled(entries.map((entry) => store.fetch(entry.digest)));
    reads.forEach((read, i) => {
        if (read.status === "rejected") {
            problems.push(`${store.refName(entries[i]?.digest ?? "")} is listed in the index but cannot be read: ${read.reason.message}`);
        }
    });
    if (problems.length > before)
        return undefined;
    // Without per-arch tags none should be there; one found was left by an earlier run with them.
    const archTags = options.archTags
        ? []
        : (await Promise.all(plan.platforms.flatMap((platform) => plan.archTagBases.map(async (base) => {
            const tag = tag_archTag(base, platform.suffix);
            return (await store.resolve(tag)) ? [tag] : [];
        })))).flat();
    return {
        target: store.name,
        tags: plan.tags,
        digest: index.digest,
        platforms,
        attestations: entries.length - images.length,
        archTags,
    };
}

;// CONCATENATED MODULE: ./src/run.ts














/** One or more platforms failed to build; the others finished and are in `builds`. */
class BuildFailedError extends Error {
    builds;
    untagged;
    name = "BuildFailedError";
    /**
     * `untagged`: with `--no-arch-tags`, what each store (a registry, or the layout, shown as `name`
     * says) holds of each platform, looked up after the failure; without it the per-arch tags the
     * platforms that built wrote are listed from the builds.
     */
    constructor(builds, untagged) {
        const failed = builds.filter((b) => b.error);
        super([
            `${failed.length} of ${builds.length} platform builds failed:`,
            ...failed.map((b) => `  - ${b.platform}: ${b.error}`),
            ...(untagged ? untaggedLines(untagged.leftovers, untagged.name) : taggedLines(builds)),
        ].join("\n"));
        this.builds = builds;
        this.untagged = untagged;
    }
}
// The others' per-arch tags stay (no index names them): say where, so they can be used or removed.
function taggedLines(builds) {
    const left = builds.filter((b) => !b.error && b.refs.length > 0);
    if (left.length === 0)
        return [];
    return [
        "No multi-arch index was written; the platforms that built left their per-arch tags:",
        ...left.map((b) => `  - ${b.platform}: ${b.refs.join(", ")}`),
    ];
}
// --no-arch-tags: no tag at all, and per store the untagged images that nothing points at now.
function untaggedLines(leftovers, name) {
    const shown = leftovers.filter((l) => l.found || l.error);
    const stores = [...new Set(shown.map((l) => l.image))];
    return [
        shown.length > 0
            ? "No tag was written, neither multi-arch nor per-architecture (--no-arch-tags). What the platforms that built left, by digest only (no index points at it):"
            : "No tag was written, neither multi-arch nor per-architecture (--no-arch-tags), and no platform left an image.",
        ...stores.flatMap((store) => [
            `  ${name(store)}:`,
            ...shown.filter((l) => l.image === store).map((l) => `    - ${l.platform}: ${describeLeftover(l)}`),
        ]),
    ];
}
/** `plan`: prints the plan; touches nothing. */
function runPlan(options, deps) {
    return execute(options, deps, { build: false, stitch: false, verify: false });
}
/** `build`: every platform in parallel into the target, then the table of digests, sizes and times. */
function runBuild(options, deps) {
    return execute(options, deps, { build: true, stitch: false, verify: false });
}
/** `stitch`: the multi-arch index over the per-architecture images already in the target. */
function runStitch(options, deps) {
    return execute(options, deps, { build: false, stitch: true, verify: false });
}
/** `verify`: reads the target back and checks the index against the per-architecture images. */
function runVerify(options, deps) {
    return execute(options, deps, { build: false, stitch: false, verify: true });
}
/** `run`: plan, build, stitch, verify. */
function runPipeline(options, deps) {
    return execute(options, deps, { build: true, stitch: true, verify: true });
}
async function execute(options, deps, phases) {
    const { terminal } = deps;
    const now = deps.now ?? Date.now;
    const { plan } = options;
    printPlan(options, terminal);
    const timings = {};
    let result = {
        command: options.command,
        tag: plan.tag,
        tags: plan.tags,
        targets: targetNames(options),
        platforms: plan.platforms.map((p) => ({
            platform: p.id,
            refs: platformRefs(options.target, plan, p, options.cwd, { archTags: options.archTags }),
            runs: options.build?.platforms.get(p.id)?.runs ?? "",
        })),
        timings,
    };
    if (!phases.build && !phases.stitch && !phases.verify)
        return result;
    const open = openTargets(options.target, plan, {
        env: deps.env,
        debug: (m) => terminal.debug(m),
        insecure: options.insecureRegistries,
    });
    const times = {
        ...(deps.planned ? { plan: deps.planned } : {}),
        builds: [],
    };
    const timed = async (phase, body) => {
        const start = now();
        const value = await body();
        const end = now();
        timings[phase] = end - start;
        times[phase] = { start, end };
        return value;
    };
    let sourceDigests = options.sourceDigests;
    let stitched;
    let sizes = new Map();
    try {
        if (phases.build) {
            if (!options.build)
                throw new Error("unreachable: build settings missing");
            const started = now();
            let builds;
            try {
                builds = await buildAll(options, options.build, open, deps);
            }
            catch (error) {
                if (!(error instanceof BuildFailedError))
                    throw error;
                throw await reportFailure(options, error, { open, times, terminal });
            }
            timings.build = now() - started;
            timings.slowestBuild = Math.max(...builds.map((b) => b.ms));
            times.builds = builds.flatMap((b) => (b.timeline ? [b.timeline] : []));
            result = { ...result, builds };
            sizes = sizesOf(builds);
            // Without per-arch tags the builds' digests are the stitch's sources (and verify's).
            if (!options.archTags)
                sourceDigests = new Map(builds.map((b) => [b.platform, b.digest]));
        }
        if (phases.stitch) {
            stitched = await timed("stitch", () => stitch_stitch({
                targets: open.stores,
                platforms: plan.platforms,
                sourceTag: plan.tag,
                ...(sourceDigests ? { sourceDigests } : {}),
                tags: plan.tags,
                annotations: options.annotations,
                push: true,
                log: terminal.log(),
            }));
            const first = stitched[0];
            result = {
                ...result,
                index: { digest: first?.digest ?? "", refs: stitched.flatMap((r) => [...r.refs]) },
            };
            // Sizes for the table: the builds read theirs; a stitch alone reads them from its sources.
            if (!result.builds && first)
                sizes = await sourceSizes(first, open.stores[0], terminal);
        }
        if (phases.verify) {
            const index = new Map((stitched ?? []).map((r) => [r.target, r.digest]));
            const verified = await timed("verify", () => verify(options, open, index, sourceDigests, terminal));
            result = {
                ...result,
                verified,
                index: result.index ?? { digest: verified[0]?.digest ?? "", refs: [] },
            };
        }
    }
    finally {
        open.close();
    }
    const copy = copyCommands(options);
    const summary = stitched &&
        publishedRunSummary(options, {
            stitched,
            sizes,
            times,
            ...(sourceDigests ? { sourceDigests } : {}),
            ...(copy[0] ? { copyCommand: copy[0] } : {}),
        });
    printEnd(options, result, phases, deps, summary);
    if (summary && options.summaryFile) {
        await writeSummaryFile(options.summaryFile, summary);
        terminal.line(`The run at a glance (Markdown, with its timeline): ${options.summaryFile}`);
    }
    return result;
}
async function verify(options, open, index, sources, terminal) {
    terminal.heading(`Verify ${open.stores.map((s) => displayStore(s, options)).join(", ")}`);
    const verified = await verifyTargets(open.stores, options.plan, index, {
        archTags: options.archTags,
        ...(sources ? { sources } : {}),
    });
    for (const v of verified) {
        terminal.line(`${displayStore(v.target, options)}: ${v.tags.join(", ")} → index ${v.digest}`);
        for (const p of v.platforms)
            terminal.line(`  ${p.platform.padEnd(12)} ${p.digest}`);
        if (v.attestations > 0)
            terminal.line(`  and ${v.attestations} attestation manifest(s)`);
        if (v.archTags.length > 0) {
            terminal.warning(`${displayStore(v.target, options)} still has per-architecture tags (${v.archTags.join(", ")}), from an earlier run with them: this run wrote none`);
        }
    }
    terminal.line(options.archTags
        ? "verified: every tag names this index; each platform's entry is its per-arch image"
        : `verified: every tag names this index; each platform's entry is its image${sources ? ", as built" : ""}, by digest, with no per-arch tag`);
    return verified;
}
/**
 * After a platform failed: with `--no-arch-tags`, what each store holds of the platforms that built
 * (and of a failed one whose push began) is looked up once per store and platform, as manifest-stitch
 * does for a failed run, and goes into the error; with `--summary`, the run at a glance is written.
 * Returns the error to throw.
 */
async function reportFailure(options, failure, context) {
    if (options.archTags && !options.summaryFile)
        return failure;
    const digests = new Map(failure.builds.flatMap((b) => {
        const digest = b.digest || b.timeline?.digest;
        return digest ? [[b.platform, digest]] : [];
    }));
    const sourceDigests = options.archTags ? undefined : digests;
    const leftovers = await leftovers_findLeftovers({
        targets: context.open.stores,
        platforms: options.plan.platforms,
        sourceTag: options.plan.tag,
        ...(sourceDigests ? { sourceDigests } : {}),
    });
    if (options.summaryFile) {
        const summary = failedRunSummary(options, {
            leftovers,
            sizes: sizesOf(failure.builds),
            times: { ...context.times, builds: failure.builds.flatMap((b) => (b.timeline ? [b.timeline] : [])) },
            ...(sourceDigests ? { sourceDigests } : {}),
        });
        await writeSummaryFile(options.summaryFile, summary);
        context.terminal.line(`The run at a glance (Markdown, with its timeline): ${options.summaryFile}`);
    }
    if (options.archTags)
        return failure;
    return new BuildFailedError(failure.builds, { leftovers, name: (store) => displayStore(store, options) });
}
/** Each platform's image size (config plus layers) read through the store, where it can be. */
async function sourceSizes(result, store, terminal) {
    const sizes = new Map();
    if (!store)
        return sizes;
    await Promise.all(result.sources.map(async (source) => {
        try {
            const fetch = async (digest) => (await store.fetch(digest)).bytes;
            sizes.set(source.platform.id, await oci_imageSize(source.descriptor, fetch));
        }
        catch (error) {
            terminal.debug(`size of ${source.ref} not read: ${errors_asError(error).message}`);
        }
    }));
    return sizes;
}
function sizesOf(builds) {
    return new Map(builds.flatMap((b) => (b.size === undefined ? [] : [[b.platform, b.size]])));
}
function targetNames(options) {
    return options.target.kind === "layout"
        ? [layoutName(options.target.dir, options.cwd)]
        : options.plan.images.map((i) => i.name);
}
function displayStore(store, options) {
    const name = typeof store === "string" ? store : store.name;
    return options.target.kind === "layout" ? layoutName(options.target.dir, options.cwd) : name;
}
function printPlan(options, terminal) {
    const { plan, build } = options;
    terminal.heading("Plan");
    const rows = [
        ["tag", `${plan.tag} (from ${options.tagOrigin})`],
        ["index tags", plan.tags.join(", ")],
        [
            "target",
            options.target.kind === "layout"
                ? `OCI image layout ${layoutName(options.target.dir, options.cwd)}`
                : `registries: ${plan.images.map((i) => i.name).join(", ")}`,
        ],
        ...(options.archTags
            ? []
            : [["per-arch", "by digest only, no tag (--no-arch-tags)"]]),
    ];
    if (build) {
        rows.push(["engine", `${build.engine} (${build.engineReason})`]);
        rows.push([
            "context",
            `${build.context} (${build.dockerfile ? `Dockerfile ${build.dockerfile}` : "no Dockerfile"})`,
        ]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [key, value] of rows)
        terminal.line(`${key.padEnd(width)}  ${value}`);
    terminal.line();
    const table = formatTable(["platform", ...(build ? ["runs here"] : []), "per-arch refs", "GitHub runner"], plan.platforms.map((p) => [
        p.id,
        ...(build ? [build.platforms.get(p.id)?.runs ?? ""] : []),
        platformRefs(options.target, plan, p, options.cwd, { archTags: options.archTags }).join(", "),
        `${Array.isArray(p.runner) ? p.runner.join(", ") : p.runner}${p.qemu ? " (QEMU)" : ""}`,
    ]));
    for (const line of table)
        terminal.line(line);
    // What a GitHub-hosted runner may lack for a variant concerns the workflow, not this machine (which
    // builds natively or under QEMU): the plan notes it beside its "GitHub runner" column.
    if (options.command === "plan") {
        for (const p of plan.platforms) {
            if (p.warning)
                terminal.line(`note (the workflow on GitHub's hosted runners): ${p.warning}`);
        }
    }
    for (const warning of options.warnings)
        terminal.warning(warning);
}
async function buildAll(options, build, open, deps) {
    const { terminal } = deps;
    const { plan, target } = options;
    terminal.heading(`Build ${plan.platforms.length} platform${plan.platforms.length === 1 ? "" : "s"} in parallel with ${build.engine}`);
    const scratch = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)(deps.tempDir ?? (0,external_node_os_namespaceObject.tmpdir)(), "mbp-"));
    noteScratch(scratch);
    if (build.engine === "buildah")
        await noteBuildahContainers(buildahGlobalArgs(build.buildah));
    // Each platform builds into its own layout next to the target (see importBuild), then is moved in.
    let staging;
    if (target.kind === "layout") {
        await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.dirname)(target.dir), { recursive: true });
        staging = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)((0,external_node_path_namespaceObject.dirname)(target.dir), `.${(0,external_node_path_namespaceObject.basename)(target.dir)}-staging-`));
        noteScratch(staging);
    }
    const width = Math.max(...plan.platforms.map((p) => p.id.length));
    const progress = new BuildProgress(deps.now);
    const stopStatus = terminal.showStatus(() => progress.render());
    // On a terminal the status line shows progress; elsewhere (CI logs, pipes) a line now and then.
    const heartbeat = setInterval(() => {
        if (terminal.tty)
            return;
        for (const r of progress.running()) {
            terminal.line(`${prefixOf(r.platform, width)}… still building (${formatDuration(r.ms)}${r.step ? `, ${r.step}` : ""})`);
        }
    }, deps.heartbeatMs ?? 30_000);
    heartbeat.unref();
    try {
        // Every platform is on the status line from its first draw.
        for (const platform of plan.platforms)
            progress.start(platform.id);
        const outcomes = await Promise.allSettled(plan.platforms.map((platform) => buildOne(platform, options, build, open, { scratch, staging, width, progress, deps })));
        clearInterval(heartbeat);
        stopStatus();
        const builds = outcomes.map((outcome, i) => {
            if (outcome.status === "fulfilled")
                return outcome.value;
            const platform = plan.platforms[i];
            return { platform: platform.id, digest: "", ms: 0, refs: [], error: errors_asError(outcome.reason).message };
        });
        terminal.heading("Per-architecture images");
        const table = formatTable(["platform", "digest", "size", "time"], builds.map((b) => [
            b.platform,
            b.error ? "FAILED (see above)" : b.digest,
            b.size === undefined ? "" : run_summary_formatBytes(b.size),
            b.error ? "" : formatDuration(b.ms),
        ]));
        for (const line of table)
            terminal.line(line);
        if (builds.some((b) => b.error))
            throw new BuildFailedError(builds);
        return builds;
    }
    finally {
        clearInterval(heartbeat);
        stopStatus();
        for (const dir of [scratch, staging]) {
            if (dir === undefined)
                continue;
            await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
            forgetScratch(dir);
        }
    }
}
function prefixOf(platform, width) {
    return `[${platform}]${" ".repeat(width - platform.length)} `;
}
/**
 * One platform's build into the target: through its own staging layout into the layout (tagged
 * `<tag>-<suffix>`, or with `--no-arch-tags` only its blobs), or pushed to every registry (tagged, or
 * by digest only). A failure is returned, not thrown, with what it had done: its steps, and the
 * digest it built when it got that far.
 */
async function buildOne(platform, options, build, open, context) {
    const { plan } = options;
    const { terminal } = context.deps;
    const now = context.deps.now ?? Date.now;
    const log = terminal.log(prefixOf(platform.id, context.width), (line) => context.progress.note(platform.id, line));
    const stagingTag = tag_archTag(plan.tag, platform.suffix);
    const stagingDir = context.staging ? (0,external_node_path_namespaceObject.join)(context.staging, platform.suffix) : undefined;
    const setup = build.platforms.get(platform.id);
    const start = now();
    // The push (or, into a layout, the write) begins when the engine says so, else when it returns.
    let pushStart;
    const timeline = (outcome, digest) => ({
        platform: platform.id,
        outcome,
        ...(digest ? { digest } : {}),
        steps: engineSteps(start, pushStart, now(), outcome).map((step) => stagingDir && step.name === "push" ? { ...step, name: "write" } : step),
    });
    try {
        // Each platform's engine gets a scratch directory of its own: the engines name some files there
        // as one action's single build may (skopeo's digest file of a push by digest, for one), and the
        // platforms build at once.
        const engine = platformEngine(build.engine, {
            tempDir: await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)(context.scratch, `${platform.suffix}-`)),
            env: context.deps.env,
            buildah: build.buildah,
            ...(setup?.builder ? { builder: setup.builder } : {}),
        });
        const output = stagingDir
            ? { kind: "oci-layout", dir: stagingDir, tag: stagingTag }
            : options.archTags
                ? { kind: "registry", refs: platform.refs }
                : { kind: "registry-by-digest", repositories: plan.images.map((image) => image.name) };
        const request = {
            platform,
            context: build.context,
            dockerfile: build.dockerfile,
            target: build.target,
            buildArgs: build.buildArgs,
            // --annotation is the multi-arch index's (as the workflow's annotations input), set by stitch.
            annotations: [],
            output,
            // The action's rule. No cache by default, only what --cache-from/--cache-to name: buildx's
            // builder caches on its own (and the GitHub cache does not work off GitHub), and buildah 1.28's
            // --layers lets parallel builds of FROM scratch images in one storage take each other's layers,
            // so linux/arm64 came out as the amd64 image (seen in bench runs).
            ...build_request_settingsForPlatform(build, plan, platform),
        };
        const result = await engine.build(request, log, {
            pushing: () => {
                pushStart ??= now();
            },
        });
        if (stagingDir)
            pushStart ??= now();
        let store;
        let descriptor;
        if (open.layout && stagingDir) {
            store = open.layout;
            descriptor = await importBuild(stagingDir, open.layout, {
                digest: result.digest,
                platform,
                stagingTag,
                // --no-arch-tags: the image's blobs only; the stitch finds it by digest.
                tags: options.archTags ? plan.archTagBases.map((tag) => tag_archTag(tag, platform.suffix)) : [],
            });
        }
        else {
            store = open.stores[0];
            const reference = options.archTags ? stagingTag : result.digest;
            descriptor = result.descriptor ?? (await store.resolve(reference));
            if (!descriptor)
                throw new Error(`${store.refName(reference)} is not there after the build pushed it`);
        }
        const size = await oci_imageSize(descriptor, async (digest) => (await store.fetch(digest)).bytes).catch((error) => {
            log.debug(`size of ${descriptor.digest} unknown: ${errors_asError(error).message}`);
            return undefined;
        });
        const ms = context.progress.end(platform.id, false);
        const refs = platformRefs(options.target, plan, platform, options.cwd, {
            archTags: options.archTags,
            digest: descriptor.digest,
        });
        log.info(`built in ${formatDuration(ms)}: ${descriptor.digest} → ${refs.join(", ")}`);
        return {
            platform: platform.id,
            digest: descriptor.digest,
            ...(size === undefined ? {} : { size }),
            ms,
            refs,
            timeline: timeline("success", descriptor.digest),
        };
    }
    catch (error) {
        const ms = context.progress.end(platform.id, true);
        const message = errors_asError(error).message;
        log.info(`FAILED after ${formatDuration(ms)}: ${message}`);
        const partial = error instanceof engine_PartialBuildError ? error.partial : undefined;
        return {
            platform: platform.id,
            digest: "",
            ms,
            refs: partial?.refs ?? [],
            error: message,
            timeline: timeline("failure", partial?.built || partial?.digest || ""),
        };
    }
}
/**
 * The end of the output: what to run next after a build alone; after a stitch the run at a glance
 * (the summary's table) and how to get at the image: a pull, or the layout's copy commands.
 */
function printEnd(options, result, phases, deps, summary) {
    const { terminal } = deps;
    const program = deps.program ?? PROGRAM;
    const { plan, target } = options;
    if (!result.index) {
        if (phases.build) {
            terminal.line();
            const sources = options.archTags
                ? ""
                : ` --no-arch-tags --sources ${(result.builds ?? []).map((b) => `${b.platform}=${b.digest}`).join(",")}`;
            terminal.line(`Next: ${program} stitch${sources} (same --images, --tag, --platforms and target flags) writes the index.`);
        }
        return;
    }
    terminal.heading("Done");
    if (summary)
        for (const line of summaryLines(summary))
            terminal.line(line);
    else if (target.kind === "registry") {
        terminal.line(`multi-arch index ${result.index.digest}, tagged:`);
        for (const image of plan.images)
            for (const tag of plan.tags)
                terminal.line(`  ${image.name}:${tag}`);
    }
    else {
        const layout = layoutName(target.dir, options.cwd);
        terminal.line(`multi-arch index ${result.index.digest}, tagged ${plan.tags.join(", ")} in ${layout}`);
    }
    if (target.kind === "registry") {
        if (summary?.pull)
            terminal.line(`Pull it: ${summary.pull}`);
        return;
    }
    terminal.line("Copy it to a registry (every platform, digests unchanged) with skopeo:");
    for (const command of copyCommands(options))
        terminal.line(`  ${command}`);
    if (options.command !== "run")
        return;
    // The command the reader just ran, pushing instead of writing the layout.
    const push = ["run", ...pushArguments(deps.argv ?? [], copyImages(options).join(","))];
    terminal.line(`or build and push instead, once logged in (docker login): ${program} ${shellWords(push)}`);
}
/** For a layout: `skopeo copy --all` of every tag to every image (a placeholder without --images). */
function copyCommands(options) {
    const { target, plan } = options;
    if (target.kind !== "layout")
        return [];
    const layout = layoutName(target.dir, options.cwd);
    return copyImages(options).flatMap((image) => plan.tags.map((tag) => `skopeo copy --all ${layout}:${tag} docker://${image}:${tag}`));
}
function copyImages(options) {
    const { plan } = options;
    if (options.imagesGiven)
        return plan.images.map((i) => i.name);
    // Without --images the plan names localhost/<context directory>; only a build knows its context.
    const name = options.build ? (plan.images[0]?.path.split("/").pop() ?? "IMAGE") : "IMAGE";
    return [`ghcr.io/OWNER/${name}`];
}
// The flags as typed, without the layout's and the output's, then --push --images.
function pushArguments(argv, images) {
    const kept = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        const flag = arg.split("=")[0] ?? "";
        if (["--layout", "--images"].includes(flag)) {
            if (!arg.includes("="))
                i++;
            continue;
        }
        if (["--json", "--push"].includes(flag) || i === 0)
            continue;
        kept.push(arg);
    }
    return [...kept, "--push", "--images", images];
}
// Arguments as a POSIX shell reads them back: quoted only where they need it.
function shellWords(args) {
    return args
        .map((arg) => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
        .join(" ");
}

;// CONCATENATED MODULE: ./src/main.ts








/** This CLI's version (its package's). */
const VERSION = package_namespaceObject.rE;
const RUNS = {
    plan: runPlan,
    build: runBuild,
    stitch: runStitch,
    verify: runVerify,
    run: runPipeline,
};
/** Exit codes: 0 done, 1 failed while running, 2 bad command line or flags (nothing was run). */
async function main(argv, io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    program: invocationOf(process.argv[1], process.cwd()),
}) {
    const program = io.program ?? PROGRAM;
    let line;
    try {
        line = parseCommandLine(argv);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        for (const problem of error.problems)
            io.stderr.write(`error: ${problem}\n`);
        return 2;
    }
    if (line.kind === "help") {
        io.stdout.write(`${line.text}\n`);
        return 0;
    }
    if (line.kind === "version") {
        io.stdout.write(`${PROGRAM} ${VERSION}\n`);
        return 0;
    }
    const { command, flags } = line;
    const terminal = new Terminal(flags.json ? io.stderr : io.stdout, flags.verbose);
    const started = Date.now();
    let options;
    try {
        options = await resolveOptions(command, flags, { cwd: io.cwd, env: io.env, ...io.probes });
    }
    catch (error) {
        if (!(error instanceof InputErrors))
            return fail(io, error);
        io.stderr.write(`error: ${problemsHeading(error, `${PROGRAM} ${command}`)}; nothing was built or written:\n`);
        for (const problem of error.errors)
            io.stderr.write(`  ${problem.message}\n`);
        io.stderr.write(`See ${program} ${command} --help.\n`);
        return 2;
    }
    const planMs = Date.now() - started;
    // SIGINT/SIGTERM: the engines below this process are told to stop (they remove their working
    // containers), then what this run made in scratch goes too; the exit code says which signal.
    const interruption = new Interruption((line) => io.stderr.write(`${line}\n`), async (code) => {
        removeScratchNow();
        await removeKilledLeftovers(io);
        process.exit(code);
    });
    const planned = { start: started, end: started + planMs };
    const running = RUNS[command](options, { terminal, env: io.env, program, argv, planned, ...io.run });
    try {
        const outcome = await Promise.race([
            running.then((result) => ({ kind: "done", result }), (error) => ({ kind: "failed", error })),
            interruption.received.then((signal) => ({ kind: "interrupted", signal })),
        ]);
        if (interruption.signal) {
            const signal = interruption.signal;
            if (await interruption.settle(running))
                await removeKilledLeftovers(io);
            removeScratchNow();
            io.stderr.write(`${signal}: stopped; the build processes are gone and the target keeps only what was complete\n`);
            return Interruption.exitCode(signal);
        }
        if (outcome.kind === "failed")
            return fail(io, outcome.error);
        if (outcome.kind !== "done")
            throw new Error("unreachable: interrupted without a signal");
        if (flags.json) {
            io.stdout.write(`${JSON.stringify({ ...outcome.result, timings: { plan: planMs, ...outcome.result.timings } }, null, 2)}\n`);
        }
        return 0;
    }
    finally {
        interruption.dispose();
    }
}
/**
 * What stopped a command before it ran: problems with the flags as typed, or with this machine or the
 * network (an engine that does not answer, a registry that cannot be reached), which are not the
 * flags' fault.
 */
function problemsHeading(error, command) {
    const count = (n) => (n === 1 ? "a problem" : `${n} problems`);
    const machine = error.errors.filter((e) => e instanceof MachineError).length;
    const flags = error.errors.length - machine;
    if (machine === 0)
        return `${count(flags)} with the flags of "${command}"`;
    if (flags === 0)
        return `"${command}" cannot start: ${count(machine)} with this machine or the network`;
    return `"${command}" cannot start: ${flags + machine} problems, ${flags} with its flags and ${machine} with this machine or the network`;
}
/**
 * How the user ran this program, to repeat it in the commands it suggests: `mbp` when installed as
 * that command, else `node <script>` (relative to the working directory when inside it).
 */
function invocationOf(script, cwd) {
    if (!script || (0,external_node_path_namespaceObject.basename)(script) === PROGRAM)
        return PROGRAM;
    const path = (0,external_node_path_namespaceObject.relative)(cwd, script);
    return `node ${path && !path.startsWith("..") && !(0,external_node_path_namespaceObject.isAbsolute)(path) ? path : script}`;
}
// A killed buildah leaves its working containers behind: remove the ones this run's builds made.
async function removeKilledLeftovers(io) {
    const removed = await removeLeftoverContainers();
    if (removed.length > 0) {
        io.stderr.write(`removed ${removed.length} working container(s) the killed builds left: ${removed.join(", ")}\n`);
    }
}
function fail(io, error) {
    io.stderr.write(`error: ${errors_asError(error).message}\n`);
    return 1;
}


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

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
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
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
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(887);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
