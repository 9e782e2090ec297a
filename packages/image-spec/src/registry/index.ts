export * from "./auth";
export * from "./challenge";
export * from "./client";
export * from "./credentials";
export * from "./errors";
export * from "./limiter";
export * from "./retry";
export { type HttpAnswer, headerValue, TransportError } from "./transport";
export * from "./verify";
