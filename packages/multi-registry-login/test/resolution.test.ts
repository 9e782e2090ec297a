// Tier 1: host → credential resolution and every input error message, as pure functions.
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeLoginState,
  encodeLoginState,
  googleLogin,
  type LoginRequest,
  loadYamlParser,
  parseRegistryAuth,
  parseRequest,
  type RawInputs,
  registryAuthPasswords,
  registryHost,
} from "../src/lib";
import { NO_INPUTS } from "./raw-inputs";

beforeAll(() => loadYamlParser());

const KEY = {
  type: "service_account",
  project_id: "p",
  private_key_id: "0123456789abcdef",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
  client_email: "pusher@p.iam.gserviceaccount.com",
};
const KEY_JSON = JSON.stringify(KEY, null, 2);
const KEY_BASE64 = Buffer.from(KEY_JSON).toString("base64");
const ACCESS_TOKEN = "ya29.a0AfB_byC-some.token_value";

const actor = { actor: "octocat", repositoryOwner: "lsst-sqre" };

describe("require-secrets: false (jobs that only pull)", () => {
  it("leaves registries without their secret out, with a warning each, and still logs in where it can", () => {
    const result = parseRequest(
      {
        ...NO_INPUTS,
        images: "ghcr.io/o/a, us-docker.pkg.dev/p/r/a, docker.io/o/a",
        githubToken: "ghs_token",
        requireSecrets: false,
      },
      actor,
    );
    expect(result.logins.map((login) => login.host)).toEqual(["ghcr.io"]);
    expect(result.warnings).toEqual([
      "GAR_PUSH_TOKEN is empty, so us-docker.pkg.dev is not logged in (require-secrets: false); pulls from there are anonymous",
      "DOCKER_USERNAME is empty, so docker.io is not logged in (require-secrets: false); pulls from there are anonymous",
      "DOCKER_TOKEN is empty, so docker.io is not logged in (require-secrets: false); pulls from there are anonymous",
    ]);
  });

  it("still refuses malformed input", () => {
    expect(() => parseRequest({ ...NO_INPUTS, images: "nohost", requireSecrets: false }, actor)).toThrow(
      'images: "nohost" has no registry host',
    );
  });
});
const request = (raw: Partial<RawInputs>, context = actor): LoginRequest =>
  parseRequest({ ...NO_INPUTS, ...raw }, context);
const problems = (raw: Partial<RawInputs>, context = actor): string[] => {
  try {
    request(raw, context);
  } catch (error) {
    const e = error as Error & { errors?: Error[] };
    return e.errors ? e.errors.map((x) => x.message) : [e.message];
  }
  throw new Error("expected input problems");
};
const logins = (raw: Partial<RawInputs>, context = actor) =>
  request(raw, context).logins.map(({ host, configKey, username, password, source }) => ({
    host,
    configKey,
    username,
    password,
    source,
  }));

