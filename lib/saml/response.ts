import { SamlStatusError } from "@node-saml/node-saml";
import { getVerifiedXml } from "@node-saml/node-saml/lib/xml";
import { SsoError, type SsoErrorCode } from "@/lib/sso/errors";
import { certificateView } from "./certificates";
import { CLOCK_SKEW_MS, serviceProvider, spEndpoints, type InResponseToMode, type SamlConnectionConfig } from "./service-provider";
import { NS, child, children, descendants, parseUntrustedXml, XmlInputError } from "./xml";

// Validating a SAML Response at the ACS. node-saml decides the signature (which element is signed, that
// the signed element is the one read: no signature wrapping), InResponseTo, time conditions and
// audience. On the assertion it verified, this adds what it leaves out: the assertion's Issuer, the
// bearer SubjectConfirmation's Recipient, the Response's Destination, the Response's age, and, for
// unsolicited responses, that nothing in the assertion answers a request. Every step is a named check,
// so Test connection can show each one with pass or fail.

/** Base64 characters accepted in SAMLResponse (about 300 KB of XML). */
export const MAX_SAML_RESPONSE_CHARS = 400_000;
const MAX_SAML_XML_CHARS = 300_000;
/** A Response issued longer ago than this is refused as response_expired. */
export const MAX_RESPONSE_AGE_MS = 10 * 60_000;

export const CHECK_IDS = [
  "format", "status", "in_response_to", "signature", "issuer", "time_window", "audience", "recipient", "destination", "replay", "attribute_mapping",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  status: "pass" | "fail" | "skipped";
  detail: string;
  /** Evaluated on what the IdP sent without trusting it (an earlier check failed), for diagnosis only. */
  unverified?: boolean;
}

export interface ValidatedAssertion {
  assertionId: string;
  issuer: string;
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
  inResponseTo: string | null;
  attributes: Record<string, unknown>;
  /** When the assertion stops being usable (the later of its NotOnOrAfter values); the replay entry is kept until then. */
  notOnOrAfter: Date;
  /** SHA-256 fingerprint of the certificate that verified the signature (diagnose mode only). */
  signedBy: string | null;
}

export class SamlValidationError extends SsoError {
  constructor(code: SsoErrorCode, description: string, check: CheckId, readonly checks: Check[]) {
    super(code, description, check);
  }
}

export interface ValidateOptions {
  /** The AuthnRequest ID this response must answer, or "unsolicited" for an IdP-initiated login. */
  expected: { requestId: string } | "unsolicited";
  /** Test connection: say which certificate signed, and evaluate unreached checks on the unverified XML. */
  diagnose?: boolean;
  now?: number;
}

class Checks {
  readonly list: Check[] = [];
  pass(id: CheckId, detail: string) {
    this.list.push({ id, status: "pass", detail });
  }
  fail(id: CheckId, code: SsoErrorCode, detail: string): never {
    this.list.push({ id, status: "fail", detail });
    throw new SamlValidationError(code, detail, id, this.list);
  }
  has(id: CheckId) {
    return this.list.some((c) => c.id === id);
  }
}

const STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

function decode(encoded: string, checks: Checks): string {
  if (!encoded) checks.fail("format", "malformed_saml_response", "The request carried no SAMLResponse");
  if (encoded.length > MAX_SAML_RESPONSE_CHARS) checks.fail("format", "malformed_saml_response", `The SAML response is larger than ${Math.round(MAX_SAML_RESPONSE_CHARS / 1024)} KB`);
  if (!/^[A-Za-z0-9+/=\s]+$/.test(encoded)) checks.fail("format", "malformed_saml_response", "SAMLResponse is not base64");
  return Buffer.from(encoded, "base64").toString("utf8");
}

const time = (value: string | null) => (value ? Date.parse(value) : NaN);

