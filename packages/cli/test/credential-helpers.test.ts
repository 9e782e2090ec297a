// The CLI logs in the way the machine it runs on does: with the Docker config's own credential
// helpers (docker-credential-gcloud for Artifact Registry, docker-credential-ecr-login for ECR), not
// with the keyless logins of the actions. A stand-in docker-credential-gcloud on PATH, named in a
// private DOCKER_CONFIG's credHelpers for a loopback registry, answers with the only password that
// registry takes, and records each time it is asked.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspectRaw, makeTempDir, startRegistry, stopAll } from "@mbp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { BUILDAH_FLAGS, buildahStorage, cli, helloRepo } from "./helpers";

afterAll(stopAll);

/** What gcloud's helper answers: an access token as the password of `oauth2accesstoken`. */
const TOKEN = { username: "oauth2accesstoken", password: "ya29.stand-in-access-token" };

/** A private Docker config naming `docker-credential-gcloud` for `host`, and that program on PATH. */
function gcloudHelper(host: string) {
  const dir = makeTempDir("cli-credential-helper");
  const bin = join(dir, "bin");
  const log = join(dir, "asked");
  writeFileSync(log, "");
  writeFileSync(join(dir, "config.json"), JSON.stringify({ credHelpers: { [host]: "gcloud" } }));
  mkdirSync(bin);
  const script = join(bin, "docker-credential-gcloud");
  // The credential helper protocol: the action as argument, the server URL on stdin, JSON on stdout.
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      "read url",
      `echo "$1 $url" >> "${log}"`,
      `[ "$1" = get ] || exit 1`,
      `printf '{"ServerURL":"%s","Username":"${TOKEN.username}","Secret":"${TOKEN.password}"}' "$url"`,
      "",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  return {
    env: { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ""}` },
    asked: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
}

describe("the bundled CLI with the Docker config's own credential helpers", () => {
  it("--push asks docker-credential-gcloud for the registry, and pushes with its answer", async () => {
    const registry = await startRegistry({ auth: { htpasswd: { [TOKEN.username]: TOKEN.password } } });
    const helper = gcloudHelper(registry.host);
    const repo = helloRepo({ branch: "main" });
    const image = `${registry.host}/project/containers/hello`;
    const result = await cli(
      ["run", "--push", "--images", image, "--context", repo, "--platforms", "linux/amd64", ...BUILDAH_FLAGS],
      { cwd: repo, env: { ...buildahStorage().env, ...helper.env } },
    );
    expect(result.code, result.stderr).toBe(0);
    // The login check, buildah's push (through --authfile's credHelpers) and the stitch each asked it.
    expect(helper.asked().length).toBeGreaterThanOrEqual(2);
    expect(new Set(helper.asked())).toEqual(new Set([`get ${registry.host}`]));
    expect(`${result.stdout}\n${result.stderr}`).not.toContain(TOKEN.password);
    const index = await inspectRaw(`${image}:main`, { creds: TOKEN });
    const amd64 = await inspectRaw(`${image}:main-amd64`, { creds: TOKEN });
    expect(index.manifest.manifests?.map((m) => [m.platform?.architecture, m.digest])).toEqual([
      ["amd64", amd64.digest],
    ]);
  });
});
