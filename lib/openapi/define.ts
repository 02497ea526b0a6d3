import { z } from "zod";

// One operation of Portico's HTTP API as the OpenAPI document describes it. Request schemas are the
// zod schemas the route handlers parse with (lib/*/schemas.ts), so the document cannot drift from what
// the handlers accept; responses use the view schemas in ./views.ts.

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ApiResponse {
  description: string;
  /** The JSON body; omitted for 204. */
  schema?: z.ZodType;
  /** application/json unless said otherwise. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiOperation {
  /** Unique, camelCase: the operationId. */
  id: string;
  method: HttpMethod;
  /** With OpenAPI path templates: "/api/v1/organizations/{id}". */
  path: string;
  /** The reference page's section. */
  tag: string;
  summary: string;
  description?: string;
  /**
   * Who may call it: a management token with this scope (OAuth 2 client credentials), a client
   * authenticating with its id and secret (the OAuth endpoints), a user's access token from the
   * authorization code grant (userinfo), or anyone.
   */
  auth: { scope: string } | "client" | "user" | "none";
  /** Path parameters: an object schema, one property per {name} in the path. */
  params?: z.ZodObject;
  /** Query parameters: an object schema. */
  query?: z.ZodType;
  body?: { schema: z.ZodType; contentTypes?: string[]; required?: boolean };
  /** By status code. Error statuses without a schema get the API's error shape. */
  responses: Record<number, ApiResponse | string>;
}

/** What any management API call may answer besides its own outcomes. */
export const MANAGEMENT_ERRORS = {
  401: "invalid_token: no token, or not a management token for this API (WWW-Authenticate: Bearer)",
  403: "insufficient_scope, or forbidden for this client",
  429: "rate_limited, with Retry-After",
} as const;

/** The path parameter of every /api/v1/organizations/{id}/… route. */
export const organizationParams = z.object({ id: z.string().describe("The organization's id (org_…)") });

/** Declares a list of operations (one file per area, see ./index.ts). */
export function defineOperations(operations: ApiOperation[]): ApiOperation[] {
  return operations;
}
