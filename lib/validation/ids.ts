import { z } from "zod";
import { notFound } from "@/lib/errors";
import { isNewIdOf } from "@/lib/ids";
import { parsePosition } from "./position";

// Id formats, checked where ids come in (path segments, query parameters, server-action arguments) so an
// id that cannot exist is "not found" at once, in the edge's own error shape, and a hostile value (NUL,
// broken encoding, a megabyte of text) never reaches a query. One kind per thing with an id:
//
//   isIdOf("service_principal", params.client_id)   → boolean
//   idSchema("organization")                        → zod schema ("must be an organization id (org_…)")
//   idNotFoundMessage("client_secret")              → "Secret not found" (the domain's own wording)
//   assertIdOf("organization", id)                  → throws that DomainError (not_found) for a malformed id;
//                                                     the domain's lookups call it, so every edge gets it
//   idOf("organization", arg)                       → the id, or that DomainError: server actions' arguments
//
// Ids added later (connections…) get a kind here and use the same helpers. Client-safe (zod only).

const PORTAL_LINK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_p$/;
/** Environment clients made in the console are skc_ + digits; BOOTSTRAP_MANAGEMENT_CLIENT_ID may be any skc_ name. */
const ENVIRONMENT_CLIENT_ID = /^skc_[A-Za-z0-9_-]{1,100}$/;

interface IdKindDefinition {
  /** As "not found" names it: "Organization not found". */
  name: string;
  /** As a format error shows it: "must be an organization id (org_…)". */
  example: string;
  test: (value: string) => boolean;
}

export const ID_KINDS = {
  organization: { name: "Organization", example: "org_…", test: (v) => isNewIdOf("org", v) },
  service_principal: { name: "Service principal", example: "m2morg_…", test: (v) => isNewIdOf("m2morg", v) },
  environment_client: { name: "Environment client", example: "skc_…", test: (v) => ENVIRONMENT_CLIENT_ID.test(v) },
  /** Any client the token service knows: a service principal or an environment client. */
  client: { name: "Client", example: "m2morg_… or skc_…", test: (v) => isNewIdOf("m2morg", v) || ENVIRONMENT_CLIENT_ID.test(v) },
  client_secret: { name: "Secret", example: "sks_…", test: (v) => isNewIdOf("sks", v) },
  portal_link: { name: "Portal link", example: "…_p", test: (v) => PORTAL_LINK_ID.test(v) },
  operator: { name: "Operator", example: "opr_…", test: (v) => isNewIdOf("opr", v) },
  invitation: { name: "Invitation", example: "inv_…", test: (v) => isNewIdOf("inv", v) },
  /** Console-made APIs are res_ + digits; the built-in management API is res_portico_management. */
  api_resource: { name: "API", example: "res_…", test: (v) => /^res_[A-Za-z0-9_]{1,64}$/.test(v) },
  api_scope: { name: "Scope", example: "scp_…", test: (v) => isNewIdOf("scp", v) },
  audit_event: { name: "Audit event", example: "evt_…", test: (v) => isNewIdOf("evt", v) },
  domain: { name: "Domain", example: "dom_…", test: (v) => isNewIdOf("dom", v) },
  directory: { name: "Directory", example: "dir_…", test: (v) => isNewIdOf("dir", v) },
  directory_user: { name: "User", example: "diruser_…", test: (v) => isNewIdOf("diruser", v) },
  directory_group: { name: "Group", example: "dirgroup_…", test: (v) => isNewIdOf("dirgroup", v) },
  /** Roles are addressed by name (lib/roles ROLE_NAME_PATTERN). */
  role_name: { name: "Role", example: "a lowercase name", test: (v) => /^[a-z][a-z0-9_.:-]{0,63}$/.test(v) },
  /** SSO (issue 12): a connection, and the result of a Test connection run. */
  connection: { name: "Connection", example: "conn_…", test: (v) => isNewIdOf("conn", v) },
  sso_test: { name: "Test result", example: "tst_…", test: (v) => isNewIdOf("tst", v) },
  webhook_endpoint: { name: "Webhook endpoint", example: "whe_…", test: (v) => isNewIdOf("whe", v) },
  /** Deliveries are numbered (a bigint). */
  webhook_delivery: { name: "Delivery", example: "a number", test: (v) => parsePosition(v) !== null },
} as const satisfies Record<string, IdKindDefinition>;

export type IdKind = keyof typeof ID_KINDS;

/** Whether `value` is a string shaped like an id of this kind (which says nothing about whether it exists). */
export function isIdOf(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && (ID_KINDS[kind] as IdKindDefinition).test(value);
}

/** "Organization not found": what an id of this kind that cannot exist answers, like one that does not. */
export function idNotFoundMessage(kind: IdKind): string {
  return `${ID_KINDS[kind].name} not found`;
}

/** "must be an organization id (org_…)" */
export function idFormatMessage(kind: IdKind): string {
  const name = kind.replaceAll("_", " ").replace(/^api /, "API ");
  return `must be ${/^[aeiou]/i.test(name) ? "an" : "a"} ${name} id (${ID_KINDS[kind].example})`;
}

/** A zod schema for an id of this kind. */
export function idSchema(kind: IdKind) {
  const message = idFormatMessage(kind);
  return z.string({ error: message }).refine((v) => isIdOf(kind, v), { message });
}

/** For domain lookups: an id that cannot exist is "not found" (DomainError) before any query runs. */
export function assertIdOf(kind: IdKind, value: unknown): asserts value is string {
  if (!isIdOf(kind, value)) throw notFound(ID_KINDS[kind].name);
}

/** For server-action arguments: the id, or "not found" (as the management API's 404) for one that cannot exist. */
export function idOf(kind: IdKind, value: unknown): string {
  assertIdOf(kind, value);
  return value;
}
