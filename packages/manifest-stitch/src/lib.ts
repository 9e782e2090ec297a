/** manifest-stitch as a library: the stitch core, its stores, and the action's run(). */
export * from "./index-builder";
export * from "./leftovers";
export * from "./oci-layout";
export * from "./registry-store";
export * from "./run";
export * from "./sources";
export * from "./stitch";
export * from "./store";
export * from "./summary";
