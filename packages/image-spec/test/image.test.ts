import { describe, expect, it } from "vitest";
import {
  dockerConfigKey,
  InputError,
  InputErrors,
  isLoopbackHost,
  parseImage,
  parseImages,
  parseInsecureRegistries,
  registryApiHost,
} from "../src/lib";

describe("parseImage", () => {
  it.each([
    ["ghcr.io/lsst-sqre/nublado", "ghcr.io", "lsst-sqre/nublado", "ghcr"],
    ["ghcr.io/LSST-SQRE/Nublado", "ghcr.io", "lsst-sqre/nublado", "ghcr"],
    ["https://ghcr.io/org/app", "ghcr.io", "org/app", "ghcr"],
    [
      "us-central1-docker.pkg.dev/proj/repo/app",
      "us-central1-docker.pkg.dev",
      "proj/repo/app",
      "artifact-registry",
    ],
    ["europe-docker.pkg.dev/p/r/app", "europe-docker.pkg.dev", "p/r/app", "artifact-registry"],
    ["gcr.io/proj/app", "gcr.io", "proj/app", "container-registry"],
    ["eu.gcr.io/proj/app", "eu.gcr.io", "proj/app", "container-registry"],
    ["docker.io/lsstsqre/sciplat-lab", "docker.io", "lsstsqre/sciplat-lab", "docker-hub"],
    ["index.docker.io/lsstsqre/app", "docker.io", "lsstsqre/app", "docker-hub"],
    ["registry-1.docker.io/lsstsqre/app", "docker.io", "lsstsqre/app", "docker-hub"],
    ["docker.io/nginx", "docker.io", "library/nginx", "docker-hub"],
    ["127.0.0.1:5000/test/app", "127.0.0.1:5000", "test/app", "generic"],
    ["localhost:5000/app", "localhost:5000", "app", "generic"],
    ["Registry.Example.com/a/b__c/d-e.f", "registry.example.com", "a/b__c/d-e.f", "generic"],
  ])("%s → %s / %s (%s)", (spec, host, path, kind) => {
    const image = parseImage(spec);
    expect(image).toEqual({ host, path, kind, name: `${host}/${path}` });
  });

  it.each([
    [
      "app",
      'images: "app" has no registry host; write it with its registry, e.g. ghcr.io/app or docker.io/app',
    ],
    [
      "org/app",
      'images: "org/app" has no registry host; write it with its registry, e.g. ghcr.io/org/app or docker.io/org/app',
    ],
    [
      "ghcr.io/org/app:1.0",
      'images: "ghcr.io/org/app:1.0" has a tag; remove the :tag part and pass tags with the tag and additional-tags inputs',
    ],
    [
      "ghcr.io/org/app@sha256:abc",
      'images: "ghcr.io/org/app@sha256:abc" has a digest; remove the @sha256:… part; images are written without tag or digest',
    ],
    ["ghcr.io//app", 'images: "ghcr.io//app" has an empty path component (//); remove the extra slash'],
    [
      "ghcr.io/org//app",
      'images: "ghcr.io/org//app" has an empty path component (//); remove the extra slash',
    ],
    ["ghcr.io/", 'images: "ghcr.io/" has no repository path; write host/path, e.g. ghcr.io/org/app'],
    ["ghcr.io", 'images: "ghcr.io" has no repository path; write host/path, e.g. ghcr.io/org/app'],
    [
      "ghcr.io/org app",
      'images: "ghcr.io/org app" contains white space; write one image per entry, separated by commas or newlines',
    ],
    [
      "ghcr.io/org/app;rm -rf /",
      'images: "ghcr.io/org/app;rm -rf /" contains white space; write one image per entry, separated by commas or newlines',
    ],
    [
      "ghcr.io/org/$(id)",
      'images: "ghcr.io/org/$(id)" has an invalid path component "$(id)"; use lower-case letters, digits and single separators (., _, __, -) between them',
    ],
    [
      "ghcr.io/org/`id`",
      'images: "ghcr.io/org/`id`" has an invalid path component "`id`"; use lower-case letters, digits and single separators (., _, __, -) between them',
    ],
    [
      "ghcr.io/org/app;id",
      'images: "ghcr.io/org/app;id" has an invalid path component "app;id"; use lower-case letters, digits and single separators (., _, __, -) between them',
    ],
    [
      "ghcr.io/org/-app",
      'images: "ghcr.io/org/-app" has an invalid path component "-app"; use lower-case letters, digits and single separators (., _, __, -) between them',
    ],
    [
      "ghcr.io/org/a..b",
      'images: "ghcr.io/org/a..b" has an invalid path component "a..b"; use lower-case letters, digits and single separators (., _, __, -) between them',
    ],
    [
      "http://ghcr.io/org/app",
      'images: "http://ghcr.io/org/app" uses http://; drop the scheme; loopback hosts and insecure-registries fall back to plain HTTP',
    ],
    [
      "exa_mple.com/app",
      'images: "exa_mple.com/app" has an invalid registry host "exa_mple.com"; write a DNS name or an IP address ([::1] for IPv6), optionally with :port',
    ],
  ])("refuses %j", (spec, message) => {
    expect(() => parseImage(spec)).toThrow(InputError);
    expect(() => parseImage(spec)).toThrow(message);
  });

  it("refuses names longer than 255 characters", () => {
    expect(() => parseImage(`ghcr.io/org/${"a".repeat(250)}`)).toThrow(
      /is 262 characters long; shorten it to at most 255/,
    );
  });
});

