import "server-only";
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import type { FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";
import type { MutationContext } from "@/lib/mutation";
import { domainErrorFrom } from "@/lib/zod-errors";

/**
 * The body of a console server action: runs one domain function as the signed-in operator (which
 * authorizes and validates), revalidates `path` on success, and returns domain and input errors by
 * field; anything else is an unexpected failure and is thrown.
 */
export async function runOperatorAction<T>(path: string, fn: (ctx: MutationContext) => Promise<T>, type?: "layout" | "page"): Promise<FormResult<T>> {
  try {
    const data = await fn(await requireOperatorContext());
    revalidatePath(path, type);
    return { ok: true, data } as FormResult<T>;
  } catch (caught) {
    const err = caught instanceof ZodError ? domainErrorFrom(caught) : caught;
    if (err instanceof DomainError) {
      const message = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
      return { ok: false, message: err.message, ...(err.field ? { fields: { [err.field]: message } } : {}) };
    }
    throw err;
  }
}
