import { describe, expect, it } from "vitest";
import {
  type InputErrors,
  isLatestTag,
  MAX_TAG_LENGTH,
  rawTagFromContext,
  resolveTags,
  sanitizeTag,
} from "../src/lib";

const push = (ref: string) => ({ eventName: "push", ref, headRef: "" });
const pr = (headRef: string) => ({ eventName: "pull_request", ref: "refs/pull/7/merge", headRef });

describe("tag derivation (the seed's rule)", () => {
  it.each([
    [push("refs/heads/main"), "main"],
    [push("refs/heads/tickets/DM-52589"), "tickets-DM-52589"],
    [push("refs/tags/12.0.0"), "12.0.0"],
    [push("refs/tags/v1.2.3"), "v1.2.3"],
    [pr("tickets/DM-52589"), "tickets-DM-52589"],
    [{ eventName: "pull_request_target", ref: "refs/heads/main", headRef: "u/feature" }, "u-feature"],
    [{ eventName: "workflow_dispatch", ref: "refs/heads/a/b/c", headRef: "" }, "a-b-c"],
  ])("%j → %s", (context, expected) => {
    expect(resolveTags({ tag: "", additionalTags: "", longestSuffix: 5 }, context).tag).toBe(expected);
  });

  it("uses the head branch only on pull_request* events", () => {
    expect(rawTagFromContext({ eventName: "push", ref: "refs/heads/x", headRef: "y" }).raw).toBe("x");
  });
});

describe("sanitizeTag (derived tags only)", () => {
  it.each([
    ["feature@x#y", "feature-x-y"],
    ["deps+bump  thing", "deps-bump-thing"],
    ["-leading", "leading"],
    ["..dots", "dots"],
    ["_ok", "_ok"],
    ["ünïcode", "n-code"],
  ])("%s → %s", (raw, expected) => {
    expect(sanitizeTag(raw)).toBe(expected);
  });

  it("shortens so that tag-suffix fits in 128 characters, keeping long names distinct", () => {
    const a = sanitizeTag(`${"x".repeat(150)}a`, MAX_TAG_LENGTH - 6);
    const b = sanitizeTag(`${"x".repeat(150)}b`, MAX_TAG_LENGTH - 6);
    expect(a.length).toBe(122);
    expect(`${a}-arm64`.length).toBeLessThanOrEqual(MAX_TAG_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^x+-[0-9a-f]{8}$/);
  });

  it("sanitises and shortens a derived branch tag, with a warning", () => {
    const result = resolveTags(
      { tag: "", additionalTags: "", longestSuffix: 5 },
      push(`refs/heads/${"b".repeat(200)}`),
    );
    expect(result.tag.length).toBe(122);
    expect(result.warnings[0]).toMatch(/is not a valid tag; using/);
  });
});

describe("explicit tags", () => {
  it("keeps an explicit tag over the ref and orders additional tags after it", () => {
    const result = resolveTags(
      { tag: "1.2.0", additionalTags: "latest, 1.2, latest_weekly,1.2", longestSuffix: 5 },
      push("refs/heads/main"),
    );
    expect(result.tag).toBe("1.2.0");
    expect(result.source).toBe("input");
    expect(result.tags).toEqual(["1.2.0", "latest", "1.2", "latest_weekly"]);
    expect(result.archTagBases).toEqual(["1.2.0", "1.2"]);
    expect(result.warnings).toEqual(['additional-tags: "1.2" repeats a tag; it is used once']);
  });

  it.each([
    ["latest", true],
    ["latest_weekly", true],
    ["latest-rc", true],
    ["latest.1", true],
    ["latestfoo", false],
    ["w_2024_01", false],
    ["notlatest", false],
  ])("isLatestTag(%s) = %s", (tag, expected) => {
    expect(isLatestTag(tag)).toBe(expected);
  });

  const bad: Array<[string, string, string]> = [
    ["$(id)", "", 'tag: "$(id)" is not a valid tag; use letters'],
    ["a b", "", 'tag: "a b" is not a valid tag'],
    [".hidden", "", 'tag: ".hidden" is not a valid tag'],
    ["-x", "", 'tag: "-x" is not a valid tag'],
    [
      "x".repeat(129),
      "",
      "is 135 characters long with its architecture suffix; registries allow 128; shorten it to at most 122",
    ],
    ["x".repeat(123), "", "is 129 characters long with its architecture suffix"],
    ["latest", "", 'tag: "latest" is a latest* tag'],
    ["1.0", "ok, bad tag", 'additional-tags: "bad tag" is not a valid tag'],
    ["1.0", "x;rm", 'additional-tags: "x;rm" is not a valid tag'],
    [
      "1.0",
      `latest-${"x".repeat(122)}`,
      "is 129 characters long; registries allow 128; shorten it to at most 128",
    ],
  ];
  it.each(bad)("refuses tag %j additional %j", (tag, additionalTags, message) => {
    expect(() => resolveTags({ tag, additionalTags, longestSuffix: 5 }, push("refs/heads/main"))).toThrow(
      message,
    );
  });

  it("accepts a tag of exactly 122 characters with 5-character suffixes, and 128 for latest*", () => {
    expect(
      resolveTags(
        { tag: "x".repeat(122), additionalTags: `latest-${"y".repeat(121)}`, longestSuffix: 5 },
        push(""),
      ).tags,
    ).toHaveLength(2);
  });

  it("reports all tag problems together", () => {
    try {
      resolveTags({ tag: "a b", additionalTags: "c d, e f", longestSuffix: 5 }, push(""));
      expect.unreachable();
    } catch (error) {
      expect((error as InputErrors).errors).toHaveLength(3);
    }
  });

  it("errors when nothing can be derived", () => {
    expect(() => resolveTags({ tag: "", additionalTags: "", longestSuffix: 5 }, push(""))).toThrow(
      'tag: "" is empty and no tag can be derived from GITHUB_REF=""; set the tag input',
    );
  });
});
