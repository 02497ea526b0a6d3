import type pg from "pg";

// Reads clients for the token service on every request, and still cheaply under load.
//
// Always current: each lookup is answered by a query sent after the lookup was made, so every answer
// reflects the database as of after the request came in. A change (disabled principal, revoked secret,
// deleted organization, new lifetime limit) therefore applies to the very next request.
//
// Cheap: lookups are coalesced (requests that arrive while earlier lookups are on the wire share the
// next query, `unnest(…)`), and the rows are kept in memory tagged with the token_config_version counter
// they were read at. Triggers bump that counter in every transaction that changes anything the query
// reads (see its migration), so the query compares each cached row's version with the counter in the
// same snapshot and re-reads only rows that may have changed. With nothing changed it costs one tiny
// round trip per batch instead of joins, JSON aggregation and row parsing per client.
//
// Isolated: one caller's value never fails another caller's lookup. Values PostgreSQL would refuse (NUL,
// unpaired surrogates) are stopped before they get here (authenticateClient and the token endpoint apply
// the text rule, lib/validation/text); should a batch still fail on a value (an error of SQLSTATE class
// 22, "data exception"), its lookups are sent again one by one, so only the lookup that carried it fails.

export interface SecretRow { id: string; hash: string; status: string; expire: string | null }

export interface ClientRow {
  id: string;
  organization_id: string | null;
  name: string;
  scopes: string[];
  audience: string[];
  expiry: number;
  custom_claims: unknown;
  status: string;
  organization_usage: string | null;
  allow_any_organization: boolean;
  allowed_organization_ids: string[];
  organization_exists: boolean;
  secrets: SecretRow[];
  catalog_audience: string[] | null;
  requested_organization_exists: boolean;
  organization_token_lifetime: number | null;
  deployment_token_lifetime: number | null;
}

/**
 * Secrets compared per request: every usable one (active and unexpired, at most 5) first, then the most
 * recently revoked or expired, which only tell "revoked secret" from "wrong secret" in the audit trail;
 * a client rotated a thousand times must not make each request compare a thousand hashes.
 */
const MAX_SECRETS_COMPARED = 25;

// One row per requested (client, organization): `fetched` says whether the client's columns were read
// (its cached version was missing or older than the counter); `version` is the counter in this snapshot.
export const CLIENT_BATCH_QUERY = `
WITH cfg AS MATERIALIZED (SELECT (SELECT version FROM token_config_version) AS version)
SELECT req.i, cfg.version, (req.cached_version IS DISTINCT FROM cfg.version) AS fetched, c.*
  FROM cfg
 CROSS JOIN unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS req(client_id, organization, cached_version, i)
  LEFT JOIN LATERAL (
SELECT sp.id, sp.organization_id, sp.name, sp.scopes, sp.audience, sp.expiry, sp.custom_claims, sp.status,
       sp.organization_usage, sp.allow_any_organization, sp.allowed_organization_ids,
       (sp.organization_id IS NULL OR EXISTS (SELECT 1 FROM organizations o WHERE o.id = sp.organization_id)) AS organization_exists,
       COALESCE((SELECT json_agg(json_build_object('id', cs.id, 'hash', cs.secret_hash, 'status', cs.status, 'expire', cs.expire_time))
                 FROM (SELECT * FROM client_secrets WHERE client_id = sp.id
                        ORDER BY (status = 'ACTIVE' AND (expire_time IS NULL OR expire_time > now())) DESC, update_time DESC LIMIT ${MAX_SECRETS_COMPARED}) cs), '[]'::json) AS secrets,
       CASE WHEN cardinality(sp.audience) = 0 THEN
         (SELECT array_agg(DISTINCT r.audience) FROM api_scopes s JOIN api_resources r ON r.id = s.resource_id WHERE s.name = ANY (sp.scopes))
       END AS catalog_audience,
       (req.organization IS NOT NULL AND EXISTS (SELECT 1 FROM organizations ro WHERE ro.id = req.organization)) AS requested_organization_exists,
       (SELECT oss.access_token_lifetime_sec FROM organization_session_settings oss
         WHERE oss.organization_id = COALESCE(sp.organization_id, req.organization)) AS organization_token_lifetime,
       (SELECT CASE WHEN jsonb_typeof(ds.value -> 'access_token_lifetime_sec') = 'number'
                    THEN (ds.value ->> 'access_token_lifetime_sec')::numeric::int END
          FROM deployment_settings ds WHERE ds.key = 'session_defaults') AS deployment_token_lifetime
  FROM service_principals sp
  -- The key is NULL for rows still current, so nothing below runs for them (a plain AND here is
  -- applied only after the row and its subqueries were computed).
 WHERE sp.id = CASE WHEN req.cached_version IS DISTINCT FROM cfg.version THEN req.client_id END
  ) c ON true
 ORDER BY req.i`;