describe("parseImages", () => {
  it("splits on commas and newlines, trims, drops empties and duplicates with a warning", () => {
    const { images, warnings } = parseImages(" ghcr.io/org/app ,\n\nGHCR.io/Org/App\ndocker.io/org/app,");
    expect(images.map((i) => i.name)).toEqual(["ghcr.io/org/app", "docker.io/org/app"]);
    expect(warnings).toEqual(['images: "GHCR.io/Org/App" repeats ghcr.io/org/app; it is used once']);
  });

  it("reports every bad entry at once", () => {
    try {
      parseImages("app, ghcr.io/ok/app, ghcr.io/x:1");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputErrors);
      expect((error as InputErrors).errors.map((e) => e.value)).toEqual(["app", "ghcr.io/x:1"]);
    }
  });

  it.each(["", " , \n"])("refuses an empty list %j", (value) => {
    expect(() => parseImages(value)).toThrow(/images: .* names no image; give at least one image/);
  });
});

describe("host helpers", () => {
  it.each([
    ["docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"],
    ["ghcr.io", "ghcr.io", "ghcr.io"],
    ["127.0.0.1:5000", "127.0.0.1:5000", "127.0.0.1:5000"],
  ])("%s", (host, api, key) => {
    expect(registryApiHost(host)).toBe(api);
    expect(dockerConfigKey(host)).toBe(key);
  });

  it.each([
    ["127.0.0.1:5000", true],
    ["localhost", true],
    ["localhost:80", true],
    ["[::1]:5000", true],
    ["127.8.9.10", true],
    ["ghcr.io", false],
    ["10.0.0.1:5000", false],
    ["localhost.example.com", false],
  ])("isLoopbackHost(%s) = %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it("accepts IPv6 literals in brackets as registry hosts", () => {
    expect(parseImage("[::1]:5000/org/app")).toMatchObject({ host: "[::1]:5000", path: "org/app" });
    expect(parseImage("[FD00::10]/app").name).toBe("[fd00::10]/app");
    expect(() => parseImage("[::1/app")).toThrow(/invalid registry host/);
  });
});

describe("parseInsecureRegistries", () => {
  it("reads hosts, IPv6 literals and ports, and names every bad entry", () => {
    expect(parseInsecureRegistries("Registry.Internal:5000, [::1]:5000\n10.0.0.2")).toEqual([
      "registry.internal:5000",
      "[::1]:5000",
      "10.0.0.2",
    ]);
    expect(() => parseInsecureRegistries("http://x.example, x.example/path")).toThrow(
      'insecure-registries: "http://x.example" is not a registry host; write host or host:port without scheme or path, e.g. registry.internal:5000 or [fd00::10]:5000',
    );
  });
});
