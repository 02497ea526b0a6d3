// What each check of a Test connection run means and how to fix it, in the IT admin's words.
// Client-safe: the result page renders these next to each pass or fail.

export const CHECK_TEXT: Record<string, { label: string; fix: string }> = {
  format: { label: "Response can be read", fix: "The identity provider must send a plain SAML 2.0 Response (HTTP-POST binding) with one assertion." },
  status: { label: "Identity provider reported success", fix: "Make sure the user is assigned to the application in the identity provider, and read its own sign-in log for the reason." },
  in_response_to: { label: "Answers the sign-in Portico started", fix: "Start the sign-in from Portico (SP-initiated). If your identity provider starts it, turn on IdP-initiated login for this connection." },
  signature: { label: "Signature and certificate", fix: "The identity provider must sign the assertion (in Okta: \"Assertion Signature: Signed\"). If it rotated its certificate, refresh the metadata or paste the new certificate." },
  issuer: { label: "Issuer is your identity provider", fix: "The identity provider's Entity ID (Issuer) must match the one saved here: refresh the metadata, or correct it by hand." },
  time_window: { label: "Within its validity time", fix: "Sign in again promptly, and make sure the identity provider's clock is right (Portico allows 5 seconds of difference)." },
  audience: { label: "Audience is this connection", fix: "Paste this connection's SP Entity ID into the identity provider's Audience URI / Entity ID field exactly." },
  recipient: { label: "Recipient is this connection's ACS URL", fix: "Paste this connection's ACS URL into the identity provider exactly (Okta: Single sign-on URL; OneLogin: Recipient)." },
  destination: { label: "Destination is this connection's ACS URL", fix: "Paste this connection's ACS URL into the identity provider exactly." },
  replay: { label: "Not a replayed assertion", fix: "Each assertion is accepted once. Sign in again to get a fresh one." },
  state: { label: "Answers the sign-in Portico started", fix: "Start the sign-in from Portico, in one browser window, and finish it within 10 minutes." },
  token_exchange: { label: "Code exchanged at the identity provider", fix: "Check the client ID and client secret, and that this connection's Redirect URI is registered at the identity provider." },
  id_token: { label: "ID token is valid", fix: "Check the issuer URL and client ID; the identity provider's clock must be right." },
  userinfo: { label: "Profile read from userinfo", fix: "Allow the openid, email and profile scopes for the application." },
  attribute_mapping: { label: "Required attributes present", fix: "Send the user's email under the attribute name shown in Attribute mapping (and first and last name if you can)." },
  email_domain: { label: "Email domain allowed", fix: "Add the user's email domain to this connection's allowed domains, or sign in with an account of an allowed domain." },
};

export function checkText(id: string): { label: string; fix: string } {
  return CHECK_TEXT[id] ?? { label: id, fix: "" };
}
