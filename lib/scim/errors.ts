// SCIM errors (RFC 7644 §3.12) as typed classes: the protocol layer throws them, the route wrapper turns
// each into an Error response { schemas, status, scimType?, detail } with Content-Type application/scim+json.

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 Table 9 (plus the status-only errors). */
export type ScimType =
  | "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget"
  | "invalidValue" | "invalidVers" | "sensitive";

export class ScimError extends Error {
  override name = "ScimError";
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toJSON() {
    return { schemas: [ERROR_SCHEMA], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

const badRequest = (scimType: ScimType) => (detail: string) => new ScimError(400, detail, scimType);

export const invalidFilter = badRequest("invalidFilter");
export const invalidSyntax = badRequest("invalidSyntax");
export const invalidValue = badRequest("invalidValue");
export const invalidPath = badRequest("invalidPath");
export const noTarget = badRequest("noTarget");
export const mutability = badRequest("mutability");
export const tooMany = badRequest("tooMany");
export const uniqueness = (detail: string) => new ScimError(409, detail, "uniqueness");
export const scimNotFound = (what: string) => new ScimError(404, `${what} not found`);
export const unauthorized = (detail: string) => new ScimError(401, detail, undefined, { "WWW-Authenticate": 'Bearer realm="scim"' });
export const payloadTooLarge = (maxBytes: number) => new ScimError(413, `The request body is larger than ${maxBytes} bytes`);
export const preconditionFailed = (detail = "The resource changed since the version given in If-Match") => new ScimError(412, detail);
export const methodNotAllowed = (detail: string) => new ScimError(405, detail);
export const unsupportedMediaType = () => new ScimError(415, "Send the body as JSON with Content-Type: application/scim+json (or application/json)");
