import type { RequestContext } from "@/lib/http/request-context";
import { InvalidClient, InvalidRequest } from "./errors";

// Reading OAuth endpoint requests: a size-capped body, form-encoded (RFC 6749) or JSON, and the client's
// credentials from HTTP Basic (client_secret_basic) or the body (client_secret_post), never both.

/** Bodies above this are refused with 413 invalid_request; nothing past it is kept (lib/oauth/http.ts). */
export const MAX_OAUTH_BODY_BYTES = 16 * 1024;

/** Framework-neutral request, built by the Next.js route and by the lean node:http path alike. */
export interface OAuthHttpRequest {
  method: string;
  contentType: string | null;
  authorization: string | null;
  /** The raw body; past MAX_OAUTH_BODY_BYTES the adapters keep nothing and set `tooLarge`. */
  body: string;
  tooLarge?: boolean;
  context: RequestContext;
}

export interface OAuthHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Params = Map<string, string>;

export function bodyTooLarge(): InvalidRequest {
  return new InvalidRequest(`The request body is larger than ${MAX_OAUTH_BODY_BYTES} bytes`, 413);
}

export function parseParams(req: OAuthHttpRequest): Params {
  if (req.tooLarge || Buffer.byteLength(req.body) > MAX_OAUTH_BODY_BYTES) throw bodyTooLarge();
  const type = (req.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const params: Params = new Map();
  if (type === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(req.body)) {
      if (params.has(key)) throw new InvalidRequest(`The ${key} parameter is given more than once`);
      params.set(key, value);
    }
    return params;
  }
  if (type === "application/json" || type.endsWith("+json")) {
    let parsed: unknown;
    try {
      parsed = req.body.trim() ? JSON.parse(req.body) : {};
    } catch {
      throw new InvalidRequest("The request body is not valid JSON");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new InvalidRequest("The JSON body must be an object of parameters");
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      if (typeof value !== "string") throw new InvalidRequest(`The ${key} parameter must be a string`);
      params.set(key, value);
    }
    return params;
  }
  if (!type && !req.body) return params;
  throw new InvalidRequest("Send the parameters as application/x-www-form-urlencoded (or application/json)");
}

export interface ClientCredentials {
  clientId: string;
  secret: string;
  method: "client_secret_basic" | "client_secret_post";
}

/** Basic credentials are form-encoded before base64 (RFC 6749 §2.3.1). */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

function basicCredentials(header: string): { clientId: string; secret: string } | null {
  const match = /^basic[ \t]+([A-Za-z0-9+/=._~-]+)[ \t]*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

export function clientCredentials(req: OAuthHttpRequest, params: Params): ClientCredentials {
  const bodyId = params.get("client_id");
  const bodySecret = params.get("client_secret");
  const header = req.authorization?.trim();
  if (header && /^basic\b/i.test(header)) {
    const basic = basicCredentials(header);
    if (!basic || !basic.clientId) throw new InvalidClient("missing_credentials", bodyId ?? null);
    if (bodySecret !== undefined) throw new InvalidRequest("Use one client authentication method: HTTP Basic or client_secret in the body, not both");
    if (bodyId !== undefined && bodyId !== basic.clientId) throw new InvalidRequest("client_id in the body does not match the HTTP Basic credentials");
    return { ...basic, method: "client_secret_basic" };
  }
  if (bodyId && bodySecret) return { clientId: bodyId, secret: bodySecret, method: "client_secret_post" };
  throw new InvalidClient("missing_credentials", bodyId ?? null);
}
