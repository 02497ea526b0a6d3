import type { Principal } from "@/lib/authz";
import { queryAuditEvents, type AuditEventView } from "@/lib/audit/query";
import { db, Prisma } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { PROVIDER_LABELS, type DirectoryProvider } from "@/lib/directory/schemas";
import { formatDuration } from "@/lib/format";
import { SSO_ERROR_CODES, isSsoErrorCode } from "@/lib/sso/errors";
import { providerLabel as ssoProviderLabel } from "@/lib/sso/providers";
import { ACTIVITY_KINDS, activityKindsFor, isActivityKind, type ActivityChange, type ActivityKind, type PortalActivityEvent } from "./activity-kinds";

export { ACTIVITY_KINDS, activityKindsFor, isActivityKind, type ActivityChange, type ActivityKind, type PortalActivityEvent };

// The portal's Activity tab: the session's own organization's audit trail as tenant admins read it.
// Only what concerns them (their API clients and secrets, failed token requests of those clients, their
// SSO connections (set-up, tests, enable/disable, the IdP's certificate changing), their directories and SCIM tokens, group → role mappings, domains, their session settings, who opened the
// portal); the vendor's own plumbing (links the host app made, the organization's record, exports,
// webhook endpoints, the role registry) stays in the console. The users and groups the IdP provisions are
// not listed one by one here: the Directory sync tab shows them and its provisioning log; nor are the
// users' SSO sign-ins (the audit trail keeps each, and Test connection shows the admin one in detail). Each event is told in tenant words, with a
// readable target ("secret ••••nr6A of Data warehouse export") and the person's name as the host app
// passed it. Never the IP addresses, user agents, request ids, raw before/after values or metadata
// (which carry portal session ids) that operators see: only the changes written out below.
// Both the first page and every "Load more" go through here.

export const ACTIVITY_PAGE_SIZE = 25;

/** The audit actions tenant admins see, by kind, with their label. Anything else is the vendor's. */
const TENANT_ACTIONS: Record<string, { kind: ActivityKind; label: string }> = {
  "service_principal.created": { kind: "api_clients", label: "API client created" },
  "service_principal.updated": { kind: "api_clients", label: "API client changed" },
  "service_principal.enabled": { kind: "api_clients", label: "API client enabled" },
  "service_principal.disabled": { kind: "api_clients", label: "API client disabled" },
  "service_principal.deleted": { kind: "api_clients", label: "API client deleted" },
  "client_secret.created": { kind: "api_clients", label: "Secret added" },
  "client_secret.revoked": { kind: "api_clients", label: "Secret revoked" },
  "client_authentication.failed": { kind: "api_clients", label: "Token request refused" },
  "connection.created": { kind: "sso", label: "SSO connection added" },
  "connection.updated": { kind: "sso", label: "SSO connection changed" },
  "connection.tested": { kind: "sso", label: "SSO connection tested" },
  "connection.enabled": { kind: "sso", label: "SSO connection enabled" },
  "connection.disabled": { kind: "sso", label: "SSO connection disabled" },
  "connection.deleted": { kind: "sso", label: "SSO connection removed" },
  "connection.certificate_changed": { kind: "sso", label: "Identity provider certificate changed" },
  "directory.created": { kind: "directory_sync", label: "Directory created" },
  "directory.updated": { kind: "directory_sync", label: "Directory changed" },
  "directory.enabled": { kind: "directory_sync", label: "Directory enabled" },
  "directory.disabled": { kind: "directory_sync", label: "Directory disabled" },
  "directory.token_rotated": { kind: "directory_sync", label: "SCIM token rotated" },
  "role_mapping.updated": { kind: "roles", label: "Group role changed" },
  "domain.created": { kind: "domains", label: "Domain added" },
  "domain.verified": { kind: "domains", label: "Domain verified" },
  "domain.verification_failed": { kind: "domains", label: "Domain verification failed" },
  "domain.deleted": { kind: "domains", label: "Domain removed" },
  "session_settings.updated": { kind: "session_settings", label: "Session settings updated" },
  "portal_link.used": { kind: "portal_access", label: "Opened the admin portal" },
};

