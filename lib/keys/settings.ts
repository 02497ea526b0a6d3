import { z } from "zod";
import { db, type DbOrTx } from "@/lib/db";
import { DEFAULT_SIGNING_ALG, SIGNING_ALGS } from "./algorithms";

// deployment_settings key `signing_keys`: which algorithm new keys use and how often keys rotate.
// A changed algorithm applies to the next key made (the one after the already published `next`), so a
// validator always sees a key in the JWKS before any token is signed with it.

export const SIGNING_KEY_SETTINGS_KEY = "signing_keys";

export const signingKeySettingsSchema = z.object({
  alg: z.enum(SIGNING_ALGS).default(DEFAULT_SIGNING_ALG),
  rotation_interval_days: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").default(90),
}).strict();

export type SigningKeySettings = z.infer<typeof signingKeySettingsSchema>;

export const DEFAULT_SIGNING_KEY_SETTINGS: SigningKeySettings = { alg: DEFAULT_SIGNING_ALG, rotation_interval_days: 90 };

/** The stored settings, or the defaults when none (or something unreadable) is stored. */
export async function loadSigningKeySettings(client: DbOrTx = db): Promise<SigningKeySettings> {
  const row = await client.deploymentSetting.findUnique({ where: { key: SIGNING_KEY_SETTINGS_KEY } });
  if (!row) return DEFAULT_SIGNING_KEY_SETTINGS;
  const parsed = signingKeySettingsSchema.safeParse(row.value);
  return parsed.success ? parsed.data : DEFAULT_SIGNING_KEY_SETTINGS;
}

export type SigningKeySettingsInput = z.input<typeof signingKeySettingsSchema>;
