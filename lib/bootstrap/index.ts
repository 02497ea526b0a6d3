import { sealAuditChainHead } from "@/lib/audit/writer";
import { rotateSigningKeysIfDue, startKeyRotationSchedule } from "@/lib/keys/rotation";
import { dnsServersFromEnv } from "@/lib/domains/dns";
import { startDomainVerificationSchedule } from "@/lib/domains/schedule";
import { log } from "@/lib/log";
import { startOperatorHousekeeping } from "@/lib/operators/housekeeping";
import { bootstrapOwnerFromEnv } from "@/lib/operators/owner-setup";
import { ensureScopeCatalog } from "@/lib/scope-catalog/seed";
import { bootstrapManagementClientStep } from "@/lib/management/bootstrap-client";
import { devToolsEnabled } from "@/lib/dev/session";
import { startChainer } from "@/lib/events/chainer";
import { startWebhookDispatcher } from "@/lib/webhooks/dispatcher";
import { startSsoHousekeeping } from "@/lib/sso/housekeeping";
import { startEventRetention } from "@/lib/events/retention";

// Runs once at start-up, after migrations: makes sure what the BOOTSTRAP_* variables describe exists.
// Each area registers its step here so start-up stays one ordered list.

export type BootstrapStep = { name: string; run: () => Promise<void> };

const steps: BootstrapStep[] = [
  // An upgraded deployment's audit chain head, signed once so its older (unkeyed) events verify.
  { name: "audit chain head", run: async () => { await sealAuditChainHead(); } },
  // The relays behind emit(): the audit chainer (also fans events out to webhook endpoints) and the
  // webhook dispatcher; every instance runs both, and they share the work through the database.
  { name: "events: audit chainer and webhook dispatcher", run: async () => { startChainer(); startWebhookDispatcher(); } },
  // Events and the webhook delivery log kept for EVENT_RETENTION_DAYS / WEBHOOK_LOG_RETENTION_DAYS (30), pruned hourly.
  { name: "events: retention", run: startEventRetention },
  { name: "operators: owner from BOOTSTRAP_ADMIN_EMAIL/PASSWORD", run: bootstrapOwnerFromEnv },
  // Old sign-in counters and revocations of expired sessions, now and every hour.
  { name: "operators: pruning sign-in counters and session revocations", run: startOperatorHousekeeping },
  { name: "scope catalog (management API, demo API)", run: ensureScopeCatalog },
  { name: "management client (BOOTSTRAP_MANAGEMENT_CLIENT_*)", run: bootstrapManagementClientStep },
  {
    // A current and a published next signing key, rotated when the configured interval has passed
    // (checked now and every hour after).
    name: "signing keys",
    run: async () => {
      await rotateSigningKeysIfDue(); // ensures current + next first
      startKeyRotationSchedule();
    },
  },
  // Organization domains waiting for their DNS record, and daily re-verification of verified ones.
  // DNS_SERVERS and the DOMAIN_* timings are checked here, so a typo stops start-up naming the variable.
  { name: "domains: background verification checks", run: async () => { dnsServersFromEnv(); startDomainVerificationSchedule(); } },
  // Expired SSO login state and old test results, and the daily IdP metadata refresh, now and hourly.
  { name: "sso: pruning and metadata refresh", run: startSsoHousekeeping },
  {
    // Anyone who can reach /dev acts as an admin operator: say so loudly at every start.
    name: "dev tools warning",
    run: async () => {
      if (devToolsEnabled()) log.warn("PORTICO_DEV_TOOLS=1: /dev pages are on and give every visitor an admin operator session. Never run a reachable deployment like this.");
    },
  },
];

export async function runBootstrap(): Promise<void> {
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      log.error({ err, step: step.name }, "bootstrap step failed");
      throw err;
    }
  }
}
