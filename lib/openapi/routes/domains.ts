import { z } from "zod";
import { addDomainSchema } from "@/lib/domains/schemas";
import { defineOperations, MANAGEMENT_ERRORS, organizationParams } from "../define";
import { domainSchema } from "../views";

// Organization domains (/api/v1/organizations/{id}/domains): add, list, get, check now, remove.

const org = organizationParams;
const domain = org.extend({ domain_id: z.string().describe("dom_…") });
const COMMON = {
  ...MANAGEMENT_ERRORS,
  404: "not_found: no such organization or domain for this client",
};

export const domainOperations = defineOperations([
  {
    id: "addDomain", method: "post", path: "/api/v1/organizations/{id}/domains", tag: "Domains", auth: { scope: "domains:write" },
    summary: "Add a domain", description: "Pending until its TXT record is found (checked in the background, or with Check now). At most 50 per organization.",
    params: org, body: { schema: addDomainSchema, required: true },
    responses: {
      201: { description: "Added, with the record to publish", schema: z.object({ domain: domainSchema }) },
      ...COMMON, 409: "conflict: the organization has it already, or another organization has verified it", 422: "validation_failed: the name is not a domain an organization can own",
    },
  },
  {
    id: "listDomains", method: "get", path: "/api/v1/organizations/{id}/domains", tag: "Domains", auth: { scope: "domains:read" },
    summary: "List an organization's domains", params: org,
    responses: { 200: { description: "By name", schema: z.object({ domains: z.array(domainSchema) }) }, ...COMMON },
  },
  {
    id: "getDomain", method: "get", path: "/api/v1/organizations/{id}/domains/{domain_id}", tag: "Domains", auth: { scope: "domains:read" },
    summary: "Get a domain", params: domain,
    responses: { 200: { description: "The domain", schema: z.object({ domain: domainSchema }) }, ...COMMON },
  },
  {
    id: "deleteDomain", method: "delete", path: "/api/v1/organizations/{id}/domains/{domain_id}", tag: "Domains", auth: { scope: "domains:write" },
    summary: "Remove a domain", description: "It stops routing at once.", params: domain,
    responses: { 204: "Removed", ...COMMON },
  },
  {
    id: "checkDomain", method: "post", path: "/api/v1/organizations/{id}/domains/{domain_id}/verify", tag: "Domains", auth: { scope: "domains:write" },
    summary: "Check a domain's DNS record now", description: "The domain comes back verified, still pending, or failed, with the check's outcome in words.",
    params: domain,
    responses: { 200: { description: "The domain after the check", schema: z.object({ domain: domainSchema }) }, ...COMMON },
  },
]);
