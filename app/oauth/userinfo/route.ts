import { oauthRoute } from "@/lib/oauth/http";
import { userinfoEndpoint } from "@/lib/oauth/userinfo";

// OIDC userinfo for access tokens of the authorization code grant (lib/oauth/userinfo.ts).
export const dynamic = "force-dynamic";
export const GET = oauthRoute(userinfoEndpoint);
export const POST = oauthRoute(userinfoEndpoint);
