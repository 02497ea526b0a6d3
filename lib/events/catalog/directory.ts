import { z } from "zod";
import { defineEvents } from "../define";

// Directory sync (compat.md §7.2) and the role registry. Users and groups carry the normalized
// DirectoryUser / DirectoryGroup of §5.3, the same shapes the management API returns.

const directory = z.object({
  id: z.string(),
  organization_id: z.string(),
  directory_type: z.literal("SCIM"),
  provider: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  status: z.string(),
  primary: z.boolean(),
  last_sync_at: z.string().nullable(),
  updated_at: z.string(),
});

const directoryToken = z.object({
  directory_id: z.string(),
  organization_id: z.string(),
  token: z.object({ id: z.string(), suffix: z.string(), create_time: z.string(), expire_time: z.string().nullable() }),
  /** When the tokens it replaced stop working (null: at once). */
  previous_tokens_expire_time: z.string().nullable(),
});

const address = z.object({ postal_code: z.string().nullable(), state: z.string().nullable(), formatted: z.string().nullable() });

export const directoryUserData = z.object({
  id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  dp_id: z.string().nullable(),
  preferred_username: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  name: z.string().nullable(),
  given_name: z.string().nullable(),
  family_name: z.string().nullable(),
  nickname: z.string().nullable(),
  picture: z.string().nullable(),
  phone_number: z.string().nullable(),
  address: address.nullable(),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  roles: z.array(z.object({ role_name: z.string() })),
  custom_attributes: z.record(z.string(), z.unknown()),
  raw_attributes: z.record(z.string(), z.unknown()),
  cost_center: z.string().nullable(),
  department: z.string().nullable(),
  division: z.string().nullable(),
  employee_id: z.string().nullable(),
  language: z.string().nullable(),
  locale: z.string().nullable(),
  organization: z.string().nullable(),
  profile: z.string().nullable(),
  title: z.string().nullable(),
  user_type: z.string().nullable(),
  zoneinfo: z.string().nullable(),
  create_time: z.string(),
  update_time: z.string(),
});

/** user_deleted carries what identifies the user (compat.md §7.2). */
const directoryUserDeleted = z.object({ id: z.string(), directory_id: z.string(), organization_id: z.string(), dp_id: z.string().nullable(), email: z.string().nullable() });

export const directoryGroupData = z.object({
  id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  display_name: z.string(),
  external_id: z.string().nullable(),
  dp_id: z.string().nullable(),
  raw_attributes: z.record(z.string(), z.unknown()),
  create_time: z.string(),
  update_time: z.string(),
  /** On group_created / group_updated: the users this change added to and removed from the group. */
  members_added: z.array(z.string()).optional(),
  members_removed: z.array(z.string()).optional(),
});

const role = z.object({ id: z.string(), name: z.string(), display_name: z.string(), description: z.string(), default: z.boolean() });
const roleMapping = z.object({
  organization_id: z.string(),
  group_id: z.string(),
  group_name: z.string(),
  directory_id: z.string(),
  /** null when the mapping was removed. */
  role_name: z.string().nullable(),
  /** How many users' roles changed (each got user_updated). */
  users_updated: z.number().int(),
});

export const directoryEvents = defineEvents({
  "organization.directory.created": {
    object: "Directory", label: "Directory created", description: "A SCIM directory was set up for an organization.",
    data: directory, audit: { action: "directory.created", target: "directory" }, webhook: true,
  },
  "organization.directory_enabled": {
    object: "Directory", label: "Directory enabled", description: "A directory was enabled: its IdP can provision users and groups again.",
    data: directory, audit: { action: "directory.enabled", target: "directory" }, webhook: true, portal: "ORGANIZATION_DIRECTORY_ENABLED",
    portalData: (d) => ({ id: d.id, directory_type: d.directory_type, provider: d.provider, enabled: d.enabled, organization_id: d.organization_id }),
  },
  "organization.directory_disabled": {
    object: "Directory", label: "Directory disabled", description: "A directory was disabled: its SCIM endpoint answers 401 until it is enabled again.",
    data: directory, audit: { action: "directory.disabled", target: "directory" }, webhook: true, portal: "ORGANIZATION_DIRECTORY_DISABLED",
    portalData: (d) => ({ id: d.id, directory_type: d.directory_type, provider: d.provider, enabled: d.enabled, organization_id: d.organization_id }),
  },
  "organization.directory.updated": {
    object: "Directory", label: "Directory updated", description: "A directory's name or primary flag changed.",
    data: directory, audit: { action: "directory.updated", target: "directory" }, webhook: true,
  },
  "organization.directory.token_rotated": {
    object: "Directory", label: "SCIM token rotated", description: "A directory got a new SCIM bearer token (the token itself is never sent).",
    data: directoryToken, audit: { action: "directory.token_rotated", target: "directory" }, webhook: false,
  },
  "organization.directory.user_created": {
    object: "DirectoryUser", label: "Directory user created", description: "The IdP provisioned a user into a directory.",
    data: directoryUserData, audit: { action: "directory_user.created", target: "directory_user" }, webhook: true,
  },
  "organization.directory.user_updated": {
    object: "DirectoryUser", label: "Directory user updated", description: "A directory user's attributes or status changed, or its roles (through group membership, a group → role mapping or the default role).",
    data: directoryUserData, audit: { action: "directory_user.updated", target: "directory_user" }, webhook: true,
  },
  "organization.directory.user_deleted": {
    object: "DirectoryUser", label: "Directory user deleted", description: "The IdP deprovisioned (deleted) a directory user.",
    data: directoryUserDeleted, audit: { action: "directory_user.deleted", target: "directory_user" }, webhook: true,
  },
  "organization.directory.group_created": {
    object: "DirectoryGroup", label: "Directory group created", description: "The IdP pushed a new group into a directory.",
    data: directoryGroupData, audit: { action: "directory_group.created", target: "directory_group" }, webhook: true,
  },
  "organization.directory.group_updated": {
    object: "DirectoryGroup", label: "Directory group updated", description: "A directory group's name or members changed (members_added / members_removed list the users).",
    data: directoryGroupData, audit: { action: "directory_group.updated", target: "directory_group" }, webhook: true,
  },
  "organization.directory.group_deleted": {
    object: "DirectoryGroup", label: "Directory group deleted", description: "The IdP deleted a directory group; its members' roles were recomputed.",
    data: directoryGroupData, audit: { action: "directory_group.deleted", target: "directory_group" }, webhook: true,
  },
  "organization.role_mapping.updated": {
    object: "RoleMapping", label: "Group role mapping changed", description: "A directory group was mapped to a role, or its mapping removed; affected users got user_updated.",
    data: roleMapping, audit: { action: "role_mapping.updated", target: "directory_group" }, webhook: true,
  },
  "role.created": {
    object: "Role", label: "Role created", description: "A role was added to the deployment's role registry.",
    data: role, audit: { action: "role.created", target: "role" }, webhook: false,
  },
  "role.updated": {
    object: "Role", label: "Role updated", description: "A role's display name or description changed, or it became the default role.",
    data: role, audit: { action: "role.updated", target: "role" }, webhook: false,
  },
  "role.deleted": {
    object: "Role", label: "Role deleted", description: "A role was removed from the registry.",
    data: role, audit: { action: "role.deleted", target: "role" }, webhook: false,
  },
});
