import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { ZodError } from "zod";
import { DomainError, invalidInput, type Failure } from "@/lib/errors";
import { log } from "@/lib/log";
import type { ActionResult } from "./result";

// The server-action edge: every "use server" function of the console, the admin portal and the dev tools
// runs its body through runAction, which turns what the domain throws into the one failure shape the UI
// knows (./result.ts). Authentication and CSRF stay with the caller lookups (lib/caller, lib/operators/guard).
// Before an action runs, a call from another origin is refused with 403 (proxy.ts,
// lib/security/server-action-origin.ts) and a body Next.js could not decode (not an array of arguments,
// text breaking the text rule) with 400 (scripts/start.ts, lib/http/server-action-body.ts); arguments of
// the wrong shape fail their schema here, as a field error.

export interface ActionOptions {
  /** Server-rendered pages showing what the action changed, refreshed when it succeeds. */
  revalidate?: string | string[];
}

const INTERNAL_MESSAGE = "Something went wrong on our side. Try again; if it keeps failing, contact your administrator.";

/** A DomainError (or a zod error from parsing input) as the failure shape; anything else is logged and told as "internal". */
export function failureFrom(err: unknown, action: string): Failure {
  if (err instanceof DomainError) return err.toJSON();
  if (err instanceof ZodError) return invalidInput(err).toJSON();
  log.error({ err, action }, "server action failed");
  return { code: "internal", message: INTERNAL_MESSAGE, fields: [] };
}

export async function runAction<T>(action: string, fn: () => Promise<T>, options: ActionOptions = {}): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    for (const path of [options.revalidate ?? []].flat()) revalidatePath(path);
    return { ok: true, data };
  } catch (err) {
    // redirect() and notFound() are not failures: Next.js handles them.
    unstable_rethrow(err);
    return { ok: false, error: failureFrom(err, action) };
  }
}
