// The portal Activity tab's kinds and event shape, safe to import from client components (the query
// itself is ./activity.ts, which reads the database).

export const ACTIVITY_KINDS = {
  api_clients: "API clients",
  sso: "Single sign-on",
  directory_sync: "Directory sync",
  roles: "Roles",
  domains: "Domains",
  session_settings: "Session settings",
  portal_access: "Portal access",
} as const;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

/** The portal feature (tab) each kind belongs to; portal access concerns every session. */
const KIND_FEATURE: Record<ActivityKind, string | null> = {
  api_clients: "api_clients", sso: "sso", directory_sync: "dir_sync", roles: "roles", domains: "domain_verification", session_settings: "session_settings", portal_access: null,
};

export function isActivityKind(value: unknown): value is ActivityKind {
  return typeof value === "string" && Object.hasOwn(ACTIVITY_KINDS, value);
}

/** The kinds the filter offers a session: those of the tabs it has (all activity stays listed under "All activity"). */
export function activityKindsFor(features: readonly string[]): ActivityKind[] {
  return (Object.keys(ACTIVITY_KINDS) as ActivityKind[]).filter((k) => KIND_FEATURE[k] === null || features.includes(KIND_FEATURE[k]!));
}

export interface ActivityChange {
  label: string;
  from: string;
  to: string;
}

export interface PortalActivityEvent {
  id: string;
  time: string;
  action: string;
  kind: ActivityKind;
  /** "Secret added". */
  label: string;
  /** Who: the person's name (or email) as the host app passed it, or who else acted, in words that follow "by". */
  actor: { name: string; detail: string | null };
  /** What it concerns, in words: "secret ••••nr6A of Data warehouse export", "directory Contoso Entra (Microsoft Entra ID)". */
  target: string | null;
  /** For changes: what changed, from and to, in words. */
  changes: ActivityChange[];
  /** Why, where the event says (a refused token request's reason). */
  note: string | null;
}