describe("host → credential resolution", () => {
  it.each([
    [
      "GHCR with github-token as GITHUB_ACTOR",
      { images: "ghcr.io/lsst-sqre/app", githubToken: "ghs_abc" },
      actor,
      [
        {
          host: "ghcr.io",
          configKey: "ghcr.io",
          username: "octocat",
          password: "ghs_abc",
          source: "github-token as GITHUB_ACTOR",
        },
      ],
    ],
    [
      "GHCR falls back to the repository owner",
      { images: "ghcr.io/lsst-sqre/app", githubToken: "ghs_abc" },
      { actor: "", repositoryOwner: "lsst-sqre" },
      [
        {
          host: "ghcr.io",
          configKey: "ghcr.io",
          username: "lsst-sqre",
          password: "ghs_abc",
          source: "github-token as the repository owner",
        },
      ],
    ],
    [
      "GHCR with the nonstandard token",
      {
        images: "ghcr.io/lsst-sqre/app",
        githubToken: "ghs_abc",
        ghcrPushToken: "ghp_pat",
        useNonstandardGhcrToken: true,
      },
      actor,
      [
        {
          host: "ghcr.io",
          configKey: "ghcr.io",
          username: "octocat",
          password: "ghp_pat",
          source: "GHCR_PUSH_TOKEN as octocat",
        },
      ],
    ],
    [
      "Docker Hub under its historical key",
      { images: "docker.io/lsstsqre/app", dockerUsername: "bot", dockerToken: "dckr_pat" },
      actor,
      [
        {
          host: "docker.io",
          configKey: "https://index.docker.io/v1/",
          username: "bot",
          password: "dckr_pat",
          source: "DOCKER_USERNAME + DOCKER_TOKEN",
        },
      ],
    ],
    [
      "every Google host with the base64 key",
      {
        images: "us-docker.pkg.dev/p/r/a, europe-docker.pkg.dev/p/r/a, gcr.io/p/a",
        garPushToken: KEY_BASE64,
      },
      actor,
      ["us-docker.pkg.dev", "europe-docker.pkg.dev", "gcr.io"].map((host) => ({
        host,
        configKey: host,
        username: "_json_key_base64",
        password: KEY_BASE64,
        source: "GAR_PUSH_TOKEN (base64 JSON key)",
      })),
    ],
    [
      "a registry-auth entry overrides the default and adds a generic host",
      {
        images: "ghcr.io/a/b, quay.io/q/r",
        githubToken: "ghs_abc",
        registryAuth:
          "- registry: https://ghcr.io\n  username: robot\n  password: ghp_x\n- registry: quay.io\n  username: q\n  password: 'p w'\n",
      },
      actor,
      [
        {
          host: "ghcr.io",
          configKey: "ghcr.io",
          username: "robot",
          password: "ghp_x",
          source: "registry-auth (entry 1)",
        },
        {
          host: "quay.io",
          configKey: "quay.io",
          username: "q",
          password: "p w",
          source: "registry-auth (entry 2)",
        },
      ],
    ],
    [
      "a registry-auth entry for a host no image names is logged in to as well",
      {
        images: "127.0.0.1:5000/a",
        registryAuth: '- {registry: "docker.io", username: u, password: "p"}',
      },
      actor,
      [
        {
          host: "docker.io",
          configKey: "https://index.docker.io/v1/",
          username: "u",
          password: "p",
          source: "registry-auth (entry 1)",
        },
      ],
    ],
  ])("%s", (_, raw, context, expected) => {
    expect(logins(raw, context)).toEqual(expected);
  });

  it.each([
    ["JSON key", "_json_key", KEY_JSON],
    ["base64 JSON key", "_json_key_base64", `  ${KEY_BASE64}\n`],
    ["base64 JSON key", "_json_key_base64", KEY_BASE64.replace(/(.{76})/g, "$1\n")],
    ["access token", "oauth2accesstoken", ACCESS_TOKEN],
  ])("GAR_PUSH_TOKEN as a %s → %s", (form, username, token) => {
    const login = googleLogin(token);
    expect([login.username, login.form, login.password]).toEqual([username, form, token.trim()]);
  });

  it("masks the decoded key and its private key with a GAR token", () => {
    const [login] = request({ images: "us-docker.pkg.dev/p/r/a", garPushToken: KEY_BASE64 }).logins;
    expect(login?.secrets).toEqual([
      KEY_BASE64,
      KEY_JSON,
      KEY.private_key,
      KEY.private_key_id,
      Buffer.from(`_json_key_base64:${KEY_BASE64}`).toString("base64"),
    ]);
  });

  it("warns about generic hosts without an entry, notes loopback ones, and keeps them anonymous", () => {
    const result = request({ images: "quay.io/a/b, 127.0.0.1:5000/c" });
    expect(result.logins).toEqual([]);
    expect(result.anonymous).toEqual(["quay.io", "127.0.0.1:5000"]);
    expect(result.warnings).toEqual([
      "images: no credentials for quay.io; pushing there anonymously. If it needs a login, add a registry-auth entry for quay.io",
    ]);
    expect(result.notes).toEqual([
      "images: no credentials for 127.0.0.1:5000; pushing there anonymously. If it needs a login, add a registry-auth entry for 127.0.0.1:5000",
    ]);
  });

  it("warns that GHCR_PUSH_TOKEN is ignored without use-nonstandard-ghcr-token", () => {
    const result = request({ images: "ghcr.io/a/b", githubToken: "t", ghcrPushToken: "pat" });
    expect(result.logins[0]?.password).toBe("t");
    expect(result.warnings).toEqual([
      "GHCR_PUSH_TOKEN is ignored because use-nonstandard-ghcr-token is false; github-token is used for ghcr.io",
    ]);
  });

  it("needs no secret for images that need no login, and ignores secrets of absent kinds", () => {
    expect(request({ images: "ghcr.io/a/b", githubToken: "t", dockerToken: "x" }).logins).toHaveLength(1);
  });
});

