import { ZodError } from "zod";
import type { Permission } from "@/lib/authz";
import { DomainError, invalidInput } from "@/lib/errors";
import { ApiError, apiErrorResponse } from "@/lib/http/api-errors";
import { contextFromHeaders, REQUEST_ID_HEADER, type RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { actorFor, type MutationContext } from "@/lib/mutation";
import { managementRateLimitRules, type RateLimitDecision } from "@/lib/oauth/rate-limit";
import { tokenService } from "@/lib/oauth/runtime";
import { idNotFoundMessage, isIdOf, type IdKind } from "@/lib/validation/ids";
import { authenticateManagementRequest, type ManagementPrincipal } from "./auth";

// The one wrapper every management API route handler goes through: rate-limit (per IP, then per client),
// authenticate and authorize the bearer token, run the handler, and turn every failure into the API's error shape
//   { error, error_description, details?: [{ field, message }] }
// with the request id on every response and nothing internal in a 500. toApiError is the management API's
// adapter of the one failure shape (lib/errors.ts): a DomainError's fields become `details`.

export interface ManagementCall<P> {
  request: Request;
  params: P;
  url: URL;
  principal: ManagementPrincipal;
  /** For domain writes: the caller, its audit actor and the request (id, IP, user agent). */
  ctx: MutationContext;
}

export interface ManagementRouteOptions<P> {
  /** The permission the route needs (a management scope). */
  permission: Permission;
  /** Which path parameter names the organization the route acts on, if any (its id format is checked like `ids`). */
  organizationParam?: keyof P & string;
  /**
   * The kind of id each path parameter holds (lib/validation/ids). A value that is not such an id (NUL,
   * broken encoding, any made-up text) answers 404 as an unknown id does, without a database query.
   */
  ids?: { [K in keyof P]?: IdKind };
}

type RouteContext<P> = { params: Promise<P> };

export function toApiError(caught: unknown, request: RequestContext): ApiError {
  if (caught instanceof ApiError) return caught;
  const err = caught instanceof ZodError ? invalidInput(caught) : caught;
  if (err instanceof DomainError) {
    const details = err.fields.length ? err.fields : undefined;
    const first = err.fields[0];
    switch (err.code) {
      case "not_found": return new ApiError("not_found", err.message);
      case "conflict": return new ApiError("conflict", err.message, details);
      case "limit_exceeded": return new ApiError("limit_exceeded", err.message, details);
      case "invalid": return new ApiError("validation_failed", first ? `The request has invalid fields: ${first.field}: ${first.message}` : err.message, details);
      case "forbidden": return err.field === "scope" ? new ApiError("insufficient_scope", err.message) : new ApiError("forbidden", err.message, details);
      case "unauthenticated": return new ApiError("invalid_token", err.message, undefined, { "WWW-Authenticate": 'Bearer realm="portico"' });
    }
  }
  log.error({ err, requestId: request.requestId }, "management API request failed");
  return new ApiError("server_error", `Something went wrong on our side. Quote request id ${request.requestId} when you report it.`);
}

function rateLimited(decision: RateLimitDecision): void {
  if (decision.limited) {
    throw new ApiError("rate_limited", `Too many requests: try again in ${decision.retryAfterSec} s`, undefined, { "Retry-After": String(decision.retryAfterSec) });
  }
}

function finish(response: Response, request: RequestContext): Response {
  response.headers.set(REQUEST_ID_HEADER, request.requestId);
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

export function managementRoute<P extends Record<string, string> = Record<string, never>>(
  options: ManagementRouteOptions<P>,
  handler: (call: ManagementCall<P>) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const requestContext = contextFromHeaders(request.headers);
    try {
      const params = await context.params;
      const organizationId = options.organizationParam ? params[options.organizationParam] ?? null : null;
      const limiter = tokenService().limiter;
      const rules = managementRateLimitRules();
      rateLimited(limiter.hit(rules.ip, requestContext.ip ?? "unknown"));
      const principal = await authenticateManagementRequest(request, options.permission, { organizationId });
      const ids: [string, IdKind][] = Object.entries(options.ids ?? {}) as [string, IdKind][];
      if (options.organizationParam) ids.unshift([options.organizationParam, "organization"]);
      for (const [param, kind] of ids) {
        if (!isIdOf(kind, params[param])) throw new ApiError("not_found", idNotFoundMessage(kind));
      }
      rateLimited(limiter.hit(rules.client, principal.clientId));
      const ctx: MutationContext = { principal, actor: actorFor(principal), request: requestContext };
      return finish(await handler({ request, params, url: new URL(request.url), principal, ctx }), requestContext);
    } catch (err) {
      return finish(apiErrorResponse(toApiError(err, requestContext)), requestContext);
    }
  };
}

/** JSON response with a status (201 for creates). */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
