/**
 * The local pipeline as a library: the command-line parser, option resolution, and one run function
 * per command, composed from @mbp/image-spec, @mbp/arch-build and @mbp/manifest-stitch.
 */
export * from "./engines";
export * from "./flags";
export * from "./git";
export * from "./interrupt";
export * from "./layout";
export * from "./main";
export * from "./options";
export * from "./qemu";
export * from "./run";
export * from "./targets";
export * from "./terminal";
export * from "./verify";
