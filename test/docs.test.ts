import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script without type declarations
import { blockFiles, generatedBlocks, render } from "../scripts/docs.mjs";
import { actionPackages, root } from "./workflow-files";

const readme = readFileSync(join(root, "README.md"), "utf8");

/** Every documentation file a user reads: the README, each package's README, docs/. */
function markdownFiles(): string[] {
  const found = ["README.md"];
  for (const name of readdirSync(join(root, "packages")).sort()) {
    if (existsSync(join(root, "packages", name, "README.md"))) found.push(`packages/${name}/README.md`);
  }
  if (existsSync(join(root, "docs"))) {
    found.push(
      ...readdirSync(join(root, "docs"))
        .filter((name) => name.endsWith(".md"))
        .sort()
        .map((name) => `docs/${name}`),
    );
  }
  return found;
}

function exampleFiles(): string[] {
  const dir = join(root, "examples/workflows");
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `examples/workflows/${name}`);
}

/**
 * The `uses:` values of this repository's own workflow and actions in a text, with the line each is
 * on. Ours: anything naming multiplatform-build-and-push, a `packages/` path or build.yaml.
 */
function ourUses(text: string): Array<{ value: string; line: string }> {
  return (
    [...text.matchAll(/^(.*?\buses:\s*`?([^\s`#]+).*)$/gm)]
      .map((m) => ({ line: m[1] ?? "", value: m[2] ?? "" }))
      .filter(({ value }) => /multiplatform-build-and-push|packages\/|build\.yaml|<this|<owner>/i.test(value))
      // build.yaml's own checkout of our actions (`./.mbp/packages/…`), described in docs/security.md,
      // is the workflow's inside, not a line a caller writes.
      .filter(({ value }) => !value.startsWith("./.mbp/"))
  );
}

/** The one form: `OWNER/multiplatform-build-and-push/<workflow or action>@<v1, v1.x.y or a commit SHA>`. */
const ONE_FORM =
  /^OWNER\/multiplatform-build-and-push\/(?:\.github\/workflows\/build\.yaml|packages\/(?:image-spec|multi-registry-login|arch-build|manifest-stitch|<name>))@(?:v1|v1\.\d+\.\d+|[0-9a-f]{40})$/;
// The line a v4 caller removes, in the migration diff.
const V4_LINE = /^-\s+uses: lsst-sqre\/multiplatform-build-and-push\/\.github\/workflows\/build\.yaml@v4$/;

function wrongUses(text: string): string[] {
  return ourUses(text)
    .filter(({ value, line }) => !ONE_FORM.test(value) && !V4_LINE.test(line))
    .map(({ value }) => value);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ""] of withoutFences(markdown).matchAll(/^#{1,6} (.*)$/gm)) {
    const base = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

/** Relative links (`[text](path#anchor)`) of a Markdown file that do not resolve. */
function brokenLinks(
  file: string,
  markdown: string,
  read = (path: string) => readFileSync(path, "utf8"),
): string[] {
  const broken: string[] = [];
  for (const [, target = ""] of withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = "", anchor] = target.split("#");
    const resolved = path ? join(root, dirname(file), decodeURIComponent(path)) : join(root, file);
    if (!existsSync(resolved)) {
      broken.push(`${target}: no ${relative(root, resolved)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) {
      broken.push(`${target}: an anchor into a file that is not Markdown`);
    } else if (!anchors(read(resolved)).has(decodeURIComponent(anchor))) {
      broken.push(`${target}: no heading #${anchor} in ${relative(root, resolved)}`);
    }
  }
  return broken;
}

describe("README and package READMEs", () => {
  it("have their input/output tables up to date with action.yml and build.yaml", () => {
    const result = spawnSync(process.execPath, [join(root, "scripts/docs.mjs"), "--check"], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("have a generated block for the workflow (README.md) and every action (its own README)", () => {
    expect(Object.keys(generatedBlocks()).sort()).toEqual(["build.yaml", ...actionPackages()].sort());
    for (const [key, file] of Object.entries(blockFiles() as Record<string, string>)) {
      expect(file).toBe(key === "build.yaml" ? "README.md" : `packages/${key}/README.md`);
      expect(readFileSync(join(root, file), "utf8"), file).toContain(`<!-- generated:${key} -->`);
    }
  });

  it("would be rewritten when an input changes (the check can fail)", () => {
    const blocks = generatedBlocks();
    const text = readFileSync(join(root, "packages/image-spec/README.md"), "utf8");
    const changed = { ...blocks, "image-spec": `${blocks["image-spec"]}\n| \`new-input\` | | x |` };
    expect(render(text, changed)).not.toBe(text);
    expect(render(text, blocks)).toBe(text);
  });

  it("has one fenced command under Run it and under Test it, and .ci/run runs the test command", () => {
    const command = (heading: string) => {
      const section = readme.split(new RegExp(`^## ${heading}\\n`, "m"))[1]?.split(/^## /m)[0] ?? "";
      const fences = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]?.trim());
      expect(fences, heading).toHaveLength(1);
      expect(fences[0]?.split("\n"), heading).toHaveLength(1);
      return fences[0] ?? "";
    };
    command("Run it");
    const test = command("Test it");
    expect(readFileSync(join(root, ".ci/run"), "utf8")).toContain(test);
  });
});

describe("where it lives: one form for every `uses:` of ours", () => {
  const files = [...markdownFiles(), ...exampleFiles()];

  it("finds the README, every package README, docs/ and every example", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "packages/image-spec/README.md",
        "packages/arch-build/README.md",
        "packages/manifest-stitch/README.md",
        "packages/multi-registry-login/README.md",
        "docs/developing.md",
        "examples/workflows/a-la-carte.yaml",
        "examples/workflows/service.yaml",
      ]),
    );
    // Ours are found where they are: the README's snippets and every action of the à la carte example.
    expect(ourUses(readme).length).toBeGreaterThanOrEqual(4);
    expect(ourUses(readFileSync(join(root, "examples/workflows/a-la-carte.yaml"), "utf8"))).toHaveLength(5);
  });

  it.each(files)("%s writes OWNER/multiplatform-build-and-push/…@v1", (file) => {
    expect(wrongUses(readFileSync(join(root, file), "utf8"))).toEqual([]);
  });

  it("refuses the forms that were in use before (the check can fail)", () => {
    const old = [
      "- uses: <this repository>/packages/arch-build@<sha>",
      "  - uses: <owner>/<this-repo>/packages/multi-registry-login@v1",
      "- uses: ./packages/manifest-stitch   # at this repository's own commit",
      "    uses: lsst-sqre/multiplatform-build-and-push/.github/workflows/build.yaml@v1",
      "    uses: OWNER/multiplatform-build-and-push/.github/workflows/build.yaml@main",
      "+    uses: lsst-sqre/multiplatform-build-and-push/.github/workflows/build.yaml@v4",
    ];
    for (const line of old) expect(wrongUses(line), line).toHaveLength(1);
    expect(
      wrongUses("-    uses: lsst-sqre/multiplatform-build-and-push/.github/workflows/build.yaml@v4"),
    ).toEqual([]);
    expect(
      wrongUses("      - uses: docker/setup-qemu-action@06116385d9baf250c9f4dcb4858b16962ea869c3 # v4.1.0"),
    ).toEqual([]);
  });

  it("the README says once, near the top, what OWNER is and that it and the commit are the values to replace", () => {
    const top = readme.slice(0, readme.indexOf("\n### "));
    expect(top).toContain("**Replace `OWNER` and the commit.**");
    expect(top).toContain("https://github.com/OWNER/multiplatform-build-and-push");
  });
});

describe("links and anchors", () => {
  it.each(markdownFiles())("%s: every relative link and #anchor resolves", (file) => {
    expect(brokenLinks(file, readFileSync(join(root, file), "utf8"))).toEqual([]);
  });

  it("makes GitHub's anchors, and finds a broken link or anchor (the check can fail)", () => {
    expect([
      ...anchors("## The actions, à la carte\n## `image-spec`: plan a build\n## Use it\n## Use it"),
    ]).toEqual(["the-actions-à-la-carte", "image-spec-plan-a-build", "use-it", "use-it-1"]);
    expect(
      brokenLinks("README.md", "[a](#no-such-heading) [b](docs/nothing.md) [c](docs/developing.md#nope)"),
    ).toEqual([
      "#no-such-heading: no heading #no-such-heading in README.md",
      "docs/nothing.md: no docs/nothing.md",
      "docs/developing.md#nope: no heading #nope in docs/developing.md",
    ]);
  });
});
