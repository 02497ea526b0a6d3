import { authorize, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";
import { EVENT_CATALOG } from "@/lib/events/catalog";
import { usableSecretWhere } from "@/lib/service-principals/secrets";

// The console's usage view: tokens issued (token_usage, batched per client per minute) in total, per
// organization and per principal, each per day; failed client authentications (audit events, which
// summarise bursts with a `repeated` count); and secrets that look forgotten or overdue for rotation.
// The rotation policy is the viewer's choice (`rotationDays`, the page's `rotation` URL parameter), not
// a setting Portico enforces: it only decides which secrets are listed as overdue.

export const CLIENT_AUTH_FAILED_ACTION = EVENT_CATALOG["client_authentication.failed"].audit.action;

export interface DailyCount { day: string; count: number }
export interface TopClient { client_id: string; name: string | null; organization_id: string | null; organization_name: string | null; count: number; per_day: DailyCount[] }
/** `organization_id` null: environment-level clients (the host app's management clients). */
export interface TopOrganization { organization_id: string | null; organization_name: string | null; principals: number; count: number; per_day: DailyCount[] }
export interface SecretAttention {
  secret_id: string; suffix: string; client_id: string; client_name: string; organization_id: string | null; organization_name: string | null;
  create_time: string; last_used_time: string | null;
}

export interface UsageReport {
  days: number;
  tokens_per_day: DailyCount[];
  tokens_total: number;
  /** The principals that got the most tokens in the period (at most TOP_N), each with its days. */
  top_clients: TopClient[];
  /** The same per organization. */
  top_organizations: TopOrganization[];
  failed_authentications_per_day: DailyCount[];
  failed_authentications_total: number;
  /** The oldest SECRET_LIST_LIMIT of them; `_total` counts them all. */
  unused_secrets: SecretAttention[];
  unused_secrets_total: number;
  old_secrets: SecretAttention[];
  old_secrets_total: number;
}

export const TOP_N = 10;
export const SECRET_LIST_LIMIT = 50;

function fillDays(rows: { day: Date; count: bigint | number }[], days: number, now: Date): DailyCount[] {
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), Number(r.count)]));
  const out: DailyCount[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(today - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}

/** Usage over the last `days` days (UTC), optionally for one organization. */
export async function usageReport(
  principal: Principal,
  { days = 14, organizationId = null, unusedDays = 30, rotationDays = 90, now = new Date() }: { days?: number; organizationId?: string | null; unusedDays?: number; rotationDays?: number; now?: Date } = {},
): Promise<UsageReport> {
  authorize(principal, "clients:read", { organizationId });
  authorize(principal, "audit:read", { organizationId });
  const span = Math.min(Math.max(Math.trunc(days), 1), 90);
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (span - 1) * 86_400_000);
  const orgFilter = organizationId ? Prisma.sql`AND organization_id = ${organizationId}` : Prisma.empty;

  // Independent of each other: sent at once (each on its own pooled connection; no transaction).
  const [tokenDays, top, topOrgs, failedDays] = await Promise.all([
    db.$queryRaw<{ day: Date; count: bigint }[]>`
      SELECT date_trunc('day', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(count)::bigint AS count
      FROM token_usage WHERE minute >= ${since} ${orgFilter} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ client_id: string; organization_id: string | null; count: bigint }[]>`
      SELECT client_id, max(organization_id) AS organization_id, sum(count)::bigint AS count
      FROM token_usage WHERE minute >= ${since} ${orgFilter} GROUP BY client_id ORDER BY count DESC, client_id LIMIT ${TOP_N}`,
    db.$queryRaw<{ organization_id: string | null; principals: bigint; count: bigint }[]>`
      SELECT organization_id, count(DISTINCT client_id)::bigint AS principals, sum(count)::bigint AS count
      FROM token_usage WHERE minute >= ${since} ${orgFilter} GROUP BY organization_id ORDER BY count DESC, organization_id LIMIT ${TOP_N}`,
    db.$queryRaw<{ day: Date; count: bigint }[]>`
      SELECT date_trunc('day', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
             sum(1 + coalesce((metadata->>'repeated')::int, 0))::bigint AS count
      FROM audit_events WHERE action = ${CLIENT_AUTH_FAILED_ACTION} AND time >= ${since} ${orgFilter} GROUP BY 1 ORDER BY 1`,
  ]);
  const clientIds = top.map((t) => t.client_id);
  const clientDays = clientIds.length ? await db.$queryRaw<{ key: string; day: Date; count: bigint }[]>`
    SELECT client_id AS key, date_trunc('day', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(count)::bigint AS count
    FROM token_usage WHERE minute >= ${since} AND client_id = ANY(${clientIds}::text[]) GROUP BY 1, 2` : [];
  const orgIds = topOrgs.flatMap((o) => (o.organization_id ? [o.organization_id] : []));
  const withEnvironment = topOrgs.some((o) => o.organization_id === null);
  const orgDays = topOrgs.length ? await db.$queryRaw<{ key: string | null; day: Date; count: bigint }[]>`
    SELECT organization_id AS key, date_trunc('day', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(count)::bigint AS count
    FROM token_usage WHERE minute >= ${since} AND (organization_id = ANY(${orgIds}::text[]) OR (${withEnvironment} AND organization_id IS NULL))
    GROUP BY 1, 2` : [];

  const clientWhere: Prisma.ServicePrincipalWhereInput = organizationId ? { organizationId } : {};
  const unusedBefore = new Date(now.getTime() - unusedDays * 86_400_000);
  const rotateBefore = new Date(now.getTime() - rotationDays * 86_400_000);
  const secretSelect = { id: true, suffix: true, createdAt: true, lastUsedAt: true, client: { select: { id: true, name: true, organizationId: true, organization: { select: { displayName: true } } } } } as const;
  // Usable secrets only: an expired one can no longer be used, so it neither lingers nor needs rotating.
  const usable = usableSecretWhere(now);
  const unusedWhere: Prisma.ClientSecretWhereInput = { AND: [usable, { client: clientWhere, createdAt: { lt: unusedBefore }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unusedBefore } }] }] };
  const oldWhere: Prisma.ClientSecretWhereInput = { AND: [usable, { client: clientWhere, createdAt: { lt: rotateBefore } }] };
  const [unused, unusedTotal, old, oldTotal, clients, orgs] = await Promise.all([
    db.clientSecret.findMany({ where: unusedWhere, select: secretSelect, orderBy: { createdAt: "asc" }, take: SECRET_LIST_LIMIT }),
    db.clientSecret.count({ where: unusedWhere }),
    db.clientSecret.findMany({ where: oldWhere, select: secretSelect, orderBy: { createdAt: "asc" }, take: SECRET_LIST_LIMIT }),
    db.clientSecret.count({ where: oldWhere }),
    db.servicePrincipal.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true, organization: { select: { displayName: true } } } }),
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, displayName: true } }),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.displayName]));
  const seriesOf = (rows: { key: string | null; day: Date; count: bigint }[], key: string | null) => fillDays(rows.filter((r) => r.key === key), span, now);
  const clientInfo = new Map(clients.map((c) => [c.id, c]));
  const attention = (s: (typeof unused)[number]): SecretAttention => ({
    secret_id: s.id, suffix: s.suffix, client_id: s.client.id, client_name: s.client.name, organization_id: s.client.organizationId,
    organization_name: s.client.organization?.displayName ?? null, create_time: s.createdAt.toISOString(), last_used_time: s.lastUsedAt?.toISOString() ?? null,
  });
  const tokensPerDay = fillDays(tokenDays, span, now);
  const failedPerDay = fillDays(failedDays, span, now);
  return {
    days: span,
    tokens_per_day: tokensPerDay,
    tokens_total: tokensPerDay.reduce((a, d) => a + d.count, 0),
    top_clients: top.map((t) => ({
      client_id: t.client_id, name: clientInfo.get(t.client_id)?.name ?? null, organization_id: t.organization_id,
      organization_name: clientInfo.get(t.client_id)?.organization?.displayName ?? null, count: Number(t.count),
      per_day: seriesOf(clientDays, t.client_id),
    })),
    top_organizations: topOrgs.map((o) => ({
      organization_id: o.organization_id, organization_name: o.organization_id ? orgName.get(o.organization_id) ?? null : null,
      principals: Number(o.principals), count: Number(o.count), per_day: seriesOf(orgDays, o.organization_id),
    })),
    failed_authentications_per_day: failedPerDay,
    failed_authentications_total: failedPerDay.reduce((a, d) => a + d.count, 0),
    unused_secrets: unused.map(attention),
    unused_secrets_total: unusedTotal,
    old_secrets: old.map(attention),
    old_secrets_total: oldTotal,
  };
}