describe("error messages", () => {
  it.each([
    [
      "missing github-token",
      { images: "ghcr.io/a/b" },
      actor,
      [
        `github-token: "" is empty but images push to ghcr.io; pass github-token: \${{ github.token }} and grant the job permissions: packages: write, or add a registry-auth entry for ghcr.io`,
      ],
    ],
    [
      "no GHCR username",
      { images: "ghcr.io/a/b", githubToken: "t" },
      { actor: "", repositoryOwner: "" },
      [
        'GITHUB_ACTOR: "" is not set, so there is no username for ghcr.io; run on GitHub Actions, or add a registry-auth entry for ghcr.io',
      ],
    ],
    [
      "missing GHCR_PUSH_TOKEN",
      { images: "ghcr.io/a/b", githubToken: "t", useNonstandardGhcrToken: true },
      actor,
      [
        `GHCR_PUSH_TOKEN: "" is empty but images push to ghcr.io; pass GHCR_PUSH_TOKEN: \${{ secrets.GHCR_PUSH_TOKEN }} or set use-nonstandard-ghcr-token: false, or add a registry-auth entry for ghcr.io`,
      ],
    ],
    [
      "missing GAR_PUSH_TOKEN, once for every Google host",
      { images: "us-docker.pkg.dev/p/r/a, europe-docker.pkg.dev/p/r/a" },
      actor,
      [
        `GAR_PUSH_TOKEN: "" is empty but images push to us-docker.pkg.dev, europe-docker.pkg.dev; pass GAR_PUSH_TOKEN: \${{ secrets.GAR_PUSH_TOKEN }} or log in without a key: gar-workload-identity-provider (with id-token: write), or add a registry-auth entry for each`,
      ],
    ],
    [
      "missing Docker Hub username and token",
      { images: "docker.io/a/b" },
      actor,
      [
        `DOCKER_USERNAME: "" is empty but images push to docker.io; pass DOCKER_USERNAME: \${{ secrets.DOCKER_USERNAME }} (Docker Hub needs both), or add a registry-auth entry for docker.io`,
        `DOCKER_TOKEN: "" is empty but images push to docker.io; pass DOCKER_TOKEN: \${{ secrets.DOCKER_TOKEN }} (Docker Hub needs both), or add a registry-auth entry for docker.io`,
      ],
    ],
    [
      "missing Docker Hub token only",
      { images: "docker.io/a/b", dockerUsername: "bot" },
      actor,
      [
        `DOCKER_TOKEN: "" is empty but images push to docker.io; pass DOCKER_TOKEN: \${{ secrets.DOCKER_TOKEN }} (Docker Hub needs both), or add a registry-auth entry for docker.io`,
      ],
    ],
    [
      "GAR_PUSH_TOKEN that looks like broken JSON (once, for two hosts)",
      { images: "us-docker.pkg.dev/p/r/a, gcr.io/p/a", garPushToken: '{"private_key": "sekrit' },
      actor,
      [
        'GAR_PUSH_TOKEN: "<not shown: it is a secret>" starts like a JSON key but is not a JSON object; set it to a service-account key file\'s contents, base64 of them, or an access token (ya29.…) from google-github-actions/auth',
      ],
    ],
    [
      "GAR_PUSH_TOKEN that is base64 of broken JSON",
      {
        images: "us-docker.pkg.dev/p/r/a",
        garPushToken: Buffer.from('{"private_key": "sekrit').toString("base64"),
      },
      actor,
      [
        'GAR_PUSH_TOKEN: "<not shown: it is a secret>" is base64 of something that is not a JSON key; set it to a service-account key file\'s contents, base64 of them, or an access token (ya29.…) from google-github-actions/auth',
      ],
    ],
    [
      "GAR_PUSH_TOKEN of no known form",
      { images: "us-docker.pkg.dev/p/r/a", garPushToken: "hunter2!" },
      actor,
      [
        'GAR_PUSH_TOKEN: "<not shown: it is a secret>" is neither a service-account key (JSON or base64) nor an access token; set it to a service-account key file\'s contents, base64 of them, or an access token (ya29.…) from google-github-actions/auth',
      ],
    ],
    [
      "bad images and bad registry-auth together",
      { images: "app, ghcr.io/a/b", registryAuth: "- registry: [" },
      actor,
      [
        'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
        `registry-auth: "<not shown: it holds passwords>" is not valid YAML at line 1, column 14 (BAD_INDENT); write a YAML list of {registry, username, password}, e.g. - registry: quay.io; quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`,
      ],
    ],
    [
      "missing secrets of several kinds, all at once",
      { images: "ghcr.io/a/b, docker.io/a/b, gcr.io/p/a, quay.io/a/b", dockerUsername: "bot" },
      actor,
      [
        `github-token: "" is empty but images push to ghcr.io; pass github-token: \${{ github.token }} and grant the job permissions: packages: write, or add a registry-auth entry for ghcr.io`,
        `DOCKER_TOKEN: "" is empty but images push to docker.io; pass DOCKER_TOKEN: \${{ secrets.DOCKER_TOKEN }} (Docker Hub needs both), or add a registry-auth entry for docker.io`,
        `GAR_PUSH_TOKEN: "" is empty but images push to gcr.io; pass GAR_PUSH_TOKEN: \${{ secrets.GAR_PUSH_TOKEN }} or log in without a key: gar-workload-identity-provider (with id-token: write), or add a registry-auth entry for gcr.io`,
      ],
    ],
  ])("%s", (_, raw, context, expected) => {
    expect(problems(raw, context)).toEqual(expected);
  });
});

