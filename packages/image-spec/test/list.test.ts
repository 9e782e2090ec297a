import { describe, expect, it } from "vitest";
import { parseKeyValues, parseLines, parseList } from "../src/lib";

describe("lists", () => {
  it.each([
    ["a,b", ["a", "b"]],
    [" a , b ,, ", ["a", "b"]],
    ["a\nb\n\n c ", ["a", "b", "c"]],
    ["a, b\nc", ["a", "b", "c"]],
    ["", []],
  ])("parseList(%j)", (value, expected) => {
    expect(parseList(value)).toEqual(expected);
  });

  it("parseLines keeps commas and drops comments and blank lines", () => {
    expect(parseLines("A=1,2\n# note\n\n  B=x  ")).toEqual(["A=1,2", "B=x"]);
  });
});

describe("parseKeyValues", () => {
  it.each([
    [
      "A=1\nB=two=2",
      [
        ["A", "1"],
        ["B", "two=2"],
      ],
    ],
    ["EMPTY=", [["EMPTY", ""]]],
    // build-push-action's documented, CSV-quoted form
    [
      '"github_token=abc"\n"A=say ""hi"""',
      [
        ["github_token", "abc"],
        ["A", 'say "hi"'],
      ],
    ],
    ['A="kept"', [["A", '"kept"']]],
  ])("%j", (value, expected) => {
    expect(parseKeyValues(value, "build-args")).toEqual(expected);
  });

  it("names the input and the line (secret lines are build-request's parseSecretLines, never shown)", () => {
    expect(() => parseKeyValues("A=1\nnot-a-pair", "build-args")).toThrow(
      'build-args: "not-a-pair" is not KEY=VALUE; write one KEY=VALUE per line',
    );
    expect(() => parseKeyValues("=x", "build-args")).toThrow("is not KEY=VALUE");
  });
});
