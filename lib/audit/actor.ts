// Who did something. Portal users are the host app's signed-in user carried on the portal link; a
// directory is the IdP pushing users and groups over SCIM with that directory's token.
export type ActorType = "operator" | "portal_user" | "management_client" | "service_principal" | "system" | "anonymous" | "directory";

export interface Actor {
  type: ActorType;
  id?: string | null;
  /** Human-readable: an email, a client name. */
  label?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "system" };
export const ANONYMOUS_ACTOR: Actor = { type: "anonymous", id: null, label: null };
