import http from "node:http";
import { db } from "@/lib/db";
import { SSO_ERROR_CODES } from "@/lib/sso/errors";

// The fuzz suite's runner (e2e/fuzz.spec.ts): sends requests exactly as given (raw path, headers, body:
// nothing normalised, so broken percent-encoding and NUL reach the server), a few at a time, from
// addresses of their own (X-Forwarded-For from loopback is believed, so the suite neither uses up nor
// is limited by the per-IP budgets other tests share), and checks each answer against what its route
// family promises. Failures are collected, not thrown, so one run lists every route that misbehaves.

const base = () => new URL(process.env.BASE_URL ?? "http://localhost:3000");
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export interface RawRequest {
  method: string;
  /** Path and query, sent as they are. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

let addressCounter = 0;
/** One of 64 benchmarking-range addresses (198.18.0.0/15), in turn. */
export const fuzzAddress = () => `198.18.${Math.floor(addressCounter / 8) % 8}.${(addressCounter++ % 8) + 1}`;

export function send(req: RawRequest, { timeoutMs = 30_000 } = {}): Promise<RawResponse> {
  const url = base();
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
    const r = http.request({
      host: url.hostname, port: url.port, method: req.method, path: req.path, agent,
      headers: { "x-forwarded-for": fuzzAddress(), ...(body ? { "content-length": String(body.length) } : {}), ...req.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    r.on("error", reject);
    r.end(body);
  });
}

/** What an answer must look like. Every answer must also be below 500. */
export type Shape =
  /** Management API: JSON {error, error_description, details?[{field, message}]}; a 422 names `field`. */
  | "management"
  /** OAuth: JSON {error (an RFC 6749/7009/7662 code), error_description}. */
  | "oauth"
  /** A page or a redirect: any status below 500. */
  | "page"
  /** Server action: below 500, and no "internal" failure (an action that threw something other than a DomainError) in its result. */
  | "action"
  /** SCIM 2.0 (RFC 7644 §3.12): {schemas: [Error], status (the HTTP status, as a string), detail}. */
  | "scim"
  /**
   * The SSO login flow (/oauth/authorize, the ACS, the OIDC callback): the plain SSO error page (4xx), or a
   * redirect back to the host app's registered redirect URI with a compat.md §4.10 / RFC 6749 `error`
   * (never server_error: that is a hidden 500), or on to the IdP. `noRedirect`: must not redirect at all.
   */
  | "sso";

export interface FuzzCase {
  /** The route, as counted in the summary: "PATCH /api/v1/organizations/{id}". */
  route: string;
  /** What is hostile about it, for failure messages. */
  what: string;
  request: RawRequest;
  shape: Shape;
  /** The field or parameter a 422/400 must name, when one was mutated. */
  field?: string;
  /** Must be refused (4xx): a mutation carrying a value no field may accept. */
  mustReject?: boolean;
  /** Statuses accepted besides 4xx (e.g. 200 for a read that ignores odd text, 303 for a link). */
  okStatuses?: number[];
  /** Text the answer must contain (a page naming the field, say). */
  mustContain?: RegExp;
  /** "sso": where a redirect may go (the host app's registered redirect URI). */
  redirectUri?: string;
  /** "sso": the request's client or redirect URI is not trusted, so it must not redirect (no open redirect). */
  noRedirect?: boolean;
}

const SSO_REDIRECT_ERRORS = new Set([...Object.keys(SSO_ERROR_CODES), "invalid_request", "unsupported_response_type", "invalid_scope", "access_denied"]);

const OAUTH_ERRORS = new Set([
  "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target",
  "unsupported_token_type", "too_many_requests", "invalid_token", "insufficient_scope",
]);

function json(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What is wrong with an answer, or null. */
export function judge(c: FuzzCase, res: RawResponse): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 200)}`;
  const is4xx = res.status >= 400 && res.status < 500;
  if (c.mustReject && !is4xx) return `a value no field may accept was not refused (${res.status}): ${res.text.slice(0, 200)}`;
  if (!is4xx && c.okStatuses && !c.okStatuses.includes(res.status)) return `answered ${res.status}, expected 4xx or ${c.okStatuses.join("/")}`;
  // (React separates adjacent text with <!-- --> in server-rendered HTML.)
  if (c.mustContain && !c.mustContain.test(res.text.replaceAll("<!-- -->", ""))) return `the answer does not say ${c.mustContain}: ${res.text.replace(/\s+/g, " ").slice(0, 200)}`;
  if (c.shape === "sso" && res.status >= 300 && res.status < 400) {
    const location = String(res.headers.location ?? "");
    if (c.noRedirect) return `redirected (${res.status}) although the client or redirect URI is not trusted: ${location.slice(0, 200)}`;
    if (c.redirectUri && location.startsWith(`${c.redirectUri}?`)) {
      const params = new URL(location).searchParams;
      const error = params.get("error");
      if (error === "server_error") return `server_error at the redirect URI (a hidden 500): ${params.get("error_description")}`;
      if (error && !SSO_REDIRECT_ERRORS.has(error)) return `error=${error} is not a compat.md §4.10 or RFC 6749 code`;
      if (error && c.field && error === "invalid_request" && !params.get("error_description")?.includes(c.field)) return `invalid_request does not name ${c.field}: ${params.get("error_description")}`;
    } else if (c.redirectUri && !location.startsWith("https://idp.fuzz.example/")) {
      return `redirected somewhere else than the redirect URI or the IdP: ${location.slice(0, 200)}`;
    }
  }
  if (!is4xx) return null;
  switch (c.shape) {
    case "management": {
      const body = json(res.text);
      if (!body || typeof body.error !== "string" || typeof body.error_description !== "string") return `${res.status} is not the API's error shape: ${res.text.slice(0, 200)}`;
      if (c.field && (res.status === 422 || res.status === 400)) {
        const fields = ((body.details as { field: string }[] | undefined) ?? []).map((d) => d.field);
        if (!fields.some((f) => f === c.field || f.startsWith(`${c.field}.`))) return `422 does not name ${c.field} (names ${fields.join(", ") || "nothing"})`;
      }
      return null;
    }
    case "oauth": {
      const body = json(res.text);
      if (!body || !OAUTH_ERRORS.has(String(body.error)) || typeof body.error_description !== "string") return `${res.status} is not an OAuth error: ${res.text.slice(0, 200)}`;
      if (res.status === 401 && !res.headers["www-authenticate"]) return "401 without WWW-Authenticate";
      return null;
    }
    case "scim": {
      const body = json(res.text);
      const schemas = body?.schemas as string[] | undefined;
      if (!body || !schemas?.includes("urn:ietf:params:scim:api:messages:2.0:Error") || body.status !== String(res.status) || typeof body.detail !== "string") {
        return `${res.status} is not a SCIM error: ${res.text.slice(0, 200)}`;
      }
      return null;
    }
    case "action":
      // runAction answers an unexpected exception with { ok: false, error: { code: "internal" } } and a 200:
      // a hostile argument that reaches it is a hidden 500.
      return /"code":"internal"/.test(res.text) ? `the action failed unexpectedly (code internal): ${res.text.slice(0, 200)}` : null;
    case "page":
    case "sso":
      return null;
  }
}

