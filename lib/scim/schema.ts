// The SCIM schemas Portico serves (RFC 7643 §4 and §8.7): core User, the Enterprise User extension and
// Group. One definition drives everything that depends on an attribute's nature: input validation,
// case sensitivity of filters (SQL and in-memory), PATCH paths, attribute projection and /Schemas.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export type AttributeType = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

type Opts = Partial<Omit<AttributeDef, "name" | "type" | "description" | "subAttributes">>;

function attr(name: string, type: AttributeType, description: string, opts: Opts = {}, subAttributes?: AttributeDef[]): AttributeDef {
  return {
    name, type, description, multiValued: false, required: false, caseExact: false, mutability: "readWrite", returned: "default",
    uniqueness: "none", ...opts, ...(subAttributes ? { subAttributes } : {}),
  };
}
const str = (name: string, description: string, opts: Opts = {}) => attr(name, "string", description, opts);

/** The usual sub-attributes of a multi-valued attribute (RFC 7643 §2.4). */
function multi(name: string, description: string, valueType: AttributeType, types: string[], extra: AttributeDef[] = []): AttributeDef {
  return attr(name, "complex", description, { multiValued: true }, [
    attr("value", valueType, `The ${name} value.`),
    str("display", "A human-readable name, primarily used for display purposes.", { mutability: "readWrite" }),
    str("type", "A label indicating the attribute's function.", { canonicalValues: types }),
    attr("primary", "boolean", "Whether this is the preferred value."),
    ...extra,
  ]);
}

