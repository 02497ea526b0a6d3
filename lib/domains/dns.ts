import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";

// Looking up a domain's verification record: TXT `portico-verification=<token>` at `_portico.<domain>`
// or at the domain itself, both asked at once. The resolver is the system's unless DNS_SERVERS names
// others (comma-separated `ip[:port]`, `[ipv6]:port`), which is also how tests point Portico at a DNS
// server of their own. Every outcome comes with a sentence the admin can act on.

export const TXT_PREFIX = "portico-verification=";
export const RECORD_SUBDOMAIN = "_portico";

export type DnsCheckOutcome = "verified" | "not_found" | "wrong_token" | "timeout" | "dns_error";

export interface DnsCheck {
  outcome: DnsCheckOutcome;
  message: string;
  /** Where the matching (or mismatching) record was found. */
  record_name?: string;
}

export interface DnsOptions {
  servers?: string[] | null;
  /** Per attempt; two attempts are made. */
  timeoutMs?: number;
}

export class DnsConfigError extends Error {
  override name = "DnsConfigError";
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** DNS_SERVERS parsed and checked: `ip`, `ip:port`, `[ipv6]` or `[ipv6]:port`, comma-separated; null when unset. */
export function dnsServersFromEnv(value = process.env.DNS_SERVERS): string[] | null {
  if (!value?.trim()) return null;
  return value.split(",").map((s) => s.trim()).filter(Boolean).map((server) => {
    const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(server) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(server) ?? (isIP(server) === 6 ? [server, server] : null);
    const host = m?.[1];
    const port = m?.[2] ? Number(m[2]) : 53;
    if (!host || !isIP(host) || port < 1 || port > 65535) {
      throw new DnsConfigError(`DNS_SERVERS: "${server}" is not an IP address with an optional port (e.g. 1.1.1.1, 10.0.0.2:5353, [2606:4700::1111]:53)`);
    }
    return server;
  });
}

export function dnsTimeoutFromEnv(value = process.env.DNS_TIMEOUT_MS): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 100 && n <= 60_000 ? n : DEFAULT_TIMEOUT_MS;
}

type Lookup = { name: string; records: string[] } | { name: string; error: string };

async function lookupTxt(resolver: Resolver, name: string, deadlineMs: number): Promise<Lookup> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Lookup>((resolve) => { timer = setTimeout(() => resolve({ name, error: "ETIMEOUT" }), deadlineMs); });
  const query = resolver.resolveTxt(name).then(
    (chunks): Lookup => ({ name, records: chunks.map((parts) => parts.join("")) }),
    (err: NodeJS.ErrnoException): Lookup => ({ name, error: err.code ?? "EUNKNOWN" }),
  );
  try {
    return await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const NO_ANSWER = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);
const TIMED_OUT = new Set(["ETIMEOUT", "ETIMEDOUT", "ECANCELLED"]);

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

/** Looks for `portico-verification=<token>` at _portico.<domain> and at <domain>. */
export async function checkVerificationRecord(domain: string, token: string, options: DnsOptions = {}): Promise<DnsCheck> {
  const servers = options.servers !== undefined ? options.servers : dnsServersFromEnv();
  const timeoutMs = options.timeoutMs ?? dnsTimeoutFromEnv();
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers?.length) resolver.setServers(servers);
  const names = [`${RECORD_SUBDOMAIN}.${domain}`, domain];
  try {
    const lookups = await Promise.all(names.map((n) => lookupTxt(resolver, n, timeoutMs * 2 + 500)));
    return judge(names, lookups, token, servers);
  } finally {
    resolver.cancel();
  }
}

function judge(names: string[], lookups: Lookup[], token: string, servers: string[] | null | undefined): DnsCheck {
  const expected = `${TXT_PREFIX}${token}`;
  for (const l of lookups) {
    if ("records" in l && l.records.some((r) => r.trim() === expected)) {
      return { outcome: "verified", message: `Found the verification record at ${l.name}.`, record_name: l.name };
    }
  }
  for (const l of lookups) {
    const other = "records" in l ? l.records.find((r) => r.trim().toLowerCase().startsWith(TXT_PREFIX)) : undefined;
    if (other) {
      return {
        outcome: "wrong_token", record_name: l.name,
        message: `Found a record with another token at ${l.name} ("${clip(other.trim())}"). Replace it with the value shown for this domain.`,
      };
    }
  }
  const where = names.join(" or ");
  const failed = lookups.filter((l): l is { name: string; error: string } => "error" in l && !NO_ANSWER.has(l.error));
  const via = servers?.length ? ` (asking ${servers.join(", ")})` : "";
  if (failed.some((l) => TIMED_OUT.has(l.error))) {
    return { outcome: "timeout", message: `DNS timed out looking up TXT records at ${failed.map((l) => l.name).join(" and ")}${via}. We will try again.` };
  }
  if (failed.length) {
    const codes = [...new Set(failed.map((l) => l.error.replace(/^E/, "")))].join(", ");
    return { outcome: "dns_error", message: `DNS answered with an error (${codes}) for ${failed.map((l) => l.name).join(" and ")}${via}. We will try again.` };
  }
  const others = lookups.reduce((n, l) => n + ("records" in l ? l.records.length : 0), 0);
  return {
    outcome: "not_found",
    message: others
      ? `No portico-verification TXT record found at ${where} (${others} other TXT record${others === 1 ? "" : "s"} there). DNS changes can take a while to appear.`
      : `No TXT record found at ${where}. DNS changes can take a while to appear.`,
  };
}
