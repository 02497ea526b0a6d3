import net from "node:net";

// The client's IP address, for rate limits and the audit trail. `X-Forwarded-For` is only believed
// from proxies we trust: the address chain is the header's entries followed by the TCP peer, read from
// the right; trusted proxies are skipped and the first address that is not one is the client. A caller
// that connects directly cannot choose its address by sending the header, and behind a trusted proxy
// that appends (nginx's $proxy_add_x_forwarded_for, every load balancer) anything the caller prepended
// sits to the left of the real address and is never reached.
//
// TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; "private" (the default) trusts loopback,
// private and link-local ranges, where reverse proxies and load balancers sit; "none" trusts nothing.

/** Set by scripts/start.ts on every request from the socket and the header; never taken from a caller. */
export const CLIENT_IP_HEADER = "x-portico-client-ip";

const PRIVATE_RANGES: [string, number, "ipv4" | "ipv6"][] = [
  ["127.0.0.0", 8, "ipv4"], ["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"],
  ["169.254.0.0", 16, "ipv4"], ["100.64.0.0", 10, "ipv4"],
  ["::1", 128, "ipv6"], ["fc00::", 7, "ipv6"], ["fe80::", 10, "ipv6"],
];

/** Whether an address, as clientIp returns it (normalized), is this machine's loopback. */
export function isLoopbackIp(ip: string | null): boolean {
  if (!ip) return false;
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

export class TrustedProxiesError extends Error {
  override name = "TrustedProxiesError";
}

export function parseTrustedProxies(value: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const raw of (value?.trim() || "private").split(",")) {
    const entry = raw.trim();
    if (!entry || entry === "none") continue;
    if (entry === "private") {
      for (const [address, prefix, type] of PRIVATE_RANGES) list.addSubnet(address, prefix, type);
      continue;
    }
    const [address, prefix] = entry.split("/");
    const type = net.isIPv4(address!) ? "ipv4" : net.isIPv6(address!) ? "ipv6" : null;
    const bits = prefix === undefined ? (type === "ipv4" ? 32 : 128) : Number(prefix);
    if (!type || !Number.isInteger(bits) || bits < 0 || bits > (type === "ipv4" ? 32 : 128)) {
      throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (use e.g. 10.0.0.0/8, "private" or "none")`);
    }
    list.addSubnet(address!, bits, type);
  }
  return list;
}

/** "::ffff:1.2.3.4" (IPv4 on an IPv6 socket) → "1.2.3.4"; anything that is not an address → null. */
function normalize(value: string | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith("[")) v = v.slice(1, v.indexOf("]")); // "[::1]:443"
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":")); // "1.2.3.4:443"
  if (v.toLowerCase().startsWith("::ffff:") && net.isIPv4(v.slice(7))) v = v.slice(7);
  return net.isIP(v) ? v : null;
}

const isTrusted = (list: net.BlockList, address: string) => list.check(address, net.isIPv4(address) ? "ipv4" : "ipv6");

export function clientIp(forwardedFor: string | string[] | undefined, peer: string | undefined, trusted: net.BlockList): string | null {
  const peerAddress = normalize(peer);
  if (!peerAddress) return null;
  if (!isTrusted(trusted, peerAddress)) return peerAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "").split(",");
  let client = peerAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]);
    if (!hop) break; // a malformed entry: nothing to its left can be trusted
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

let configured: { value: string | undefined; list: net.BlockList } | null = null;

/** TRUSTED_PROXIES, parsed once (and again if the variable changes, for tests). */
export function trustedProxies(): net.BlockList {
  const value = process.env.TRUSTED_PROXIES;
  if (!configured || configured.value !== value) configured = { value, list: parseTrustedProxies(value) };
  return configured.list;
}
