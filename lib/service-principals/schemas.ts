import { z } from "zod";
import { descriptionSchema, scopeNameSchema } from "@/lib/scope-catalog/schemas";
import { text } from "@/lib/validation/text";

// Shared by the management API, the service-principal forms and their server actions. Service principals
// are granted the scope catalog's scopes, so scope names (and the description rule) come from there.

export { descriptionSchema, scopeNameSchema };

export const MIN_EXPIRY_SECONDS = 300;
export const MAX_EXPIRY_SECONDS = 86_400;
export const DEFAULT_EXPIRY_SECONDS = 3600;
export const MAX_SECRETS_PER_CLIENT = 5;
export const MAX_CUSTOM_CLAIMS = 20;
/** created_by of the secret Portico stores from BOOTSTRAP_MANAGEMENT_CLIENT_SECRET (lib/management/bootstrap-client.ts). */
export const BOOTSTRAP_CREATED_BY = "bootstrap";

/** Claims Portico sets itself; a custom claim may not shadow them. */
export const RESERVED_CLAIMS = [
  "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "oid", "org_id", "scope", "scopes", "gty",
  "azp", "custom_claims", "uid", "sid", "typ", "cnf", "act", "may_act", "auth_time", "acr", "amr",
] as const;

export const nameSchema = text().trim().min(1, "is required").max(100, "must be at most 100 characters");
export const audienceSchema = text().trim().min(1).max(300, "must be at most 300 characters");
export const expirySchema = z.number({ error: "must be a number of seconds" }).int("must be a whole number of seconds")
  .min(MIN_EXPIRY_SECONDS, `must be at least ${MIN_EXPIRY_SECONDS} seconds`).max(MAX_EXPIRY_SECONDS, `must be at most ${MAX_EXPIRY_SECONDS} seconds (24 hours)`);

export const customClaimSchema = z.object({
  key: text().trim().min(1, "is required").max(64, "must be at most 64 characters")
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, "must start with a letter or _ and use letters, digits and _ . : -")
    .refine((k) => !(RESERVED_CLAIMS as readonly string[]).includes(k), "is a registered claim Portico sets itself"),
  value: text().min(1, "is required").max(500, "must be at most 500 characters"),
}).strict();

const uniqueKeys = (claims: { key: string }[]) => new Set(claims.map((c) => c.key)).size === claims.length;

export const customClaimsSchema = z.array(customClaimSchema).max(MAX_CUSTOM_CLAIMS, `at most ${MAX_CUSTOM_CLAIMS} custom claims`)
  .refine(uniqueKeys, "each key may appear once");

export const createServicePrincipalSchema = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
  scopes: z.array(scopeNameSchema).max(100).default([]),
  audience: z.array(audienceSchema).max(10).optional(),
  expiry: expirySchema.optional(),
  custom_claims: customClaimsSchema.optional(),
}).strict();
export type CreateServicePrincipalInput = z.output<typeof createServicePrincipalSchema>;

export const updateServicePrincipalSchema = z.object({
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  scopes: z.array(scopeNameSchema).max(100).optional(),
  audience: z.array(audienceSchema).max(10).optional(),
  expiry: expirySchema.optional(),
  custom_claims: customClaimsSchema.optional(),
  status: z.enum(["active", "disabled"]).optional(),
}).strict();
export type UpdateServicePrincipalInput = z.output<typeof updateServicePrincipalSchema>;

/** A secret may be set to expire at most this far ahead (as Entra ID and others cap client secrets). */
export const MAX_SECRET_LIFETIME_DAYS = 730;

/** POST …/clients/{client_id}/secrets: optionally when the new secret stops working (RFC 3339, in the future). */
export const addClientSecretSchema = z.object({
  expire_time: z.iso.datetime({ offset: true, error: "must be an RFC 3339 date-time such as 2027-06-30T00:00:00Z" })
    // (zod runs refinements after a failed format check too: an unreadable value has its one error already)
    .refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) > Date.now() + 60_000, "must be in the future")
    .refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + MAX_SECRET_LIFETIME_DAYS * 86_400_000, `must be at most ${MAX_SECRET_LIFETIME_DAYS} days from now`)
    .nullish(),
}).strict();
export type AddClientSecretInput = z.output<typeof addClientSecretSchema>;

/** What the API returns for a secret: never the secret itself. */
export interface ClientSecretView {
  id: string;
  secret_suffix: string;
  status: "ACTIVE" | "INACTIVE";
  create_time: string;
  update_time: string;
  expire_time: string | null;
  last_used_time: string | null;
  created_by: string;
}

