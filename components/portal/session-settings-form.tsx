"use client";
import { useActionState } from "react";
import { saveSessionSettings, type SessionSettingsFormState } from "@/app/portal/(app)/session-settings/actions";
import { MAX_PORTAL_SESSION_SEC, portalSessionLimits } from "@/lib/portal/schemas";
import { SESSION_SETTING_LABELS, formatDuration, type OrganizationSessionSettingsView, type SessionSettingName } from "@/lib/session-settings/schemas";

const HELP: Record<SessionSettingName, string> = {
  absolute_timeout_sec: "How long a session lasts at most, however active the person is.",
  idle_timeout_sec: "How long a session lasts without any activity.",
  access_token_lifetime_sec: "How long access tokens issued to this organization's API clients stay valid.",
};

const ORDER: SessionSettingName[] = ["absolute_timeout_sec", "idle_timeout_sec", "access_token_lifetime_sec"];

/**
 * What applies now. Admin portal sessions are capped at 6 hours whatever the settings say, so where the
 * cap (or the capped lifetime) cuts a value short, say both.
 */
function inEffect(view: OrganizationSessionSettingsView, name: SessionSettingName): string {
  const value = view.effective[name];
  if (name === "access_token_lifetime_sec") return formatDuration(value);
  const portal = portalSessionLimits(view.effective);
  const portalValue = name === "absolute_timeout_sec" ? portal.lifetimeSec : portal.idleTimeoutSec;
  if (portalValue === value) return formatDuration(value);
  return `${formatDuration(portalValue)} for admin portal sessions (they last ${formatDuration(MAX_PORTAL_SESSION_SEC)} at most), ${formatDuration(value)} for other sessions`;
}

export function SessionSettingsForm({ view }: { view: OrganizationSessionSettingsView }) {
  const [state, action, pending] = useActionState<SessionSettingsFormState, FormData>(saveSessionSettings, { status: "idle" });
  return (
    <form action={action} noValidate className="space-y-5" aria-describedby="session-settings-status">
      <input type="hidden" name="organization_id" value={view.organization_id} />
      {ORDER.map((name) => {
        const error = state.fields?.[name];
        const current = view.overrides[name];
        const value = state.values?.[name] ?? (current === null ? "" : String(Math.round(current / 60)));
        return (
          <div key={name}>
            <label htmlFor={name} className="block text-sm font-medium text-slate-900">{SESSION_SETTING_LABELS[name]}</label>
            <p id={`${name}-help`} className="mt-0.5 text-sm text-slate-600">
              {HELP[name]} Default for your organization: <strong className="font-medium">{formatDuration(view.defaults[name])}</strong>. You can only make it shorter.
            </p>
            <div className="mt-2 flex items-center gap-2">
              <input
                key={`${name}-${value}`}
                id={name}
                name={name}
                inputMode="numeric"
                defaultValue={value}
                placeholder={String(Math.round(view.defaults[name] / 60))}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${name}-help${error ? ` ${name}-error` : ""}`}
                className={`w-32 rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-accent ${error ? "border-red-500" : "border-slate-300"}`}
              />
              <span className="text-sm text-slate-600">minutes</span>
            </div>
            {error ? <p id={`${name}-error`} className="mt-1 text-sm text-red-700">{error}</p> : null}
            <p className="mt-1 text-xs text-slate-500">In effect now: {inEffect(view, name)}</p>
          </div>
        );
      })}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="inline-flex min-h-10 items-center rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60">
          {pending ? "Saving…" : "Save settings"}
        </button>
        <p id="session-settings-status" role="status" aria-live="polite" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {state.status === "idle" ? "" : state.message}
        </p>
      </div>
    </form>
  );
}
