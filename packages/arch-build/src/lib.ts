/**
 * The per-architecture build as a library: the action's run(), the input parser and both engines
 * (buildx, buildah), so the local CLI builds exactly as the action does.
 */
export * from "./buildah";
export * from "./buildx";
export * from "./engine";
export * from "./free-space";
export * from "./inputs";
export * from "./run";
