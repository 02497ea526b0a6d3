import { publicUrl } from "@/lib/config/env";
import { ORGANIZATION_ID_PATTERN } from "@/lib/ids";
import { examplesRefusal } from "@/lib/portal/examples";

// The server half of the embedding example (the page app/examples/embed/page.tsx running the browser
// snippet public/examples/embed.js): what your backend does to open
// the admin portal for the signed-in user's organization. It gets a management token with the client
// credentials grant and asks for an embedded portal link. Written against Portico's public HTTP API,
// exactly as your own backend would call it.
//
// Off unless PORTICO_EXAMPLES=1, and only for callers on this machine (lib/portal/examples.ts): it uses the
// bootstrap management client and trusts the organization id it is given, which only a demo may do. Your
// backend takes the organization from its own signed-in user's session.

export async function POST(request: Request) {
  const refused = examplesRefusal(request.headers);
  if (refused === "off") {
    return Response.json({ error: "not_found", error_description: "The examples are turned off (PORTICO_EXAMPLES=1 turns them on)" }, { status: 404 });
  }
  if (refused === "not_loopback") {
    return Response.json({ error: "forbidden", error_description: "The embedding example answers only requests from this machine (a loopback address)" }, { status: 403 });
  }
  const clientId = process.env.BOOTSTRAP_MANAGEMENT_CLIENT_ID!;
  const clientSecret = process.env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET!;
  const body = (await request.json().catch(() => ({}))) as { organization_id?: unknown };
  if (typeof body.organization_id !== "string" || !ORGANIZATION_ID_PATTERN.test(body.organization_id)) {
    return Response.json({ error: "validation_failed", error_description: "organization_id is required" }, { status: 422 });
  }
  const portico = publicUrl();

  // 1. A management token (cache it until shortly before expires_in in a real app).
  const tokenResponse = await fetch(`${portico}/oauth/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "portal_links:write" }),
  });
  if (!tokenResponse.ok) return Response.json({ error: "token_failed", error_description: `token endpoint answered ${tokenResponse.status}` }, { status: 502 });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };

  // 2. An embedded portal link for the organization, carrying your signed-in user for the audit trail.
  const linkResponse = await fetch(`${portico}/api/v1/organizations/${encodeURIComponent(body.organization_id)}/portal_links`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
    // show_header: false because this page has its own heading naming the organization.
    body: JSON.stringify({ kind: "embedded", show_header: false, actor: { id: "usr_example", email: "admin@example-host.test", name: "Example admin" } }),
  });
  if (!linkResponse.ok) return Response.json(await linkResponse.json().catch(() => ({})), { status: linkResponse.status });
  const link = (await linkResponse.json()) as { location: string; expire_time: string };

  // 3. Hand the browser only the location; it opens once, within a minute.
  return Response.json({ location: link.location, expire_time: link.expire_time }, { headers: { "Cache-Control": "no-store" } });
}