export interface ServicePrincipalView {
  client_id: string;
  name: string;
  description: string;
  organization_id: string | null;
  scopes: string[];
  audience: string[];
  expiry: number;
  custom_claims: { key: string; value: string }[];
  status: "active" | "disabled";
  created_by: string;
  secrets: ClientSecretView[];
  create_time: string;
  update_time: string;
}

// ───────────── Environment-level clients (no owning organization; operators manage them) ─────────────

/** Auth0's organization_usage: whether the token request may (allow), must (require) or may not (deny) name an organization. */
export const ORGANIZATION_USAGE = ["deny", "allow", "require"] as const;
export type OrganizationUsage = (typeof ORGANIZATION_USAGE)[number];

// Looser than idSchema("organization") on purpose: a well-formed name that is no organization is then
// refused by the domain naming it ("names organizations that do not exist: org_x"), which says more.
const organizationIdSchema = text().regex(/^org_[A-Za-z0-9_-]{1,64}$/, "must be an organization id (org_…)");

/** Redirect URIs an environment client may use at /oauth/authorize (compat.md §6.9): matched exactly. */
export const MAX_REDIRECT_URIS = 5;
export const MAX_REDIRECT_URI_LENGTH = 256;
const LOCAL_REDIRECT_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Why a redirect URI is not acceptable, or null. Client-safe (the console form uses it too). */
export function redirectUriProblem(value: string): string | null {
  if (value.length > MAX_REDIRECT_URI_LENGTH) return `must be at most ${MAX_REDIRECT_URI_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL such as https://app.example.com/auth/callback";
  }
  if (url.href !== value && url.href !== `${value}/`) return `must be written as the browser will send it: ${url.href}`;
  if (value.includes("*")) return "must not contain wildcards: redirect URIs are matched exactly";
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.hash || value.includes("#")) return "must not contain a fragment (#…)";
  if (url.search) return "must not contain query parameters";
  if (url.protocol === "http:" && !LOCAL_REDIRECT_HOSTS.includes(url.hostname)) return "must use https (plain http only for localhost during development)";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https:// URL";
  return null;
}

export const redirectUriSchema = text().trim().superRefine((v, ctx) => {
  const problem = redirectUriProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const redirectUrisSchema = z.array(redirectUriSchema).max(MAX_REDIRECT_URIS, `at most ${MAX_REDIRECT_URIS} redirect URIs`)
  .refine((list) => new Set(list).size === list.length, "each redirect URI may appear once");

export const createEnvironmentClientSchema = createServicePrincipalSchema.extend({
  organization_usage: z.enum(ORGANIZATION_USAGE).default("deny"),
  allow_any_organization: z.boolean().default(false),
  allowed_organization_ids: z.array(organizationIdSchema).max(1000).default([]),
  redirect_uris: redirectUrisSchema.default([]),
  default_redirect_uri: redirectUriSchema.nullish(),
}).strict();
export type CreateEnvironmentClientInput = z.output<typeof createEnvironmentClientSchema>;

export const updateEnvironmentClientSchema = updateServicePrincipalSchema.extend({
  organization_usage: z.enum(ORGANIZATION_USAGE).optional(),
  allow_any_organization: z.boolean().optional(),
  allowed_organization_ids: z.array(organizationIdSchema).max(1000).optional(),
  redirect_uris: redirectUrisSchema.optional(),
  default_redirect_uri: redirectUriSchema.nullish(),
}).strict();
export type UpdateEnvironmentClientInput = z.output<typeof updateEnvironmentClientSchema>;

/** PUT /api/v1/redirect_uris: the calling environment client's own redirect URIs (replaces both). */
export const ownRedirectUrisSchema = z.object({
  redirect_uris: redirectUrisSchema,
  default_redirect_uri: redirectUriSchema.nullish(),
}).strict();
export type OwnRedirectUrisInput = z.output<typeof ownRedirectUrisSchema>;

export interface EnvironmentClientView extends ServicePrincipalView {
  organization_id: null;
  organization_usage: OrganizationUsage;
  allow_any_organization: boolean;
  allowed_organization_ids: string[];
  /** Where /oauth/authorize may send users back (exact match). */
  redirect_uris: string[];
  /** Where IdP-initiated logins land (one of redirect_uris); at most one environment client has one. */
  default_redirect_uri: string | null;
}
