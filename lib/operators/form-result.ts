import { ZodError, type z } from "zod";
import { DomainError } from "@/lib/errors";

// What console server actions return to their forms: ok, or a message plus errors by field.

export type FormResult<T = undefined> =
  | ({ ok: true } & ([T] extends [undefined] ? { data?: undefined } : { data: T }))
  | { ok: false; message: string; fields?: Record<string, string> };

export function formErrors(error: z.ZodError): { ok: false; message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  return { ok: false, message: "Check the highlighted fields.", fields };
}

/**
 * Maps a domain error, or an argument that failed its schema (a caller sending the wrong shape), to a
 * form result; anything else is rethrown (an unexpected failure).
 */
export function domainErrorResult(err: unknown): { ok: false; message: string; fields?: Record<string, string> } {
  if (err instanceof ZodError) return formErrors(err);
  if (err instanceof DomainError) return { ok: false, message: err.message, ...(err.field ? { fields: { [err.field]: err.message } } : {}) };
  throw err;
}
