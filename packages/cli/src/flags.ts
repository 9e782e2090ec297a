import { parseArgs } from "node:util";
import { DEFAULT_PLATFORMS } from "@mbp/image-spec";

/** The program's name in help and messages (`node packages/cli/dist/index.js` from a clone). */
export const PROGRAM = "mbp";

export const COMMANDS = ["plan", "build", "stitch", "verify", "run"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Default OCI image layout directory when nothing is pushed (relative to the working directory). */
export const DEFAULT_LAYOUT = "out/oci";

interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder shown in help (`LIST`, `DIR`). */
  readonly arg?: string;
  readonly help: string;
}

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
} as const satisfies Record<string, FlagSpec>;

type FlagName = keyof typeof FLAGS;

const TARGET_FLAGS: readonly FlagName[] = [
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
const BUILD_FLAGS: readonly FlagName[] = [
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

interface CommandSpec {
  readonly summary: string;
  readonly flags: readonly FlagName[];
}

const COMMAND_SPECS: Record<CommandName, CommandSpec> = {
  plan: {
    summary:
      "print the plan (tags, per-architecture refs, engine, QEMU needs), checking everything run checks; builds nothing",
    flags: BUILD_FLAGS,
  },
  build: {
    summary:
      "build every platform in parallel into the target (an OCI layout, or the registries with --push)",
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

/** The flags as typed; empty string means "not given", as for action inputs. */
export interface RawFlags {
  readonly images: string;
  readonly tag: string;
  readonly additionalTags: string;
  readonly platforms: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: readonly string[];
  readonly secrets: readonly string[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly provenance: string;
  readonly sbom: string;
  readonly noCache: boolean;
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly insecureRegistries: string;
  readonly push: boolean;
  /** `--no-arch-tags`: every platform by digest only, no `<tag>-<suffix>` anywhere. */
  readonly noArchTags: boolean;
  /** `--sources` as typed: platform=digest pairs (each flag may hold several, comma-separated). */
  readonly sources: readonly string[];
  /** `--summary FILE`: where the run's Markdown summary goes; empty: nowhere. */
  readonly summary: string;
  readonly layout: string;
  readonly engine: string;
  readonly builders: readonly string[];
  readonly storageDriver: string;
  readonly isolation: string;
  readonly json: boolean;
  readonly verbose: boolean;
}

/** A command line that cannot be read: unknown command or flag, missing value, stray argument. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    readonly problems: readonly string[],
    readonly command?: CommandName,
  ) {
    super(problems.join("\n"));
  }
}

export type CommandLine =
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version" }
  | { readonly kind: "command"; readonly command: CommandName; readonly flags: RawFlags };

/**
 * Reads `argv` (without node and the script): the command, then its flags. Every problem is reported
 * at once as a UsageError; `--help` anywhere wins.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    if (topic !== undefined && isCommand(topic)) return { kind: "help", text: commandHelp(topic) };
    return { kind: "help", text: programHelp() };
  }
  if (first === "--version" || first === "version") return { kind: "version" };
  if (!isCommand(first)) {
    const near = nearest(first.replace(/^-+/, ""), COMMANDS);
    throw new UsageError([
      `${JSON.stringify(first)} is not a command; ${near ? `did you mean ${near}? Commands: ` : "use one of "}${COMMANDS.join(", ")} (${PROGRAM} --help)`,
    ]);
  }
  const command = first;
  const allowed = new Set<string>(COMMAND_SPECS[command].flags);
  const { tokens } = parseArgs({
    args: [...rest],
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const problems: string[] = [];
  const strings = new Map<string, string[]>();
  const booleans = new Set<string>();
  // A list typed with spaces (`--platforms linux/amd64, linux/arm64`): the shell ends the value at
  // the space, and the rest arrives as stray arguments. Collected per flag, said once.
  const spaced = new Map<string, { rawName: string; parts: string[] }>();
  let lastList: { name: string; rawName: string; value: string } | undefined;
  let afterUnknown = false;
  for (const token of tokens) {
    const valueOfUnknown = afterUnknown;
    afterUnknown = false;
    if (token.kind === "positional") {
      // `--build-args A=1`: the value of a flag already reported, not a second problem.
      if (valueOfUnknown) continue;
      if (lastList && (lastList.value.endsWith(",") || token.value.startsWith(","))) {
        const list = spaced.get(lastList.name) ?? { rawName: lastList.rawName, parts: [lastList.value] };
        list.parts.push(token.value);
        spaced.set(lastList.name, list);
        lastList = { ...lastList, value: token.value };
        continue;
      }
      problems.push(
        `${JSON.stringify(token.value)} is not a flag; ${command} takes only flags (${PROGRAM} ${command} --help)`,
      );
      continue;
    }
    lastList = undefined;
    if (token.kind !== "option") continue;
    const spec = (FLAGS as Record<string, FlagSpec>)[token.name];
    if (spec === undefined || !allowed.has(token.name)) {
      afterUnknown = token.inlineValue !== true;
      const near = nearestFlag(token.name, allowed);
      problems.push(
        `${token.rawName} is not a flag of "${PROGRAM} ${command}"` +
          (near ? `; did you mean --${near}?` : `; see ${PROGRAM} ${command} --help`),
      );
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
    if (spec.arg === "LIST") lastList = { name: token.name, rawName: token.rawName, value: token.value };
  }
  for (const { rawName, parts } of spaced.values()) {
    const joined = parts.join("").replace(/\s+/g, "");
    problems.push(
      `${parts
        .slice(1)
        .map((part) => JSON.stringify(part))
        .join(
          ", ",
        )} ${parts.length > 2 ? "are" : "is"} not a flag: the list after ${rawName} ends at its first space, so it got only ${JSON.stringify(parts[0])}; write it without spaces, ${rawName} ${joined}`,
    );
  }
  if (booleans.has("help")) return { kind: "help", text: commandHelp(command) };
  if (booleans.has("version")) return { kind: "version" };
  if (problems.length > 0) throw new UsageError(problems, command);
  const one = (name: FlagName) => strings.get(name)?.[0] ?? "";
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
function looksLikeFlag(value: string): boolean {
  if (value.startsWith("--")) return true;
  return Object.values(FLAGS).some((spec) => "short" in spec && value === `-${spec.short}`);
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

// The action's input names differ from a few flags (build-args → --build-arg), and fingers slip
// (--imgaes): say which flag was meant.
function nearestFlag(name: string, allowed: ReadonlySet<string>): string | undefined {
  // The workflow's `arch-tags: false` is the flag --no-arch-tags.
  const candidates = [
    name.replace(/s$/, ""),
    `${name}s`,
    name.replace(/_/g, "-"),
    name.toLowerCase(),
    `no-${name}`,
  ];
  return (
    candidates.find((candidate) => candidate !== name && allowed.has(candidate)) ??
    nearest(name.toLowerCase(), [...allowed])
  );
}

/** The one candidate within a typo or two of `word` (swapped, missing, extra or wrong letters). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : word.length <= 10 ? 2 : 3;
  let best: string | undefined;
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
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
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
export function programHelp(): string {
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
export function commandHelp(command: CommandName): string {
  const spec = COMMAND_SPECS[command];
  const rows = spec.flags.map((name) => {
    const flag = FLAGS[name] as FlagSpec;
    const short = flag.short ? `-${flag.short}, ` : "";
    return [`${short}--${name}${flag.arg ? ` ${flag.arg}` : ""}`, flag.help] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  const target =
    command === "plan"
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
