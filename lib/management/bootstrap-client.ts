import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { emit } from "@/lib/events";
import { verifySecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { BOOTSTRAP_CREATED_BY } from "@/lib/service-principals/schemas";
import { emitSecretEvent } from "@/lib/service-principals/core";
import { lockClient, storeClientSecret } from "@/lib/service-principals/secrets";
import { auditableClient, clientSecretView, environmentClientView } from "@/lib/service-principals/views";
import { managementAudience } from "./audience";

// BOOTSTRAP_MANAGEMENT_CLIENT_ID + BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: make sure the host app's backend
// has an environment-level management client with every management scope, for any organization, and
// that the configured secret works. When the configured secret changes, it is added as a new secret and
// the previous bootstrap secret is revoked; secrets added by operators are left alone.

// The secret's created_by lives with the client-safe schemas, so console components can recognise it too.
export { BOOTSTRAP_CREATED_BY };
const BOOTSTRAP_LOCK_KEY = 0x626f6f74; // "boot"
const system = { actor: SYSTEM_ACTOR, request: null };
const CLIENT_ID = /^skc_[A-Za-z0-9_-]{1,100}$/;
const MIN_SECRET_LENGTH = 32;

export class BootstrapConfigError extends Error {
  override name = "BootstrapConfigError";
}

export interface BootstrapManagementClient {
  clientId: string;
  secret: string;
}

/** Reads and validates the variables; null when neither is set. Throws with a message naming the variable. */
export function bootstrapManagementClientFromEnv(env: Record<string, string | undefined> = process.env): BootstrapManagementClient | null {
  const clientId = env.BOOTSTRAP_MANAGEMENT_CLIENT_ID?.trim();
  const secret = env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET;
  if (!clientId && !secret) return null;
  if (!clientId) throw new BootstrapConfigError("BOOTSTRAP_MANAGEMENT_CLIENT_SECRET is set but BOOTSTRAP_MANAGEMENT_CLIENT_ID is not: set both, or neither");
  if (!secret) throw new BootstrapConfigError("BOOTSTRAP_MANAGEMENT_CLIENT_ID is set but BOOTSTRAP_MANAGEMENT_CLIENT_SECRET is not: set both, or neither");
  if (!CLIENT_ID.test(clientId)) {
    throw new BootstrapConfigError("BOOTSTRAP_MANAGEMENT_CLIENT_ID must start with skc_ followed by letters, digits, _ or - (at most 100), e.g. skc_host_backend");
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new BootstrapConfigError(`BOOTSTRAP_MANAGEMENT_CLIENT_SECRET must be at least ${MIN_SECRET_LENGTH} characters; generate one with: openssl rand -base64 32`);
  }
  if (!/^[\x21-\x7e]+$/.test(secret)) {
    throw new BootstrapConfigError("BOOTSTRAP_MANAGEMENT_CLIENT_SECRET must be printable ASCII without spaces (it is sent in HTTP Basic authentication)");
  }
  return { clientId, secret };
}

export async function ensureBootstrapManagementClient(config: BootstrapManagementClient): Promise<void> {
  const audience = [managementAudience()];
  const scopes = [...MANAGEMENT_SCOPES];
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
    let client = await tx.servicePrincipal.findUnique({ where: { id: config.clientId }, include: { secrets: true } });
    if (client && client.organizationId !== null) {
      throw new BootstrapConfigError(`BOOTSTRAP_MANAGEMENT_CLIENT_ID ${config.clientId} is a service principal of organization ${client.organizationId}; use another id`);
    }
    if (!client) {
      await tx.servicePrincipal.create({
        data: {
          id: config.clientId, organizationId: null, name: "Management client (bootstrap)",
          description: "Created at start-up from BOOTSTRAP_MANAGEMENT_CLIENT_ID for the host app's backend.",
          scopes, audience, status: "active", createdBy: "system",
          organizationUsage: "allow", allowAnyOrganization: true, allowedOrganizationIds: [],
        },
      });
      client = await tx.servicePrincipal.findUniqueOrThrow({ where: { id: config.clientId }, include: { secrets: true } });
      await emit(tx, "environment_client.created", { organizationId: null, actor: SYSTEM_ACTOR, data: auditableClient(environmentClientView(client)), metadata: { reason: "BOOTSTRAP_MANAGEMENT_CLIENT_ID" } });
      log.info({ clientId: client.id }, "bootstrap: management client created");
    } else {
      await lockClient(tx, client.id);
      const drift = !MANAGEMENT_SCOPES.every((s) => client!.scopes.includes(s)) || !audience.every((a) => client!.audience.includes(a)) || !client.allowAnyOrganization;
      if (drift) {
        const before = auditableClient(environmentClientView(client));
        const updated = await tx.servicePrincipal.update({
          where: { id: client.id },
          data: {
            scopes: [...new Set([...client.scopes, ...scopes])],
            // (A PUBLIC_URL change already moved the old management audience: see lib/scope-catalog/seed.ts.)
            audience: [...new Set([...client.audience, ...audience])],
            allowAnyOrganization: true,
          },
          include: { secrets: true },
        });
        await emit(tx, "environment_client.updated", { organizationId: null, actor: SYSTEM_ACTOR, data: auditableClient(environmentClientView(updated)), before, metadata: { reason: "BOOTSTRAP_MANAGEMENT_CLIENT_ID" } });
        client = updated;
      }
      if (client.status !== "active") log.warn({ clientId: client.id }, "bootstrap: the management client is disabled; enable it in the console to use it");
    }

    const active = client.secrets.filter((s) => s.status === "ACTIVE");
    if (active.some((s) => verifySecret(config.secret, s.secretHash))) return;

    // The configured secret is new: retire earlier bootstrap secrets, then add it.
    for (const old of active.filter((s) => s.createdBy === BOOTSTRAP_CREATED_BY)) {
      const row = await tx.clientSecret.update({ where: { id: old.id }, data: { status: "INACTIVE" } });
      await emitSecretEvent(tx, system, { id: client.id, organizationId: null }, "revoked", clientSecretView(row), { before: clientSecretView(old), after: clientSecretView(row), metadata: { reason: "BOOTSTRAP_MANAGEMENT_CLIENT_SECRET changed" } });
    }
    const { row } = await storeClientSecret(tx, client.id, BOOTSTRAP_CREATED_BY, { plain: config.secret });
    await emitSecretEvent(tx, system, { id: client.id, organizationId: null }, "created", clientSecretView(row), { after: clientSecretView(row), metadata: { reason: "BOOTSTRAP_MANAGEMENT_CLIENT_SECRET" } });
    log.info({ clientId: client.id, secretId: row.id }, "bootstrap: management client secret set");
  });
}

export async function bootstrapManagementClientStep(): Promise<void> {
  const config = bootstrapManagementClientFromEnv();
  if (!config) return;
  await ensureBootstrapManagementClient(config);
}
