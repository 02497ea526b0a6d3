"use server";

import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { ensureSigningKeys, rotateSigningKeys } from "@/lib/keys/rotation";
import { signingKeySettingsSchema, updateSigningKeySettings } from "@/lib/keys/settings";
import { requireOperatorContext } from "@/lib/operators/guard";

const PAGE = "/console/settings/keys";

export async function rotateSigningKeysAction() {
  return runAction("settings.rotate_keys", async () => rotateSigningKeys(await requireOperatorContext()), { revalidate: PAGE });
}

export async function updateSigningKeySettingsAction(input: unknown) {
  return runAction("settings.signing_keys", async () => {
    const ctx = await requireOperatorContext();
    const saved = await updateSigningKeySettings(ctx, parseInput(signingKeySettingsSchema, input));
    // An unused next key in the old algorithm is replaced, so the new one is published before it signs.
    await ensureSigningKeys({ actor: ctx.actor, context: ctx.request });
    return saved;
  }, { revalidate: PAGE });
}
