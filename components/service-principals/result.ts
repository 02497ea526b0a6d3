// What the service-principal server actions return: data, or an error the UI can place next to a field.

export interface FieldMessage {
  /** The input field in the API's naming, e.g. "name", "custom_claims.0.key". */
  field: string;
  message: string;
}

export interface ActionError {
  code: "not_found" | "conflict" | "invalid" | "forbidden" | "limit_exceeded" | "unauthenticated" | "internal";
  message: string;
  fields: FieldMessage[];
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** Thrown by query and mutation functions so TanStack Query sees a failure; carries the field errors. */
export class ActionFailure extends Error {
  override name = "ActionFailure";
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

export function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new ActionFailure(result.error);
  return result.data;
}

/** Field paths from the server ("custom_claims[0].key") in react-hook-form's dotted form ("custom_claims.0.key"). */
export function formPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

/** This deployment's token-service endpoints, shown in the Integration panel. */
export interface IntegrationEndpoints { issuer: string; tokenUrl: string; jwksUrl: string; discoveryUrl: string }
