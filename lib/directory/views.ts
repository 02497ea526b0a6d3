import type { DirectoryGroup, DirectoryUser } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import type { directoryGroupData, directoryUserData } from "@/lib/events/catalog/directory";
import type { Document, Json } from "@/lib/scim/resource";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, isUrn } from "@/lib/scim/schema";

// The normalized DirectoryUser / DirectoryGroup of compat.md §5.3: what webhooks, the management API and
// the portal show, whatever the IdP. Built from the stored SCIM document.

export type DirectoryUserView = z.infer<typeof directoryUserData>;
export type DirectoryGroupView = z.infer<typeof directoryGroupData>;

const str = (v: Json | undefined): string | null => (typeof v === "string" && v !== "" ? v : null);
const obj = (v: Json | undefined): Document => (v && typeof v === "object" && !Array.isArray(v) ? (v as Document) : {});

/** The primary value of a multi-valued attribute, else its first. */
function preferred(v: Json | undefined): Document | null {
  if (!Array.isArray(v) || !v.length) return null;
  const list = v.filter((e) => e && typeof e === "object") as Document[];
  return list.find((e) => e.primary === true) ?? list[0] ?? null;
}

export interface UserViewExtras {
  groups: { id: string; displayName: string }[];
}

export function directoryUserView(user: DirectoryUser, { groups }: UserViewExtras): DirectoryUserView {
  const doc = (user.resource ?? {}) as Document;
  const name = obj(doc.name);
  const enterprise = obj(doc[ENTERPRISE_USER_SCHEMA]);
  const address = preferred(doc.addresses);
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (isUrn(key) && key !== ENTERPRISE_USER_SCHEMA && key !== USER_SCHEMA && value && typeof value === "object" && !Array.isArray(value)) Object.assign(custom, value);
  }
  const given = str(name.givenName);
  const family = str(name.familyName);
  return {
    id: user.id,
    directory_id: user.directoryId,
    organization_id: user.organizationId,
    dp_id: user.externalId,
    preferred_username: user.userName,
    email: user.email,
    active: user.active,
    name: str(name.formatted) ?? user.displayName ?? ([given, family].filter(Boolean).join(" ") || null),
    given_name: given,
    family_name: family,
    nickname: str(doc.nickName),
    picture: str(preferred(doc.photos)?.value),
    phone_number: str(preferred(doc.phoneNumbers)?.value),
    address: address ? { postal_code: str(address.postalCode), state: str(address.region), formatted: str(address.formatted) } : null,
    groups: groups.map((g) => ({ id: g.id, name: g.displayName })),
    roles: user.roles.map((role_name) => ({ role_name })),
    custom_attributes: custom,
    raw_attributes: doc,
    cost_center: str(enterprise.costCenter),
    department: str(enterprise.department),
    division: str(enterprise.division),
    employee_id: str(enterprise.employeeNumber),
    language: str(doc.preferredLanguage),
    locale: str(doc.locale),
    organization: str(enterprise.organization),
    profile: str(doc.profileUrl),
    title: str(doc.title),
    user_type: str(doc.userType),
    zoneinfo: str(doc.timezone),
    create_time: user.createdAt.toISOString(),
    update_time: user.updatedAt.toISOString(),
  };
}

export function directoryGroupView(group: DirectoryGroup): DirectoryGroupView {
  return {
    id: group.id,
    directory_id: group.directoryId,
    organization_id: group.organizationId,
    display_name: group.displayName,
    external_id: group.externalId,
    dp_id: group.externalId,
    raw_attributes: (group.resource ?? {}) as Record<string, unknown>,
    create_time: group.createdAt.toISOString(),
    update_time: group.updatedAt.toISOString(),
  };
}
