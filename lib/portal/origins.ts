import { authorize } from "@/lib/authz";
import { emit } from "@/lib/events";
import { db, Prisma } from "@/lib/db";
import { DomainError, conflict, invalid, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import type { MutationContext } from "@/lib/mutation";
import { originAllowedByPatterns } from "./events";

// Origins allowed to embed the admin portal (CSP frame-ancestors on /portal) and to receive its browser
// events. Two sources: the allowed_origins table (managed in the console) and PORTAL_ALLOWED_ORIGINS
// (deployments configured as code).
//
// Accepted forms, nothing else:
//   https://app.example.com          an exact origin (a port is allowed: https://app.example.com:8443)
//   https://*.example.com            any subdomain of example.com, over https (not example.com itself)
//   http://localhost:3001            plain http only for loopback hosts (localhost, 127.0.0.1, [::1]), for development
// No path, query, fragment, credentials, and no wildcard anywhere else.

export interface AllowedOriginView {
  origin: string;
  source: "console" | "environment";
  created_by: string | null;
  create_time: string | null;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const EXAMPLE = "use an origin like https://app.example.com or https://*.example.com";

function invalidOrigin(message: string): DomainError {
  return invalid("origin", message);
}

/** Checks and normalizes an origin (lower-case host, no default port, no trailing slash); throws a field error naming the problem. */
export function validateOrigin(input: string): string {
  const raw = input.trim();
  if (!raw) throw invalidOrigin("is required");
  if (raw.length > 253) throw invalidOrigin("is too long");
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(raw);
  if (!match) throw invalidOrigin(`must start with https:// (${EXAMPLE})`);
  const [, schemeRaw, authority, rest] = match as unknown as [string, string, string, string];
  const scheme = schemeRaw.toLowerCase();
  if (scheme !== "https" && scheme !== "http") throw invalidOrigin(`must use https (${EXAMPLE})`);
  if (rest !== "" && rest !== "/") throw invalidOrigin(`must not have a path, query or fragment (${EXAMPLE})`);
  if (authority.includes("@")) throw invalidOrigin("must not contain credentials");
  const wildcard = authority.startsWith("*.");
  const hostPart = wildcard ? authority.slice(2) : authority;
  if (hostPart.includes("*")) throw invalidOrigin(`may only use a wildcard as the first label, like https://*.example.com`);
  let url: URL;
  try {
    url = new URL(`${scheme}://${hostPart}`);
  } catch {
    throw invalidOrigin(`is not a valid origin (${EXAMPLE})`);
  }
  const host = url.hostname;
  if (!host) throw invalidOrigin("must name a host");
  const loopback = LOOPBACK.has(host);
  if (scheme === "http" && !loopback) throw invalidOrigin("must use https (plain http is accepted only for localhost and 127.0.0.1)");
  if (wildcard) {
    if (scheme !== "https") throw invalidOrigin("with a wildcard must use https");
    const labels = host.split(".");
    if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1]!)) {
      throw invalidOrigin("wildcard must cover a domain with at least two labels, like https://*.example.com");
    }
  } else if (!loopback && !host.startsWith("[")) {
    const labels = host.split(".");
    if (!labels.every((l) => HOST_LABEL.test(l))) throw invalidOrigin(`has an invalid host name (${EXAMPLE})`);
  }
  return `${scheme}://${wildcard ? "*." : ""}${host}${url.port ? `:${url.port}` : ""}`;
}

/** True when `origin` (a browser's exact origin) is covered by one of the allowed patterns. */
export function originMatches(origin: string, allowed: readonly string[]): boolean {
  try {
    if (new URL(origin).origin !== origin) return false;
  } catch {
    return false;
  }
  return originAllowedByPatterns(origin, allowed);
}

/** Origins from PORTAL_ALLOWED_ORIGINS; invalid entries are logged and skipped. */
export function environmentOrigins(value = process.env.PORTAL_ALLOWED_ORIGINS ?? ""): string[] {
  const out: string[] = [];
  for (const entry of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      out.push(validateOrigin(entry));
    } catch (err) {
      log.warn({ entry, reason: (err as Error).message }, "PORTAL_ALLOWED_ORIGINS entry ignored");
    }
  }
  return [...new Set(out)];
}

export async function listAllowedOrigins(principal: MutationContext["principal"]): Promise<AllowedOriginView[]> {
  authorize(principal, "settings:read", { organizationId: null });
  const rows = await db.allowedOrigin.findMany({ orderBy: { createdAt: "asc" } });
  const fromDb: AllowedOriginView[] = rows.map((r) => ({ origin: r.origin, source: "console", created_by: r.createdBy || null, create_time: r.createdAt.toISOString() }));
  const known = new Set(fromDb.map((r) => r.origin));
  const fromEnv: AllowedOriginView[] = environmentOrigins().filter((o) => !known.has(o)).map((origin) => ({ origin, source: "environment", created_by: null, create_time: null }));
  return [...fromEnv, ...fromDb];
}

export async function addAllowedOrigin(ctx: MutationContext, input: string): Promise<AllowedOriginView> {
  authorize(ctx.principal, "settings:write", { organizationId: null });
  const origin = validateOrigin(input);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.allowedOrigin.create({ data: { origin, createdBy: ctx.actor.label ?? ctx.actor.id ?? "" } });
      await emit(tx, "allowed_origin.added", { organizationId: null, actor: ctx.actor, context: ctx.request, data: { id: origin }, after: { origin } });
      return created;
    });
    invalidateAllowedOrigins();
    return { origin: row.origin, source: "console", created_by: row.createdBy || null, create_time: row.createdAt.toISOString() };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`${origin} is already allowed`, "origin");
    throw err;
  }
}

export async function removeAllowedOrigin(ctx: MutationContext, input: string): Promise<void> {
  authorize(ctx.principal, "settings:write", { organizationId: null });
  const origin = validateOrigin(input);
  await db.$transaction(async (tx) => {
    const { count } = await tx.allowedOrigin.deleteMany({ where: { origin } });
    if (count === 0) {
      if (environmentOrigins().includes(origin)) throw new DomainError("invalid", `${origin} comes from PORTAL_ALLOWED_ORIGINS; remove it there`, "origin");
      throw notFound("Allowed origin");
    }
    await emit(tx, "allowed_origin.removed", { organizationId: null, actor: ctx.actor, context: ctx.request, data: { id: origin }, before: { origin }, after: null });
  });
  invalidateAllowedOrigins();
}

// ── cached read for every portal response (frame-ancestors) and the portal's browser events ──

const CACHE_MS = 5_000;
// Kept on globalThis: proxy.ts and the app's pages are bundled separately but run in one process, and
// must agree on the list (the page decides where events go, the proxy which origins may frame it).
const shared = globalThis as unknown as { portico_allowed_origins?: { at: number; origins: Promise<string[]> } | null };

/** Every allowed origin pattern (database + environment), cached for a few seconds per process. */
export function allowedOrigins(): Promise<string[]> {
  const now = Date.now();
  const cache = shared.portico_allowed_origins;
  if (cache && now - cache.at <= CACHE_MS) return cache.origins;
  const origins = db.allowedOrigin.findMany({ select: { origin: true } })
    .then((rows) => [...new Set([...environmentOrigins(), ...rows.map((r) => r.origin)])])
    .catch((err) => {
      log.error({ err }, "could not load allowed origins; the portal cannot be framed until the database answers");
      shared.portico_allowed_origins = null;
      return [] as string[];
    });
  shared.portico_allowed_origins = { at: now, origins };
  return origins;
}

export function invalidateAllowedOrigins(): void {
  shared.portico_allowed_origins = null;
}
