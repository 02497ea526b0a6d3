import type { IncomingMessage, ServerResponse } from "node:http";
import { contextFromHeaders, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { baseSecurityHeaders } from "@/lib/security/headers";
import { MAX_OAUTH_BODY_BYTES, type OAuthHttpRequest, type OAuthHttpResponse } from "./request";

// Adapters between the OAuth endpoints' neutral request/response and
//   - the Web Request/Response of Next.js route handlers, and
//   - node:http, for the lean /oauth/token path that scripts/start.ts serves before handing the rest to
//     Next.js (same process, same domain code; it adds the headers proxy.ts would).

export type OAuthHandler = (req: OAuthHttpRequest) => Promise<OAuthHttpResponse>;

async function readCapped(stream: ReadableStream<Uint8Array> | null): Promise<{ body: string; tooLarge: boolean }> {
  if (!stream) return { body: "", tooLarge: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_OAUTH_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return { body: "", tooLarge: true };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString("utf8"), tooLarge: false };
}

export async function fromWebRequest(request: Request): Promise<OAuthHttpRequest> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const { body, tooLarge } = declared > MAX_OAUTH_BODY_BYTES ? { body: "", tooLarge: true } : await readCapped(request.body);
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

function readNodeBody(req: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_OAUTH_BODY_BYTES) {
      req.resume();
      resolve({ body: "", tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_OAUTH_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }));
    req.on("error", reject);
  });
}

/** Serves an OAuth endpoint directly on node:http (the lean path). */
export async function serveOnNode(handler: OAuthHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = nodeHeaders(req);
  const context = contextFromHeaders(headers);
  let out: OAuthHttpResponse;
  try {
    const { body, tooLarge } = await readNodeBody(req);
    out = await handler({ method: req.method ?? "GET", contentType: headers.get("content-type"), authorization: headers.get("authorization"), body, tooLarge, context });
  } catch {
    out = { status: 400, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }, body: JSON.stringify({ error: "invalid_request", error_description: "The request body could not be read" }) };
  }
  const https = headers.get("x-forwarded-proto") === "https";
  res.writeHead(out.status, {
    ...baseSecurityHeaders({ https, frameable: false }),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    [REQUEST_ID_HEADER]: context.requestId,
    ...out.headers,
    "Content-Length": Buffer.byteLength(out.body),
  });
  res.end(out.body);
}
