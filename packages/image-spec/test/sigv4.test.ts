import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRfc3986, signV4 } from "../src/keyless/sigv4";

// AWS's SigV4 test suite, as botocore keeps it (see fixtures/aws4_testsuite/SOURCE.md).
const SUITE = join(import.meta.dirname, "fixtures", "aws4_testsuite");
const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const DATE = new Date("2015-08-30T12:36:00Z");
// The session token get-vanilla-with-session-token signs (it is not in its .req).
const SUITE_SESSION_TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

/** Every directory holding `<dir>/<dir>.req`, as [name, path]. */
function cases(dir: string, prefix = ""): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    try {
      statSync(join(path, `${entry}.req`));
      found.push([`${prefix}${entry}`, path]);
    } catch {
      found.push(...cases(path, `${prefix}${entry}/`));
    }
  }
  return found;
}

/** A raw HTTP request of the suite: request line, headers (folded lines included), body. */
function parseRequest(text: string) {
  const [head = "", ...rest] = text.split("\n\n");
  const [requestLine = "", ...lines] = head.split("\n");
  const match = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
  if (!match) throw new Error(`not a request line: ${requestLine}`);
  const [, method = "", target = ""] = match;
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (line === "") continue;
    const last = headers.at(-1);
    if (/^\s/.test(line) && last) last[1] += `\n${line}`;
    else headers.push([line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]);
  }
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query =
    queryStart < 0
      ? []
      : target
          .slice(queryStart + 1)
          .split("&")
          .map((pair): [string, string] => {
            const eq = pair.indexOf("=");
            const [key, value] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
            return [decodeURIComponent(key), decodeURIComponent(value)];
          });
  return { method, path, query, headers, body: rest.join("\n\n") };
}

describe("signV4 against AWS's SigV4 test suite", () => {
  const all = cases(SUITE);

  it("finds the suite's cases", () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it.each(all)("%s", (name, dir) => {
    const base = name.split("/").at(-1) ?? name;
    const read = (ext: string) => readFileSync(join(dir, `${base}.${ext}`), "utf8").replace(/\r\n/g, "\n");
    const request = parseRequest(read("req"));
    const headers: Record<string, string[]> = {};
    let host = "";
    let sessionToken: string | undefined;
    for (const [key, value] of request.headers) {
      const lower = key.toLowerCase();
      if (lower === "host") host = value;
      else if (lower === "x-amz-date") continue;
      else if (lower === "x-amz-security-token") sessionToken = value;
      else headers[key] = [...(headers[key] ?? []), value];
    }
    if (base === "get-vanilla-with-session-token") sessionToken = SUITE_SESSION_TOKEN;
    const signed = signV4(
      { method: request.method, host, path: request.path, query: request.query, headers, body: request.body },
      {
        credentials: sessionToken ? { ...CREDENTIALS, sessionToken } : CREDENTIALS,
        region: "us-east-1",
        service: "service",
        date: DATE,
      },
    );
    expect(signed.canonicalRequest).toBe(read("creq").trimEnd());
    expect(signed.stringToSign).toBe(read("sts").trimEnd());
    expect(signed.authorization).toBe(read("authz").trimEnd());
    expect(signed.headers.authorization).toBe(signed.authorization);
  });
});

describe("signV4 for the ECR API", () => {
  it("sends the headers it signed, the session token among them", () => {
    const signed = signV4(
      {
        method: "POST",
        host: "api.ecr.eu-west-1.amazonaws.com",
        path: "/",
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
        },
        body: "{}",
      },
      {
        credentials: { ...CREDENTIALS, sessionToken: "session" },
        region: "eu-west-1",
        service: "ecr",
        date: DATE,
      },
    );
    expect(signed.headers).toMatchObject({
      host: "api.ecr.eu-west-1.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      "x-amz-security-token": "session",
      "content-type": "application/x-amz-json-1.1",
    });
    expect(signed.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/eu-west-1\/ecr\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });

  it.each([
    ["a b", "a%20b"],
    ["*'()!", "%2A%27%28%29%21"],
    ["-._~", "-._~"],
    ["ሴ", "%E1%88%B4"],
  ])("encodes %j as %j", (text, encoded) => {
    expect(encodeRfc3986(text)).toBe(encoded);
  });
});
