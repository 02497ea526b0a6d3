import { oauthRoute } from "@/lib/oauth/http";
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";

// scripts/start.ts serves POST /oauth/token on its lean path before Next.js; this route serves it under
// `next dev` and any other server, with the same domain code.
export const dynamic = "force-dynamic";
export const POST = oauthRoute(tokenEndpoint);
export const GET = oauthRoute(tokenEndpoint);
