import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-context";
import { multipartActionBodyProblem, SERVER_ACTION_BODY_LIMIT, textActionBodyProblem } from "@/lib/http/server-action-body";
import { baseSecurityHeaders } from "@/lib/security/headers";

// The server side of lib/http/server-action-body.ts: reads a fetch action's body (up to the action body
// limit), answers 400/413 when Next.js could not decode it, and otherwise hands the request on with its
// body readable again, the way Next.js itself replays a body its proxy has read (body-streams.js: the
// request takes over the stream methods of a Readable holding the bytes).

function answer(req: IncomingMessage, res: ServerResponse, status: number, error: string, description: string): void {
  const body = JSON.stringify({ error, error_description: description });
  res.writeHead(status, {
    ...baseSecurityHeaders({ https: req.headers["x-forwarded-proto"] === "https", frameable: false }),
    "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", Connection: "close",
    [REQUEST_ID_HEADER]: requestIdFrom([req.headers[REQUEST_ID_HEADER]].flat()[0]), "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SERVER_ACTION_BODY_LIMIT) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > SERVER_ACTION_BODY_LIMIT ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Makes a request whose body was read readable again, with the same bytes. */
function replay(req: IncomingMessage, body: Buffer): void {
  const fresh = new Readable({ read() {} });
  fresh.push(body);
  fresh.push(null);
  // As Next.js's replaceRequestBody does: every stream member of the fresh Readable, bound to it.
  for (const key in fresh) {
    let value = (fresh as unknown as Record<string, unknown>)[key];
    if (typeof value === "function") value = value.bind(fresh);
    (req as unknown as Record<string, unknown>)[key] = value;
  }
}

/** True when the request may go on to Next.js (its body replayed); false when it was answered here. */
export async function checkServerActionBody(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  let body: Buffer | null;
  try {
    body = await readBody(req);
  } catch {
    answer(req, res, 400, "invalid_request", "The request body could not be read");
    return false;
  }
  if (body === null) {
    answer(req, res, 413, "payload_too_large", `The server action's body is larger than ${SERVER_ACTION_BODY_LIMIT} bytes`);
    return false;
  }
  const problem = multipart ? await multipartActionBodyProblem(body, req.headers["content-type"]!) : textActionBodyProblem(body.toString("utf8"));
  if (problem) {
    answer(req, res, 400, "invalid_request", problem);
    return false;
  }
  replay(req, body);
  return true;
}
