import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

// Safe outbound HTTP for URLs tenants type in (IdP metadata URLs, OIDC issuers; webhooks on the events
// branch, whose lib/security/outbound.ts replaces this file verbatim when it lands: same exports).
// Resolve once, refuse unless every address is public unicast, then connect to exactly the checked
// address (the socket's `lookup` returns it), so DNS rebinding cannot swap in an internal one. No
// redirects, a deadline for the whole exchange, a cap on the body.
// OUTBOUND_ALLOW_PRIVATE_ADDRESSES=1 lifts the address check (tests whose peers run on localhost).

export type OutboundErrorCode = "invalid_url" | "insecure_url" | "blocked_address" | "dns_failed" | "timeout" | "connection_failed" | "response_too_large";

export class OutboundError extends Error {
  override name = "OutboundError";
  constructor(readonly code: OutboundErrorCode, message: string) {
    super(message);
  }
}

export interface SafeFetchOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole exchange, connect to last body byte. Default 10 s. */
  timeoutMs?: number;
  /** Body bytes kept. Default 1 MiB. */
  maxResponseBytes?: number;
  failOnTooLarge?: boolean;
  /** Allow plain http:// to localhost / 127.0.0.1 / [::1]. Default false: https only. */
  allowInsecureLocalhost?: boolean;
}

export interface SafeFetchResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  address: string;
}

export function privateAddressesAllowed(): boolean {
  return process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES === "1";
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

export function checkOutboundUrl(raw: string, { allowInsecureLocalhost = false }: { allowInsecureLocalhost?: boolean } = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("invalid_url", "Enter a full URL, e.g. https://example.com/metadata");
  }
  if (url.username || url.password) throw new OutboundError("invalid_url", "The URL must not contain a user name or password");
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:") {
    if (allowInsecureLocalhost && LOCAL_HOSTS.has(url.hostname)) return url;
    throw new OutboundError("insecure_url", "Use https://");
  }
  throw new OutboundError("invalid_url", "Use an https:// URL");
}

export async function resolveCheckedAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let answers: { address: string; family: number }[];
  if (ipaddr.isValid(host)) answers = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  else {
    try {
      answers = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError("dns_failed", `Could not resolve ${host}`);
    }
  }
  if (!answers.length) throw new OutboundError("dns_failed", `Could not resolve ${host}`);
  if (!privateAddressesAllowed()) {
    const blocked = answers.find((a) => !isPublicAddress(a.address));
    if (blocked) throw new OutboundError("blocked_address", `${host} resolves to a private, loopback, link-local or reserved address (${blocked.address})`);
  }
  const first = answers[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export async function safeFetch(raw: string, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const url = checkOutboundUrl(raw, { allowInsecureLocalhost: options.allowInsecureLocalhost });
  const deadline = Date.now() + timeoutMs;
  const { address, family } = await withDeadline(resolveCheckedAddress(url), deadline);
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts && (opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<SafeFetchResponse>((resolve, reject) => {
    const headers: Record<string, string> = { "user-agent": "Portico", ...options.headers };
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = transport.request(url, {
      method: options.method ?? "GET", headers, lookup, agent: false,
      servername: url.protocol === "https:" && !ipaddr.isValid(url.hostname.replace(/^\[|\]$/g, "")) ? url.hostname : undefined,
    });
    const timer = setTimeout(() => req.destroy(new OutboundError("timeout", `No complete answer within ${Math.round(timeoutMs / 1000)} s`)), Math.max(1, deadline - Date.now()));
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof OutboundError ? err : new OutboundError("connection_failed", err instanceof Error ? err.message : String(err)));
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, address });
      };
      res.on("data", (chunk: Buffer) => {
        if (size + chunk.length > maxBytes) {
          if (options.failOnTooLarge) return req.destroy(new OutboundError("response_too_large", `The answer is larger than ${maxBytes} bytes`));
          chunks.push(chunk.subarray(0, maxBytes - size));
          size = maxBytes;
          res.destroy();
          return done(true);
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => done(false));
      res.on("error", fail);
    });
    req.end(options.body);
  });
}

async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutboundError("timeout", "Resolving the host name took too long")), Math.max(1, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
