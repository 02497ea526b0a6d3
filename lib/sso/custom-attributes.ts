import { authorize, type Principal } from "@/lib/authz";
import type { MutationContext } from "@/lib/mutation";
import { readDeploymentSetting, writeDeploymentSetting } from "@/lib/settings/deployment-setting";
import { assertIdOf } from "@/lib/validation/ids";
import { customAttributesSchema, type CustomAttribute } from "./schemas";

// The deployment's registry of custom SSO attributes (compat.md §4.9: "Employee Number" → key
// employee_number). Operators register them; each connection's attribute mapping can then map an IdP
// attribute to the key, and the normalized profile carries it under custom_attributes.

export const CUSTOM_ATTRIBUTES_KEY = "sso_custom_attributes";

export function listCustomAttributes(): Promise<CustomAttribute[]> {
  return readDeploymentSetting(CUSTOM_ATTRIBUTES_KEY, customAttributesSchema, () => []);
}

export async function getCustomAttributes(principal: Principal): Promise<CustomAttribute[]> {
  authorize(principal, "settings:read");
  return listCustomAttributes();
}

export function updateCustomAttributes(ctx: MutationContext, input: CustomAttribute[]): Promise<CustomAttribute[]> {
  return writeDeploymentSetting(ctx, CUSTOM_ATTRIBUTES_KEY, customAttributesSchema, () => [], input, "sso_custom_attributes.updated");
}

/** The registry for an organization's connection screens (anyone who may read its connections). */
export async function customAttributesFor(principal: Principal, organizationId: string): Promise<CustomAttribute[]> {
  assertIdOf("organization", organizationId);
  authorize(principal, "connections:read", { organizationId });
  return listCustomAttributes();
}