const actionsOf = (kind: ActivityKind | null) => Object.entries(TENANT_ACTIONS).filter(([, a]) => !kind || a.kind === kind).map(([action]) => action);

export interface PortalActivityPage {
  events: PortalActivityEvent[];
  next_cursor: string | null;
}

const FAILURE_REASONS: Record<string, string> = {
  missing_credentials: "no client ID or secret was sent",
  unknown_client: "the client ID is not known",
  wrong_secret: "the secret is wrong",
  secret_revoked: "the secret was revoked",
  secret_expired: "the secret has expired",
  client_disabled: "the API client is disabled",
  organization_deleted: "the organization no longer exists",
};

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/**
 * What the page needs beyond the events themselves: current client names, secrets' last four characters
 * (the audit trail redacts anything named like a secret) and the people behind portal sessions.
 */
interface Lookups {
  clientNames: Map<string, string>;
  secretSuffixes: Map<string, string>;
  people: Map<string, { name: string | null; email: string | null }>;
  /** Directories as they are now, for events that carry only the id (token rotations). */
  directories: Map<string, { name: string; provider: string }>;
  /** SSO connections as they are now, for events that carry only the id and the change (enable, disable). */
  connections: Map<string, { provider: string; type: string }>;
}

async function lookups(organizationId: string, events: AuditEventView[]): Promise<Lookups> {
  const clientIds = new Set<string>();
  const personIds = new Set<string>();
  const secretIds = new Set<string>();
  const directoryIds = new Set<string>();
  const connectionIds = new Set<string>();
  for (const e of events) {
    if (e.target?.type === "connection") connectionIds.add(e.target.id);
    if (e.target?.type === "client_secret") secretIds.add(e.target.id);
    if (e.target?.type === "directory") directoryIds.add(e.target.id);
    const clientId = text(record(e.metadata).client_id) ?? (e.target?.type === "service_principal" || e.target?.type === "client" ? e.target.id : null);
    if (clientId) clientIds.add(clientId);
    if (e.actor.type === "portal_user" && e.actor.id) personIds.add(e.actor.id);
  }
  const [clients, secrets, people, directories, connections] = await Promise.all([
    clientIds.size
      ? db.servicePrincipal.findMany({ where: { organizationId, id: { in: [...clientIds] } }, select: { id: true, name: true } })
      : Promise.resolve([]),
    secretIds.size
      ? db.clientSecret.findMany({ where: { id: { in: [...secretIds] }, client: { organizationId } }, select: { id: true, suffix: true } })
      : Promise.resolve([]),
    // The host app's user as its latest link to this organization named them (the audit row keeps their email).
    personIds.size
      ? db.$queryRaw<{ id: string; name: string | null; email: string | null }[]>`
          SELECT DISTINCT ON (actor->>'id') actor->>'id' AS id, actor->>'name' AS name, actor->>'email' AS email
          FROM portal_links WHERE organization_id = ${organizationId} AND actor->>'id' IN (${Prisma.join([...personIds])})
          ORDER BY actor->>'id', create_time DESC`
      : Promise.resolve([]),
    directoryIds.size
      ? db.directory.findMany({ where: { organizationId, id: { in: [...directoryIds] } }, select: { id: true, name: true, provider: true } })
      : Promise.resolve([]),
    connectionIds.size
      ? db.ssoConnection.findMany({ where: { organizationId, id: { in: [...connectionIds] } }, select: { id: true, provider: true, type: true } })
      : Promise.resolve([]),
  ]);
  return {
    clientNames: new Map(clients.map((c) => [c.id, c.name])),
    secretSuffixes: new Map(secrets.map((s) => [s.id, s.suffix])),
    people: new Map(people.map((p) => [p.id, { name: p.name, email: p.email }])),
    directories: new Map(directories.map((d) => [d.id, { name: d.name, provider: d.provider }])),
    connections: new Map(connections.map((c) => [c.id, { provider: c.provider, type: c.type }])),
  };
}

