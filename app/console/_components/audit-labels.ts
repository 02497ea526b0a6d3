// Action labels come from the event catalog.
export { actionLabel } from "@/lib/events/labels";

const ACTOR_TYPE: Record<string, string> = {
  operator: "Operator", portal_user: "Portal user", management_client: "Management client", service_principal: "Service principal", system: "System", anonymous: "Anonymous", directory: "Directory (SCIM)",
};

export function actorTypeLabel(type: string): string {
  return ACTOR_TYPE[type] ?? type;
}
