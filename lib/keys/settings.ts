import { z } from "zod";
import { db, type DbOrTx } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";
import { readDeploymentSetting, writeDeploymentSetting } from "@/lib/settings/deployment-setting";
import { DEFAULT_SIGNING_ALG, SIGNING_ALGS } from "./algorithms";

// deployment_settings key `signing_keys`: which algorithm new keys use and how often keys rotate.
// A changed algorithm replaces the published next key (it never signed) with one in the new algorithm;
// like every next key it may sign only after it has been published for NEXT_KEY_MIN_PUBLISHED_SEC
// (rotation.ts), so a validator always has it before any token is signed with it.

export const SIGNING_KEY_SETTINGS_KEY = "signing_keys";

export const signingKeySettingsSchema = z.object({
  alg: z.enum(SIGNING_ALGS, { error: `must be one of ${SIGNING_ALGS.join(", ")}` }).default(DEFAULT_SIGNING_ALG),
  rotation_interval_days: z.number({ error: "must be a number of days" }).int("must be a whole number of days")
    .min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").default(90),
}).strict();

export type SigningKeySettings = z.infer<typeof signingKeySettingsSchema>;
export type SigningKeySettingsInput = z.input<typeof signingKeySettingsSchema>;

export const DEFAULT_SIGNING_KEY_SETTINGS: SigningKeySettings = { alg: DEFAULT_SIGNING_ALG, rotation_interval_days: 90 };

/** The stored settings, or the defaults when none (or something unreadable) is stored. */
export function loadSigningKeySettings(client: DbOrTx = db): Promise<SigningKeySettings> {
  return readDeploymentSetting(SIGNING_KEY_SETTINGS_KEY, signingKeySettingsSchema, () => DEFAULT_SIGNING_KEY_SETTINGS, client);
}

/**
 * Changes the algorithm and rotation interval (operators, settings:write; audited as
 * `signing_key_settings.updated`). Call ensureSigningKeys afterwards so the unused next key is
 * replaced by one in the new algorithm; it signs from the next rotation on.
 */
export function updateSigningKeySettings(ctx: MutationContext, settings: SigningKeySettings): Promise<SigningKeySettings> {
  return writeDeploymentSetting(ctx, SIGNING_KEY_SETTINGS_KEY, signingKeySettingsSchema, () => DEFAULT_SIGNING_KEY_SETTINGS, settings, "signing_key_settings.updated");
}