function actorOf(e: AuditEventView, l: Lookups): PortalActivityEvent["actor"] {
  switch (e.actor.type) {
    case "portal_user": {
      const person = e.actor.id ? l.people.get(e.actor.id) : undefined;
      const email = person?.email ?? (e.actor.label?.includes("@") ? e.actor.label : null);
      const name = person?.name ?? email ?? "someone in the admin portal";
      return { name, detail: email && email !== name ? email : null };
    }
    case "operator":
      return { name: "the app's administrators", detail: null };
    case "management_client":
      return { name: "the app", detail: null };
    case "anonymous":
      return { name: "a caller of the token service", detail: null };
    default:
      return { name: "the system", detail: null };
  }
}

/** The API client an event concerns, by name: as the event recorded it, else as it is now. */
function clientName(e: AuditEventView, l: Lookups): string | null {
  const data = { ...record(e.before), ...record(e.after) };
  const id = text(record(e.metadata).client_id) ?? text(data.client_id) ?? e.target?.id ?? null;
  return text(data.name) ?? (id ? l.clientNames.get(id) ?? null : null);
}

const providerLabel = (provider: string | null) => (provider && Object.hasOwn(PROVIDER_LABELS, provider) ? PROVIDER_LABELS[provider as DirectoryProvider] : provider);

/** "directory Contoso Entra (Microsoft Entra ID)": as the event recorded it, else as it is now. */
function directoryName(e: AuditEventView, l: Lookups): string {
  const data = { ...record(e.before), ...record(e.after) };
  const now = e.target ? l.directories.get(e.target.id) : undefined;
  const name = text(data.name) ?? now?.name ?? null;
  const provider = providerLabel(text(data.provider) ?? now?.provider ?? null);
  if (!name) return "a directory";
  return provider && provider !== name ? `directory ${name} (${provider})` : `directory ${name}`;
}

/** "SSO connection Okta (SAML)": as the event recorded it, else as it is now. */
function connectionName(e: AuditEventView, l: Lookups): string {
  const data = { ...record(e.before), ...record(e.after) };
  const now = e.target ? l.connections.get(e.target.id) : undefined;
  const provider = text(data.provider) ?? now?.provider ?? null;
  const type = text(data.type) ?? now?.type ?? null;
  if (!provider) return "an SSO connection";
  return `SSO connection ${ssoProviderLabel(provider)}${type ? ` (${type})` : ""}`;
}

function targetOf(e: AuditEventView, l: Lookups): string | null {
  if (e.action.startsWith("connection.")) return connectionName(e, l);
  if (e.action.startsWith("client_secret.")) {
    const suffix = e.target ? l.secretSuffixes.get(e.target.id) : undefined;
    const name = clientName(e, l);
    return `secret ${suffix ? `••••${suffix}` : ""}${name ? ` of ${name}` : ""}`.replace("secret  of", "secret of").trim();
  }
  if (e.action.startsWith("service_principal.") || e.action === "client_authentication.failed") {
    const name = clientName(e, l);
    return name ? `API client ${name}` : e.action === "client_authentication.failed" ? "an unknown client ID" : "an API client";
  }
  if (e.action === "directory.token_rotated") {
    const suffix = text(record(record(e.after).token).suffix);
    return `${suffix ? `SCIM token ••••${suffix}` : "the SCIM token"} of ${directoryName(e, l)}`;
  }
  if (e.action.startsWith("directory.")) return directoryName(e, l);
  if (e.action === "role_mapping.updated") {
    const data = record(e.after);
    const group = text(data.group_name) ?? "a group";
    const role = text(data.role_name);
    return role ? `group ${group} → role ${role}` : `group ${group}, now without a role`;
  }
  if (e.action.startsWith("domain.")) {
    const data = { ...record(e.before), ...record(e.after) };
    const name = text(data.display_name) ?? text(data.name);
    return name ? `domain ${name}` : "a domain";
  }
  return null;
}

