import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  httpRequest,
  inspectRaw,
  pushImage,
  RegistryError,
  runCommand,
  startRegistry,
  startTokenServer,
  stopAll,
  tempDockerConfig,
} from "../src/index";

afterAll(stopAll);

const amd64 = { os: "linux", architecture: "amd64" };
const users = { alice: "s3cret" };

function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString()),
    claims: JSON.parse(Buffer.from(claims ?? "", "base64url").toString()),
  };
}

describe("startTokenServer with a token-auth registry", () => {
  it("lets a user push and skopeo read with --creds; a wrong password gets 401", async () => {
    const token = await startTokenServer({ users });
    const registry = await startRegistry({ auth: { token } });

    const challenge = await httpRequest(`${registry.url}/v2/`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers["www-authenticate"]).toBe(
      `Bearer realm="${token.realm}",service="${token.service}"`,
    );

    const pushed = await pushImage(
      { url: registry.url, repository: "team/app", auth: { username: "alice", password: "s3cret" } },
      { tag: "v1", platform: amd64 },
    );
    expect(token.requests).toContainEqual(
      expect.objectContaining({
        service: token.service,
        scope: "repository:team/app:pull,push",
        user: "alice",
        status: 200,
      }),
    );

    const seen = await inspectRaw(`${registry.host}/team/app:v1`, {
      creds: { username: "alice", password: "s3cret" },
    });
    expect(seen.digest).toBe(pushed.digest);

    token.requests.length = 0;
    await expect(
      inspectRaw(`${registry.host}/team/app:v1`, { creds: { username: "alice", password: "wrong" } }),
    ).rejects.toThrow(/401|unauthorized/i);
    expect(token.requests.map((r) => [r.user, r.status])).toContainEqual(["alice", 401]);

    const wrong = await pushImage(
      { url: registry.url, repository: "team/app", auth: { username: "alice", password: "wrong" } },
      { tag: "v2", platform: amd64 },
    ).catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(RegistryError);
    expect((wrong as RegistryError).status).toBe(401);
    expect((wrong as RegistryError).url).toContain(token.realm);
  });

  it("gives anonymous users pull only, or nothing", async () => {
    const token = await startTokenServer({ users });
    const registry = await startRegistry({ auth: { token } });
    const pushed = await pushImage(
      { url: registry.url, repository: "pub", auth: { username: "alice", password: "s3cret" } },
      { tag: "v1", platform: amd64 },
    );

    expect((await inspectRaw(`${registry.host}/pub:v1`)).digest).toBe(pushed.digest);
    expect(token.requests.at(-1)).toMatchObject({
      user: undefined,
      scope: "repository:pub:pull",
      status: 200,
    });
    const anonymousPush = await pushImage(
      { url: registry.url, repository: "pub" },
      { tag: "v2", platform: { os: "linux", architecture: "arm64" } },
    ).catch((err: unknown) => err);
    expect((anonymousPush as RegistryError).status).toBe(401);

    const closed = await startTokenServer({ users, anonymous: "none" });
    const closedRegistry = await startRegistry({ auth: { token: closed } });
    await pushImage(
      { url: closedRegistry.url, repository: "priv", auth: { username: "alice", password: "s3cret" } },
      { tag: "v1", platform: amd64 },
    );
    await expect(inspectRaw(`${closedRegistry.host}/priv:v1`)).rejects.toThrow(
      /unauthorized|authentication/i,
    );
  });

  it("issues JWTs that carry the certificate in x5c and the granted access", async () => {
    const token = await startTokenServer({ users, service: "svc", issuer: "iss" });
    const basic = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
    const res = await httpRequest(
      `${token.realm}?service=svc&scope=repository:a/b:pull,push&scope=repository:c:pull`,
      { headers: { authorization: basic } },
    );
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString());
    expect(body).toMatchObject({ expires_in: 300 });
    expect(body.access_token).toBe(body.token);
    expect(Number.isNaN(Date.parse(body.issued_at))).toBe(false);
    const { header, claims } = decodeJwt(body.token);
    expect(header.alg).toBe("RS256");
    const cert = new X509Certificate(readFileSync(token.certPath));
    expect(header.x5c).toEqual([cert.raw.toString("base64")]);
    expect(claims).toMatchObject({
      iss: "iss",
      aud: "svc",
      sub: "alice",
      access: [
        { type: "repository", name: "a/b", actions: ["pull", "push"] },
        { type: "repository", name: "c", actions: ["pull"] },
      ],
    });
    expect(token.requests.at(-1)?.scopes).toEqual(["repository:a/b:pull,push", "repository:c:pull"]);

    const anonymous = decodeJwt(
      JSON.parse(
        (await httpRequest(`${token.realm}?service=svc&scope=repository:a/b:pull,push`)).body.toString(),
      ).token,
    );
    expect(anonymous.claims.access).toEqual([{ type: "repository", name: "a/b", actions: ["pull"] }]);

    // The OAuth2 password grant that docker uses with identity tokens.
    const form = (password: string) =>
      httpRequest(token.realm, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "password",
          username: "alice",
          password,
          service: "svc",
          scope: "repository:a/b:push",
        }).toString(),
      });
    const posted = await form("s3cret");
    expect(posted.status).toBe(200);
    expect(decodeJwt(JSON.parse(posted.body.toString()).access_token).claims.access).toEqual([
      { type: "repository", name: "a/b", actions: ["push"] },
    ]);
    expect((await form("wrong")).status).toBe(401);
  });

  it("is trusted by the registry only with its own certificate", async () => {
    const token = await startTokenServer({ users });
    const impostor = await startTokenServer({ users });
    const registry = await startRegistry({ auth: { token } });
    const fetchToken = async (realm: string) =>
      JSON.parse((await httpRequest(`${realm}?service=${token.service}`)).body.toString()).token as string;
    const ping = async (bearer: string) =>
      (await httpRequest(`${registry.url}/v2/`, { headers: { authorization: `Bearer ${bearer}` } })).status;
    expect(await ping(await fetchToken(token.realm))).toBe(200);
    expect(await ping(await fetchToken(impostor.realm))).toBe(401);
  });

  it("answers queued faults first and can insist on the service parameter", async () => {
    const token = await startTokenServer({
      users,
      includeService: true,
      faults: [{ times: 2, respond: { status: 503, body: "busy" } }],
    });
    const url = `${token.realm}?service=${token.service}&scope=repository:x:pull`;
    expect((await httpRequest(url)).status).toBe(503);
    expect((await httpRequest(url)).status).toBe(503);
    expect((await httpRequest(url)).status).toBe(200);
    token.addFault({ times: 1, respond: { status: 429, headers: { "retry-after": "1" } } });
    const limited = await httpRequest(url);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("1");
    expect((await httpRequest(`${token.realm}?scope=repository:x:pull`)).status).toBe(400);
    expect(token.requests.map((r) => r.status)).toEqual([503, 503, 200, 429, 400]);
  });

  it("supports docker login against the token registry", async () => {
    const token = await startTokenServer({ users });
    const registry = await startRegistry({ auth: { token } });
    const config = tempDockerConfig();
    const env = { ...process.env, ...config.env };
    const ok = await runCommand("docker", ["login", registry.host, "-u", "alice", "--password-stdin"], {
      input: "s3cret",
      env,
    });
    expect(ok.stdout).toContain("Login Succeeded");
    expect(token.requests).toContainEqual(expect.objectContaining({ user: "alice", status: 200 }));
    const bad = await runCommand("docker", ["login", registry.host, "-u", "alice", "--password-stdin"], {
      input: "wrong",
      env,
      ignoreReturnCode: true,
    });
    expect(bad.code).not.toBe(0);
    expect(token.requests.at(-1)).toMatchObject({ user: "alice", status: 401 });
  });
});
