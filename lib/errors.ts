// The domain layer's one error type. Route handlers, server actions and the portal map it to their own
// shapes (ApiError for the management API, form errors for the UI); the OAuth layer has OAuthError.

export type DomainErrorCode = "not_found" | "conflict" | "invalid" | "forbidden" | "limit_exceeded" | "unauthenticated";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about, in the API's snake_case naming. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const conflict = (message: string, field?: string) => new DomainError("conflict", message, field);
export const invalid = (field: string, message: string) => new DomainError("invalid", message, field);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("forbidden", message);
