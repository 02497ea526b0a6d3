import { db, type DbOrTx } from "@/lib/db";
import { emailDomainOf } from "./names";

// Home-realm discovery: which organization a sign-in belongs to, from the user's email (login_hint) or a
// domain (domain=). Only verified domains route: a pending or failed claim, a removed domain, or a
// domain verified by nobody gives null. Names are compared in their normalised form (lower case, no
// trailing dot, IDN as punycode), and exactly: a subdomain (eu.acme.com) is a domain of its own, which
// routes only once it is verified itself. The database keeps a name verified for one organization at
// most (organization_domains.verified_name is unique), so the answer is never ambiguous.

/**
 * The id of the organization that owns the verified domain of `domainOrEmail` ("ada@Acme.com",
 * "acme.com.", "bücher.de"), or null. Never throws for bad input: anything that is not a domain name
 * is simply not routed.
 */
export async function organizationForEmailDomain(domainOrEmail: string, client: DbOrTx = db): Promise<string | null> {
  const name = emailDomainOf(domainOrEmail);
  if (!name) return null;
  const row = await client.organizationDomain.findUnique({ where: { verifiedName: name }, select: { organizationId: true } });
  return row?.organizationId ?? null;
}

/**
 * Whether `domainOrEmail` is one of the organization's verified domains: a connection that accepts only
 * its organization's verified domains refuses other users with `invalid_user_domain`.
 */
export async function isVerifiedDomainOf(organizationId: string, domainOrEmail: string, client: DbOrTx = db): Promise<boolean> {
  return (await organizationForEmailDomain(domainOrEmail, client)) === organizationId;
}

/** The organization's verified domain names (normalised, sorted); empty when it has none (`domain_not_found`). */
export async function verifiedDomainNames(organizationId: string, client: DbOrTx = db): Promise<string[]> {
  const rows = await client.organizationDomain.findMany({
    where: { organizationId, verifiedName: { not: null } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  return rows.map((r) => r.name);
}
