import type { IncomingMessage, ServerResponse } from "node:http";
import { readCappedText } from "@/lib/http/body";
import { contextFromHeaders, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { baseSecurityHeaders } from "@/lib/security/headers";
import { MAX_OAUTH_BODY_BYTES, type OAuthHttpRequest, type OAuthHttpResponse } from "./request";

// Adapters between the OAuth endpoints' neutral request/response and
//   - the Web Request/Response of Next.js route handlers, and
//   - node:http, for the lean /oauth/token path that scripts/start.ts serves before handing the rest to
//     Next.js (same process, same domain code; it adds the headers proxy.ts would).

export type OAuthHandler = (req: OAuthHttpRequest) => Promise<OAuthHttpResponse>;

export async function fromWebRequest(request: Request): Promise<OAuthHttpRequest> {
  const { body, tooLarge } = await readCappedText(request.body, MAX_OAUTH_BODY_BYTES, request.headers.get("content-length"));
  return {
    method: request.method,
    contentType: request.headers.get("content-type"),
    authorization: request.headers.get("authorization"),
    body,
    tooLarge,
    context: contextFromHeaders(request.headers),
  };
}

export function toWebResponse(res: OAuthHttpResponse): Response {
  return new Response(res.body, { status: res.status, headers: res.headers });
}

/** A Next.js route handler for an OAuth endpoint. */
export function oauthRoute(handler: OAuthHandler): (request: Request) => Promise<Response> {
  return async (request) => toWebResponse(await handler(await fromWebRequest(request)));
}

function nodeHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  }
  return headers;
}

/** How much of an oversized body, and for how long, is read and dropped before the connection is cut. */
const OVERSIZED_DRAIN_BYTES = 8 * 1024 * 1024;
const OVERSIZED_DRAIN_MS = 10_000;

/**
 * Reads the body up to the cap. Past it nothing is kept, but the rest is still read and dropped to its
 * end, so the 413 goes out on a healthy connection the client can read it from (and reuse): closing on
 * a sender that is still sending resets the connection, and the reset can destroy the answer before
 * the client reads it. Only a body that goes on past OVERSIZED_DRAIN_BYTES or OVERSIZED_DRAIN_MS is cut
 * off (`complete: false`), so one that never ends cannot hold the server.
 */
function readNodeBody(req: IncomingMessage): Promise<{ body: string; tooLarge: boolean; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let timer: NodeJS.Timeout | undefined;
    const cutOff = () => {
      clearTimeout(timer);
      req.removeAllListeners("data");
      req.pause();
      resolve({ body: "", tooLarge: true, complete: false });
    };
    const overCap = () => {
      tooLarge = true;
      chunks.length = 0;
      if (declared > OVERSIZED_DRAIN_BYTES) return cutOff();
      timer = setTimeout(cutOff, OVERSIZED_DRAIN_MS);
    };
    if (declared > MAX_OAUTH_BODY_BYTES) {
      overCap();
      if (declared > OVERSIZED_DRAIN_BYTES) return; // already cut off: nothing is read
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > OVERSIZED_DRAIN_BYTES) cutOff();
        return;
      }
      if (size > MAX_OAUTH_BODY_BYTES) overCap();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      clearTimeout(timer);
      resolve({ body: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge, complete: true });
    });
    req.on("error", reject);
  });
}

/** Serves an OAuth endpoint directly on node:http (the lean path). */
export async function serveOnNode(handler: OAuthHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = nodeHeaders(req);
  const context = contextFromHeaders(headers);
  let out: OAuthHttpResponse;
  let cutOff = false;
  try {
    const { body, tooLarge, complete } = await readNodeBody(req);
    cutOff = !complete;
    out = await handler({ method: req.method ?? "GET", contentType: headers.get("content-type"), authorization: headers.get("authorization"), body, tooLarge, context });
  } catch {
    out = { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }, body: JSON.stringify({ error: "invalid_request", error_description: "The request body could not be read" }) };
  }
  const https = headers.get("x-forwarded-proto") === "https";
  // A body cut off before its end leaves nothing to reuse: say so (Node then closes after the answer).
  if (cutOff) res.setHeader("Connection", "close");
  res.writeHead(out.status, {
    ...baseSecurityHeaders({ https, frameable: false }),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    [REQUEST_ID_HEADER]: context.requestId,
    ...out.headers,
    "Content-Length": Buffer.byteLength(out.body),
  });
  res.end(out.body);
}
