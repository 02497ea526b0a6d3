import { authorize, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";

// The console's usage view: tokens issued (token_usage, batched per client per minute), failed client
// authentications (audit events, which summarise bursts with a `repeated` count), and secrets that
// look forgotten or overdue for rotation.

export const CLIENT_AUTH_FAILED_ACTION = "client_authentication.failed";

export interface DailyCount { day: string; count: number }
export interface TopClient { client_id: string; name: string | null; organization_id: string | null; organization_name: string | null; count: number }
export interface SecretAttention {
  secret_id: string; suffix: string; client_id: string; client_name: string; organization_id: string | null; organization_name: string | null;
  create_time: string; last_used_time: string | null;
}

export interface UsageReport {
  days: number;
  tokens_per_day: DailyCount[];
  tokens_total: number;
  top_clients: TopClient[];
  failed_authentications_per_day: DailyCount[];
  failed_authentications_total: number;
  unused_secrets: SecretAttention[];
  old_secrets: SecretAttention[];
}

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

  const tokenDays = await db.$queryRaw<{ day: Date; count: bigint }[]>`
    SELECT date_trunc('day', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(count)::bigint AS count
    FROM token_usage WHERE minute >= ${since} ${orgFilter} GROUP BY 1 ORDER BY 1`;
  const top = await db.$queryRaw<{ client_id: string; organization_id: string | null; count: bigint }[]>`
    SELECT client_id, max(organization_id) AS organization_id, sum(count)::bigint AS count
    FROM token_usage WHERE minute >= ${since} ${orgFilter} GROUP BY client_id ORDER BY count DESC LIMIT 10`;
  const failedDays = await db.$queryRaw<{ day: Date; count: bigint }[]>`
    SELECT date_trunc('day', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
           sum(1 + coalesce((metadata->>'repeated')::int, 0))::bigint AS count
    FROM audit_events WHERE action = ${CLIENT_AUTH_FAILED_ACTION} AND time >= ${since} ${orgFilter} GROUP BY 1 ORDER BY 1`;

  const clientWhere: Prisma.ServicePrincipalWhereInput = organizationId ? { organizationId } : {};
  const unusedBefore = new Date(now.getTime() - unusedDays * 86_400_000);
  const rotateBefore = new Date(now.getTime() - rotationDays * 86_400_000);
  const secretSelect = { id: true, suffix: true, createdAt: true, lastUsedAt: true, client: { select: { id: true, name: true, organizationId: true, organization: { select: { displayName: true } } } } } as const;
  const [unused, old, clients] = await Promise.all([
    db.clientSecret.findMany({
      where: { status: "ACTIVE", client: clientWhere, createdAt: { lt: unusedBefore }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unusedBefore } }] },
      select: secretSelect, orderBy: { createdAt: "asc" }, take: 50,
    }),
    db.clientSecret.findMany({ where: { status: "ACTIVE", client: clientWhere, createdAt: { lt: rotateBefore } }, select: secretSelect, orderBy: { createdAt: "asc" }, take: 50 }),
    db.servicePrincipal.findMany({ where: { id: { in: top.map((t) => t.client_id) } }, select: { id: true, name: true, organization: { select: { displayName: true } } } }),
  ]);
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
    })),
    failed_authentications_per_day: failedPerDay,
    failed_authentications_total: failedPerDay.reduce((a, d) => a + d.count, 0),
    unused_secrets: unused.map(attention),
    old_secrets: old.map(attention),
  };
}