type BatchRow = Partial<ClientRow> & { i: string; version: string | null; fetched: boolean };

/** At most this many (client, organization) rows are kept; the oldest go first. */
const MAX_CACHED = 10_000;

interface Pending {
  /** The cache key, `${clientId}\0${organization}`. */
  key: string;
  clientId: string;
  organization: string | null;
  resolve: (row: ClientRow | null) => void;
  reject: (err: unknown) => void;
}

const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 256;

export class ClientLookup {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Rows of known clients by `${clientId}\0${organization}`, with the counter value they were read at. */
  private cache = new Map<string, { version: string; row: ClientRow }>();

  constructor(private readonly pool: () => pg.Pool) {}

  /** The client row (with the requested organization's facts), as of after this call was made. */
  find(clientId: string, organization: string | null): Promise<ClientRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key: `${clientId}\u0000${organization ?? ""}`, clientId, organization, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || !this.queue.length) return;
    this.scheduled = true;
    // Let the requests read in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private remember(key: string, version: string, row: ClientRow): void {
    this.cache.delete(key); // re-inserted last: the Map's order is the eviction order
    this.cache.set(key, { version, row });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
  }

  private send(): void {
    if (this.inFlight >= MAX_IN_FLIGHT || !this.queue.length) return;
    this.query(this.queue.splice(0, MAX_BATCH));
  }

  /** Sends one batch (a batch of one too, when a failed batch is split up). */
  private query(batch: Pending[]): void {
    const keys = new Map<string, number>();
    const ids: string[] = [];
    const orgs: (string | null)[] = [];
    const versions: (string | null)[] = [];
    const cached = new Map<string, ClientRow>(); // as sent: the other batch in flight may replace entries
    for (const { key, clientId, organization } of batch) {
      if (!keys.has(key)) {
        keys.set(key, ids.length + 1);
        ids.push(clientId);
        orgs.push(organization);
        const entry = this.cache.get(key);
        versions.push(entry?.version ?? null);
        if (entry) cached.set(key, entry.row);
      }
    }
    this.inFlight++;
    this.pool().query<BatchRow>({ name: "portico_oauth_clients", text: CLIENT_BATCH_QUERY, values: [ids, orgs, versions] }).then(
      (result) => {
        const rows = new Map<string, ClientRow | null>();
        for (const [key, index] of keys) {
          const r = result.rows[index - 1];
          if (!r || Number(r.i) !== index) throw new Error("client lookup: rows out of order");
          if (!r.fetched) {
            rows.set(key, cached.get(key)!); // unchanged since it was read
          } else if (r.id) {
            const { i: _i, version: _v, fetched: _f, ...row } = r;
            rows.set(key, row as ClientRow);
            // Only (client, organization) pairs that name a real organization are kept: anyone who knows a
            // client id could otherwise fill the cache with made-up organization values. (The organization
            // sent for this key: null and "" share the key, and neither names one.)
            if (r.version !== null && (!orgs[index - 1] || r.requested_organization_exists)) this.remember(key, r.version, row as ClientRow);
          } else {
            rows.set(key, null); // unknown clients are not cached: anyone can make up ids
            this.cache.delete(key);
          }
        }
        for (const p of batch) p.resolve(rows.get(p.key)!);
      },
    ).catch((err) => {
      // A value the database refused: retry each lookup on its own so only the one that carried it fails.
      // (Any other failure, such as a lost connection, fails the batch: retrying it one by one would only
      // multiply the load on a database that is already in trouble.)
      const keys = new Set(batch.map((p) => p.key));
      if (keys.size > 1 && isDataException(err)) {
        for (const key of keys) this.query(batch.filter((p) => p.key === key));
        return;
      }
      for (const p of batch) p.reject(err);
    }).finally(() => {
      this.inFlight--;
      this.schedule();
    });
  }
}

/** PostgreSQL's "data exception" class (22xxx): invalid text encoding, out-of-range values, bad input syntax. */
function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("22");
}
