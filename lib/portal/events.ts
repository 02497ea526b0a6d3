// Browser events the admin portal posts to the host page (PRODUCT.md, "Portal browser events"):
// { event_type, object, message, organization_id, data } (messages and data as Scalekit's UI events), sent with window.parent.postMessage only to
// the deployment's registered origins, never to "*". Safe to import from client components.

export const PORTAL_EVENT_TYPES = [
  "ORGANIZATION_SSO_ENABLED", "ORGANIZATION_SSO_DISABLED",
  "ORGANIZATION_DIRECTORY_ENABLED", "ORGANIZATION_DIRECTORY_DISABLED",
  "PORTAL_SESSION_WARNING", "PORTAL_SESSION_EXPIRY",
  "SERVICE_PRINCIPAL_CREATED", "SERVICE_PRINCIPAL_DELETED",
  "PORTAL_RESIZE",
] as const;
export type PortalEventType = (typeof PORTAL_EVENT_TYPES)[number];

export interface PortalEvent {
  event_type: PortalEventType;
  object: string;
  message: string;
  organization_id: string;
  data: Record<string, unknown>;
}

const OBJECT: Record<PortalEventType, string> = {
  ORGANIZATION_SSO_ENABLED: "connection", ORGANIZATION_SSO_DISABLED: "connection",
  ORGANIZATION_DIRECTORY_ENABLED: "directory", ORGANIZATION_DIRECTORY_DISABLED: "directory",
  PORTAL_SESSION_WARNING: "session", PORTAL_SESSION_EXPIRY: "session",
  SERVICE_PRINCIPAL_CREATED: "service_principal", SERVICE_PRINCIPAL_DELETED: "service_principal",
  PORTAL_RESIZE: "portal",
};

const MESSAGE: Record<PortalEventType, string> = {
  ORGANIZATION_SSO_ENABLED: "Single sign-on connection enabled successfully",
  ORGANIZATION_SSO_DISABLED: "Single sign-on connection disabled successfully",
  ORGANIZATION_DIRECTORY_ENABLED: "SCIM Provisioning enabled successfully",
  ORGANIZATION_DIRECTORY_DISABLED: "SCIM Provisioning disabled successfully",
  PORTAL_SESSION_WARNING: "The admin portal session will expire in 5 minutes",
  PORTAL_SESSION_EXPIRY: "The admin portal session has expired",
  SERVICE_PRINCIPAL_CREATED: "A service principal was created",
  SERVICE_PRINCIPAL_DELETED: "A service principal was deleted",
  PORTAL_RESIZE: "The admin portal's content changed height",
};

/** Seconds before expiry at which PORTAL_SESSION_WARNING is sent. */
export const SESSION_WARNING_SEC = 5 * 60;

export function portalEvent(type: PortalEventType, organizationId: string, data: Record<string, unknown> = {}): PortalEvent {
  return { event_type: type, object: OBJECT[type], message: MESSAGE[type], organization_id: organizationId, data };
}

/** True when `origin` is covered by an allowed pattern (exact, or https://*.example.com). Mirrors lib/portal/origins.ts. */
export function originAllowedByPatterns(origin: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    if (pattern === origin) return true;
    const wild = /^https:\/\/\*\.([^:/]+)(?::(\d+))?$/.exec(pattern);
    const m = /^https:\/\/([^:/]+)(?::(\d+))?$/.exec(origin);
    if (wild && m && (m[2] ?? "") === (wild[2] ?? "") && m[1]!.endsWith(`.${wild[1]}`)) return true;
  }
  return false;
}

/**
 * Where to post: the parent's origin when the browser tells us (location.ancestorOrigins) and it is
 * allowed; otherwise every exact allowed origin (postMessage drops the message unless the parent is
 * that origin, so only the real parent receives it).
 */
export function eventTargets(parentOrigin: string | null, allowed: readonly string[]): string[] {
  if (parentOrigin) return originAllowedByPatterns(parentOrigin, allowed) ? [parentOrigin] : [];
  return allowed.filter((o) => !o.includes("*"));
}