describe("registry-auth", () => {
  const fix = "write a YAML list of {registry, username, password}, e.g. - registry: quay.io";
  const noPassword = `add password: \${{ secrets.<NAME> }}; if it is there, the secret is empty or not available to this workflow (forks and environments get none)`;
  it.each([
    ["", []],
    ["  \n# nothing\n", []],
    [
      "- registry: Quay.io\n  username: ' u '\n  password: \"p:w\"\n- registry: https://index.docker.io/v1/\n  username: hub\n  password: x",
      [
        { host: "quay.io", username: "u", password: "p:w", entry: 1 },
        { host: "docker.io", username: "hub", password: "x", entry: 2 },
      ],
    ],
  ])("parses %j", (text, expected) => {
    expect(parseRegistryAuth(text)).toEqual(expected);
  });

  it.each([
    [
      "not YAML",
      "- registry: quay.io\n  password: a: b",
      [
        'registry-auth: "<not shown: it holds passwords>" is not valid YAML at line 2, column 13 (BLOCK_AS_IMPLICIT_KEY)' +
          "; " +
          fix +
          `; quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`,
      ],
    ],
    [
      "a mapping",
      "registry: quay.io\nusername: u\npassword: p",
      [
        `registry-auth: "<not shown: it holds passwords>" is a single mapping, not a list; ${fix} (each entry starts with "- ")`,
      ],
    ],
    [
      "a scalar",
      "quay.io",
      [
        `registry-auth: "<not shown: it holds passwords>" is not a YAML list; ${fix} (each entry starts with "- ")`,
      ],
    ],
    [
      "every entry problem at once",
      [
        "- registry: ghcr.io\n  username: u\n  pasword: hunter2",
        "- just-a-string",
        "- registry: quay.io\n  username: 1234\n  password: 0123",
        "- username: a\n  password: ''",
        "- registry: quay.io/org\n  username: u\n  password: p",
        "- registry: QUAY.IO\n  username: u\n  password: p",
        "- registry: https://quay.io/\n  username: u\n  password: p",
        "- registry: quay.io\n  username: u\n  password: [a]",
      ].join("\n"),
      [
        'registry-auth: "ghcr.io" (entry 1) has an unknown key "pasword"; use only registry, username and password',
        `registry-auth: "ghcr.io" (entry 1) has no password; ${noPassword}`,
        `registry-auth: "entry 2" is not a mapping; ${fix}`,
        'registry-auth: "quay.io" (entry 3) has a username that YAML reads as a number, not a string; quote it, e.g. username: "1234"',
        `registry-auth: "quay.io" (entry 3) has a password that YAML reads as a number, not a string; quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`,
        'registry-auth: "entry 4" has no registry; add registry: <host>, e.g. registry: quay.io',
        `registry-auth: "entry 4" has no password; ${noPassword}`,
        'registry-auth: "quay.io/org" (entry 5) is not a registry host; write only the host, optionally with :port (quay.io, registry.example:5000)',
        'registry-auth: "https://quay.io/" (entry 7) repeats entry 6 for quay.io; keep one entry per registry',
        `registry-auth: "quay.io" (entry 8) has a password that YAML reads as a list, not a string; quote values, e.g. password: \${{ toJSON(secrets.QUAY_TOKEN) }}`,
      ],
    ],
  ])("rejects %s", (_, text, expected) => {
    let messages: string[] = [];
    try {
      parseRegistryAuth(text);
    } catch (error) {
      const e = error as Error & { errors?: Error[] };
      messages = e.errors ? e.errors.map((x) => x.message) : [e.message];
    }
    expect(messages).toEqual(expected);
    for (const secret of ["hunter2", "0123", "a: b"]) expect(messages.join("\n")).not.toContain(secret);
  });

  it.each([
    ["- registry: q\n  username: u\n  password: 's3cr3t'", ["s3cr3t", "'s3cr3t'"]],
    ["- registry: q\n  password: 0123", ["0123", "123"]],
    ["- registry: q\n  password: a: b: c", ["a: b: c"]],
    ['not: [valid\npassword: "x y"', ["x y", '"x y"']],
  ])("registryAuthPasswords finds every password to mask in %j", (text, expected) => {
    const found = registryAuthPasswords(text);
    for (const secret of expected) expect(found).toContain(secret);
  });

  it("masks a block-scalar password's lines, never the block indicator", () => {
    const found = registryAuthPasswords(
      "- registry: q\n  username: u\n  password: |-\n    line-one-secret\n",
    );
    expect(found).toContain("line-one-secret");
    expect(found).not.toContain("|-");
    expect(found.every((value) => !/^[|>]/.test(value))).toBe(true);
  });

  it.each([
    ["ghcr.io", "ghcr.io"],
    ["https://GHCR.io/", "ghcr.io"],
    ["index.docker.io", "docker.io"],
    ["https://index.docker.io/v1/", "docker.io"],
    ["localhost:5000", "localhost:5000"],
    ["[::1]:5000", "[::1]:5000"],
    ["https://[FD00::10]/", "[fd00::10]"],
    ["quay.io/org", undefined],
    ["registry", undefined],
    ["", undefined],
  ])("registryHost(%j) → %j", (value, expected) => {
    expect(registryHost(value)).toBe(expected);
  });
});

describe("login state", () => {
  it("round-trips and rejects malformed state without echoing it", () => {
    const state = {
      configPath: "/c/config.json",
      logout: true,
      changes: [
        { key: "a", writtenDigest: "sha256:1" },
        { key: "b", writtenDigest: "sha256:2", previous: { auth: "c2VjcmV0" } },
      ],
    };
    expect(decodeLoginState(encodeLoginState(state))).toEqual(state);
    for (const bad of [
      "",
      "{",
      '{"configPath": 1}',
      '{"configPath":"/c","logout":true,"changes":[{"key":"c2VjcmV0"}]}',
    ]) {
      expect(() => decodeLoginState(bad)).toThrow(
        /the main step's saved login state is (not JSON|malformed)/,
      );
      try {
        decodeLoginState(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain("c2VjcmV0");
      }
    }
  });
});