/** Maps node-saml's error messages onto the check that failed and its compat.md §4.10 code. */
function classify(err: unknown): { id: CheckId; code: SsoErrorCode; detail: string } {
  if (err instanceof SamlStatusError) return { id: "status", code: "invalid_status", detail: err.message };
  const message = err instanceof Error ? err.message : String(err);
  if (/InResponseTo/i.test(message)) return { id: "in_response_to", code: "invalid_saml_response", detail: `${message}: the response does not answer a sign-in request Portico sent for this connection (or that request was already answered or has expired)` };
  if (/not yet valid/i.test(message)) return { id: "time_window", code: "assertion_expired", detail: "The assertion is not valid yet (NotBefore is in the future): check the identity provider's clock" };
  if (/expired|too old|subject confirmation/i.test(message)) return { id: "time_window", code: "assertion_expired", detail: "The assertion has expired (NotOnOrAfter has passed): sign in again, and check the identity provider's clock" };
  if (/audience/i.test(message)) return { id: "audience", code: "invalid_saml_response", detail: `${message.replace(/\. Expected:.*$/, "")}: the assertion is meant for another service provider` };
  if (/issuer/i.test(message)) return { id: "issuer", code: "invalid_saml_response", detail: message };
  if (/signature|signed|transforms|reference/i.test(message)) return { id: "signature", code: "signature_validation_failed", detail: `${message.replace(/^Invalid (document )?signature:?\s*/i, "").trim() || "The signature does not verify"}`.replace(/^./, (c) => c.toUpperCase()) };
  if (/decrypt|EncryptedAssertion/i.test(message)) return { id: "signature", code: "invalid_saml_response", detail: `The encrypted assertion could not be decrypted with this connection's key: ${message}` };
  if (/Missing SAML assertion/i.test(message)) return { id: "format", code: "invalid_saml_response", detail: "The response carries no assertion" };
  return { id: "format", code: "malformed_saml_response", detail: `The response could not be processed: ${message}` };
}

/** What the unverified response says, for the checks node-saml did not reach (diagnosis only). */
function diagnoseUnverified(doc: Document, conn: SamlConnectionConfig, checks: Checks, now: number): void {
  const sp = spEndpoints(conn.id);
  const assertion = child(doc.documentElement, NS.saml, "Assertion");
  const add = (id: CheckId, ok: boolean, detail: string) => {
    if (!checks.has(id)) checks.list.push({ id, status: ok ? "pass" : "fail", detail, unverified: true });
  };
  if (!assertion) return;
  const issuer = child(assertion, NS.saml, "Issuer")?.textContent?.trim() ?? "";
  add("issuer", issuer === conn.idpEntityId, issuer === conn.idpEntityId ? "Issuer matches the IdP entity ID" : `Issuer is "${issuer}", the connection expects "${conn.idpEntityId}"`);
  const conditions = child(assertion, NS.saml, "Conditions");
  const nb = time(conditions?.getAttribute("NotBefore") ?? null);
  const noa = time(conditions?.getAttribute("NotOnOrAfter") ?? null);
  const inWindow = (Number.isNaN(nb) || now + CLOCK_SKEW_MS >= nb) && (Number.isNaN(noa) || now - CLOCK_SKEW_MS < noa);
  add("time_window", inWindow, inWindow ? "Within NotBefore / NotOnOrAfter" : "Outside NotBefore / NotOnOrAfter");
  const audiences = conditions ? descendants(conditions, NS.saml, "Audience").map((a) => a.textContent?.trim() ?? "") : [];
  add("audience", audiences.includes(sp.entityId), audiences.includes(sp.entityId) ? "Audience is this connection's SP Entity ID" : `Audience is ${audiences.map((a) => `"${a}"`).join(", ") || "missing"}; expected "${sp.entityId}"`);
  const recipients = descendants(assertion, NS.saml, "SubjectConfirmationData").map((d) => d.getAttribute("Recipient") ?? "");
  add("recipient", recipients.includes(sp.acsUrl), recipients.includes(sp.acsUrl) ? "Recipient is this connection's ACS URL" : `Recipient is ${recipients.map((r) => `"${r}"`).join(", ") || "missing"}; expected "${sp.acsUrl}"`);
}

