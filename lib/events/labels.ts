import { EVENT_CATALOG } from "./catalog";

// How the audit trail names actions, from the event catalog (client-safe: the catalog is zod and text).
// An action several entries share (client_secret.created: a service principal's or an environment
// client's) gets a label that fits both; actions from before the catalog read as their words, with the
// product's names for objects whose words do not read right ("API", not "Api resource").

const OBJECT_WORDS: Record<string, string> = { api_resource: "API", api_scope: "scope", scim: "SCIM" };

function derived(action: string): string {
  const [object = "", verb = ""] = action.split(".");
  const text = `${OBJECT_WORDS[object] ?? object.replace(/_/g, " ")} ${verb.replace(/_/g, " ")}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const byAction = new Map<string, string[]>();
for (const definition of Object.values(EVENT_CATALOG)) {
  const labels = byAction.get(definition.audit.action) ?? [];
  labels.push(definition.label);
  byAction.set(definition.audit.action, labels);
}

/** "service_principal.created" → "Service principal created". */
export function actionLabel(action: string): string {
  const labels = byAction.get(action);
  return labels?.length === 1 ? labels[0]! : derived(action);
}

/** Every action the catalog records, sorted. */
export const AUDIT_ACTIONS: readonly string[] = [...byAction.keys()].sort();

/** Suggestions for the action filter: each family (`client_secret.*`) followed by its actions. */
export function actionSuggestions(): string[] {
  const families = [...new Set(AUDIT_ACTIONS.map((a) => a.split(".")[0]!))].sort();
  return families.flatMap((f) => {
    const members = AUDIT_ACTIONS.filter((a) => a.startsWith(`${f}.`));
    return members.length > 1 ? [`${f}.*`, ...members] : members;
  });
}
