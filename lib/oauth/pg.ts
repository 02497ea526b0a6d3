import pg from "pg";
import { databaseUrl } from "@/lib/config/env";

// A small raw `pg` pool for the token service's hot path: one named prepared statement per request
// (client, secrets, organization and limits in a single round trip), without the ORM's per-query
// overhead. Shared through globalThis so the Next.js bundle and scripts/start.ts's lean token path use
// one pool per process.

const KEY = Symbol.for("portico.oauth.pg");
const holder = globalThis as unknown as { [KEY]?: pg.Pool };

export function tokenPool(): pg.Pool {
  let pool = holder[KEY];
  if (!pool) {
    pool = new pg.Pool({
      connectionString: databaseUrl(), max: Number(process.env.TOKEN_DATABASE_POOL_SIZE ?? 8), idleTimeoutMillis: 30_000,
      // The hot path's prepared statements take array parameters, for which PostgreSQL keeps choosing a
      // custom plan: it would plan the client lookup (joins, subqueries) again on every execution, which
      // costs more than running it. Their generic plans are as good, so plan once per connection.
      options: "-c plan_cache_mode=force_generic_plan",
    });
    pool.on("error", () => {}); // an idle client dropped by the server; the next query reconnects
    holder[KEY] = pool;
  }
  return pool;
}

export async function closeTokenPool(): Promise<void> {
  const pool = holder[KEY];
  delete holder[KEY];
  await pool?.end();
}
