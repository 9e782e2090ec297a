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
  push: {
    type: "boolean",
    help: "push to the registries of --images with the credentials of your Docker config, instead of writing an OCI layout",
  },
  layout: {
    type: "string",
    arg: "DIR",
    help: `OCI image layout directory to write when not pushing (default ./${DEFAULT_LAYOUT})`,
  },
  engine: {
    type: "string",
    arg: "NAME",
    help: "auto (default: docker buildx when `docker buildx version` works, else buildah), buildx or buildah",
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
} as const satisfies Record<string, FlagSpec>;

type FlagName = keyof typeof FLAGS;

const TARGET_FLAGS: readonly FlagName[] = [
  "images",
  "tag",
  "additional-tags",
  "platforms",
  "push",
  "layout",
  "json",
  "verbose",
  "help",
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
  "push",
  "layout",
  "engine",
  "builder",
  "storage-driver",
  "isolation",
  "json",
  "verbose",
  "help",
];

interface CommandSpec {
  readonly summary: string;
  readonly flags: readonly FlagName[];
}

const COMMAND_SPECS: Record<CommandName, CommandSpec> = {
  plan: {
    summary: "print the plan (tags, per-architecture refs, engine, QEMU needs); builds nothing",
    flags: BUILD_FLAGS,
  },
  build: {
    summary:
      "build every platform in parallel into the target (an OCI layout, or the registries with --push)",
    flags: BUILD_FLAGS,
  },
  stitch: {
    summary: "write the multi-arch index over the per-architecture images already in the target",
    flags: TARGET_FLAGS,
  },
  verify: {
    summary: "check the target: every tag names one index holding every platform's per-architecture image",
    flags: TARGET_FLAGS,
  },
  run: { summary: "plan, build, stitch and verify", flags: BUILD_FLAGS },
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
  readonly push: boolean;
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
  if (!isCommand(first)) {
    throw new UsageError([
      `${JSON.stringify(first)} is not a command; use one of ${COMMANDS.join(", ")} (${PROGRAM} --help)`,
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
  let afterUnknown = false;
  for (const token of tokens) {
    const valueOfUnknown = afterUnknown;
    afterUnknown = false;
    if (token.kind === "positional") {
      // `--build-args A=1`: the value of a flag already reported, not a second problem.
      if (valueOfUnknown) continue;
      problems.push(
        `${JSON.stringify(token.value)} is not a flag; ${command} takes only flags (${PROGRAM} ${command} --help)`,
      );
      continue;
    }
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
    // `--tag --push` would read "--push" as the tag: a value that looks like a flag must be inline.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) {
      problems.push(`${token.rawName} needs a value: ${token.rawName} ${spec.arg ?? "VALUE"}`);
      continue;
    }
    const values = strings.get(token.name) ?? [];
    if (values.length > 0 && !spec.multiple) {
      problems.push(`${token.rawName} is given twice (${values[0]}, ${token.value}); give it once`);
      continue;
    }
    strings.set(token.name, [...values, token.value]);
  }
  if (booleans.has("help")) return { kind: "help", text: commandHelp(command) };
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
      push: booleans.has("push"),
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

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

// The action's input names differ from a few flags (build-args → --build-arg): say which one was meant.
function nearestFlag(name: string, allowed: ReadonlySet<string>): string | undefined {
  const candidates = [name.replace(/s$/, ""), `${name}s`, name.replace(/_/g, "-"), name.toLowerCase()];
  return candidates.find((candidate) => candidate !== name && allowed.has(candidate));
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
    `Run ${PROGRAM} <command> --help for its flags.`,
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
