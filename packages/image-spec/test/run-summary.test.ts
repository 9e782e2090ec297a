import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatSpan,
  InputError,
  imageSize,
  parseTimelines,
  type RunSummary,
  renderGantt,
  renderRunSummary,
  sha256Digest,
  type TimelineEntry,
} from "../src/lib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const at = (minutes: number, seconds = 0) => Date.UTC(2026, 10, 30, 16, minutes, seconds);
const d = (c: string) => `sha256:${c.repeat(64)}`;

/** A published sciplat-lab-style run: the example docs/run-summary-example.md shows and the PNG draws. */
const timeline: TimelineEntry[] = [
  {
    name: "plan",
    outcome: "success",
    steps: [{ name: "plan", start: at(0), end: at(0, 9), outcome: "success" }],
  },
  {
    platform: "linux/amd64",
    outcome: "success",
    digest: d("a"),
    steps: [
      { name: "free-space", start: at(0, 40), end: at(1, 5), outcome: "success" },
      { name: "build", start: at(1, 5), end: at(14, 30), outcome: "success" },
      { name: "push", start: at(14, 30), end: at(17, 10), outcome: "success" },
    ],
  },
  {
    platform: "linux/arm64",
    outcome: "success",
    digest: d("b"),
    steps: [
      { name: "free-space", start: at(0, 45), end: at(1, 20), outcome: "success" },
      { name: "build", start: at(1, 20), end: at(19, 40), outcome: "success" },
      { name: "push", start: at(19, 40), end: at(22, 55), outcome: "success" },
    ],
  },
  {
    name: "manifest",
    outcome: "success",
    steps: [{ name: "stitch", start: at(23, 20), end: at(23, 20) + 840, outcome: "success" }],
  },
];

const platforms = [
  { platform: "linux/amd64", digest: d("1"), size: 5_412_345_678 },
  { platform: "linux/arm64", digest: d("2"), size: 5_198_765_432 },
];
const published: RunSummary = {
  heading: "Published `w_2026_48`, `latest_weekly`",
  images: ["ghcr.io/lsst-sqre/sciplat-lab", "docker.io/lsstsqre/sciplat-lab"].map((image) => ({
    image,
    tags: ["w_2026_48", "latest_weekly"],
    index: d("f"),
    platforms,
  })),
  notes: ["Sources: each platform's image by the digest its build reported."],
  pull: "docker pull ghcr.io/lsst-sqre/sciplat-lab:w_2026_48",
  timeline,
};

// What Mermaid's gantt grammar accepts on each line the renderer writes.
const GANTT_LINE =
  /^(?:gantt| {4}title [^:#;]+| {4}dateFormat x| {4}axisFormat %H:%M(?::%S)?| {4}section [^:#;]+| {4}[^:#;]+ :(?:done|crit), t\d+, \d{13}, \d{13})$/;

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? "");
}

describe("renderRunSummary", () => {
  it("is the example in docs/run-summary-example.md, byte for byte", () => {
    const example = readFileSync(join(root, "docs", "run-summary-example.md"), "utf8");
    expect(renderRunSummary(published)).toBe(example.slice(example.indexOf("### ")));
  });

  it("writes one table, the pull command, then a gantt chart Mermaid can read", () => {
    const markdown = renderRunSummary(published);
    const lines = markdown.split("\n");
    expect(lines.filter((l) => l.startsWith("| Image |"))).toEqual([
      "| Image | Tags | Index digest | Platform | Digest | Size |",
    ]);
    expect(markdown).toContain(
      `| \`ghcr.io/lsst-sqre/sciplat-lab\` | \`w_2026_48\` \`latest_weekly\` | \`${d("f")}\` | \`linux/amd64\` | \`${d("1")}\` | 5.4 GB |`,
    );
    expect(markdown).toContain(`|  |  |  | \`linux/arm64\` | \`${d("2")}\` | 5.2 GB |`);
    expect(markdown).toContain("```sh\ndocker pull ghcr.io/lsst-sqre/sciplat-lab:w_2026_48\n```");
    const [chart = ""] = mermaidBlocks(markdown);
    for (const line of chart.split("\n")) expect(line).toMatch(GANTT_LINE);
    expect(chart.split("\n").filter((l) => l.startsWith("    section "))).toEqual([
      "    section plan",
      "    section linux/amd64",
      "    section linux/arm64",
      "    section manifest",
    ]);
    expect(chart).toContain(`    build 13 min 25 s :done, t2, ${at(1, 5)}, ${at(14, 30)}`);
    // 0.84 s is invisible next to 23 minutes: drawn 1% of the run wide, labelled with its real length.
    expect(chart).toContain(`    stitch 0.8 s :done, t7, ${at(23, 20)}, ${at(23, 20) + 14_008}`);
    expect(chart).toContain("    axisFormat %H:%M\n");
  });

  it("marks a failed step crit and names it, and adds a State column", () => {
    const markdown = renderRunSummary({
      heading: "Nothing published: the build of `linux/arm64` failed",
      images: [
        {
          image: "ghcr.io/org/app",
          tags: [],
          platforms: [
            { platform: "linux/amd64", digest: d("1"), state: "built; left: untagged sha256:1…" },
            { platform: "linux/arm64", state: "**push failed**; nothing (not pushed here)" },
          ],
        },
      ],
      timeline: [
        {
          platform: "linux/arm64",
          outcome: "failure",
          steps: [
            { name: "build", start: at(0), end: at(2), outcome: "success" },
            { name: "push", start: at(2), end: at(2, 30), outcome: "failure" },
          ],
        },
      ],
    });
    expect(markdown).toContain("| Image | Tags | Index digest | Platform | Digest | Size | State |");
    expect(markdown).toContain("| `ghcr.io/org/app` | none |  | `linux/amd64` |");
    expect(markdown).toContain("| **push failed**; nothing (not pushed here) |");
    const [chart = ""] = mermaidBlocks(markdown);
    for (const line of chart.split("\n")) expect(line).toMatch(GANTT_LINE);
    expect(chart).toContain(`    push FAILED 30 s :crit, t1, ${at(2)}, ${at(2, 30)}`);
    expect(chart).toContain("    axisFormat %H:%M:%S\n");
  });

  it("draws no chart without timestamps, and keeps Mermaid's separators out of labels", () => {
    expect(renderRunSummary({ heading: "x", images: [] })).not.toContain("mermaid");
    expect(renderGantt([])).toBe("");
    expect(
      renderGantt([
        {
          name: "odd: name; #1",
          outcome: "success",
          steps: [{ name: "a:b", start: at(0), end: at(1), outcome: "success" }],
        },
      ]),
    ).toContain("    section odd name 1\n    a b 1 min 0 s :done, t0,");
  });
});