const CLIENT_FIELDS: Record<string, { label: string; show: (v: unknown) => string }> = {
  name: { label: "Name", show: (v) => text(v) ?? "—" },
  description: { label: "Description", show: (v) => text(v) ?? "—" },
  scopes: { label: "Scopes", show: (v) => (Array.isArray(v) && v.length ? v.join(", ") : "none") },
  audience: { label: "APIs it can call", show: (v) => (Array.isArray(v) && v.length ? v.join(", ") : "none") },
  expiry: { label: "Token lifetime", show: (v) => (typeof v === "number" ? formatDuration(v) : "—") },
  custom_claims: { label: "Custom claims", show: (v) => (Array.isArray(v) && v.length ? v.map((c) => `${record(c).key}: ${record(c).value}`).join(", ") : "none") },
  status: { label: "Status", show: (v) => (v === "disabled" ? "disabled" : "active") },
};

const DIRECTORY_FIELDS: Record<string, { label: string; show: (v: unknown) => string }> = {
  name: { label: "Name", show: (v) => text(v) ?? "—" },
  primary: { label: "Primary", show: (v) => (v === true ? "yes" : "no") },
};

const list = (v: unknown, none: string) => (Array.isArray(v) && v.length ? v.join(", ") : none);
const onOff = (v: unknown) => (v === true ? "on" : "off");
/** A certificate by the end of its SHA-256 fingerprint, as the IdP's admin screens show them. */
const certificates = (v: unknown) =>
  (Array.isArray(v) && v.length ? v.map((c) => { const f = text(record(c).fingerprint_sha256) ?? text(c) ?? ""; return `…${f.replace(/:/g, "").slice(-8)}`; }).join(", ") : "none");

/** What an SSO connection's change shows, by the path of the field in the connection's view. */
const CONNECTION_FIELDS: Record<string, { label: string; show: (v: unknown) => string }> = {
  provider: { label: "Identity provider", show: (v) => (text(v) ? ssoProviderLabel(text(v)!) : "—") },
  "saml.metadata_url": { label: "Metadata URL", show: (v) => text(v) ?? "none" },
  "saml.idp_entity_id": { label: "Identity provider entity ID", show: (v) => text(v) ?? "none" },
  "saml.idp_sso_url": { label: "Sign-on URL", show: (v) => text(v) ?? "none" },
  "saml.idp_sso_binding": { label: "Sign-on binding", show: (v) => text(v) ?? "—" },
  "saml.idp_certificates": { label: "Signing certificates", show: certificates },
  "saml.want_response_signed": { label: "Signed responses required", show: onOff },
  "oidc.issuer": { label: "Issuer", show: (v) => text(v) ?? "none" },
  "oidc.client_id": { label: "Client ID", show: (v) => text(v) ?? "none" },
  "oidc.scopes": { label: "Scopes", show: (v) => list(v, "none") },
  attribute_mapping: { label: "Attribute mapping", show: (v) => Object.entries(record(v)).map(([field, attr]) => `${field} ← ${String(attr)}`).join(", ") || "the defaults" },
  allowed_domains: { label: "Allowed email domains", show: (v) => list(v, "any") },
  verified_domains_only: { label: "Verified domains only", show: onOff },
  idp_initiated_login: { label: "Sign-in started at the identity provider", show: onOff },
};

const at = (value: Record<string, unknown>, path: string): unknown => path.split(".").reduce<unknown>((v, key) => record(v)[key], value);

const SETTING_FIELDS: Record<string, string> = {
  absolute_timeout_sec: "Session lifetime",
  idle_timeout_sec: "Idle timeout",
  access_token_lifetime_sec: "Access token lifetime",
};

