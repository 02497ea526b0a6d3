import type { NextRequest } from "next/server";
import { spMetadataFor } from "@/lib/sso/connections";

// A SAML connection's SP metadata (entity ID, ACS URL, certificate): public, it is what the IdP imports.
// ?download=1 serves it as a file.
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, { params }: { params: Promise<{ connection_id: string }> }) {
  const { connection_id: id } = await params;
  const xml = await spMetadataFor(id); // (null, without a query, for an id that cannot be a connection's)
  if (!xml) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers: Record<string, string> = { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "public, max-age=300" };
  if (request.nextUrl.searchParams.get("download") === "1") headers["Content-Disposition"] = `attachment; filename="portico-sp-metadata-${id}.xml"`;
  return new Response(xml, { headers });
}
