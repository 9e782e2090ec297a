export * from "./auth";
export * from "./challenge";
export * from "./client";
export * from "./credentials";
export * from "./errors";
export * from "./retry";
export { type HttpAnswer, headerValue, proxyFor, Transport, TransportError } from "./transport";
export { certsDirs, DEFAULT_CERTS_DIRS, isCertificateError } from "./trust";
export * from "./verify";
