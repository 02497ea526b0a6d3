import { z } from "zod";
import { plainText, text } from "@/lib/validation/text";
import type { CertificateView } from "@/lib/saml/certificates";
import { PROFILE_FIELDS } from "./profile";
import { PROVIDER_GUIDES, SSO_CONNECTION_TYPES, SSO_PROVIDERS } from "./providers";

// Input for connections, shared by the management API, the portal and console forms and their server
// actions. Client-safe. Field names are the API's (snake_case); nested `saml` / `oidc` objects carry
// the protocol's own fields.


export const MAX_ALLOWED_DOMAINS = 50;
/** Management API bodies for connections may carry IdP metadata XML (up to 512 KB). */
export const MAX_CONNECTION_BODY_BYTES = 600 * 1024;
const domainSchema = text().trim().toLowerCase().max(253, "must be at most 253 characters")
  .regex(/^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, "must be a domain name such as example.com");

const attributeNameSchema = plainText({ multiline: false }).trim().min(1, "is required").max(256, "must be at most 256 characters");

/** Field (a profile field or a registered custom attribute key) → the IdP's attribute or claim name. */
export const attributeMappingSchema = z.record(
  text().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a profile field or custom attribute key"),
  attributeNameSchema,
).refine((m) => Object.keys(m).length <= 50, "at most 50 mapped attributes");

const urlSchema = text().trim().max(2048, "must be at most 2048 characters").url("must be a URL");
const certificateSchema = text().trim().min(1, "is required").max(16_384, "is too long for a certificate");

export const samlSettingsSchema = z.object({
  /** The IdP's metadata URL (fetched now and refreshed daily). */
  metadata_url: urlSchema.nullish(),
  /** Uploaded IdP metadata XML (read once; the fields below are filled from it). */
  metadata_xml: text().max(512 * 1024, "must be at most 512 KB").nullish(),
  idp_entity_id: text().trim().min(1, "is required").max(1024, "must be at most 1024 characters").nullish(),
  idp_sso_url: urlSchema.nullish(),
  idp_sso_binding: z.enum(["HTTP-Redirect", "HTTP-POST"]).optional(),
  /** PEM or base64 X.509 certificates; replaces the list. */
  idp_certificates: z.array(certificateSchema).max(5, "at most 5 certificates").optional(),
  want_response_signed: z.boolean().optional(),
}).strict();

export const oidcSettingsSchema = z.object({
  /** Issuer URL, or its /.well-known/openid-configuration URL. */
  issuer: urlSchema.nullish(),
  client_id: text().trim().min(1, "is required").max(512, "must be at most 512 characters").nullish(),
  /** Write-only: stored encrypted, never returned. */
  client_secret: text().min(1, "is required").max(2048, "must be at most 2048 characters").optional(),
  scopes: z.array(text().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/, "must be a scope token")).max(20).optional(),
}).strict();

const commonFields = {
  attribute_mapping: attributeMappingSchema.optional(),
  allowed_domains: z.array(domainSchema).max(MAX_ALLOWED_DOMAINS, `at most ${MAX_ALLOWED_DOMAINS} domains`).optional(),
  /** Only users whose email domain the organization has verified (Domains tab) may sign in. */
  verified_domains_only: z.boolean().optional(),
  idp_initiated_login: z.boolean().optional(),
  saml: samlSettingsSchema.optional(),
  oidc: oidcSettingsSchema.optional(),
};

export const createConnectionSchema = z.object({
  provider: z.enum(SSO_PROVIDERS),
  /** Optional: follows from the provider; when sent it must match. */
  type: z.enum(SSO_CONNECTION_TYPES).optional(),
  ...commonFields,
}).strict().superRefine((v, ctx) => {
  const type = PROVIDER_GUIDES[v.provider].type;
  if (v.type && v.type !== type) ctx.addIssue({ code: "custom", path: ["type"], message: `must be ${type} for provider ${v.provider}` });
  if (type === "SAML" && v.oidc) ctx.addIssue({ code: "custom", path: ["oidc"], message: "is for OIDC connections" });
  if (type === "OIDC" && v.saml) ctx.addIssue({ code: "custom", path: ["saml"], message: "is for SAML connections" });
  if (type === "OIDC" && v.idp_initiated_login) ctx.addIssue({ code: "custom", path: ["idp_initiated_login"], message: "is for SAML connections (OIDC logins always start at Portico)" });
});
export type CreateConnectionInput = z.output<typeof createConnectionSchema>;

export const updateConnectionSchema = z.object({
  provider: z.enum(SSO_PROVIDERS).optional(),
  ...commonFields,
}).strict();
export type UpdateConnectionInput = z.output<typeof updateConnectionSchema>;

export const enableConnectionSchema = z.object({
  /** Enable without a passing test at the current configuration (operators and the host app's backend only; audited). */
  skip_test: z.boolean().optional(),
}).strict();
export type EnableConnectionInput = z.output<typeof enableConnectionSchema>;

export const customAttributeSchema = z.object({
  key: text().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be lowercase letters, digits and _ (e.g. employee_number)")
    .refine((k) => !(PROFILE_FIELDS as readonly string[]).includes(k) && !["sub", "identities", "custom_attributes", "locale", "picture"].includes(k), "is a standard profile field"),
  label: plainText({ multiline: false }).trim().min(1, "is required").max(100, "must be at most 100 characters"),
}).strict();
export const customAttributesSchema = z.array(customAttributeSchema).max(50, "at most 50 custom attributes")
  .refine((list) => new Set(list.map((a) => a.key)).size === list.length, "each key may appear once");
export type CustomAttribute = z.output<typeof customAttributeSchema>;

// ───────────── Views (what the API and the screens get) ─────────────

/** An IdP signing certificate as shown (lib/saml/certificates.ts makes it). */
export type CertificateSummary = CertificateView;

export interface ConnectionTestSummary {
  id: string;
  passed: boolean;
  error_code: string | null;
  create_time: string;
  /** Whether it ran against the connection's current settings (only such a test lets it be enabled). */
  current: boolean;
}

export interface ConnectionView {
  id: string;
  organization_id: string;
  connection_type: "SSO";
  type: "SAML" | "OIDC";
  provider: string;
  enabled: boolean;
  /** draft (IdP side incomplete) | configured (ready to test) | tested (a passing test at the current settings) | enabled */
  status: "draft" | "configured" | "tested" | "enabled";
  attribute_mapping: Record<string, string>;
  allowed_domains: string[];
  verified_domains_only: boolean;
  idp_initiated_login: boolean;
  saml: null | {
    sp_entity_id: string;
    acs_url: string;
    sp_metadata_url: string;
    metadata_url: string | null;
    metadata_fetch_time: string | null;
    metadata_error: string | null;
    idp_entity_id: string | null;
    idp_sso_url: string | null;
    idp_sso_binding: "HTTP-Redirect" | "HTTP-POST";
    idp_certificates: CertificateSummary[];
    want_response_signed: boolean;
  };
  oidc: null | {
    redirect_uri: string;
    issuer: string | null;
    client_id: string | null;
    client_secret_set: boolean;
    client_secret_suffix: string | null;
    scopes: string[];
  };
  last_test: ConnectionTestSummary | null;
  create_time: string;
  update_time: string;
}
