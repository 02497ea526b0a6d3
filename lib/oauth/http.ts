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

/** Reads the body up to the cap; past it, keeps nothing (serveOnNode answers 413 and closes the connection). */
function readNodeBody(req: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_OAUTH_BODY_BYTES) {
      resolve({ body: "", tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OAUTH_BODY_BYTES) {
        req.off("data", onData);
        chunks.length = 0;
        resolve({ body: "", tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve({ body: Buffer.concat(chunks).toString("utf8"), tooLarge: false }));
    req.on("error", reject);
  });
}

/** How long, and how much more, an oversized body is read and dropped after the 413 (a lingering close). */
const OVERSIZED_LINGER_MS = 10_000;
const OVERSIZED_LINGER_BYTES = 48 * 1024 * 1024;

/** Serves an OAuth endpoint directly on node:http (the lean path). */
export async function serveOnNode(handler: OAuthHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = nodeHeaders(req);
  const context = contextFromHeaders(headers);
  let out: OAuthHttpResponse;
  let tooLargeBody = false;
  try {
    const { body, tooLarge } = await readNodeBody(req);
    tooLargeBody = tooLarge;
    out = await handler({ method: req.method ?? "GET", contentType: headers.get("content-type"), authorization: headers.get("authorization"), body, tooLarge, context });
  } catch {
    out = { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }, body: JSON.stringify({ error: "invalid_request", error_description: "The request body could not be read" }) };
  }
  const https = headers.get("x-forwarded-proto") === "https";
  if (tooLargeBody) {
    // The rest of an oversized body is not wanted, but a connection closed while the sender still sends
    // is reset, and the reset can destroy the 413 before the client reads it (Node's own close after
    // `Connection: close` does exactly that). So: answer, then only half-close (FIN), and keep reading
    // and dropping what still arrives for up to 10 s or 48 MB (a client may have megabytes queued in its
    // socket before it reads the answer) before dropping the connection, so a body
    // that never ends cannot hold it.
    let discarded = 0;
    req.on("data", (chunk: Buffer) => { discarded += chunk.length; if (discarded > OVERSIZED_LINGER_BYTES) req.socket.destroy(); });
    res.once("finish", () => {
      req.socket.end();
      setTimeout(() => req.socket.destroy(), OVERSIZED_LINGER_MS).unref();
    });
  }
  res.writeHead(out.status, {
    ...baseSecurityHeaders({ https, frameable: false }),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    [REQUEST_ID_HEADER]: context.requestId,
    ...out.headers,
    "Content-Length": Buffer.byteLength(out.body),
  });
  res.end(out.body);
}