/** Per route, how many hostile requests were sent; and what went wrong. */
export class FuzzLedger {
  readonly sent = new Map<string, number>();
  readonly failures: string[] = [];

  count(route: string): void {
    this.sent.set(route, (this.sent.get(route) ?? 0) + 1);
  }

  get total(): number {
    return [...this.sent.values()].reduce((a, b) => a + b, 0);
  }
}

/** Runs the cases `concurrency` at a time; every answer is judged, every failure recorded. */
export async function runCases(cases: FuzzCase[], ledger: FuzzLedger, concurrency = 6): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      ledger.count(c.route);
      try {
        const problem = judge(c, await send(c.request));
        if (problem) ledger.failures.push(`${c.route} [${c.what}]: ${problem}`);
      } catch (err) {
        ledger.failures.push(`${c.route} [${c.what}]: request failed: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Legitimate callers running while the hostile requests do: each `call` is repeated until `stop()`,
 * and every answer must be its expected status. Returns how many calls were made and what failed.
 */
export function legitimateCallers(calls: { name: string; run: () => Promise<number>; expect: number }[]) {
  let running = true;
  let made = 0;
  const failures: string[] = [];
  const loops = calls.map(async (call) => {
    while (running) {
      try {
        const status = await call.run();
        made++;
        if (status !== call.expect) failures.push(`${call.name}: ${status}`);
      } catch (err) {
        failures.push(`${call.name}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { made, failures };
    },
  };
}

