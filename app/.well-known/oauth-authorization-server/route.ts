import { authorizationServerMetadata, METADATA_CACHE_CONTROL } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await authorizationServerMetadata(), { headers: { "Cache-Control": METADATA_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" } });
}
