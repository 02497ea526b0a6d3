/** Objects whose name does not read right with underscores turned into spaces ("Api resource"). */
const OBJECT_WORDS: Record<string, string> = { api_resource: "API", api_scope: "scope" };

/** "client_secret.revoked" → "Client secret revoked"; "api_resource.created" → "API created". */
export function actionLabel(action: string): string {
  const [object = "", verb = ""] = action.split(".");
  const text = `${OBJECT_WORDS[object] ?? object.replace(/_/g, " ")} ${verb.replace(/_/g, " ")}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ACTOR_TYPE: Record<string, string> = {
  operator: "Operator", portal_user: "Portal user", management_client: "Management client", service_principal: "Service principal", system: "System", anonymous: "Anonymous", directory: "Directory (SCIM)",
};

export function actorTypeLabel(type: string): string {
  return ACTOR_TYPE[type] ?? type;
}
