import type { Failure, FieldError } from "@/lib/errors";

// What every server action returns (console, admin portal and dev tools alike): its data, or the one
// failure shape { code, message, fields[] } that the UI places next to the fields it names. Safe to import
// from client components; the server half is ./server.ts.

export type { Failure, FieldError };

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: Failure };

/** Thrown by query and mutation functions so TanStack Query (or a form) sees a failure; carries the fields. */
export class ActionFailure extends Error {
  override name = "ActionFailure";
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** The data, or an ActionFailure to throw. */
export function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new ActionFailure(result.error);
  return result.data;
}

/** What the browser says when the server could not be reached at all (never the raw "Failed to fetch"). */
export const OFFLINE_FAILURE: Failure = {
  code: "internal",
  message: "Could not reach the server. Check your connection and try again.",
  fields: [],
};

/**
 * Calls a server action from the browser: its result, or OFFLINE_FAILURE when the request itself failed
 * (network down, server restarting), so no screen shows a raw "Failed to fetch".
 */
export async function callAction<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    return { ok: false, error: OFFLINE_FAILURE };
  }
}

/** The failure of anything thrown in the browser: an ActionFailure's own, else the offline one. */
export function failureOf(err: unknown): Failure {
  return err instanceof ActionFailure ? err.failure : OFFLINE_FAILURE;
}

/** Field paths ("custom_claims[0].key" or "custom_claims.0.key") in react-hook-form's dotted form. */
export function formPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

/**
 * The failure's messages by field, for plain forms: the first message of each field, keyed by the field
 * or, with `top`, by its first path segment ("metadata.plan" counts for "metadata").
 */
export function fieldMessages(failure: Failure | null | undefined, { top = false }: { top?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of failure?.fields ?? []) {
    const key = top ? formPath(field).split(".")[0]! : formPath(field);
    out[key] ??= message;
  }
  return out;
}
