import { z } from "zod";

// Organization features: what an organization's admins may use in the admin portal. The registry names
// every feature the API knows and says which ones this deployment can serve today. Only served features
// are offered anywhere (organization forms, the portal-link generator, the portal's tabs) and accepted
// by the management API: asking for one that is not served is a 422 naming the field, never a link that
// opens an empty portal. An organization's stored features are read through `servedFeatures`, so a
// feature saved before it was served (by an earlier version) stays dormant until it is.
//
// Turning a feature on when its branch lands is one line: set `served: true` in its entry below (its
// portal tab, listed in lib/portal/tabs.ts, then appears for organizations and links that have it).
// A new feature adds its entry here first.

export interface FeatureDefinition {
  /** How the console and portal name it. */
  label: string;
  /** One line for the console's organization form. */
  description: string;
  /** Whether this deployment can serve it (its portal screens exist). */
  served: boolean;
}

export const FEATURE_REGISTRY = {
  api_clients: { label: "API clients", description: "Service principals the organization's admins manage in the portal", served: true },
  session_settings: { label: "Session settings", description: "Tighter session timeouts for this organization", served: true },
  activity: { label: "Activity", description: "The organization's own audit events in the portal", served: true },
  sso: { label: "Single sign-on", description: "SAML and OIDC connections", served: true },
  dir_sync: { label: "Directory sync", description: "SCIM provisioning of users and groups", served: true },
  domain_verification: { label: "Domains", description: "Verified email domains", served: true },
  roles: { label: "Roles", description: "IdP group to role mapping", served: true },
} as const satisfies Record<string, FeatureDefinition>;

export type OrganizationFeature = keyof typeof FEATURE_REGISTRY;

/** Every feature the API knows (served or not), in the order the console lists them. */
export const ORGANIZATION_FEATURES = Object.keys(FEATURE_REGISTRY) as [OrganizationFeature, ...OrganizationFeature[]];

/** The features this deployment serves. */
export const SERVED_FEATURES = ORGANIZATION_FEATURES.filter((f) => FEATURE_REGISTRY[f].served) as [OrganizationFeature, ...OrganizationFeature[]];

export function isServedFeature(feature: string): feature is OrganizationFeature {
  return (SERVED_FEATURES as readonly string[]).includes(feature);
}

/** The served ones of a stored list (an organization's, a link's, a session's), in their stored order. */
export function servedFeatures(features: readonly string[]): OrganizationFeature[] {
  return features.filter(isServedFeature);
}

/** One feature in API input: a served one; a known one this deployment does not serve says so. */
export const featureSchema = z.enum(SERVED_FEATURES, {
  error: (issue) => (typeof issue.input === "string" && issue.input in FEATURE_REGISTRY
    ? `${issue.input} is not available on this deployment yet; available: ${SERVED_FEATURES.join(", ")}`
    : `must be one of ${SERVED_FEATURES.join(", ")}`),
});