function changesOf(e: AuditEventView): ActivityChange[] {
  const before = record(e.before);
  const after = record(e.after);
  if (e.action === "session_settings.updated") {
    return Object.entries(SETTING_FIELDS).flatMap(([key, label]) => {
      if (before[key] === after[key]) return [];
      const show = (v: unknown) => (typeof v === "number" ? formatDuration(v) : "the default");
      return [{ label, from: show(before[key]), to: show(after[key]) }];
    });
  }
  if (e.action === "service_principal.updated" || e.action === "service_principal.enabled" || e.action === "service_principal.disabled") {
    return Object.entries(CLIENT_FIELDS).flatMap(([key, { label, show }]) =>
      JSON.stringify(before[key]) === JSON.stringify(after[key]) ? [] : [{ label, from: show(before[key]), to: show(after[key]) }]);
  }
  if (e.action === "connection.updated") {
    return Object.entries(CONNECTION_FIELDS).flatMap(([path, { label, show }]) => {
      const from = at(before, path);
      const to = at(after, path);
      return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ label, from: show(from), to: show(to) }];
    });
  }
  if (e.action === "connection.certificate_changed") {
    return [{ label: "Signing certificates", from: certificates(before.certificates), to: certificates(after.certificates) }];
  }
  if (e.action === "directory.updated") {
    return Object.entries(DIRECTORY_FIELDS).flatMap(([key, { label, show }]) =>
      before[key] === undefined || before[key] === after[key] ? [] : [{ label, from: show(before[key]), to: show(after[key]) }]);
  }
  return [];
}


function noteOf(e: AuditEventView): string | null {
  if (e.action === "connection.tested") {
    const test = record(record(e.after).test);
    if (test.passed === true) return "The test sign-in passed.";
    const code = text(test.error_code);
    return `The test sign-in failed${code ? ` (${code}): ${isSsoErrorCode(code) ? SSO_ERROR_CODES[code].meaning : "see the test result"}` : "."}`;
  }
  if (e.action === "connection.enabled" && record(e.metadata).skip_test === true) return "Enabled by the app's administrators without a passing test.";
  // The audit trail redacts the secret's details; that it was replaced is what the metadata says.
  if (e.action === "connection.updated" && record(e.metadata).client_secret !== undefined) return "The client secret was replaced.";
  if (e.action === "domain.verification_failed") {
    const reason = text(record(e.after).failure_reason);
    return reason ? `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${/[.!?]$/.test(reason) ? "" : "."}` : null;
  }
  if (e.action !== "client_authentication.failed") return null;
  const meta = record(e.metadata);
  const reason = FAILURE_REASONS[text(meta.reason) ?? ""] ?? "the credentials were not accepted";
  const repeated = typeof meta.repeated === "number" && meta.repeated > 1 ? ` (${meta.repeated} times in that minute)` : "";
  return `Refused because ${reason}${repeated}.`;
}

/** One event as tenant admins see it. */
function tenantEvent(e: AuditEventView, l: Lookups): PortalActivityEvent {
  const known = TENANT_ACTIONS[e.action]!;
  return { id: e.id, time: e.time, action: e.action, kind: known.kind, label: known.label, actor: actorOf(e, l), target: targetOf(e, l), changes: changesOf(e), note: noteOf(e) };
}

/**
 * One page of the portal session's organization's activity, newest first (the organization comes from
 * the session), optionally of one kind.
 */
export async function portalActivityPage(
  principal: Extract<Principal, { kind: "portal" }>, cursor: string | null = null, kind: ActivityKind | null = null,
): Promise<PortalActivityPage> {
  if (kind !== null && !isActivityKind(kind)) throw invalid("kind", `must be one of ${Object.keys(ACTIVITY_KINDS).join(", ")}`);
  const page = await queryAuditEvents(principal, { organizationId: principal.organizationId, actions: actionsOf(kind), cursor, limit: ACTIVITY_PAGE_SIZE });
  const l = await lookups(principal.organizationId, page.events);
  return { events: page.events.map((e) => tenantEvent(e, l)), next_cursor: page.next_cursor };
}
