import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, type APIRequestContext, type FrameLocator, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "@/lib/authz";
import { parseInput } from "@/lib/errors";
import { createPortalLink } from "@/lib/portal/links";
import { createPortalLinkSchema } from "@/lib/portal/schemas";
import { addAllowedOrigin } from "@/lib/portal/origins";

// Admin-portal test helpers: organizations and links made through the domain (as the management API
// would), allowed origins, and a tiny host app on another origin that embeds the portal.

const hostClient: Principal = { kind: "management_client", clientId: "skc_e2e_host", name: "E2E host app", scopes: ["portal_links:write"], organizations: "any" };
export const hostCtx: MutationContext = { principal: hostClient, actor: actorFor(hostClient), request: { requestId: "req_e2e", ip: null, userAgent: null } };

export async function createTestOrganization(name: string, features = ["api_clients", "session_settings", "activity"]): Promise<string> {
  const id = newId("org");
  await db.organization.create({ data: { id, displayName: name, features } });
  return id;
}

export async function portalLink(organizationId: string, input: Record<string, unknown> = {}) {
  return createPortalLink(hostCtx, organizationId, parseInput(createPortalLinkSchema, { actor: { id: "usr_e2e", email: "admin@host.test", name: "Host Admin" }, ...input }));
}

/** Registers an origin and waits until the app's frame-ancestors (cached for a few seconds) lists it. */
export async function allowOrigin(request: APIRequestContext, origin: string): Promise<void> {
  const owner: Principal = { kind: "operator", id: "opr_e2e", email: "e2e@portico.test", role: "owner" };
  await addAllowedOrigin({ principal: owner, actor: actorFor(owner), request: hostCtx.request }, origin).catch((err: Error) => {
    if (!/already allowed/.test(err.message)) throw err;
  });
  await expect.poll(async () => (await request.get("/portal/link-error")).headers()["content-security-policy"], { timeout: 15_000 }).toContain(origin);
}

export interface HostApp {
  origin: string;
  stop(): Promise<void>;
}

/**
 * A host app on http://127.0.0.1:<port>: serves a page with Portico's example snippet
 * (public/examples/embed.js) and a backend route that makes a portal link with `makeLink`.
 */
export async function startHostApp(makeLink: (organizationId: string) => Promise<string>): Promise<HostApp> {
  const snippet = fs.readFileSync(path.resolve("public/examples/embed.js"), "utf8");
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host app</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:12px;background:#f1f5f9}</style></head><body>
<h1 style="font-size:18px;margin:0 0 8px">Host app</h1><div id="portico-status" role="status"></div>
<div id="portico-portal" data-link-endpoint="/portal-link"></div><ul id="portico-events"></ul>
<script src="/embed.js"></script></body></html>`;
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method === "GET" && req.url?.startsWith("/embed.js")) {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(snippet);
      } else if (req.method === "POST" && req.url === "/portal-link") {
        let body = "";
        for await (const chunk of req) body += chunk;
        const { organization_id } = JSON.parse(body) as { organization_id: string };
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ location: await makeLink(organization_id) }));
      } else if (req.method === "GET") {
        res.writeHead(200, { "Content-Type": "text/html" }).end(page);
      } else {
        res.writeHead(405).end();
      }
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, stop: () => stopServer(server) };
}

/**
 * Stops a test server now: closes every connection too, since a socket Chromium preconnected but never
 * used would otherwise keep server.close() waiting for Node's 60 s headers timeout.
 */
export function stopServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The portal embedded in a host app: starts the host app (its backend makes links with `makeLink`, by
 * default straight through the domain), allows its origin, runs `beforeGoto`, opens the host page for
 * the organization and hands `run` the portal's frame; the host app is stopped afterwards.
 */
export async function withEmbeddedPortal<T>(
  page: Page,
  organizationId: string,
  { makeLink = async (id) => (await portalLink(id)).location, beforeGoto }: { makeLink?: (organizationId: string) => Promise<string>; beforeGoto?: (host: HostApp) => Promise<void> },
  run: (portal: FrameLocator, host: HostApp) => Promise<T>,
): Promise<T> {
  const host = await startHostApp(makeLink);
  try {
    await allowOrigin(page.request, host.origin);
    await beforeGoto?.(host);
    await page.goto(`${host.origin}/?organization_id=${organizationId}`);
    return await run(page.frameLocator('iframe[title="Admin portal"]'), host);
  } finally {
    await host.stop();
  }
}

/** A browser event the host page received from the portal (embed.js collects them in window.porticoEvents). */
export type HostEvent = { event_type: string; origin: string; organization_id: string; data: Record<string, unknown> };
/** The events the host page has received so far. */
export const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { porticoEvents: HostEvent[] }).porticoEvents);

/** Simulates time passing for a session without waiting: moves its last activity and expiry into the past. */
export async function ageSession(organizationId: string, { idleFor, expireIn }: { idleFor?: number; expireIn?: number }) {
  const sessions = await db.portalSession.findMany({ where: { organizationId, revokedAt: null } });
  for (const s of sessions) {
    await db.portalSession.update({
      where: { id: s.id },
      data: {
        ...(idleFor !== undefined ? { lastSeenAt: new Date(Date.now() - idleFor * 1000) } : {}),
        ...(expireIn !== undefined ? { expiresAt: new Date(Date.now() + expireIn * 1000) } : {}),
      },
    });
  }
}
