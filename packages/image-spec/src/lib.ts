/**
 * The shared library of multiplatform build-and-push. Every action and the CLI import from here;
 * nothing in here reads action inputs by name (see ./actions for the runner I/O helpers).
 */
export * from "./build-request";
export * from "./docker-config";
export * from "./errors";
export * from "./exec";
export * from "./github";
export * from "./image";
export * from "./list";
export * from "./oci";
export * from "./plan";
export * from "./platform";
export * from "./registry";
export * from "./reporter";
export * from "./retry";
export * from "./run-summary";
export * from "./tag";
export * from "./timeline";
