import { JWKS_CACHE_CONTROL, publishedJwks } from "@/lib/keys/jwks";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await publishedJwks(), {
    headers: { "Content-Type": "application/jwk-set+json", "Cache-Control": JWKS_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" },
  });
}
