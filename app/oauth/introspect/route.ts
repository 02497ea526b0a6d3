import { oauthRoute } from "@/lib/oauth/http";
import { introspectionEndpoint } from "@/lib/oauth/introspection";

export const dynamic = "force-dynamic";
export const POST = oauthRoute(introspectionEndpoint);
