import { z } from "zod";
import { auditEventsQuerySchema, listOrganizationsQuerySchema } from "@/lib/management/schemas";
import { createOrganizationSchema, updateOrganizationSchema } from "@/lib/organizations/schemas";
import { createPortalLinkSchema } from "@/lib/portal/schemas";
import { addClientSecretSchema, createServicePrincipalSchema, updateServicePrincipalSchema } from "@/lib/service-principals/schemas";
import { defineOperations, MANAGEMENT_ERRORS, organizationParams } from "../define";
import { auditEventSchema, clientSecretSchema, organizationSchema, portalLinkCreatedSchema, portalLinkSchema, servicePrincipalSchema } from "../views";

// The management API (/api/v1): organizations, their service principals and secrets, portal links and
// the audit trail. Bodies and queries are the schemas the route handlers parse with.

const org = organizationParams;
const client = org.extend({ client_id: z.string().describe("The service principal's client id (m2morg_…)") });

const COMMON = MANAGEMENT_ERRORS;
const ONE = { ...COMMON, 404: "not_found: no such organization for this client (others' answer the same)" };
const WRITE = { ...ONE, 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each field" };

export const managementOperations = defineOperations([
  {
    id: "createOrganization", method: "post", path: "/api/v1/organizations", tag: "Organizations", auth: { scope: "organizations:write" },
    summary: "Create an organization", description: "A client limited to some organizations cannot create organizations (403).",
    body: { schema: createOrganizationSchema, required: true },
    responses: { 201: { description: "Created", schema: z.object({ organization: organizationSchema }) }, ...WRITE, 409: "conflict: the external_id is taken" },
  },
  {
    id: "listOrganizations", method: "get", path: "/api/v1/organizations", tag: "Organizations", auth: { scope: "organizations:read" },
    summary: "List organizations", description: "Newest first, cursor-paginated; search matches part of the name or an exact external id or id.",
    query: listOrganizationsQuerySchema,
    responses: { 200: { description: "A page", schema: z.object({ organizations: z.array(organizationSchema), next_cursor: z.string().nullable(), next_page_token: z.string().nullable() }) }, ...COMMON, 422: "validation_failed" },
  },
  {
    id: "getOrganization", method: "get", path: "/api/v1/organizations/{id}", tag: "Organizations", auth: { scope: "organizations:read" },
    summary: "Get an organization", params: org,
    responses: { 200: { description: "The organization", schema: z.object({ organization: organizationSchema }) }, ...ONE },
  },
  {
    id: "updateOrganization", method: "patch", path: "/api/v1/organizations/{id}", tag: "Organizations", auth: { scope: "organizations:write" },
    summary: "Update an organization", description: "Only the fields sent change. features replaces the list; a feature this deployment does not serve is refused (422).",
    params: org, body: { schema: updateOrganizationSchema, required: true },
    responses: { 200: { description: "The organization", schema: z.object({ organization: organizationSchema }) }, ...WRITE, 409: "conflict: the external_id is taken" },
  },
  {
    id: "deleteOrganization", method: "delete", path: "/api/v1/organizations/{id}", tag: "Organizations", auth: { scope: "organizations:write" },
    summary: "Delete an organization", description: "With its service principals, their secrets, portal links and sessions.",
    params: org, responses: { 204: "Deleted", ...ONE },
  },
  {
    id: "createServicePrincipal", method: "post", path: "/api/v1/organizations/{id}/clients", tag: "Service principals", auth: { scope: "clients:write" },
    summary: "Create a service principal", description: "The response carries plain_secret once; only a hash is stored.",
    params: org, body: { schema: createServicePrincipalSchema, required: true },
    responses: { 201: { description: "Created, with its first secret", schema: z.object({ client: servicePrincipalSchema, plain_secret: z.string() }) }, ...WRITE },
  },
  {
    id: "listServicePrincipals", method: "get", path: "/api/v1/organizations/{id}/clients", tag: "Service principals", auth: { scope: "clients:read" },
    summary: "List an organization's service principals", params: org,
    responses: { 200: { description: "Newest first, with their secrets (never the secrets themselves)", schema: z.object({ clients: z.array(servicePrincipalSchema) }) }, ...ONE },
  },
  {
    id: "getServicePrincipal", method: "get", path: "/api/v1/organizations/{id}/clients/{client_id}", tag: "Service principals", auth: { scope: "clients:read" },
    summary: "Get a service principal", params: client,
    responses: { 200: { description: "The service principal", schema: z.object({ client: servicePrincipalSchema }) }, ...ONE },
  },
  {
    id: "updateServicePrincipal", method: "patch", path: "/api/v1/organizations/{id}/clients/{client_id}", tag: "Service principals", auth: { scope: "clients:write" },
    summary: "Update a service principal", description: "Name, description, scopes, audience, expiry, custom claims, status. A disabled one gets no tokens.",
    params: client, body: { schema: updateServicePrincipalSchema, required: true },
    responses: { 200: { description: "The service principal", schema: z.object({ client: servicePrincipalSchema }) }, ...WRITE },
  },
  {
    id: "deleteServicePrincipal", method: "delete", path: "/api/v1/organizations/{id}/clients/{client_id}", tag: "Service principals", auth: { scope: "clients:write" },
    summary: "Delete a service principal", params: client, responses: { 204: "Deleted", ...ONE },
  },
  {
    id: "addClientSecret", method: "post", path: "/api/v1/organizations/{id}/clients/{client_id}/secrets", tag: "Service principals", auth: { scope: "clients:write" },
    summary: "Add a client secret", description: "At most 5 usable secrets. Rotate: add one, move callers over, revoke the old one.",
    params: client, body: { schema: addClientSecretSchema, required: false },
    responses: { 201: { description: "Created; plain_secret is shown this once", schema: z.object({ secret: clientSecretSchema, plain_secret: z.string() }) }, ...WRITE, 409: "limit_exceeded: already 5 usable secrets" },
  },
  {
    id: "revokeClientSecret", method: "delete", path: "/api/v1/organizations/{id}/clients/{client_id}/secrets/{secret_id}", tag: "Service principals", auth: { scope: "clients:write" },
    summary: "Revoke a client secret", description: "It stops working at once and stays listed as INACTIVE.",
    params: client.extend({ secret_id: z.string().describe("sks_…") }), responses: { 204: "Revoked", ...ONE },
  },
  {
    id: "createPortalLink", method: "put", path: "/api/v1/organizations/{id}/portal_links", tag: "Admin portal", auth: { scope: "portal_links:write" },
    summary: "Make a portal link",
    description: "Embedded links open once, within 1 minute (put location in an iframe); shareable links last 7 days and can be revoked. " +
      "POST is accepted too. Every field is optional.",
    params: org, body: { schema: createPortalLinkSchema, required: false },
    responses: { 200: { description: "The link", schema: portalLinkCreatedSchema }, ...WRITE },
  },
  {
    id: "listPortalLinks", method: "get", path: "/api/v1/organizations/{id}/portal_links", tag: "Admin portal", auth: { scope: "portal_links:write" },
    summary: "List the open shareable links", params: org,
    responses: { 200: { description: "Newest first", schema: z.object({ portal_links: z.array(portalLinkSchema) }) }, ...ONE },
  },
  {
    id: "revokePortalLink", method: "delete", path: "/api/v1/organizations/{id}/portal_links/{link_id}", tag: "Admin portal", auth: { scope: "portal_links:write" },
    summary: "Revoke a portal link", description: "Ends every portal session opened through it.",
    params: org.extend({ link_id: z.string() }), responses: { 204: "Revoked", ...ONE },
  },
  {
    id: "listAuditEvents", method: "get", path: "/api/v1/audit_events", tag: "Audit", auth: { scope: "audit:read" },
    summary: "List audit events", description: "Newest first. action=service_principal.* selects a family; actor matches an id or the start of a label.",
    query: auditEventsQuerySchema,
    responses: { 200: { description: "A page", schema: z.object({ audit_events: z.array(auditEventSchema), next_cursor: z.string().nullable() }) }, ...COMMON, 404: "not_found: organization_id names an organization this client cannot see", 422: "validation_failed" },
  },
]);
