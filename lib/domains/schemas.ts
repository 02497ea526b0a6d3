import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { plainText, text } from "@/lib/validation/text";
import { normaliseDomainName } from "./names";

// Input and output shapes shared by the management API, the portal and console actions. Server-side:
// names are normalised (punycode, public-suffix and email-provider lists) while parsing.

/** A domain to claim, normalised ("Bücher.DE." → "xn--bcher-kva.de"); a clear message when it cannot be claimed. */
export const domainNameSchema = text({ error: "is required" }).max(300, "must be at most 300 characters").transform((raw, ctx) => {
  try {
    return normaliseDomainName(raw);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.addIssue({ code: "custom", message: err.message });
    return z.NEVER;
  }
});

export const addDomainSchema = z.object({ name: domainNameSchema }).strict();
export type AddDomainInput = z.output<typeof addDomainSchema>;

/** An operator's by-hand verification needs a reason, kept in the audit trail. */
export const manualVerificationSchema = z.object({
  // Control characters or lone surrogates have no place in an audit reason.
  reason: plainText({ error: "is required" }).trim().min(3, "Say why you verify this domain by hand (at least 3 characters)").max(500, "must be at most 500 characters"),
}).strict();
export type ManualVerificationInput = z.output<typeof manualVerificationSchema>;

export const DOMAIN_STATUSES = ["pending", "verified", "failed"] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];
export type DomainCheckOutcome = "verified" | "not_found" | "wrong_token" | "timeout" | "dns_error" | "claimed_elsewhere";

/** A domain as the API, the portal and the console show it. */
export interface DomainView {
  id: string;
  organization_id: string;
  /** Normalised, IDN as punycode. */
  name: string;
  /** For people: IDN labels in their own script. */
  display_name: string;
  status: DomainStatus;
  /** The DNS record that proves control: at record_name (or alternative_record_name), a TXT record with record_value. */
  verification: { record_type: "TXT"; record_name: string; record_value: string; alternative_record_name: string };
  verification_method: "dns" | "manual" | null;
  verified_time: string | null;
  last_check_time: string | null;
  last_check: { outcome: DomainCheckOutcome; message: string; record_name?: string } | null;
  failure_reason: string | null;
  /** When the next background check runs; null when none is planned. */
  next_check_time: string | null;
  create_time: string;
  update_time: string;
}
