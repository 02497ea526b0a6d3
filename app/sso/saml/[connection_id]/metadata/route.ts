import type { NextRequest } from "next/server";
import { spMetadataFor } from "@/lib/sso/connections";
import { CONNECTION_ID_PATTERN } from "@/lib/sso/schemas";

// A SAML connection's SP metadata (entity ID, ACS URL, certificate): public, it is what the IdP imports.
// ?download=1 serves it as a file.
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, { params }: { params: Promise<{ connection_id: string }> }) {
  const { connection_id: id } = await params;
  const xml = CONNECTION_ID_PATTERN.test(id) ? await spMetadataFor(id) : null;
  if (!xml) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers: Record<string, string> = { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "public, max-age=300" };
  if (request.nextUrl.searchParams.get("download") === "1") headers["Content-Disposition"] = `attachment; filename="portico-sp-metadata-${id}.xml"`;
  return new Response(xml, { headers });
}