/** Failure-type audit events: a refused request may add these (audited on purpose); nothing else. */
export const EXPECTED_FAILURE_ACTIONS = ["client_authentication.failed", "operator.sign_in_failed", "portal_link.open_failed", "audit_log.exported", "sso.login_failed"];

/**
 * What the fuzz fixtures hold in the database, to compare before and after: the organization, its
 * principals and secrets (without last-used times, which legitimate callers move), links, session
 * settings, domains, the directory's users, groups and tokens, the suite's catalog API, environment clients and webhook endpoint (with its deliveries), and the audit events its callers caused
 * apart from failure events. Every change in Portico is audited, so an event there means a change.
 */
export async function snapshotFixtures(f: { organizationId: string; clientIds: string[]; resourceId: string; directoryId: string; webhookEndpointId: string; actorIds: string[] }) {
  const [org, principals, secrets, links, sessionSettings, resource, domains, directory, webhook, sso, events] = await Promise.all([
    db.organization.findUnique({ where: { id: f.organizationId } }),
    db.servicePrincipal.findMany({ where: { OR: [{ organizationId: f.organizationId }, { id: { in: f.clientIds } }] }, orderBy: { id: "asc" } }),
    db.clientSecret.findMany({ where: { client: { OR: [{ organizationId: f.organizationId }, { id: { in: f.clientIds } }] } }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    db.portalLink.findMany({ where: { organizationId: f.organizationId }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    db.organizationSessionSettings.findUnique({ where: { organizationId: f.organizationId } }),
    db.apiResource.findUnique({ where: { id: f.resourceId }, include: { scopes: { orderBy: { id: "asc" } } } }),
    db.organizationDomain.findMany({ where: { organizationId: f.organizationId }, orderBy: { id: "asc" } }),
    // The directory's users, groups and tokens (not its row: each SCIM request moves its log counters).
    Promise.all([
      db.directoryUser.findMany({ where: { directoryId: f.directoryId }, orderBy: { id: "asc" } }),
      db.directoryGroup.findMany({ where: { directoryId: f.directoryId }, orderBy: { id: "asc" } }),
      db.directoryToken.findMany({ where: { directoryId: f.directoryId }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
      db.directory.count({ where: { organizationId: f.organizationId } }),
    ]),
    // The suite's webhook endpoint (its secret too: a rotation would change it) and its deliveries.
    Promise.all([
      db.webhookEndpoint.findUnique({ where: { id: f.webhookEndpointId } }),
      db.webhookDelivery.count({ where: { endpointId: f.webhookEndpointId } }),
    ]),
    // SSO: the organization's connections, and no sign-in request, test result or authorization code made for it.
    Promise.all([
      db.ssoConnection.findMany({ where: { organizationId: f.organizationId }, orderBy: { id: "asc" } }),
      db.ssoLoginRequest.count({ where: { organizationId: f.organizationId } }),
      db.ssoTestResult.count({ where: { organizationId: f.organizationId } }),
      db.oAuthAuthorizationCode.count({ where: { organizationId: f.organizationId } }),
    ]),
    db.auditEvent.count({
      where: { OR: [{ organizationId: f.organizationId }, { actorId: { in: f.actorIds } }], action: { notIn: EXPECTED_FAILURE_ACTIONS } },
    }),
  ]);
  return JSON.parse(JSON.stringify({ org, principals, secrets, links, sessionSettings, resource, domains, directory, webhook, sso, events }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}
