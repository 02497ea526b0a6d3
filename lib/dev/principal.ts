import "server-only";
import { cookies } from "next/headers";
import type { Principal } from "@/lib/authz";
import { DEV_SESSION_COOKIE, devPrincipalFromCookie, devToolsEnabled } from "./session";

/**
 * The dev-tools operator, when PORTICO_DEV_TOOLS=1 and the browser holds a dev session minted by /dev.
 * getRequestPrincipal asks this last, so it never shadows a real portal or console session.
 */
export async function getDevPrincipal(): Promise<Principal | null> {
  if (!devToolsEnabled()) return null;
  return devPrincipalFromCookie((await cookies()).get(DEV_SESSION_COOKIE)?.value);
}
