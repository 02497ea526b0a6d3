import { ZodError } from "zod";
import { directoryActor, type DirectoryScope } from "@/lib/directory/users";
import { scimEndpoint } from "@/lib/directory/directories";
import { recordScimRequest } from "@/lib/directory/provisioning-log";
import { authenticateDirectory } from "@/lib/directory/tokens";
import { DomainError } from "@/lib/errors";
import { readCappedText } from "@/lib/http/body";
import { contextFromHeaders, REQUEST_ID_HEADER, type RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { findUnstorableText, isStorableText, storableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { invalidFilter, invalidSyntax, invalidValue, payloadTooLarge, ScimError, scimNotFound, tooMany, unauthorized, unsupportedMediaType, uniqueness } from "./errors";
import { MAX_SCIM_BODY_BYTES } from "./limits";

// The SCIM edge: every route under /directory/{directory_id}/scim/v2 goes through scimRoute. It
// authenticates the directory's bearer token (a token reaches only its own directory; a disabled
// directory answers 401), reads the body with a size cap (413), parses JSON (400 invalidSyntax), runs the
// handler, maps every failure to a SCIM Error response, answers application/scim+json, and records the
// request in the directory's provisioning log.

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

export interface ScimCall<P> {
  request: Request;
  params: P;
  url: URL;
  scope: DirectoryScope;
  /** The parsed JSON body (undefined for methods without one). */
  body: unknown;
  /** The directory's SCIM base URL (for meta.location). */
  base: string;
}

export interface ScimResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type RouteContext<P> = { params: Promise<P> };

export function toScimError(err: unknown, request: RequestContext): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof ZodError) return invalidValue(err.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; "));
  if (err instanceof DomainError) {
    switch (err.code) {
      case "not_found": return new ScimError(404, err.message);
      case "conflict": return uniqueness(err.message);
      case "invalid": return invalidValue(err.message);
      case "limit_exceeded": return tooMany(err.message);
      case "forbidden": return new ScimError(403, err.message);
      case "unauthenticated": return unauthorized(err.message);
    }
  }
  log.error({ err, requestId: request.requestId }, "SCIM request failed");
  return new ScimError(500, `Something went wrong on our side. Quote request id ${request.requestId} when you report it.`);
}

export function scimResponse(result: ScimResult, request: RequestContext): Response {
  const headers = new Headers({ "Cache-Control": "no-store", [REQUEST_ID_HEADER]: request.requestId, ...result.headers });
  if (result.body === undefined || result.status === 204 || result.status === 304) return new Response(null, { status: result.status, headers });
  headers.set("Content-Type", SCIM_CONTENT_TYPE);
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** PostgreSQL aborted the transaction to break a deadlock or a serialization conflict (40P01, 40001). */
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const code = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.code;
  return code === "40P01" || code === "40001";
}
const REASONS = {
  missing_token: "Send the directory's SCIM token as Authorization: Bearer <token>",
  invalid_token: "The bearer token is not valid for this directory",
  disabled: "This directory is disabled: enable it in the admin portal to resume provisioning",
} as const;

export function scimRoute<P extends { directory_id: string }>(handler: (call: ScimCall<P>) => Promise<ScimResult>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const rc = contextFromHeaders(request.headers);
    const url = new URL(request.url);
    const params = await context.params;
    let text: string | null = null;
    let authenticated = false;
    let known = false;
    let result: ScimResult;
    let failure: ScimError | null = null;
    try {
      const auth = await authenticateDirectory(params.directory_id, request.headers.get("authorization"));
      known = auth.ok || auth.known;
      if (!auth.ok) throw unauthorized(REASONS[auth.reason]);
      authenticated = true;
      let body: unknown;
      if (WITH_BODY.has(request.method)) {
        const type = request.headers.get("content-type");
        if (type && !/^application\/(scim\+)?json\b/i.test(type)) throw unsupportedMediaType();
        const read = await readCappedText(request.body, MAX_SCIM_BODY_BYTES, request.headers.get("content-length"));
        if (read.tooLarge) throw payloadTooLarge(MAX_SCIM_BODY_BYTES);
        text = read.body;
        try {
          body = JSON.parse(text);
        } catch {
          throw invalidSyntax("The body is not valid JSON");
        }
        // The text rule (lib/validation/text): PostgreSQL stores no NUL and no unpaired surrogate.
        const bad = findUnstorableText(body);
        if (bad !== null) throw invalidValue(`${bad || "The body"}: ${TEXT_RULE_MESSAGE}`);
      }
      for (const [key, value] of url.searchParams) {
        if (!isStorableText(value)) throw key === "filter" ? invalidFilter(`filter ${TEXT_RULE_MESSAGE}`) : invalidValue(`${storableText(key, 100)}: ${TEXT_RULE_MESSAGE}`);
      }
      // A resource id that cannot be stored cannot name a resource.
      for (const [key, value] of Object.entries(params)) if (key !== "directory_id" && typeof value === "string" && !isStorableText(value)) throw scimNotFound("Resource");
      const scope: DirectoryScope = { directory: auth.directory, actor: directoryActor(auth.directory), request: rc };
      const call = { request, params, url, scope, body, base: scimEndpoint(auth.directory.id) };
      // A transaction PostgreSQL chose to abort (deadlock, serialization) changed nothing: run it again.
      for (let attempt = 1; ; attempt++) {
        try {
          result = await handler(call);
          break;
        } catch (err) {
          if (attempt >= 3 || !isRetryable(err)) throw err;
          await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
        }
      }
    } catch (err) {
      failure = toScimError(err, rc);
      result = { status: failure.status, body: failure.toJSON(), headers: failure.headers };
    }
    if (known) {
      await recordScimRequest({
        directoryId: params.directory_id, method: request.method, path: `${url.pathname.replace(/^.*\/scim\/v2/, "")}${url.search}`,
        status: result.status, latencyMs: performance.now() - started, scimType: failure?.scimType ?? null, detail: failure?.detail ?? null,
        requestId: rc.requestId, body: authenticated ? text : null, authenticated,
      }).catch((err: unknown) => log.error({ err, requestId: rc.requestId }, "writing the provisioning log failed"));
    }
    return scimResponse(result, rc);
  };
}
