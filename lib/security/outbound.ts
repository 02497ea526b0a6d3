import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

// Safe outbound HTTP for URLs that tenants or operators type in (webhook endpoints, IdP metadata URLs).
// A URL that names a public host can still resolve to 127.0.0.1, 10.x, 169.254.169.254 (cloud metadata)
// or an IPv6 form of them, and a DNS answer can change between a check and the connection (rebinding).
// So: resolve once, refuse unless every address is public unicast (ipaddr.js classifies them), then
// connect to exactly the address that was checked (the `lookup` handed to the socket returns it), with
// the URL's host name kept for TLS (SNI, certificate check) and the Host header. Redirects are never
// followed (a 3xx is returned as is), the whole exchange has a deadline, and the response body is cut
// at a byte limit.
//
// OUTBOUND_ALLOW_PRIVATE_ADDRESSES=1 lifts the address check (tests whose receivers run on localhost);
// never in production.

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
  /** Body bytes kept; the rest is discarded and `truncated` set (or an error with `failOnTooLarge`). Default 1 MiB. */
  maxResponseBytes?: number;
  failOnTooLarge?: boolean;
  /** Allow plain http:// to localhost / 127.0.0.1 / [::1] (development and tests). Default false: https only. */
  allowInsecureLocalhost?: boolean;
}

export interface SafeFetchResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  /** The address actually connected to. */
  address: string;
}

/** Whether the address check is lifted for this process (tests only). */
export function privateAddressesAllowed(): boolean {
  return process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES === "1";
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Ranges ipaddr.js names that are not the public internet: everything but "unicast". */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 and friends are the IPv4 address in disguise.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range !== "unicast") return false;
  // NAT64 / 6to4 / Teredo embed IPv4 addresses that may be private; ipaddr.js reports them as their own
  // ranges (rfc6052, 6to4, teredo), so "unicast" above already excludes them. 0.0.0.0/8 is "unspecified".
  return true;
}

/** Parses and checks the URL's form: http(s), no credentials, https unless an allowed localhost. */
export function checkOutboundUrl(raw: string, { allowInsecureLocalhost = false }: { allowInsecureLocalhost?: boolean } = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("invalid_url", "Enter a full URL, e.g. https://example.com/webhooks");
  }
  if (url.username || url.password) throw new OutboundError("invalid_url", "The URL must not contain a user name or password");
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:") {
    if (allowInsecureLocalhost && LOCAL_HOSTS.has(url.hostname)) return url;
    throw new OutboundError("insecure_url", allowInsecureLocalhost ? "Use https:// (plain http:// only for localhost)" : "Use https://");
  }
  throw new OutboundError("invalid_url", "Use an https:// URL");
}

/** Resolves the host and returns one address that passed the check (or throws blocked_address / dns_failed). */
export async function resolveCheckedAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let answers: { address: string; family: number }[];
  if (ipaddr.isValid(host)) {
    answers = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  } else {
    try {
      answers = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError("dns_failed", `Could not resolve ${host}`);
    }
  }
  if (!answers.length) throw new OutboundError("dns_failed", `Could not resolve ${host}`);
  if (!privateAddressesAllowed()) {
    // Every answer must be public: otherwise an attacker's name could list one public and one internal
    // address and let the connection pick.
    const blocked = answers.find((a) => !isPublicAddress(a.address));
    if (blocked) throw new OutboundError("blocked_address", `${host} resolves to a private, loopback, link-local or reserved address (${blocked.address})`);
  }
  const first = answers[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** fetch for untrusted URLs: see the module comment. Resolves with any HTTP status; rejects with OutboundError. */
export async function safeFetch(raw: string, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const url = checkOutboundUrl(raw, { allowInsecureLocalhost: options.allowInsecureLocalhost });
  const deadline = Date.now() + timeoutMs;
  const { address, family } = await withDeadline(resolveCheckedAddress(url), deadline);
  // The socket connects to the checked address whatever the name resolves to by then.
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts && (opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<SafeFetchResponse>((resolve, reject) => {
    const remaining = Math.max(1, deadline - Date.now());
    const headers: Record<string, string> = { "user-agent": "Portico", ...options.headers };
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = transport.request(url, {
      method: options.method ?? "GET",
      headers,
      lookup,
      agent: false,
      // TLS name checks use the URL's host, not the address.
      servername: url.protocol === "https:" && !ipaddr.isValid(url.hostname.replace(/^\[|\]$/g, "")) ? url.hostname : undefined,
    });
    const timer = setTimeout(() => req.destroy(new OutboundError("timeout", `No complete answer within ${Math.round(timeoutMs / 1000)} s`)), remaining);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      if (err instanceof OutboundError) reject(err);
      else reject(new OutboundError("connection_failed", err instanceof Error ? err.message : String(err)));
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on("data", (chunk: Buffer) => {
        if (truncated) return;
        if (size + chunk.length > maxBytes) {
          if (options.failOnTooLarge) {
            req.destroy(new OutboundError("response_too_large", `The answer is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk.subarray(0, maxBytes - size));
          size = maxBytes;
          truncated = true;
          // Enough read: stop the transfer rather than download the rest.
          clearTimeout(timer);
          res.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, address });
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, address });
      });
      res.on("error", fail);
    });
    if (options.body !== undefined) req.end(options.body);
    else req.end();
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
