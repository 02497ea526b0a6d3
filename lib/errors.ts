import type { z } from "zod";

// The one failure shape. The domain throws DomainError; each edge passes it on in its own format through
// one thin adapter: server actions as ActionResult (lib/actions), the management API as
// { error, error_description, details } (lib/management/route.ts), OAuth has its own OAuthError (RFC 6749).
// Input is parsed once, at the edge, with the shared zod schema (parseInput below); the domain takes the
// typed result and throws DomainError only for rules that need more than the input (the database, the
// caller).

export type DomainErrorCode = "not_found" | "conflict" | "invalid" | "forbidden" | "limit_exceeded" | "unauthenticated";

/** One input field in error, in the API's snake_case naming with dotted paths ("custom_claims.0.key"). */
export interface FieldError {
  field: string;
  message: string;
}

/** What every edge hands on: a code, a sentence, and the fields it concerns (empty when none). */
export interface Failure {
  /** "internal" only at the edges, for anything that is not a DomainError (logged, never described). */
  code: DomainErrorCode | "internal";
  message: string;
  fields: FieldError[];
}

export class DomainError extends Error {
  override name = "DomainError";
  readonly fields: FieldError[];
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The field the error is about (its message is then `message`), or several fields with their own messages. */
    fields?: string | FieldError[],
  ) {
    super(message);
    this.fields = typeof fields === "string" ? [{ field: fields, message }] : (fields ?? []);
  }

  /** The (first) field the error names, if any. */
  get field(): string | undefined {
    return this.fields[0]?.field;
  }

  toJSON(): Failure {
    return { code: this.code, message: this.message, fields: this.fields };
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const conflict = (message: string, field?: string) => new DomainError("conflict", message, field);
export const invalid = (field: string, message: string) => new DomainError("invalid", message, field);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("forbidden", message);

/** Every zod issue as a field error. An unknown key is named itself ("extra"), not the object holding it. */
export function fieldsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: "is not a known field" }));
    }
    return [{ field: path.join(".") || "(input)", message: issue.message }];
  });
}

/** Invalid input as the domain's error: every field, and a message naming the first ("name is required"). */
export function invalidInput(error: z.ZodError): DomainError {
  const fields = fieldsFromZod(error);
  const first = fields[0];
  const message = !first ? "The input is not valid" : first.field === "(input)" ? first.message : `${first.field} ${first.message}`;
  return new DomainError("invalid", message, fields);
}

/** Parses input at an edge with its shared schema: the typed value, or DomainError("invalid") naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}
