import { z } from "zod";
import { defineEvents } from "../define";

// Organization domains (issue 13): claimed, verified by DNS (or by an operator), failed, removed.

const domain = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  display_name: z.string(),
  status: z.enum(["pending", "verified", "failed"]),
  verification_method: z.enum(["dns", "manual"]).nullable(),
  verified_time: z.string().nullable(),
  failure_reason: z.string().nullable(),
  create_time: z.string(),
  update_time: z.string(),
});

export const domainEvents = defineEvents({
  "organization.domain.created": {
    object: "OrganizationDomain", label: "Domain added", description: "An organization added a domain to verify; it is pending until its DNS record is found.",
    data: domain, audit: { action: "domain.created", target: "domain" }, webhook: true,
  },
  "organization.domain.verified": {
    object: "OrganizationDomain", label: "Domain verified", description: "A domain was verified (by its DNS TXT record, or by an operator with a reason); its users' emails now route to the organization.",
    data: domain, audit: { action: "domain.verified", target: "domain" }, webhook: true,
  },
  "organization.domain.verification_failed": {
    object: "OrganizationDomain", label: "Domain verification failed", description: "A domain became failed: its record was not found in time, disappeared at re-verification, or another organization verified it first. It no longer routes.",
    data: domain, audit: { action: "domain.verification_failed", target: "domain" }, webhook: true,
  },
  "organization.domain.deleted": {
    object: "OrganizationDomain", label: "Domain removed", description: "A domain was removed from an organization; it no longer routes.",
    data: domain, audit: { action: "domain.deleted", target: "domain" }, webhook: true,
  },
});
