import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDevPrincipal } from "@/lib/dev/principal";
import { devToolsEnabled } from "@/lib/dev/session";
import type { Principal } from "@/lib/authz";

/** 404 unless dev tools are on; sends the browser to get a dev session when it has none. */
export async function requireDevPrincipal(returnTo: string): Promise<Principal> {
  if (!devToolsEnabled()) notFound();
  const principal = await getDevPrincipal();
  if (!principal) redirect(`/dev/session?next=${encodeURIComponent(returnTo)}`);
  return principal;
}
