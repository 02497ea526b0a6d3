import { z } from "zod";
import { text } from "@/lib/validation/text";
import { FEATURE_REGISTRY, featureSchema, SERVED_FEATURES, servedFeatures, type OrganizationFeature } from "./features";

// Shared by the management API, console forms and their server actions.

export { FEATURE_REGISTRY, ORGANIZATION_FEATURES, SERVED_FEATURES, featureSchema, isServedFeature, servedFeatures, type OrganizationFeature } from "./features";

/** How the console names each feature (the keys are what the API and portal links use). */
export const FEATURE_LABELS: Record<OrganizationFeature, { label: string; description: string }> = FEATURE_REGISTRY;

/** "Single sign-on" for "sso"; an unknown key (from an older version) as it is. */
export function featureLabel(feature: string): string {
  return FEATURE_LABELS[feature as OrganizationFeature]?.label ?? feature;
}

/** "API clients, Single sign-on"; an unknown key (from an older version) as it is. */
export function featureLabels(features: readonly string[]): string[] {
  return features.map(featureLabel);
}

const metadataValue = z.union([text().max(500), z.number(), z.boolean(), z.null()]);
export const metadataSchema = z
  .record(text().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, "use letters, digits and _ . : -"), metadataValue)
  .refine((m) => Object.keys(m).length <= 50, "at most 50 keys");

export const displayNameSchema = text().trim().min(1, "is required").max(200, "must be at most 200 characters");
export const externalIdSchema = text().trim().min(1).max(200, "must be at most 200 characters").regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export const createOrganizationSchema = z.object({
  display_name: displayNameSchema,
  external_id: externalIdSchema.nullish(),
  metadata: metadataSchema.optional(),
  features: z.array(featureSchema).max(SERVED_FEATURES.length).optional(),
}).strict();
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z.object({
  display_name: displayNameSchema.optional(),
  external_id: externalIdSchema.nullable().optional(),
  metadata: metadataSchema.optional(),
  features: z.array(featureSchema).max(SERVED_FEATURES.length).optional(),
}).strict();
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

/** Features a new organization gets unless told otherwise (the served ones of this list; later features are opt-in). */
export const DEFAULT_FEATURES: OrganizationFeature[] = servedFeatures(["api_clients", "session_settings", "activity"]);
