import { isLoopbackIp } from "@/lib/http/client-ip";
import { contextFromHeaders } from "@/lib/http/request-context";

// The embedding example (/examples/embed and its /examples/portal-link route) mints embedded portal links
// for any organization with the bootstrap management client and trusts the organization id it is sent,
// which only a demo on a developer's machine may do. So it answers only with PORTICO_EXAMPLES=1, the
// bootstrap client configured, and a caller on this machine: the client IP (worked out by scripts/start.ts
// from the socket and trusted proxies, never taken from the caller) must be a loopback address.

export type ExamplesRefusal = "off" | "not_loopback";

export function examplesRefusal(headers: Headers): ExamplesRefusal | null {
  if (process.env.PORTICO_EXAMPLES !== "1" || !process.env.BOOTSTRAP_MANAGEMENT_CLIENT_ID || !process.env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET) return "off";
  return isLoopbackIp(contextFromHeaders(headers).ip) ? null : "not_loopback";
}
