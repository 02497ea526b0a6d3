import { z } from "zod";
import { formatDuration } from "@/lib/format";

// Session settings: deployment defaults (deployment_settings key `session_defaults`) and per-organization
// overrides (organization_session_settings) that may only tighten them. Shared by the console, the admin
// portal, their server actions and the token service.

export const SESSION_DEFAULTS_KEY = "session_defaults";

/** Bounds every value must respect, in seconds. */
export const SESSION_LIMITS = {
  absolute_timeout_sec: { min: 300, max: 30 * 24 * 3600 },
  idle_timeout_sec: { min: 60, max: 7 * 24 * 3600 },
  access_token_lifetime_sec: { min: 300, max: 24 * 3600 },
} as const;

export type SessionSettingName = keyof typeof SESSION_LIMITS;
export const SESSION_SETTING_NAMES = Object.keys(SESSION_LIMITS) as SessionSettingName[];

export const SESSION_SETTING_LABELS: Record<SessionSettingName, string> = {
  absolute_timeout_sec: "Session lifetime",
  idle_timeout_sec: "Idle timeout",
  access_token_lifetime_sec: "Access token lifetime",
};

export interface SessionSettings {
  absolute_timeout_sec: number;
  idle_timeout_sec: number;
  access_token_lifetime_sec: number;
}

/** What a deployment starts with until an operator changes it. */
export const BUILT_IN_SESSION_DEFAULTS: SessionSettings = {
  absolute_timeout_sec: 12 * 3600,
  idle_timeout_sec: 60 * 60,
  access_token_lifetime_sec: 24 * 3600,
};

export { formatDuration };

function seconds(name: SessionSettingName) {
  const { min, max } = SESSION_LIMITS[name];
  return z.number({ error: "must be a number of seconds" }).int("must be a whole number of seconds")
    .min(min, `must be at least ${formatDuration(min)}`).max(max, `must be at most ${formatDuration(max)}`);
}

const idleWithinAbsolute = (s: { absolute_timeout_sec?: number | null; idle_timeout_sec?: number | null }) =>
  s.absolute_timeout_sec == null || s.idle_timeout_sec == null || s.idle_timeout_sec <= s.absolute_timeout_sec;
const idleMessage = { message: "must not be longer than the session lifetime", path: ["idle_timeout_sec"] };

export const sessionDefaultsSchema = z.object({
  absolute_timeout_sec: seconds("absolute_timeout_sec"),
  idle_timeout_sec: seconds("idle_timeout_sec"),
  access_token_lifetime_sec: seconds("access_token_lifetime_sec"),
}).strict().refine(idleWithinAbsolute, idleMessage);
export type SessionDefaultsInput = z.infer<typeof sessionDefaultsSchema>;

/** Per-organization overrides; null (or absent) means "use the deployment default". */
export const organizationSessionSettingsSchema = z.object({
  absolute_timeout_sec: seconds("absolute_timeout_sec").nullable().optional(),
  idle_timeout_sec: seconds("idle_timeout_sec").nullable().optional(),
  access_token_lifetime_sec: seconds("access_token_lifetime_sec").nullable().optional(),
}).strict().refine(idleWithinAbsolute, idleMessage);
export type OrganizationSessionSettingsInput = z.infer<typeof organizationSessionSettingsSchema>;

export interface OrganizationSessionSettingsView {
  organization_id: string;
  defaults: SessionSettings;
  overrides: { [K in SessionSettingName]: number | null };
  effective: SessionSettings;
}
