import { z } from "zod";
import {
  audienceSchema, createServicePrincipalSchema, customClaimsSchema, descriptionSchema, expirySchema, scopeNameSchema,
  DEFAULT_EXPIRY_SECONDS, type ServicePrincipalView,
} from "@/lib/service-principals/schemas";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";

// The create/edit form validates with the shared service-principal schema; only optional fields are made
// required here so the form always holds a value for each (empty strings, empty lists, the default lifetime).

export const servicePrincipalFormSchema = createServicePrincipalSchema.extend({
  description: descriptionSchema,
  scopes: z.array(scopeNameSchema).max(100),
  audience: z.array(audienceSchema).max(10),
  expiry: expirySchema,
  custom_claims: customClaimsSchema,
});

export type ServicePrincipalFormInput = z.input<typeof servicePrincipalFormSchema>;
export type ServicePrincipalFormValues = z.output<typeof servicePrincipalFormSchema>;

export const FORM_FIELDS = ["name", "description", "scopes", "audience", "expiry", "custom_claims"] as const;

export function emptyFormValues(): ServicePrincipalFormInput {
  return { name: "", description: "", scopes: [], audience: [], expiry: DEFAULT_EXPIRY_SECONDS, custom_claims: [] };
}

export function formValuesFrom(client: ServicePrincipalView): ServicePrincipalFormInput {
  return {
    name: client.name,
    description: client.description,
    scopes: [...client.scopes],
    audience: [...client.audience],
    expiry: client.expiry,
    custom_claims: client.custom_claims.map((c) => ({ ...c })),
  };
}

/** The audiences of the APIs whose scopes are chosen (what the server assumes when no audience is given). */
export function audiencesOfScopes(catalog: ApiResourceView[], scopes: string[]): string[] {
  return catalog.filter((r) => r.scopes.some((s) => scopes.includes(s.name))).map((r) => r.audience);
}

/** Whether two lists hold the same values, in any order (has the user changed a list-valued field?). */
export const sameMembers = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Create input: no audience ticked means "the APIs of the chosen scopes", which the server derives. */
export function toCreateInput(values: ServicePrincipalFormValues) {
  const { audience, description, ...rest } = values;
  return { ...rest, ...(description ? { description } : {}), ...(audience.length ? { audience } : {}) };
}

/**
 * Update patch: the whole form. The audience is sent only when the user changed it (so an audience that
 * follows the scopes keeps following them); unticking every audience means "the APIs of the scopes".
 */
export function toUpdatePatch(values: ServicePrincipalFormValues, catalog: ApiResourceView[], audienceChanged: boolean) {
  const { audience, ...rest } = values;
  if (!audienceChanged) return rest;
  return { ...rest, audience: audience.length ? audience : audiencesOfScopes(catalog, values.scopes) };
}
