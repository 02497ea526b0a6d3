import type { ZodType } from "zod";
import { invalid, parseInput, type FieldError } from "@/lib/errors";
import { findUnstorableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { readCappedText } from "./body";

// The management API's one error type. Every failure leaves as
//   { "error": "<code>", "error_description": "…", "details"?: [{ "field", "message" }] }
// with the matching status (PRODUCT.md, "Management API").

export type ApiErrorCode =
  | "invalid_request" | "unauthorized" | "invalid_token" | "insufficient_scope" | "forbidden" | "not_found"
  | "conflict" | "limit_exceeded" | "validation_failed" | "rate_limited" | "payload_too_large" | "unsupported_media_type" | "server_error";

const STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400, unauthorized: 401, invalid_token: 401, insufficient_scope: 403, forbidden: 403, not_found: 404,
  conflict: 409, limit_exceeded: 409, payload_too_large: 413, unsupported_media_type: 415, validation_failed: 422, rate_limited: 429, server_error: 500,
};

export type { FieldError };

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    readonly description: string,
    readonly details?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: this.code, error_description: this.description, ...(this.details?.length ? { details: this.details } : {}) };
  }
}

/** Parses a request body or query with its shared schema; a failure is the domain's "invalid" error (422 naming each field). */
export function parseWith<T>(schema: ZodType<T>, input: unknown): T {
  return parseInput(schema, input);
}

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size limit and a clear error for anything that is not a JSON object. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const { body: text, tooLarge } = await readCappedText(request.body, maxBytes, request.headers.get("content-length"));
  if (tooLarge) throw new ApiError("payload_too_large", `The body is larger than ${maxBytes} bytes`);
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON");
  }
  // null, an array, a string or a number is JSON, but not a request: every route takes an object.
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new ApiError("invalid_request", "The body must be a JSON object");
  // The text rule over the whole body, whatever the route's schema says (lib/validation/text).
  const bad = findUnstorableText(parsed);
  if (bad !== null) throw invalid(bad || "(input)", TEXT_RULE_MESSAGE);
  return parsed;
}

export function apiErrorResponse(err: ApiError, extraHeaders: Record<string, string> = {}): Response {
  return Response.json(err.toJSON(), {
    status: err.status,
    headers: { "Cache-Control": "no-store", ...err.headers, ...extraHeaders },
  });
}
