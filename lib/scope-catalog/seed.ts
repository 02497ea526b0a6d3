import { MANAGEMENT_SCOPES } from "@/lib/authz";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { emit } from "@/lib/events";
import { db, type Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { managementAudience } from "@/lib/management/audience";
import { DEMO_RESOURCE, MANAGEMENT_RESOURCE_ID, MANAGEMENT_RESOURCE_NAME, MANAGEMENT_SCOPE_DESCRIPTIONS } from "./builtin";

// Start-up steps for the catalog: the built-in management API (audience follows PUBLIC_URL), and a demo
// API the first time the deployment starts with an empty catalog (never again once an operator removed it).

const SEED_LOCK_KEY = 0x73636174; // "scat"
const DEMO_SEEDED_SETTING = "scope_catalog.demo_seeded";

export async function ensureManagementApiResource(): Promise<void> {
  const audience = managementAudience();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const existing = await tx.apiResource.findUnique({ where: { id: MANAGEMENT_RESOURCE_ID }, include: { scopes: true } });
    const clash = await tx.apiResource.findFirst({ where: { audience, id: { not: MANAGEMENT_RESOURCE_ID } } });
    if (clash) throw new Error(`The API "${clash.name}" (${clash.id}) uses ${audience}, the management API's audience; give it another audience`);
    const takenScopes = await tx.apiScope.findMany({ where: { name: { in: [...MANAGEMENT_SCOPES] }, resourceId: { not: MANAGEMENT_RESOURCE_ID } } });
    if (takenScopes.length) throw new Error(`Management scope names are reserved; rename these scopes in the catalog: ${takenScopes.map((s) => s.name).join(", ")}`);

    if (!existing) {
      await tx.apiResource.create({
        data: {
          id: MANAGEMENT_RESOURCE_ID, name: MANAGEMENT_RESOURCE_NAME, audience,
          description: "Portico's own API for the host app's backend: organizations, service principals, portal links, audit events.",
        },
      });
      await emit(tx, "api_resource.created", { organizationId: null, actor: SYSTEM_ACTOR, data: { id: MANAGEMENT_RESOURCE_ID, name: MANAGEMENT_RESOURCE_NAME, audience }, after: { name: MANAGEMENT_RESOURCE_NAME, audience } });
    } else if (existing.audience !== audience) {
      await tx.apiResource.update({ where: { id: MANAGEMENT_RESOURCE_ID }, data: { audience } });
      await tx.$executeRaw`UPDATE service_principals SET audience = array_replace(audience, ${existing.audience}, ${audience}), update_time = now() WHERE ${existing.audience} = ANY(audience)`;
      await emit(tx, "api_resource.updated", { organizationId: null, actor: SYSTEM_ACTOR, data: { id: MANAGEMENT_RESOURCE_ID, audience }, before: { audience: existing.audience }, after: { audience }, metadata: { reason: "PUBLIC_URL changed" } });
      log.info({ from: existing.audience, to: audience }, "management API audience follows PUBLIC_URL");
    }
    const have = new Set(existing?.scopes.map((s) => s.name) ?? []);
    for (const name of MANAGEMENT_SCOPES) {
      if (have.has(name)) continue;
      await tx.apiScope.create({ data: { id: newId("scp"), resourceId: MANAGEMENT_RESOURCE_ID, name, description: MANAGEMENT_SCOPE_DESCRIPTIONS[name] } });
    }
  });
}

export async function seedDemoApiResource(): Promise<boolean> {
  return db.$transaction((tx) => seedDemoApiResourceIn(tx));
}

/** The demo seeding inside a given transaction (tests run it in one they roll back). */
export async function seedDemoApiResourceIn(tx: Tx): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
  if (await tx.deploymentSetting.findUnique({ where: { key: DEMO_SEEDED_SETTING } })) return false;
  const others = await tx.apiResource.count({ where: { id: { not: MANAGEMENT_RESOURCE_ID } } });
  await tx.deploymentSetting.create({ data: { key: DEMO_SEEDED_SETTING, value: true } });
  if (others > 0) return false;
  const taken = await tx.apiResource.findUnique({ where: { audience: DEMO_RESOURCE.audience } });
  if (taken) return false;
  const id = newId("res");
  await tx.apiResource.create({
    data: {
      id, name: DEMO_RESOURCE.name, audience: DEMO_RESOURCE.audience, description: DEMO_RESOURCE.description,
      scopes: { create: DEMO_RESOURCE.scopes.map((s) => ({ id: newId("scp"), name: s.name, description: s.description })) },
    },
  });
  await emit(tx, "api_resource.created", { organizationId: null, actor: SYSTEM_ACTOR, data: { id, name: DEMO_RESOURCE.name, audience: DEMO_RESOURCE.audience, scopes: DEMO_RESOURCE.scopes.map((s) => s.name) }, after: { name: DEMO_RESOURCE.name, audience: DEMO_RESOURCE.audience, scopes: DEMO_RESOURCE.scopes.map((s) => s.name) }, metadata: { reason: "demo API for a new deployment" } });
  return true;
}

export async function ensureScopeCatalog(): Promise<void> {
  await ensureManagementApiResource();
  await seedDemoApiResource();
}
