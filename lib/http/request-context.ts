import crypto from "node:crypto";
import { storableText } from "@/lib/validation/text";
import { CLIENT_IP_HEADER } from "./client-ip";

// Who is calling and from where, carried from route handlers and server actions into the domain so the
// audit trail can record IP, user agent and request id.

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export const REQUEST_ID_HEADER = "x-request-id";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// New ids: a random per-process prefix and a counter. Request ids only need to be unique (they join
// log lines and audit events), not unguessable, and the token endpoint makes one per request, so this
// skips a call into the system's random source each time.
const PROCESS_PREFIX = `req_${crypto.randomBytes(9).toString("base64url")}`;
let sequence = 0;

/** Keeps a well-formed incoming request id (from a proxy) or makes a new one. */
export function requestIdFrom(value: string | null | undefined): string {
  if (value && REQUEST_ID.test(value)) return value;
  sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}${sequence.toString(36).padStart(6, "0")}`;
}

/** The client IP is the one scripts/start.ts worked out from the socket and trusted proxies (client-ip.ts). */
export function contextFromHeaders(headers: Headers): RequestContext {
  const userAgent = headers.get("user-agent");
  return {
    requestId: requestIdFrom(headers.get(REQUEST_ID_HEADER)),
    ip: headers.get(CLIENT_IP_HEADER),
    // Recorded in the audit trail: a storable copy, cut at a character boundary.
    userAgent: userAgent === null ? null : storableText(userAgent, 512),
  };
}

export const systemContext = (): RequestContext => ({ requestId: requestIdFrom(null), ip: null, userAgent: null });
