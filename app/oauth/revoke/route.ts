import { oauthRoute } from "@/lib/oauth/http";
import { revocationEndpoint } from "@/lib/oauth/introspection";

export const dynamic = "force-dynamic";
export const POST = oauthRoute(revocationEndpoint);