export async function validateSamlResponse(conn: SamlConnectionConfig, encoded: string, options: ValidateOptions): Promise<{ assertion: ValidatedAssertion; checks: Check[] }> {
  const now = options.now ?? Date.now();
  const checks: Checks = new Checks();
  const sp = spEndpoints(conn.id);

  const xml = decode(encoded, checks);
  let doc: Document;
  try {
    doc = parseUntrustedXml(xml, MAX_SAML_XML_CHARS);
  } catch (err) {
    checks.fail("format", "malformed_saml_response", `The SAML response ${err instanceof XmlInputError ? err.message : "could not be parsed"}`);
  }
  const response = doc.documentElement;
  if (response.namespaceURI !== NS.samlp || response.localName !== "Response") checks.fail("format", "malformed_saml_response", "This is not a SAML 2.0 Response");
  const assertionCount = children(response, NS.saml, "Assertion").length + children(response, NS.saml, "EncryptedAssertion").length;
  const statusCode = descendants(response, NS.samlp, "StatusCode")[0]?.getAttribute("Value") ?? null;
  if (statusCode === STATUS_SUCCESS && assertionCount !== 1) {
    checks.fail("format", assertionCount ? "signature_validation_failed" : "invalid_saml_response", assertionCount ? "The response carries more than one assertion" : "The response carries no assertion");
  }
  checks.pass("format", "A well-formed SAML 2.0 Response with one assertion");

  try {
    if (statusCode !== STATUS_SUCCESS) {
      const nested = descendants(response, NS.samlp, "StatusCode")[1]?.getAttribute("Value");
      const message = descendants(response, NS.samlp, "StatusMessage")[0]?.textContent?.trim();
      const name = (v: string | null | undefined) => (v ?? "none").replace(/^.*:/, "");
      checks.fail("status", "invalid_status", `The identity provider answered ${name(statusCode)}${nested ? ` / ${name(nested)}` : ""}${message ? `: ${message.slice(0, 200)}` : ""}`);
    }
    checks.pass("status", "The identity provider reported success");

    const inResponseTo = response.getAttribute("InResponseTo") || null;
    const mode: InResponseToMode = options.expected === "unsolicited" ? "never" : "always";
    if (options.expected === "unsolicited") {
      if (inResponseTo) checks.fail("in_response_to", "invalid_saml_response", "An IdP-initiated response must not answer a request (it carries InResponseTo)");
    } else if (!inResponseTo) {
      checks.fail("in_response_to", "invalid_saml_response", "The response answers no request (no InResponseTo): it was not started from Portico");
    } else if (inResponseTo !== options.expected.requestId) {
      checks.fail("in_response_to", "invalid_saml_response", "The response answers another sign-in request than the one this browser started");
    }

    const issueInstant = time(response.getAttribute("IssueInstant"));
    if (Number.isNaN(issueInstant)) checks.fail("format", "malformed_saml_response", "The response has no IssueInstant");
    if (now - issueInstant > MAX_RESPONSE_AGE_MS + CLOCK_SKEW_MS) checks.fail("time_window", "response_expired", `The response was issued ${Math.round((now - issueInstant) / 60_000)} minutes ago (at most ${MAX_RESPONSE_AGE_MS / 60_000} are accepted)`);
    if (issueInstant - now > CLOCK_SKEW_MS) checks.fail("time_window", "response_expired", "The response was issued in the future: check the identity provider's clock");

    let profile;
    try {
      ({ profile } = await serviceProvider(conn, { inResponseTo: mode }).validatePostResponseAsync({ SAMLResponse: encoded }));
    } catch (err) {
      const { id, code, detail } = classify(err);
      if (id === "time_window" || id === "audience") {
        // node-saml checks these after the signature: reaching them means the signature verified.
        if (!checks.has("in_response_to")) checks.pass("in_response_to", mode === "always" ? "Answers the sign-in request Portico sent" : "Unsolicited (IdP-initiated), as allowed for this connection");
        checks.pass("signature", "The assertion's signature verifies");
        if (id === "audience") checks.pass("time_window", "Within NotBefore / NotOnOrAfter");
      }
      return checks.fail(id, code, detail);
    }
    if (!profile) checks.fail("format", "invalid_saml_response", "The response carries no assertion");
    checks.pass("in_response_to", mode === "always" ? "Answers the sign-in request Portico sent" : "Unsolicited (IdP-initiated), as allowed for this connection");

    let signedBy: string | null = null;
    if (options.diagnose) {
      const plain = child(response, NS.saml, "Assertion");
      const index = plain ? conn.idpCertificates.findIndex((pem) => {
        try {
          return getVerifiedXml(xml, plain, [pem]) !== null;
        } catch {
          return false;
        }
      }) : -1;
      if (index >= 0) signedBy = certificateView(conn.idpCertificates[index]!).fingerprint_sha256;
    }
    const signedWhat = conn.wantResponseSigned ? "The response and its assertion are signed" : "The assertion is signed";
    checks.pass("signature", signedBy ? `${signedWhat} by the certificate with SHA-256 fingerprint ${signedBy}` : `${signedWhat} by one of this connection's certificates`);

    // Everything below reads the assertion node-saml verified (its signed bytes), never the envelope.
    const verified = parseUntrustedXml(profile.getAssertionXml!(), MAX_SAML_XML_CHARS).documentElement;
    const issuer = child(verified, NS.saml, "Issuer")?.textContent?.trim() ?? "";
    if (issuer !== conn.idpEntityId) checks.fail("issuer", "invalid_saml_response", `The assertion's issuer is "${issuer}"; this connection expects "${conn.idpEntityId}"`);
    checks.pass("issuer", "The assertion comes from the identity provider's entity ID");
    checks.pass("time_window", "Within NotBefore / NotOnOrAfter (5 seconds of clock skew allowed)");
    checks.pass("audience", "The audience is this connection's SP Entity ID");

    const subject = child(verified, NS.saml, "Subject");
    const confirmations = subject ? children(subject, NS.saml, "SubjectConfirmation").filter((c) => c.getAttribute("Method") === BEARER) : [];
    const data = confirmations.map((c) => child(c, NS.saml, "SubjectConfirmationData")).filter((d): d is Element => !!d);
    const recipients = data.map((d) => d.getAttribute("Recipient") ?? "");
    if (!data.length) checks.fail("recipient", "invalid_saml_response", "The assertion has no bearer SubjectConfirmation");
    if (!recipients.every((r) => r === sp.acsUrl)) checks.fail("recipient", "invalid_acs_url", `The assertion is for the recipient "${recipients.find((r) => r !== sp.acsUrl) || "(none)"}"; this connection's ACS URL is "${sp.acsUrl}"`);
    checks.pass("recipient", "The recipient is this connection's ACS URL");
    const confirmationInResponseTo = data.map((d) => d.getAttribute("InResponseTo")).find(Boolean) ?? null;
    if (options.expected === "unsolicited" && confirmationInResponseTo) checks.fail("in_response_to", "invalid_saml_response", "The assertion answers a sign-in request, but arrived as an IdP-initiated response");

    const destination = response.getAttribute("Destination");
    if (destination && destination !== sp.acsUrl) checks.fail("destination", "invalid_acs_url", `The response was sent to "${destination}"; this connection's ACS URL is "${sp.acsUrl}"`);
    if (!destination && conn.wantResponseSigned) checks.fail("destination", "invalid_acs_url", "A signed response must name its Destination");
    checks.pass("destination", destination ? "The destination is this connection's ACS URL" : "No Destination (optional for an unsigned response)");

    const conditions = child(verified, NS.saml, "Conditions");
    const ends = [conditions?.getAttribute("NotOnOrAfter") ?? null, ...data.map((d) => d.getAttribute("NotOnOrAfter"))].map(time).filter((t) => !Number.isNaN(t));
    const nameIdNode = subject ? child(subject, NS.saml, "NameID") : null;
    const assertionId = verified.getAttribute("ID");
    if (!assertionId) checks.fail("format", "malformed_saml_response", "The assertion has no ID");
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    return {
      checks: checks.list,
      assertion: {
        assertionId,
        issuer,
        nameId: (nameIdNode?.textContent ?? profile.nameID ?? "").trim(),
        nameIdFormat: nameIdNode?.getAttribute("Format") ?? null,
        sessionIndex: profile.sessionIndex ?? null,
        inResponseTo,
        attributes,
        // An assertion without an end is kept for the longest time it could be accepted.
        notOnOrAfter: new Date((ends.length ? Math.max(...ends) : now + MAX_RESPONSE_AGE_MS) + CLOCK_SKEW_MS),
        signedBy,
      },
    };
  } catch (err) {
    if (err instanceof SamlValidationError && options.diagnose) diagnoseUnverified(doc, conn, checks, now);
    throw err;
  }
}
