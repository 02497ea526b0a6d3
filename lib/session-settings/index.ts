import { authorize, type Principal } from "@/lib/authz";
import { emit } from "@/lib/events";
import { db, type DbOrTx } from "@/lib/db";
import { readDeploymentSetting, writeDeploymentSetting } from "@/lib/settings/deployment-setting";
import { DomainError, notFound } from "@/lib/errors";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import {
  BUILT_IN_SESSION_DEFAULTS, SESSION_DEFAULTS_KEY, formatDuration, SESSION_SETTING_LABELS, SESSION_SETTING_NAMES, sessionDefaultsSchema,
  type OrganizationSessionSettingsInput, type OrganizationSessionSettingsView, type SessionDefaultsInput, type SessionSettingName, type SessionSettings,
} from "./schemas";

export * from "./schemas";

// Deployment defaults and per-organization overrides. An override may only tighten a default: the
// effective value is always the smaller of the two, even when an operator later lowers the default
// below an override that was stored earlier.

const builtIn = () => ({ ...BUILT_IN_SESSION_DEFAULTS });

/** The deployment defaults (built-in values until an operator saves them). */
export function getSessionDefaults(client: DbOrTx = db): Promise<SessionSettings> {
  return readDeploymentSetting(SESSION_DEFAULTS_KEY, sessionDefaultsSchema, builtIn, client);
}

export function updateSessionDefaults(ctx: MutationContext, defaults: SessionDefaultsInput): Promise<SessionSettings> {
  return writeDeploymentSetting(ctx, SESSION_DEFAULTS_KEY, sessionDefaultsSchema, builtIn, defaults, "session_defaults.updated");
}

type Overrides = OrganizationSessionSettingsView["overrides"];

function overridesOf(row: { absoluteTimeoutSec: number | null; idleTimeoutSec: number | null; accessTokenLifetimeSec: number | null } | null): Overrides {
  return {
    absolute_timeout_sec: row?.absoluteTimeoutSec ?? null,
    idle_timeout_sec: row?.idleTimeoutSec ?? null,
    access_token_lifetime_sec: row?.accessTokenLifetimeSec ?? null,
  };
}

function effectiveOf(defaults: SessionSettings, overrides: Overrides): SessionSettings {
  const pick = (name: SessionSettingName) => Math.min(defaults[name], overrides[name] ?? defaults[name]);
  const effective = {
    absolute_timeout_sec: pick("absolute_timeout_sec"),
    idle_timeout_sec: pick("idle_timeout_sec"),
    access_token_lifetime_sec: pick("access_token_lifetime_sec"),
  };
  effective.idle_timeout_sec = Math.min(effective.idle_timeout_sec, effective.absolute_timeout_sec);
  return effective;
}

/**
 * The settings in force for one organization, for the token service (access-token lifetime) and for
 * portal and SSO sessions. No authorization: callers are Portico's own services.
 */
export async function effectiveSessionSettings(organizationId: string, client: DbOrTx = db): Promise<SessionSettings> {
  // Sequential: a transaction's connection runs one query at a time.
  const defaults = await getSessionDefaults(client);
  const row = await client.organizationSessionSettings.findUnique({ where: { organizationId } });
  return effectiveOf(defaults, overridesOf(row));
}

async function viewFor(client: DbOrTx, organizationId: string): Promise<OrganizationSessionSettingsView> {
  // Sequential: a transaction's connection runs one query at a time.
  const defaults = await getSessionDefaults(client);
  const row = await client.organizationSessionSettings.findUnique({ where: { organizationId } });
  const overrides = overridesOf(row);
  return { organization_id: organizationId, defaults, overrides, effective: effectiveOf(defaults, overrides) };
}

async function assertOrganization(client: DbOrTx, organizationId: string) {
  const org = await client.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
  if (!org) throw notFound("Organization");
}

/** An organization's overrides next to the deployment defaults they tighten. */
export async function getOrganizationSessionSettings(principal: Principal, organizationId: string): Promise<OrganizationSessionSettingsView> {
  assertIdOf("organization", organizationId);
  try {
    authorize(principal, "settings:read", { organizationId });
  } catch (err) {
    // Another organization's settings are "not found" rather than "forbidden", so ids do not leak.
    if (principal.kind === "portal" && principal.organizationId !== organizationId) throw notFound("Organization");
    throw err;
  }
  await assertOrganization(db, organizationId);
  return viewFor(db, organizationId);
}

/**
 * Saves an organization's overrides. Each must be at most the deployment default (an organization can
 * only tighten it); null clears an override. Fields not given keep their stored value.
 */
export async function updateOrganizationSessionSettings(ctx: MutationContext, organizationId: string, input: OrganizationSessionSettingsInput): Promise<OrganizationSessionSettingsView> {
  assertIdOf("organization", organizationId);
  if (ctx.principal.kind === "portal" && ctx.principal.organizationId !== organizationId) throw notFound("Organization");
  authorize(ctx.principal, "settings:write", { organizationId });
  return db.$transaction(async (tx) => {
    await assertOrganization(tx, organizationId);
    const before = await viewFor(tx, organizationId);
    const next: Overrides = { ...before.overrides };
    for (const name of SESSION_SETTING_NAMES) {
      const value = input[name];
      if (value !== undefined) next[name] = value;
    }
    for (const name of SESSION_SETTING_NAMES) {
      const value = next[name];
      if (value !== null && value > before.defaults[name]) {
        throw new DomainError("invalid", `${SESSION_SETTING_LABELS[name]} must be at most ${formatDuration(before.defaults[name])} (the deployment default); an organization can only tighten it`, name);
      }
    }
    const absolute = next.absolute_timeout_sec ?? before.defaults.absolute_timeout_sec;
    if (next.idle_timeout_sec !== null && next.idle_timeout_sec > absolute) {
      throw new DomainError("invalid", `Idle timeout must not be longer than the session lifetime (${formatDuration(absolute)})`, "idle_timeout_sec");
    }
    const data = { absoluteTimeoutSec: next.absolute_timeout_sec, idleTimeoutSec: next.idle_timeout_sec, accessTokenLifetimeSec: next.access_token_lifetime_sec };
    await tx.organizationSessionSettings.upsert({ where: { organizationId }, create: { organizationId, ...data }, update: data });
    const after = await viewFor(tx, organizationId);
    await emit(tx, "organization.session_settings.updated", {
      organizationId, actor: ctx.actor, context: ctx.request, target: { type: "organization", id: organizationId },
      data: { organization_id: organizationId, ...after.overrides }, before: before.overrides, after: after.overrides,
    });
    return after;
  });
}
