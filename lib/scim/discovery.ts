import { MAX_OPERATIONS } from "./patch";
import { MAX_SCIM_BODY_BYTES, MAX_PAGE_SIZE } from "./limits";
import {
  RESOURCE_TYPE_SCHEMA, RESOURCE_TYPES, SCHEMA_SCHEMA, SCHEMAS, SERVICE_PROVIDER_CONFIG_SCHEMA, type AttributeDef,
} from "./schema";

// Discovery (RFC 7644 §4): what this server supports, said honestly. PATCH, filters and ETags yes; bulk,
// sorting, password change no (passwords are accepted and dropped, never stored).

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [{
      type: "oauthbearertoken", name: "OAuth Bearer Token", primary: true,
      description: "The directory's SCIM token, sent as Authorization: Bearer <token>. Shown once when the directory is created or the token rotated.",
    }],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
    // Not part of RFC 7643's schema, for people reading it: the body limit and PATCH size.
    "urn:portico:params:scim:limits": { maxPayloadSize: MAX_SCIM_BODY_BYTES, maxPatchOperations: MAX_OPERATIONS },
  };
}

export function resourceTypes(base: string) {
  return Object.values(RESOURCE_TYPES).map((t) => ({
    schemas: [RESOURCE_TYPE_SCHEMA], id: t.name, name: t.name, endpoint: t.endpoint, description: t.description, schema: t.schema,
    schemaExtensions: t.extensions.map((schema) => ({ schema, required: false })),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${t.name}` },
  }));
}

function attributeJson(a: AttributeDef): Record<string, unknown> {
  return {
    name: a.name, type: a.type, multiValued: a.multiValued, description: a.description, required: a.required, caseExact: a.caseExact,
    mutability: a.mutability, returned: a.returned, uniqueness: a.uniqueness,
    ...(a.canonicalValues?.length ? { canonicalValues: a.canonicalValues } : {}),
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeJson) } : {}),
  };
}

export function schemaDocuments(base: string) {
  return Object.values(SCHEMAS).map((s) => ({
    schemas: [SCHEMA_SCHEMA], id: s.id, name: s.name, description: s.description, attributes: s.attributes.map(attributeJson),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${s.id}` },
  }));
}

