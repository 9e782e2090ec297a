import type http from "node:http";

/** A canned HTTP answer. An object body is sent as JSON. */
export interface FaultResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

/** Writes a canned answer (used by the proxy and the token server). */
export function writeFaultResponse(res: http.ServerResponse, respond: FaultResponse): void {
  const headers: Record<string, string> = { ...respond.headers };
  let body: Buffer;
  if (respond.body === undefined) {
    body = Buffer.alloc(0);
  } else if (typeof respond.body === "string") {
    body = Buffer.from(respond.body);
  } else if (Buffer.isBuffer(respond.body)) {
    body = respond.body;
  } else {
    body = Buffer.from(JSON.stringify(respond.body));
    headers["content-type"] ??= "application/json";
  }
  headers["content-length"] = String(body.length);
  res.writeHead(respond.status, headers);
  res.end(body);
}

/** Turns `times` into a countdown; returns false when the fault is used up. */
export function consume(fault: { times: number }): boolean {
  if (fault.times <= 0) return false;
  fault.times -= 1;
  return true;
}
