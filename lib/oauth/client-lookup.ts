import type pg from "pg";

// Reads clients for the token service straight from the database, for every request, and still cheaply
// under load: lookups are coalesced. Requests that arrive while earlier lookups are on the wire wait
// for the next batch and share one query (`WHERE id = ANY(…)`); a request never joins a query that was
// sent before it arrived, so every answer reflects the database as of after the request came in. A
// change (disabled principal, revoked secret, deleted organization) therefore applies to the very next
// request, with no cache to invalidate.

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

const CLIENT_BATCH_QUERY = `
SELECT req.i, sp.id, sp.organization_id, sp.name, sp.scopes, sp.audience, sp.expiry, sp.custom_claims, sp.status,
       sp.organization_usage, sp.allow_any_organization, sp.allowed_organization_ids,
       (sp.organization_id IS NULL OR EXISTS (SELECT 1 FROM organizations o WHERE o.id = sp.organization_id)) AS organization_exists,
       COALESCE((SELECT json_agg(json_build_object('id', cs.id, 'hash', cs.secret_hash, 'status', cs.status, 'expire', cs.expire_time))
                 FROM client_secrets cs WHERE cs.client_id = sp.id), '[]'::json) AS secrets,
       CASE WHEN cardinality(sp.audience) = 0 THEN
         (SELECT array_agg(DISTINCT r.audience) FROM api_scopes s JOIN api_resources r ON r.id = s.resource_id WHERE s.name = ANY (sp.scopes))
       END AS catalog_audience,
       (req.organization IS NOT NULL AND EXISTS (SELECT 1 FROM organizations ro WHERE ro.id = req.organization)) AS requested_organization_exists,
       (SELECT oss.access_token_lifetime_sec FROM organization_session_settings oss
         WHERE oss.organization_id = COALESCE(sp.organization_id, req.organization)) AS organization_token_lifetime,
       (SELECT CASE WHEN jsonb_typeof(ds.value -> 'access_token_lifetime_sec') = 'number'
                    THEN (ds.value ->> 'access_token_lifetime_sec')::numeric::int END
          FROM deployment_settings ds WHERE ds.key = 'session_defaults') AS deployment_token_lifetime
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS req(client_id, organization, i)
  JOIN service_principals sp ON sp.id = req.client_id`;

interface Pending {
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

  constructor(private readonly pool: () => pg.Pool) {}

  /** The client row (with the requested organization's facts), read after this call was made. */
  find(clientId: string, organization: string | null): Promise<ClientRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ clientId, organization, resolve, reject });
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

  private send(): void {
    if (this.inFlight >= MAX_IN_FLIGHT || !this.queue.length) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    const keys = new Map<string, number>();
    const ids: string[] = [];
    const orgs: (string | null)[] = [];
    for (const p of batch) {
      const key = `${p.clientId}\u0000${p.organization ?? ""}`;
      if (!keys.has(key)) {
        keys.set(key, ids.length + 1);
        ids.push(p.clientId);
        orgs.push(p.organization);
      }
    }
    this.inFlight++;
    this.pool().query<ClientRow & { i: string }>({ name: "portico_oauth_clients", text: CLIENT_BATCH_QUERY, values: [ids, orgs] }).then(
      (result) => {
        const byIndex = new Map(result.rows.map((r) => [Number(r.i), r]));
        for (const p of batch) p.resolve(byIndex.get(keys.get(`${p.clientId}\u0000${p.organization ?? ""}`)!) ?? null);
      },
      (err) => {
        for (const p of batch) p.reject(err);
      },
    ).finally(() => {
      this.inFlight--;
      this.schedule();
    });
  }
}