export const ID_ATTRIBUTE = str("id", "Unique identifier for the resource, assigned by the service provider.", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" });
export const EXTERNAL_ID_ATTRIBUTE = str("externalId", "The identifier of the resource in the provisioning client (the IdP).", { caseExact: true });
export const META_ATTRIBUTE = attr("meta", "complex", "Resource metadata.", { mutability: "readOnly" }, [
  str("resourceType", "The name of the resource type.", { caseExact: true, mutability: "readOnly" }),
  attr("created", "dateTime", "When the resource was added.", { mutability: "readOnly" }),
  attr("lastModified", "dateTime", "When the resource was last changed.", { mutability: "readOnly" }),
  attr("location", "reference", "The URI of the resource.", { mutability: "readOnly", caseExact: true, referenceTypes: ["uri"] }),
  str("version", "The resource's version (its ETag).", { caseExact: true, mutability: "readOnly" }),
]);
/** Every resource's `schemas` (RFC 7643 §3): filterable (`schemas eq "urn:…:enterprise:2.0:User"`), always returned. */
export const SCHEMAS_ATTRIBUTE = str("schemas", "The schema URIs the resource uses.", { multiValued: true, caseExact: true, mutability: "readOnly", returned: "always" });
const COMMON = [ID_ATTRIBUTE, EXTERNAL_ID_ATTRIBUTE, META_ATTRIBUTE, SCHEMAS_ATTRIBUTE];

const USER_ATTRIBUTES: AttributeDef[] = [
  str("userName", "Unique identifier for the user, typically used to sign in. Unique per directory, case-insensitively.", { required: true, uniqueness: "server" }),
  attr("name", "complex", "The components of the user's real name.", {}, [
    str("formatted", "The full name, formatted for display."),
    str("familyName", "The family name (last name)."),
    str("givenName", "The given name (first name)."),
    str("middleName", "The middle name(s)."),
    str("honorificPrefix", "Honorific prefix (Ms.)."),
    str("honorificSuffix", "Honorific suffix (III)."),
  ]),
  str("displayName", "The name of the user, suitable for display."),
  str("nickName", "The casual way to address the user."),
  attr("profileUrl", "reference", "A URI pointing to the user's online profile.", { referenceTypes: ["external"] }),
  str("title", "The user's title, such as \"Vice President\"."),
  str("userType", "The relationship between the organization and the user (Employee, Contractor…)."),
  str("preferredLanguage", "The user's preferred written or spoken language (en-US)."),
  str("locale", "The user's default location for localization (en-US)."),
  str("timezone", "The user's time zone in IANA format (America/Los_Angeles)."),
  attr("active", "boolean", "The user's administrative status: false means deactivated."),
  str("password", "Accepted on create and update, never stored or returned.", { mutability: "writeOnly", returned: "never" }),
  multi("emails", "Email addresses for the user.", "string", ["work", "home", "other"]),
  multi("phoneNumbers", "Phone numbers for the user.", "string", ["work", "home", "mobile", "fax", "pager", "other"]),
  multi("ims", "Instant messaging addresses for the user.", "string", ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
  multi("photos", "URLs of photos of the user.", "reference", ["photo", "thumbnail"]),
  attr("addresses", "complex", "Physical mailing addresses for the user.", { multiValued: true }, [
    str("formatted", "The full mailing address, formatted for display."),
    str("streetAddress", "The full street address."),
    str("locality", "The city or locality."),
    str("region", "The state or region."),
    str("postalCode", "The zip code or postal code."),
    str("country", "The country name (ISO 3166-1 alpha-2)."),
    str("type", "A label indicating the address's function.", { canonicalValues: ["work", "home", "other"] }),
    attr("primary", "boolean", "Whether this is the preferred address."),
  ]),
  attr("groups", "complex", "The groups the user belongs to (read-only: change membership through the Group).", { multiValued: true, mutability: "readOnly" }, [
    str("value", "The group's id.", { caseExact: true, mutability: "readOnly" }),
    attr("$ref", "reference", "The URI of the group.", { mutability: "readOnly", caseExact: true, referenceTypes: ["Group"] }),
    str("display", "The group's displayName.", { mutability: "readOnly" }),
    str("type", "direct", { mutability: "readOnly", canonicalValues: ["direct", "indirect"] }),
  ]),
  multi("entitlements", "Entitlements of the user.", "string", []),
  multi("roles", "Roles of the user as the IdP names them (Portico's own roles come from group mapping).", "string", []),
  multi("x509Certificates", "X.509 certificates of the user.", "binary", []),
];

const ENTERPRISE_ATTRIBUTES: AttributeDef[] = [
  str("employeeNumber", "A string identifier, typically numeric or alphanumeric, assigned to a person."),
  str("costCenter", "The name of a cost center."),
  str("organization", "The name of an organization."),
  str("division", "The name of a division."),
  str("department", "The name of a department."),
  attr("manager", "complex", "The user's manager.", {}, [
    str("value", "The id of the manager's SCIM resource.", { caseExact: true }),
    attr("$ref", "reference", "The URI of the manager's resource.", { caseExact: true, referenceTypes: ["User"] }),
    str("displayName", "The manager's displayName.", { mutability: "readOnly" }),
  ]),
];

const GROUP_ATTRIBUTES: AttributeDef[] = [
  str("displayName", "A human-readable name for the group, unique per directory.", { required: true, uniqueness: "server" }),
  attr("members", "complex", "The members of the group (users).", { multiValued: true }, [
    str("value", "The id of the member's resource.", { caseExact: true, mutability: "immutable" }),
    attr("$ref", "reference", "The URI of the member's resource.", { caseExact: true, mutability: "immutable", referenceTypes: ["User"] }),
    str("display", "The member's display name.", { mutability: "immutable" }),
    str("type", "The member's resource type.", { mutability: "immutable", canonicalValues: ["User", "Group"] }),
  ]),
];

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export const SCHEMAS: Record<string, SchemaDef> = {
  [USER_SCHEMA]: { id: USER_SCHEMA, name: "User", description: "User Account", attributes: USER_ATTRIBUTES },
  [ENTERPRISE_USER_SCHEMA]: { id: ENTERPRISE_USER_SCHEMA, name: "EnterpriseUser", description: "Enterprise User", attributes: ENTERPRISE_ATTRIBUTES },
  [GROUP_SCHEMA]: { id: GROUP_SCHEMA, name: "Group", description: "Group", attributes: GROUP_ATTRIBUTES },
};

export type ResourceTypeName = "User" | "Group";

export interface ResourceTypeDef {
  name: ResourceTypeName;
  endpoint: "/Users" | "/Groups";
  description: string;
  schema: string;
  extensions: string[];
}

export const RESOURCE_TYPES: Record<ResourceTypeName, ResourceTypeDef> = {
  User: { name: "User", endpoint: "/Users", description: "User Account", schema: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { name: "Group", endpoint: "/Groups", description: "Group", schema: GROUP_SCHEMA, extensions: [] },
};

/** Attributes of a resource type's core schema, the common ones included (id, externalId, meta). */
export function coreAttributes(type: ResourceTypeName): AttributeDef[] {
  return [...COMMON, ...SCHEMAS[RESOURCE_TYPES[type].schema]!.attributes];
}

export function findAttribute(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (!list) return undefined;
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** A URN that names a schema extension: the part of a path before the attribute name. */
export const isUrn = (s: string) => /^urn:/i.test(s);

/** The known extension of a resource type named by `urn` (case-insensitively), if any. */
export function knownExtension(type: ResourceTypeName, urn: string): string | undefined {
  return RESOURCE_TYPES[type].extensions.find((e) => e.toLowerCase() === urn.toLowerCase());
}

/**
 * A resolved attribute reference: which schema (core or an extension URN), the attribute, and the
 * sub-attribute if any. `def` is undefined for attributes of extensions Portico does not know (custom
 * attributes, kept as strings and compared case-insensitively).
 */
export interface AttributeRef {
  /** null for the core schema; otherwise the extension URN in its canonical spelling. */
  schema: string | null;
  name: string;
  def: AttributeDef | undefined;
  sub?: { name: string; def: AttributeDef | undefined };
}

/**
 * Resolves "userName", "name.givenName", "emails.value", "urn:…:enterprise:2.0:User:manager.value",
 * "urn:…:CustomExt:2.0:User:costCode" to an attribute. Returns null when a core or known-extension
 * attribute (or sub-attribute) does not exist.
 */
export function resolveAttributePath(type: ResourceTypeName, path: string): AttributeRef | null {
  let schema: string | null = null;
  let rest = path;
  if (isUrn(path)) {
    const known = [RESOURCE_TYPES[type].schema, ...RESOURCE_TYPES[type].extensions]
      .find((urn) => path.toLowerCase().startsWith(`${urn.toLowerCase()}:`));
    if (known) {
      schema = known === RESOURCE_TYPES[type].schema ? null : known;
      rest = path.slice(known.length + 1);
    } else {
      const cut = path.lastIndexOf(":");
      if (cut <= 4 || cut === path.length - 1) return null;
      schema = path.slice(0, cut);
      rest = path.slice(cut + 1);
    }
  }
  const [name, subName, ...more] = rest.split(".");
  if (!name || more.length || subName === "") return null;
  if (!/^[A-Za-z$][\w$-]*$/.test(name) || (subName !== undefined && !/^[A-Za-z$][\w$-]*$/.test(subName))) return null;
  if (schema !== null && !knownExtension(type, schema)) {
    // A custom extension: any attribute name, kept as it is sent.
    return { schema, name, def: undefined, ...(subName ? { sub: { name: subName, def: undefined } } : {}) };
  }
  const list = schema === null ? coreAttributes(type) : SCHEMAS[schema]!.attributes;
  const def = findAttribute(list, name);
  if (!def) return null;
  if (subName === undefined) return { schema, name: def.name, def };
  const sub = findAttribute(def.subAttributes, subName);
  if (!sub) return null;
  return { schema, name: def.name, def, sub: { name: sub.name, def: sub } };
}

/** The path's canonical spelling ("emails.value", "urn:…:User:manager.value"), for messages and projection. */
export function refToPath(ref: AttributeRef): string {
  const base = ref.sub ? `${ref.name}.${ref.sub.name}` : ref.name;
  return ref.schema ? `${ref.schema}:${base}` : base;
}
