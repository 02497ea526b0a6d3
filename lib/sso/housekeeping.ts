import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { db } from "@/lib/db";
import { emit } from "@/lib/events";
import { log } from "@/lib/log";
import { certificateView } from "@/lib/saml/certificates";
import { fetchIdpMetadata, MetadataError } from "@/lib/saml/metadata";
import { connectionEventData } from "./connections";

// SSO state that only grows otherwise, and the daily metadata refresh, at start-up and hourly:
//   - login requests, AuthnRequest ids and accepted assertion ids past their expiry; authorization codes
//     past the expiry of the tokens issued for them; test results (with raw attributes) after 7 days
//   - SAML connections with a metadata URL are re-read once a day: a new signing certificate takes
//     effect by itself and is recorded as connection.certificate_changed; a failed read is kept on the
//     connection (shown in the portal and console) and retried the next hour.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const TEST_RESULT_RETENTION_DAYS = 7;
const KEY = Symbol.for("portico.sso.housekeeping");
const holder = globalThis as unknown as { [KEY]?: NodeJS.Timeout };

export async function pruneSsoState(now = new Date()) {
  const [requests, requestIds, assertionIds, codes, tests] = await Promise.all([
    db.ssoLoginRequest.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - HOUR_MS) } } }),
    db.samlRequestId.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.samlAssertionId.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.oAuthAuthorizationCode.deleteMany({ where: { retainUntil: { lt: now } } }),
    db.ssoTestResult.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - TEST_RESULT_RETENTION_DAYS * DAY_MS) } } }),
  ]);
  return { requests: requests.count, requestIds: requestIds.count, assertionIds: assertionIds.count, codes: codes.count, tests: tests.count };
}

/**
 * Re-reads the metadata of SAML connections not read for a day. Each instance claims a connection by
 * moving its read time forward in one conditional UPDATE, so several instances never read the same one;
 * a failed read is retried an hour later.
 */
export async function refreshDueMetadata(now = new Date(), { force = false }: { force?: boolean } = {}): Promise<{ refreshed: number; failed: number; certificateChanges: number }> {
  const result = { refreshed: 0, failed: 0, certificateChanges: 0 };
  const dueBefore = force ? now : new Date(now.getTime() - DAY_MS);
  const due = await db.ssoConnection.findMany({
    where: { type: "SAML", samlMetadataUrl: { not: null }, OR: [{ samlMetadataFetchedAt: null }, { samlMetadataFetchedAt: { lte: dueBefore } }] },
    select: { id: true, samlMetadataUrl: true, samlMetadataFetchedAt: true },
    take: 500,
  });
  for (const { id, samlMetadataUrl, samlMetadataFetchedAt } of due) {
    const claimed = await db.ssoConnection.updateMany({ where: { id, samlMetadataUrl, samlMetadataFetchedAt }, data: { samlMetadataFetchedAt: now } });
    if (claimed.count !== 1) continue; // another instance has it
    let metadata;
    try {
      ({ metadata } = await fetchIdpMetadata(samlMetadataUrl!));
    } catch (err) {
      result.failed++;
      const message = err instanceof MetadataError ? err.message : "The metadata URL could not be read";
      await db.ssoConnection.updateMany({
        where: { id, samlMetadataUrl },
        // Due again in an hour; the last good metadata stays in use meanwhile.
        data: { samlMetadataFetchedAt: new Date(now.getTime() - DAY_MS + HOUR_MS), samlMetadataError: `${message} (${now.toISOString().slice(0, 16).replace("T", " ")} UTC); the last good metadata stays in use` },
      });
      continue;
    }
    await db.$transaction(async (tx) => {
      const row = await tx.ssoConnection.findUnique({ where: { id } });
      if (!row || row.samlMetadataUrl !== samlMetadataUrl) return; // changed meanwhile
      const fingerprints = (pems: string[]) => pems.map((p) => certificateView(p).fingerprint_sha256).sort();
      const before = fingerprints(row.samlIdpCertificates);
      const after = fingerprints(metadata.certificates);
      const updated = await tx.ssoConnection.update({
        where: { id },
        data: { samlIdpEntityId: metadata.entityId, samlIdpSsoUrl: metadata.ssoUrl, samlIdpSsoBinding: metadata.binding, samlIdpCertificates: metadata.certificates, samlMetadataFetchedAt: now, samlMetadataError: null },
      });
      result.refreshed++;
      if (before.join() !== after.join()) {
        result.certificateChanges++;
        await emit(tx, "organization.connection.certificate_changed", {
          organizationId: row.organizationId, actor: SYSTEM_ACTOR,
          data: { ...connectionEventData(updated), certificates_before: before, certificates_after: after },
          // The connection's identity beside the change, so the trail reads on its own after the connection is gone.
          before: { provider: updated.provider, type: updated.type, certificates: before }, after: { provider: updated.provider, type: updated.type, certificates: after },
          metadata: { reason: "metadata refresh", metadata_url: samlMetadataUrl },
        });
      }
    });
  }
  return result;
}

export async function startSsoHousekeeping(): Promise<void> {
  // A failure is logged and retried within the hour, never a reason not to start.
  const run = async () => {
    await pruneSsoState().catch((err: unknown) => log.warn({ err }, "pruning SSO state failed"));
    await refreshDueMetadata().catch((err: unknown) => log.warn({ err }, "refreshing SAML metadata failed"));
  };
  // Start-up does not wait for IdPs to answer.
  void run();
  if (holder[KEY]) return;
  holder[KEY] = setInterval(() => void run(), HOUR_MS);
  holder[KEY].unref();
}
