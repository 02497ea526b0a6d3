import { authorizationServerMetadata, METADATA_CACHE_CONTROL } from "@/lib/oauth/discovery";

// Same metadata as /.well-known/oauth-authorization-server, for tools that only read OIDC discovery.
export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await authorizationServerMetadata(), { headers: { "Cache-Control": METADATA_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" } });
}
