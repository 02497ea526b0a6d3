import type { OrganizationDomain } from "@/lib/generated/prisma/client";
import { RECORD_SUBDOMAIN, TXT_PREFIX } from "./dns";
import { displayDomainName } from "./names";
import type { DomainStatus, DomainView } from "./schemas";

// Database rows → the shapes the API, the portal, the console and events use.

export function domainView(row: OrganizationDomain): DomainView {
  return {
    id: row.id,
    organization_id: row.organizationId,
    name: row.name,
    display_name: displayDomainName(row.name),
    status: row.status as DomainStatus,
    verification: {
      record_type: "TXT",
      record_name: `${RECORD_SUBDOMAIN}.${row.name}`,
      record_value: `${TXT_PREFIX}${row.verificationToken}`,
      alternative_record_name: row.name,
    },
    verification_method: (row.verificationMethod as DomainView["verification_method"]) ?? null,
    verified_time: row.verifiedAt?.toISOString() ?? null,
    last_check_time: row.lastCheckedAt?.toISOString() ?? null,
    last_check: (row.lastCheck as DomainView["last_check"]) ?? null,
    failure_reason: row.failureReason,
    next_check_time: row.nextCheckAt?.toISOString() ?? null,
    create_time: row.createdAt.toISOString(),
    update_time: row.updatedAt.toISOString(),
  };
}

/** What events and the audit trail carry: the domain without its verification record and check details. */
export function domainEventData(row: OrganizationDomain) {
  const v = domainView(row);
  return {
    id: v.id, organization_id: v.organization_id, name: v.name, display_name: v.display_name, status: v.status,
    verification_method: v.verification_method, verified_time: v.verified_time, failure_reason: v.failure_reason,
    create_time: v.create_time, update_time: v.update_time,
  };
}
