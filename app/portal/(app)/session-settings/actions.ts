"use server";
import { revalidatePath } from "next/cache";
import { requireMutationContext } from "@/lib/authz/session";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { SESSION_SETTING_NAMES, updateOrganizationSessionSettings, type SessionSettingName } from "@/lib/session-settings";

// Saves the organization's session overrides from the portal form. The form speaks minutes; the domain
// stores seconds and decides what is allowed (only tightening the deployment defaults).

export interface SessionSettingsFormState {
  status: "idle" | "saved" | "error";
  message?: string;
  fields?: Partial<Record<SessionSettingName, string>>;
  values?: Partial<Record<SessionSettingName, string>>;
}

export async function saveSessionSettings(_prev: SessionSettingsFormState, form: FormData): Promise<SessionSettingsFormState> {
  // Called as the form's action it always gets FormData; anything else is a hand-made call.
  if (!(form instanceof FormData)) return { status: "error", message: "Send the session settings form." };
  const values: Partial<Record<SessionSettingName, string>> = {};
  const input: Partial<Record<SessionSettingName, number | null>> = {};
  const fields: Partial<Record<SessionSettingName, string>> = {};
  for (const name of SESSION_SETTING_NAMES) {
    const raw = String(form.get(name) ?? "").trim();
    values[name] = raw;
    if (raw === "") input[name] = null;
    else if (!/^\d+$/.test(raw)) fields[name] = "Enter a whole number of minutes, or leave it empty to use the default";
    else input[name] = Number(raw) * 60;
  }
  if (Object.keys(fields).length) return { status: "error", message: "Some fields need attention", fields, values };
  try {
    const ctx = await requireMutationContext();
    await updateOrganizationSessionSettings(ctx, String(form.get("organization_id") ?? ""), input);
    revalidatePath("/portal/session-settings");
    return { status: "saved", message: "Session settings saved. They apply to sessions and tokens started from now on." };
  } catch (err) {
    if (err instanceof DomainError) {
      const field = err.field as SessionSettingName | undefined;
      const message = err.message.replace(/^\w+: /, "");
      return { status: "error", message: field ? "Some fields need attention" : err.message, fields: field ? { [field]: message } : {}, values };
    }
    log.error({ err }, "saving session settings failed");
    return { status: "error", message: "Something went wrong on our side. Try again in a moment.", values };
  }
}
