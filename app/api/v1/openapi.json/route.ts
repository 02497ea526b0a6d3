import { appVersion, publicUrl } from "@/lib/config/env";
import { openApiDocument } from "@/lib/openapi";

// The OpenAPI 3.1 document of the management API and the OAuth endpoints (lib/openapi). Public: it
// describes the API, it holds nothing about any deployment's data. Rendered at /docs/api.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(publicUrl(), appVersion()), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
