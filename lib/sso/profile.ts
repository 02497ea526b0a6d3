import type { SsoConnectionType } from "./providers";
import { SsoError } from "./errors";

// The normalized user profile (compat.md §4.9) and the attribute mapping that makes it from what an IdP
// sends: a SAML assertion's attributes (and NameID) or an OIDC ID token's claims merged with userinfo.
// Each field has the name the admin configured (shown in the portal's Attribute mapping) and the
// well-known names IdPs use for it, tried in order; `email` is mandatory.

export const PROFILE_FIELDS = ["email", "email_verified", "name", "given_name", "family_name", "preferred_username", "groups"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Field → attribute (SAML) or claim (OIDC) name. Custom attributes use their registry key. */
export type AttributeMapping = Partial<Record<string, string>>;

export const DEFAULT_MAPPING: Record<SsoConnectionType, Record<ProfileField, string>> = {
  SAML: { email: "email", email_verified: "email_verified", name: "name", given_name: "firstName", family_name: "lastName", preferred_username: "username", groups: "groups" },
  OIDC: { email: "email", email_verified: "email_verified", name: "name", given_name: "given_name", family_name: "family_name", preferred_username: "preferred_username", groups: "groups" },
};

const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
/** Names IdPs send without being told (Entra ID's claim URIs, AD FS, LDAP OIDs, Google's and Okta's spellings). */
const ALIASES: Record<ProfileField, string[]> = {
  email: ["email", "mail", "emailAddress", "Email", `${CLAIMS}emailaddress`, "urn:oid:0.9.2342.19200300.100.1.3", "http://schemas.xmlsoap.org/claims/EmailAddress", "User.email"],
  email_verified: ["email_verified"],
  name: ["name", "displayName", "http://schemas.microsoft.com/identity/claims/displayname", `${CLAIMS}name`, "urn:oid:2.16.840.1.113730.3.1.241"],
  given_name: ["given_name", "firstName", "givenName", "first_name", "FirstName", `${CLAIMS}givenname`, "urn:oid:2.5.4.42", "User.FirstName"],
  family_name: ["family_name", "lastName", "surname", "sn", "last_name", "LastName", `${CLAIMS}surname`, "urn:oid:2.5.4.4", "User.LastName"],
  preferred_username: ["preferred_username", "username", "userName", "uid", "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"],
  groups: ["groups", "memberOf", "Group", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", "http://schemas.xmlsoap.org/claims/Group"],
};

export interface ProfileIdentity {
  connection_id: string;
  organization_id: string;
  connection_type: SsoConnectionType;
  provider_name: string;
  social: false;
  /** What the IdP sent, as it sent it (attribute or claim name → value). */
  provider_raw_attributes: Record<string, unknown>;
}

export interface NormalizedProfile {
  /** connection_id;idp user id (compat.md §1), stable per user and connection. */
  sub: string;
  email: string;
  email_verified: boolean;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  preferred_username: string | null;
  groups: string[];
  locale: string | null;
  picture: string | null;
  custom_attributes: Record<string, string | string[]>;
  identities: ProfileIdentity[];
}

/** Where each profile field came from, for the test result page. */
export interface MappingReport {
  field: string;
  attribute: string | null;
  value: unknown;
  required: boolean;
}

export interface MappingInput {
  type: SsoConnectionType;
  connectionId: string;
  organizationId: string;
  provider: string;
  mapping: AttributeMapping;
  /** Custom attribute keys from the deployment registry. */
  customAttributes: readonly string[];
  /** The IdP's stable user id: SAML NameID, OIDC sub. */
  subject: string;
  /** SAML: the NameID when its format is an email address. */
  subjectEmail: string | null;
  attributes: Record<string, unknown>;
  /** Lowercase email domains counted as verified (the connection's allowed domains). */
  verifiedDomains: readonly string[];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | null {
  const v = first(value);
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return values.map((v) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "")).filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The email's domain, lowercase (null when it is not an email). */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at > 0 && EMAIL.test(email) ? email.slice(at + 1).toLowerCase() : null;
}

/** Maps what the IdP sent onto the normalized profile; throws mandatory_attribute_missing without an email. */
export function normalizeProfile(input: MappingInput): { profile: NormalizedProfile; report: MappingReport[] } {
  const report: MappingReport[] = [];
  const attrs = input.attributes;
  const pick = (field: ProfileField): { attribute: string | null; value: unknown } => {
    const configured = input.mapping[field] ?? DEFAULT_MAPPING[input.type][field];
    for (const name of [configured, ...ALIASES[field]]) {
      if (name && Object.hasOwn(attrs, name) && attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== "") return { attribute: name, value: attrs[name] };
    }
    return { attribute: null, value: undefined };
  };
  const fields = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, pick(f)])) as Record<ProfileField, { attribute: string | null; value: unknown }>;

  let email = text(fields.email.value);
  let emailSource = fields.email.attribute;
  if (!email && input.subjectEmail) {
    email = input.subjectEmail;
    emailSource = "NameID";
  }
  report.push({ field: "email", attribute: emailSource, value: email, required: true });
  if (!email || !EMAIL.test(email)) {
    const expected = input.mapping.email ?? DEFAULT_MAPPING[input.type].email;
    throw new SsoError("mandatory_attribute_missing", email
      ? `The email the identity provider sent is not an email address (attribute ${emailSource})`
      : `The identity provider sent no email: send it as the attribute "${expected}"${input.type === "SAML" ? " or as an email-format NameID" : ""}`, "attribute_mapping");
  }
  email = email.toLowerCase();
  const domain = emailDomain(email)!;
  const claimedVerified = first(fields.email_verified.value);
  const emailVerified = claimedVerified === true || claimedVerified === "true" || (input.type === "SAML" && input.verifiedDomains.includes(domain));

  const custom: Record<string, string | string[]> = {};
  for (const key of input.customAttributes) {
    const name = input.mapping[key] ?? key;
    const raw = attrs[name];
    if (raw === undefined || raw === null) continue;
    const values = list(raw);
    if (values.length) custom[key] = values.length === 1 ? values[0]! : values;
    report.push({ field: key, attribute: name, value: custom[key] ?? null, required: false });
  }
  const given = text(fields.given_name.value);
  const family = text(fields.family_name.value);
  const profile: NormalizedProfile = {
    sub: `${input.connectionId};${input.subject}`,
    email,
    email_verified: emailVerified,
    name: text(fields.name.value) ?? ([given, family].filter(Boolean).join(" ") || null),
    given_name: given,
    family_name: family,
    preferred_username: text(fields.preferred_username.value),
    groups: list(fields.groups.value),
    locale: text(attrs.locale),
    picture: text(attrs.picture),
    custom_attributes: custom,
    identities: [{
      connection_id: input.connectionId, organization_id: input.organizationId, connection_type: input.type,
      provider_name: input.provider, social: false, provider_raw_attributes: attrs,
    }],
  };
  for (const f of PROFILE_FIELDS) if (f !== "email") report.push({ field: f, attribute: fields[f].attribute, value: f === "email_verified" ? emailVerified : (profile as unknown as Record<string, unknown>)[f], required: false });
  return { profile, report };
}
