import { z } from "zod";
import { text } from "@/lib/validation/text";

// The scope catalog: the vendor's APIs (each with the `aud` its tokens carry) and their scopes.
// Shared by the console forms, their server actions and the domain. Service principals are granted these
// scopes (lib/service-principals imports from here, never the other way round).

/** A scope as tokens carry it (RFC 6749 scope-token: printable ASCII without space, " or \\). */
export const scopeNameSchema = text().min(1).max(100).regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "must be a scope token (no spaces or quotes)");
/** Descriptions of APIs, scopes and clients. */
export const descriptionSchema = text().trim().max(500, "must be at most 500 characters");

export const apiResourceNameSchema = text().trim().min(1, "is required").max(100, "must be at most 100 characters");
/** An audience identifier: usually the API's base URL (https://api.example.com), or any URI-like string. */
export const audienceIdentifierSchema = text().trim().min(1, "is required").max(300, "must be at most 300 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces (usually the API's URL)");

export const apiScopeInputSchema = z.object({
  name: scopeNameSchema,
  description: descriptionSchema.optional(),
}).strict();

export const createApiResourceSchema = z.object({
  name: apiResourceNameSchema,
  audience: audienceIdentifierSchema,
  description: descriptionSchema.optional(),
  scopes: z.array(apiScopeInputSchema).max(100, "at most 100 scopes per API").optional(),
}).strict();
export type CreateApiResourceInput = z.infer<typeof createApiResourceSchema>;

export const updateApiResourceSchema = z.object({
  name: apiResourceNameSchema.optional(),
  audience: audienceIdentifierSchema.optional(),
  description: descriptionSchema.optional(),
}).strict();
export type UpdateApiResourceInput = z.infer<typeof updateApiResourceSchema>;

export const createApiScopeSchema = apiScopeInputSchema;
export type CreateApiScopeInput = z.infer<typeof createApiScopeSchema>;

export const updateApiScopeSchema = z.object({ description: descriptionSchema }).strict();
export type UpdateApiScopeInput = z.infer<typeof updateApiScopeSchema>;

export interface ApiScopeView {
  id: string;
  name: string;
  description: string;
  create_time: string;
}

export interface ApiResourceView {
  id: string;
  name: string;
  audience: string;
  description: string;
  /** Built in (the Portico Management API): its audience and scopes are fixed. */
  built_in: boolean;
  scopes: ApiScopeView[];
  create_time: string;
  update_time: string;
}
