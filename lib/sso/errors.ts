// The SSO error codes of compat.md §4.10, complete, as one typed error. They reach the host app's
// redirect URI as `error` + `error_description`; the admin's test result page shows `meaning` and
// `fix` in the IT admin's words; end users only ever see a plain page.

export const SSO_ERROR_CODES = {
  // Integration errors (meant for the host app's developers)
  invalid_redirect_uri: { kind: "integration", meaning: "The redirect URI is not registered for this client.", fix: "Register the exact redirect URI on the environment client (console → Settings → Environment clients)." },
  invalid_connection_selector: { kind: "integration", meaning: "The request named no organization, connection, domain or user email.", fix: "Send organization_id, connection_id, domain or login_hint." },
  no_active_connections: { kind: "integration", meaning: "No enabled single sign-on connection can serve this request.", fix: "Test and enable a connection in the admin portal's Single sign-on tab." },
  connection_not_active: { kind: "integration", meaning: "The selected connection is not enabled.", fix: "Run Test connection, then enable it." },
  no_configured_connections: { kind: "integration", meaning: "The organization has no single sign-on connection.", fix: "Set up a connection in the admin portal's Single sign-on tab." },
  invalid_organization_id: { kind: "integration", meaning: "The organization id is not valid.", fix: "Send the id of an existing organization (org_…)." },
  invalid_connection_id: { kind: "integration", meaning: "The connection id is not valid.", fix: "Send the id of an existing connection (conn_…)." },
  domain_not_found: { kind: "integration", meaning: "No organization has this domain verified for single sign-on.", fix: "Verify the domain in the admin portal's Domains tab, or send organization_id." },
  invalid_user_domain: { kind: "integration", meaning: "The user's email domain is not allowed for this connection.", fix: "Add the domain to the connection's allowed email domains." },
  server_error: { kind: "integration", meaning: "Portico could not complete the sign-in.", fix: "Try again; if it keeps failing, contact the operator with the request id." },
  // SSO configuration errors (normally found by Test connection)
  mandatory_attribute_missing: { kind: "configuration", meaning: "The identity provider did not send a required user attribute.", fix: "Send the attribute under the exact name shown in Attribute mapping (email is required)." },
  invalid_id_token: { kind: "configuration", meaning: "The identity provider's ID token did not validate.", fix: "Check the issuer URL and client ID, and that the identity provider's clock is right." },
  failed_to_exchange_token: { kind: "configuration", meaning: "Exchanging the authorization code at the identity provider failed.", fix: "Check the client secret and that the redirect URI is registered at the identity provider." },
  user_info_retrieve_failed: { kind: "configuration", meaning: "Reading the user's profile from the identity provider's userinfo endpoint failed.", fix: "Check the client secret and the scopes (openid email profile)." },
  invalid_saml_metadata: { kind: "configuration", meaning: "The identity provider's SAML metadata could not be read or is incomplete.", fix: "Check the metadata URL (or upload the metadata XML again)." },
  invalid_saml_response: { kind: "configuration", meaning: "The SAML response failed a check.", fix: "Compare the identity provider's settings with the values shown in the Single sign-on tab." },
  signature_validation_failed: { kind: "configuration", meaning: "The SAML response's signature did not validate.", fix: "Make sure the identity provider signs the assertion, and that the certificate here is its current signing certificate." },
  invalid_acs_url: { kind: "configuration", meaning: "The response was sent for another ACS URL (recipient or destination).", fix: "Paste this connection's ACS URL into the identity provider exactly." },
  invalid_status: { kind: "configuration", meaning: "The identity provider answered with an error status.", fix: "Check that the user is assigned to the application in the identity provider." },
  malformed_saml_response: { kind: "configuration", meaning: "The SAML response could not be read (malformed, oversized or with a DOCTYPE).", fix: "Check the identity provider's SAML settings; the response must be a plain SAML 2.0 Response." },
  assertion_expired: { kind: "configuration", meaning: "The SAML assertion is outside its validity window.", fix: "Check the identity provider's clock; sign in again (an assertion is valid only for minutes)." },
  response_expired: { kind: "configuration", meaning: "The SAML response is too old.", fix: "Check the identity provider's clock and sign in again." },
} as const satisfies Record<string, { kind: "integration" | "configuration"; meaning: string; fix: string }>;

export type SsoErrorCode = keyof typeof SSO_ERROR_CODES;

export function isSsoErrorCode(value: string): value is SsoErrorCode {
  return Object.hasOwn(SSO_ERROR_CODES, value);
}

export class SsoError extends Error {
  override name = "SsoError";
  constructor(
    readonly code: SsoErrorCode,
    /** For the host app's developer and the admin (never includes assertion content). */
    readonly description: string,
    /** The test-report check this failure belongs to, when it is one. */
    readonly check?: string,
  ) {
    super(description);
  }
}
