import { isIP } from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";
import publicEmailDomainList from "email-providers/all.json" with { type: "json" };
import { parse as parseDomain } from "tldts";
import { invalid } from "@/lib/errors";

// Domain names as Portico stores and compares them: lower case, without the trailing dot, IDN labels as
// punycode (xn--…, by node's WHATWG `domainToASCII`), so "Bücher.DE." and "xn--bcher-kva.de" are one
// domain. `normaliseDomainName` is strict (what an organization may claim); `emailDomainOf` is lenient
// (what a sign-in's email or domain hint names), returning null instead of throwing.

const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Free and public email providers (gmail.com, outlook.com, …): the `email-providers` package's full list. */
const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set((publicEmailDomainList as string[]).map((d) => d.toLowerCase()));

export function isPublicEmailDomain(name: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(name);
}

/** Lower case, trim, drop one trailing dot, punycode. "" when the WHATWG rules reject the name. */
function toAscii(raw: string): string {
  const trimmed = raw.trim().toLowerCase();
  const withoutDot = trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
  if (!withoutDot || withoutDot.endsWith(".")) return "";
  return domainToASCII(withoutDot);
}

/**
 * The canonical form of a domain an organization wants to claim, or DomainError("invalid", field).
 * Refuses what cannot be an organization's email domain: IP addresses, wildcards, URLs and addresses,
 * single labels, over-long labels or names, public suffixes (co.uk, github.io) and unknown top-level
 * domains, and free email providers.
 */
export function normaliseDomainName(raw: string, field = "name"): string {
  const input = raw.trim();
  if (!input) throw invalid(field, "Enter a domain name, like example.com");
  if (input.includes("*")) throw invalid(field, "Wildcards are not allowed: add each domain you own by its name, like example.com");
  if (input.includes("@")) throw invalid(field, "Enter the domain only, without the part before the @ (example.com, not ada@example.com)");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || input.includes("/")) throw invalid(field, "Enter the domain name only, without https:// or a path");
  const bare = input.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (isIP(bare) || /^[\d.]+$/.test(bare)) throw invalid(field, "IP addresses cannot be verified: enter a domain name, like example.com");
  if (/\s/.test(input)) throw invalid(field, "A domain name cannot contain spaces");
  if (input.includes(":")) throw invalid(field, "Enter the domain name without a port");

  const name = toAscii(input);
  if (!name) throw invalid(field, `"${clip(input)}" is not a valid domain name`);
  if (name.length > MAX_NAME_LENGTH) throw invalid(field, `A domain name can be at most ${MAX_NAME_LENGTH} characters long`);
  const labels = name.split(".");
  if (labels.length < 2) throw invalid(field, "Enter a full domain name with a dot, like example.com");
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) throw invalid(field, `Each part between dots can be at most ${MAX_LABEL_LENGTH} characters long`);
    if (!LABEL.test(label)) {
      throw invalid(field, `"${clip(domainToUnicode(name) || name)}" is not a valid domain name: use letters, digits and hyphens, with dots between the parts`);
    }
  }
  if (/^\d+$/.test(labels.at(-1)!)) throw invalid(field, `"${clip(name)}" is not a valid domain name`);

  const parsed = parseDomain(name, { allowPrivateDomains: true, extractHostname: false });
  if (!parsed.isIcann && !parsed.isPrivate) {
    throw invalid(field, `.${labels.at(-1)} is not a top-level domain on the internet: enter your organization's public email domain`);
  }
  if (!parsed.domain || parsed.publicSuffix === name) {
    throw invalid(field, `${name} is a public suffix shared by many owners (like co.uk): enter your organization's own domain under it`);
  }
  if (isPublicEmailDomain(name) || isPublicEmailDomain(parsed.domain)) {
    throw invalid(field, `${parsed.domain} is a public email provider: only a domain your organization owns can be verified`);
  }
  return name;
}

/**
 * The domain of an email address or a bare domain ("Ada@Bücher.de" → "xn--bcher-kva.de"), normalised
 * the same way as stored domains; null when it is not a usable domain name. Never throws.
 */
export function emailDomainOf(domainOrEmail: string): string | null {
  if (typeof domainOrEmail !== "string" || domainOrEmail.length > 512) return null;
  const at = domainOrEmail.lastIndexOf("@");
  const raw = at >= 0 ? domainOrEmail.slice(at + 1) : domainOrEmail;
  if (!raw.trim() || raw.includes("*") || /[\s/:\\]/.test(raw.trim())) return null;
  const name = toAscii(raw);
  if (!name || name.length > MAX_NAME_LENGTH) return null;
  const labels = name.split(".");
  if (labels.length < 2 || labels.some((l) => l.length > MAX_LABEL_LENGTH || !LABEL.test(l))) return null;
  return name;
}

/** How to show a stored name to people: IDN labels in their own script ("xn--bcher-kva.de" → "bücher.de"). */
export function displayDomainName(name: string): string {
  return domainToUnicode(name) || name;
}

/** What the user typed, for an error message: at most 80 characters, control characters shown as "?". */
const clip = (s: string) => {
  const shown = s.replace(/[\u0000-\u001f\u007f]/g, "?");
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
};