describe("parseTimelines", () => {
  const amd64 = {
    platform: "linux/amd64",
    outcome: "success",
    digest: d("a"),
    steps: [{ name: "build", start: at(1), end: at(2), outcome: "success" }],
  };

  it("reads a job's toJSON(needs.build.outputs): an object of JSON texts, empty legs skipped", () => {
    const text = JSON.stringify({ "timeline-amd64": JSON.stringify(amd64), "timeline-arm64": "" });
    expect(parseTimelines(text, "timeline")).toEqual([amd64]);
  });

  it("reads the plan's entry beside a job's outputs: [<entry>, <toJSON(needs.build.outputs)>]", () => {
    const plan = { name: "plan", start: at(0), end: at(0, 5) };
    const text = `[${JSON.stringify(plan)},${JSON.stringify({ "timeline-amd64": JSON.stringify(amd64) })}]`;
    expect(parseTimelines(text, "timeline").map((e) => e.platform ?? e.name)).toEqual([
      "plan",
      "linux/amd64",
    ]);
  });

  it("reads one entry, a list, and bare steps such as the plan's", () => {
    expect(parseTimelines(JSON.stringify(amd64), "timeline")).toEqual([amd64]);
    expect(
      parseTimelines(JSON.stringify([{ name: "plan", start: at(0), end: at(0, 5) }]), "timeline"),
    ).toEqual([
      {
        name: "plan",
        outcome: "success",
        steps: [{ name: "plan", start: at(0), end: at(0, 5), outcome: "success" }],
      },
    ]);
  });

  it.each([
    ["not JSON", "{nope", "is not JSON"],
    [
      "seconds, not milliseconds",
      JSON.stringify({ name: "plan", start: 1_796_000_000, end: 1_796_000_009 }),
      "not a timeline entry",
    ],
    [
      "an end before its start",
      JSON.stringify({ name: "plan", start: at(2), end: at(1) }),
      "not a timeline entry",
    ],
    ["a digest that is not one", JSON.stringify({ ...amd64, digest: "sha256:abc" }), "not a timeline entry"],
    ["a value that is not JSON", JSON.stringify({ "timeline-amd64": "oops" }), "which is not JSON"],
  ])("refuses %s, naming the input", (_what, text, problem) => {
    const error = (() => {
      try {
        parseTimelines(text, "timeline");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^timeline: /);
    expect((error as InputError).message).toContain(problem);
  });
});

describe("imageSize and the units", () => {
  const manifest = (layers: number[]) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: "c", digest: d("c"), size: 1000 },
        layers: layers.map((size, i) => ({ mediaType: "l", digest: d(String(i)), size })),
      }),
    );

  it("adds config and layers, not the manifest's own bytes; an index sums its images, not attestations", async () => {
    const amd64 = manifest([4_000_000, 500_000]);
    const arm64 = manifest([3_000_000]);
    const attestation = manifest([123_456]);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: sha256Digest(amd64),
            size: amd64.length,
          },
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: sha256Digest(arm64),
            size: arm64.length,
          },
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: sha256Digest(attestation),
            size: attestation.length,
            platform: { os: "unknown", architecture: "unknown" },
            annotations: { "vnd.docker.reference.type": "attestation-manifest" },
          },
        ],
      }),
    );
    const blobs = new Map([amd64, arm64, attestation, index].map((b) => [sha256Digest(b), b]));
    const fetch = async (digest: string) => blobs.get(digest) ?? Buffer.alloc(0);
    expect(
      await imageSize(
        { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: sha256Digest(amd64) },
        fetch,
      ),
    ).toBe(4_501_000);
    expect(
      await imageSize(
        { mediaType: "application/vnd.oci.image.index.v1+json", digest: sha256Digest(index) },
        fetch,
      ),
    ).toBe(7_502_000);
  });

  it.each([
    [503, "503 B"],
    [999_000, "999.0 kB"],
    [1_000_000, "1.0 MB"],
    [13_300_000_000, "13.3 GB"],
  ])("formatBytes(%d) is %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [420, "0.4 s"],
    [42_000, "42 s"],
    [187_000, "3 min 7 s"],
    [3_720_000, "1 h 2 min"],
  ])("formatSpan(%d) is %s", (ms, text) => expect(formatSpan(ms)).toBe(text));
});
