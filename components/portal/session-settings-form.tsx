"use client";
import { useState } from "react";
import { Button, Input } from "@/components/ui";
import { callAction, fieldMessages, type Failure } from "@/lib/actions/result";
import { MAX_PORTAL_SESSION_SEC, portalSessionLimits } from "@/lib/portal/schemas";
import { SESSION_SETTING_LABELS, formatDuration, type OrganizationSessionSettingsView, type SessionSettingName } from "@/lib/session-settings/schemas";
import { saveSessionSettingsAction } from "./session-settings-actions";

const HELP: Record<SessionSettingName, string> = {
  absolute_timeout_sec: "How long a session lasts at most, however active the person is.",
  idle_timeout_sec: "How long a session lasts without any activity.",
  access_token_lifetime_sec: "How long access tokens issued to your organization's API clients stay valid.",
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

const minutesOf = (seconds: number | null) => (seconds === null ? "" : String(Math.round(seconds / 60)));

/**
 * The organization's session overrides, in minutes (empty: the deployment default). Saving shows what is
 * in effect from the server's answer, so the page never shows the values from before the save.
 */
export function SessionSettingsForm({ view: initial }: { view: OrganizationSessionSettingsView }) {
  const [view, setView] = useState(initial);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = fieldMessages(failure);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read as the form holds them (the fields are not React-controlled: typing re-renders nothing).
    const form = new FormData(event.currentTarget);
    setSaved(false);
    const input: Partial<Record<SessionSettingName, number | null>> = {};
    const fields: Failure["fields"] = [];
    for (const name of ORDER) {
      const raw = String(form.get(name) ?? "").trim();
      if (raw === "") input[name] = null;
      else if (!/^\d+$/.test(raw)) fields.push({ field: name, message: "Enter a whole number of minutes, or leave it empty to use the default" });
      else input[name] = Number(raw) * 60;
    }
    if (fields.length) {
      setFailure({ code: "invalid", message: "Some fields need attention", fields });
      return;
    }
    setPending(true);
    // The organization as the form carries it (the server checks it against the session).
    const organizationId = String(form.get("organization_id") ?? "");
    const result = await callAction(() => saveSessionSettingsAction(organizationId, input));
    setPending(false);
    if (!result.ok) return setFailure(result.error);
    setFailure(null);
    setView(result.data);
    setSaved(true);
  }

  const status = failure ? (Object.keys(errors).length ? "Some fields need attention" : failure.message) : saved ? "Session settings saved. They apply to sessions and tokens started from now on." : "";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-describedby="session-settings-status">
      <input type="hidden" name="organization_id" defaultValue={view.organization_id} />
      {ORDER.map((name) => {
        const error = errors[name];
        return (
          <div key={name}>
            <label htmlFor={name} className="block text-sm font-medium text-slate-900">{SESSION_SETTING_LABELS[name]}</label>
            <p id={`${name}-help`} className="mt-0.5 text-sm text-slate-600">
              {HELP[name]} Default for your organization: <strong className="font-medium">{formatDuration(view.defaults[name])}</strong>. You can only make it shorter.
            </p>
            <div className="mt-2 flex items-center gap-2">
              <Input
                id={name}
                name={name}
                inputMode="numeric"
                defaultValue={minutesOf(initial.overrides[name])}
                placeholder={String(Math.round(view.defaults[name] / 60))}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${name}-help${error ? ` ${name}-error` : ""}`}
                className="w-32"
              />
              <span className="text-sm text-slate-600">minutes</span>
            </div>
            {error ? <p id={`${name}-error`} className="mt-1 text-sm text-red-700">{error}</p> : null}
            <p className="mt-1 text-xs text-slate-500">In effect now: {inEffect(view, name)}</p>
          </div>
        );
      })}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={pending}>{pending ? "Saving…" : "Save settings"}</Button>
        <p id="session-settings-status" role="status" aria-live="polite" className={`text-sm ${failure ? "text-red-700" : "text-emerald-700"}`}>{status}</p>
      </div>
    </form>
  );
}
