// OAuth errors (RFC 6749 §5.2, RFC 7009, RFC 7662, RFC 8707), modelled after panva's oidc-provider:
// one typed error per code, each knowing its HTTP status. The endpoints turn them into
//   { "error": "<code>", "error_description": "…" }
// with Cache-Control: no-store.

import type { CLIENT_AUTH_FAILURE_REASONS } from "@/lib/events/catalog/deployment";

export type OAuthErrorCode =
  | "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type"
  | "invalid_scope" | "invalid_target" | "unsupported_token_type" | "too_many_requests" | "server_error"
  | "temporarily_unavailable";

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, status = 400) {
    super("invalid_request", description, status);
  }
}

/** Why client authentication failed; recorded in the audit trail (the event catalog names them), never told to the caller. */
export type ClientAuthFailure = (typeof CLIENT_AUTH_FAILURE_REASONS)[number];

export class InvalidClient extends OAuthError {
  constructor(readonly reason: ClientAuthFailure, readonly clientId: string | null, readonly organizationId: string | null = null) {
    // One message for every reason so a caller cannot probe which client ids or secrets exist.
    super("invalid_client", "Client authentication failed", 401, { "WWW-Authenticate": 'Basic realm="portico", charset="UTF-8"' });
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super("unauthorized_client", description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description = "grant_type must be client_credentials or authorization_code") {
    super("unsupported_grant_type", description);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super("invalid_scope", description);
  }
}

export class InvalidTarget extends OAuthError {
  constructor(description: string) {
    super("invalid_target", description);
  }
}

export class TooManyRequests extends OAuthError {
  constructor(readonly retryAfterSec: number) {
    super("too_many_requests", "Too many token requests; retry after the time in Retry-After", 429, { "Retry-After": String(retryAfterSec) });
  }
}

export class ServerError extends OAuthError {
  constructor(description = "The token service could not complete the request") {
    super("server_error", description, 500);
  }
}
