"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AllowedOriginView } from "@/lib/portal/origins";
import type { SessionSettings } from "@/lib/session-settings/schemas";
import type { Branding } from "@/lib/settings/branding";
import { BRANDING_IMAGES, type BrandingImageKind } from "@/lib/settings/branding-limits";
import type { SigningKeySettings } from "@/lib/keys/settings";
import {
  addAllowedOriginAction, removeAllowedOriginAction, rotateSigningKeysAction, updateBrandingAction, updateSessionDefaultsAction, updateSigningKeySettingsAction,
} from "./actions";

type Result = { ok: true } | { ok: false; message: string; fields?: Record<string, string> };

const INPUT = "mt-1 block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm disabled:bg-slate-100 aria-[invalid=true]:border-red-500";
const PRIMARY = "min-h-10 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60";
const SECONDARY = "min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-60";

function useSubmit() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(fn: () => Promise<Result>, success: string) {
    setPending(true);
    setFields({});
    setMessage(null);
    const result = await fn();
    setPending(false);
    if (!result.ok) {
      setFields(result.fields ?? {});
      setMessage({ ok: false, text: result.fields && Object.keys(result.fields).length ? "Check the highlighted fields." : result.message });
      return false;
    }
    setMessage({ ok: true, text: success });
    router.refresh();
    return true;
  }
  return { pending, fields, message, submit };
}

function Message({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return message.ok
    ? <p role="status" className="text-sm text-emerald-700">{message.text}</p>
    : <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{message.text}</p>;
}

function NumberField({ name, label, hint, value, error, disabled, unit }: { name: string; label: string; hint: string; value: number; error?: string; disabled: boolean; unit: string }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">{label} <span className="font-normal text-slate-500">({unit})</span></label>
      <input id={name} name={name} type="number" inputMode="numeric" step="any" defaultValue={value} disabled={disabled} aria-invalid={!!error} aria-describedby={`${name}-hint`} className={INPUT} />
      <p id={`${name}-hint`} className={`mt-1 text-xs ${error ? "font-medium text-red-700" : "text-slate-500"}`}>{error ? `${label} ${error}` : hint}</p>
    </div>
  );
}

export function SessionDefaultsForm({ defaults, readOnly }: { defaults: SessionSettings; readOnly: boolean }) {
  const { pending, fields, message, submit } = useSubmit();
  const minutes = (form: FormData, name: string) => {
    const raw = String(form.get(name) ?? "").trim();
    return raw === "" ? Number.NaN : Math.round(Number(raw) * 60);
  };
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await submit(() => updateSessionDefaultsAction({
      absolute_timeout_sec: minutes(form, "absolute_timeout_sec"),
      idle_timeout_sec: minutes(form, "idle_timeout_sec"),
      access_token_lifetime_sec: minutes(form, "access_token_lifetime_sec"),
    }), "Session defaults saved.");
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField name="absolute_timeout_sec" label="Session lifetime" unit="minutes" value={defaults.absolute_timeout_sec / 60} error={fields.absolute_timeout_sec} disabled={readOnly}
          hint="How long a portal, SSO or console session lasts after sign-in, whatever the activity." />
        <NumberField name="idle_timeout_sec" label="Idle timeout" unit="minutes" value={defaults.idle_timeout_sec / 60} error={fields.idle_timeout_sec} disabled={readOnly}
          hint="A session with no activity for this long ends. At most the session lifetime." />
        <NumberField name="access_token_lifetime_sec" label="Maximum access-token lifetime" unit="minutes" value={defaults.access_token_lifetime_sec / 60} error={fields.access_token_lifetime_sec} disabled={readOnly}
          hint="Caps every client's expiry: no access token lives longer, whatever its client is set to. Organizations can set a lower cap." />
      </div>
      <Message message={message} />
      {readOnly ? null : <button type="submit" disabled={pending} className={PRIMARY}>{pending ? "Saving…" : "Save session defaults"}</button>}
    </form>
  );
}

export function AllowedOrigins({ origins, readOnly }: { origins: AllowedOriginView[]; readOnly: boolean }) {
  const { pending, fields, message, submit } = useSubmit();
  const [value, setValue] = useState("");
  async function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await submit(() => addAllowedOriginAction(value), `Added ${value.trim()}.`)) setValue("");
  }
  return (
    <div className="space-y-4">
      {origins.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-4 text-sm text-slate-600">No origins yet: the portal can be opened as a shareable link, but no site can embed it.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Allowed origins">
          {origins.map((o) => (
            <li key={`${o.source}-${o.origin}`} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span className="min-w-0 break-all font-mono text-sm">{o.origin}</span>
              {o.source === "environment" ? (
                <span className="text-xs text-slate-500">from PORTAL_ALLOWED_ORIGINS</span>
              ) : readOnly ? null : (
                <button type="button" disabled={pending} className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50" aria-label={`Remove ${o.origin}`}
                  onClick={() => void submit(() => removeAllowedOriginAction(o.origin), `Removed ${o.origin}.`)}>Remove</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <form onSubmit={onAdd} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
          <div className="flex-1">
            <label htmlFor="origin" className="sr-only">Origin</label>
            <input id="origin" value={value} onChange={(e) => setValue(e.target.value)} placeholder="https://app.example.com" aria-invalid={!!fields.origin} aria-describedby="origin-hint"
              className={`${INPUT} mt-0 font-mono`} />
            <p id="origin-hint" className={`mt-1 text-xs ${fields.origin ? "font-medium text-red-700" : "text-slate-500"}`}>
              {fields.origin ? `Origin ${fields.origin.replace(/^origin /, "")}` : "Scheme and host (and port), no path. https://*.example.com allows every subdomain; http only for localhost."}
            </p>
          </div>
          <button type="submit" disabled={pending} className={SECONDARY}>Add origin</button>
        </form>
      )}
      <Message message={message && (message.ok || !fields.origin) ? message : null} />
    </div>
  );
}

/** Reads a chosen file as a data: URL; files over the limit are refused here so they are never sent. */
function ImageUpload({ kind, label, value, onChange, error, onError, readOnly, hint, previewClass }: {
  kind: BrandingImageKind; label: string; value: string; onChange: (v: string) => void; error?: string; onError: (message: string | null) => void;
  readOnly: boolean; hint: string; previewClass: string;
}) {
  const rules = BRANDING_IMAGES[kind];
  const id = `brand-${kind}`;
  // The chosen file when the browser could not draw it (the server says why on save).
  const [unreadable, setUnreadable] = useState<string | null>(null);
  function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    onError(null);
    if (!file) return;
    // The server checks the bytes and the decoded size; this only spares sending an oversized file.
    if (file.size > rules.maxBytes) {
      onError(`is ${Math.ceil(file.size / 1024)} kB; the limit is ${rules.maxBytes / 1024} kB`);
      input.value = "";
      return;
    }
    const reader = new FileReader();
    reader.onload = () => onChange(String(reader.result));
    reader.readAsDataURL(file);
    input.value = "";
  }
  return (
    <div>
      <p id={`${id}-label`} className="text-sm font-medium text-slate-800">{label}</p>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <div className="flex h-12 w-28 items-center justify-center rounded-md border border-slate-200 bg-slate-50">
          {!value ? <span className="text-xs text-slate-400">No {label.toLowerCase()}</span>
            : unreadable === value ? <span className="px-1 text-center text-xs text-red-700">Not a readable image</span>
              // eslint-disable-next-line @next/next/no-img-element -- a data: URL preview; next/image adds nothing here
              : <img src={value} alt={`Current ${label.toLowerCase()}`} className={previewClass} onError={() => setUnreadable(value)} />}
        </div>
        {readOnly ? null : (
          <>
            <label className={`${SECONDARY} cursor-pointer focus-within:outline-2 focus-within:outline-accent`}>
              Upload…
              <input type="file" accept={rules.accept} onChange={onFile} className="sr-only" aria-label={`Upload a ${label.toLowerCase()}`}
                aria-invalid={!!error} aria-describedby={`${id}-hint`} />
            </label>
            {value ? <button type="button" className="text-sm text-slate-600 hover:underline" onClick={() => { onChange(""); onError(null); }}>Remove {label.toLowerCase()}</button> : null}
          </>
        )}
      </div>
      <p id={`${id}-hint`} className={`mt-1 text-xs ${error ? "font-medium text-red-700" : "text-slate-500"}`}>{error ? `${label} ${error}` : hint}</p>
    </div>
  );
}

export function BrandingForm({ branding, readOnly }: { branding: Branding; readOnly: boolean }) {
  const { pending, fields, message, submit } = useSubmit();
  const [logo, setLogo] = useState(branding.logo_url);
  const [favicon, setFavicon] = useState(branding.favicon_url);
  const [fileErrors, setFileErrors] = useState<{ logo?: string | null; favicon?: string | null }>({});
  const [accent, setAccent] = useState(branding.accent_color);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fileErrors.logo || fileErrors.favicon) return;
    const form = new FormData(event.currentTarget);
    await submit(() => updateBrandingAction({ name: String(form.get("name") ?? ""), logo_url: logo, favicon_url: favicon, accent_color: accent }), "Branding saved.");
  }
  const error = (k: string) => fields[k];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="brand-name" className="block text-sm font-medium text-slate-800">Product name</label>
        <input id="brand-name" name="name" defaultValue={branding.name} disabled={readOnly} aria-invalid={!!error("name")} aria-describedby="brand-name-error" className={INPUT} />
        {error("name") ? <p id="brand-name-error" className="mt-1 text-xs font-medium text-red-700">Product name {error("name")}</p> : null}
      </div>
      <ImageUpload kind="logo" label="Logo" value={logo} onChange={setLogo} readOnly={readOnly} previewClass="max-h-10 max-w-24 object-contain"
        error={fileErrors.logo ?? error("logo_url")} onError={(m) => setFileErrors((e) => ({ ...e, logo: m }))}
        hint={`PNG, JPEG or WebP, at most ${BRANDING_IMAGES.logo.maxBytes / 1024} kB (no SVG: it can carry scripts). Shown in the admin portal's header.`} />
      <ImageUpload kind="favicon" label="Favicon" value={favicon} onChange={setFavicon} readOnly={readOnly} previewClass="size-8 object-contain"
        error={fileErrors.favicon ?? error("favicon_url")} onError={(m) => setFileErrors((e) => ({ ...e, favicon: m }))}
        hint={`PNG or ICO, at most ${BRANDING_IMAGES.favicon.maxBytes / 1024} kB, square (32 × 32 px or larger). The browser-tab icon of the console and the admin portal; without one, the product name's first letter on the accent colour.`} />
      <div>
        <label htmlFor="brand-accent" className="block text-sm font-medium text-slate-800">Accent colour</label>
        <div className="mt-1 flex items-center gap-2">
          <input type="color" value={/^#[0-9a-f]{6}$/i.test(accent) ? accent : "#000000"} onChange={(e) => setAccent(e.target.value)} disabled={readOnly} aria-label="Pick the accent colour" className="h-10 w-12 rounded border border-slate-300" />
          <input id="brand-accent" value={accent} onChange={(e) => setAccent(e.target.value)} disabled={readOnly} aria-invalid={!!error("accent_color")} aria-describedby="brand-accent-error" className={`${INPUT} mt-0 w-32 font-mono`} />
        </div>
        {error("accent_color") ? <p id="brand-accent-error" className="mt-1 text-xs font-medium text-red-700">Accent colour {error("accent_color")}</p> : null}
      </div>
      <Message message={message} />
      {readOnly ? null : <button type="submit" disabled={pending} className={PRIMARY}>{pending ? "Saving…" : "Save branding"}</button>}
    </form>
  );
}

export function SigningKeyControls({ settings, algs, readOnly, nextKeyDelay }: {
  settings: SigningKeySettings; algs: readonly string[]; readOnly: boolean;
  /** How long a next key is published before it may sign, in words ("10 minutes"). */
  nextKeyDelay: string;
}) {
  const rotate = useSubmit();
  const save = useSubmit();
  const [confirming, setConfirming] = useState(false);
  async function onSave(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get("rotation_interval_days") ?? "").trim();
    await save.submit(() => updateSigningKeySettingsAction({ alg: String(form.get("alg")), rotation_interval_days: days === "" ? Number.NaN : Number(days) }), `Key settings saved. A new algorithm is published as the next key now; it can sign from the first rotation ${nextKeyDelay} or more from now.`);
  }
  return (
    <div className="space-y-6">
      {readOnly ? null : (
        <div className="space-y-2">
          {!confirming ? (
            <button type="button" className={SECONDARY} onClick={() => setConfirming(true)}>Rotate now…</button>
          ) : (
            <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
              <p>The published next key starts signing now; the current key stays published until its tokens have expired, so no valid token is rejected.</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <button type="button" disabled={rotate.pending} className={PRIMARY} onClick={async () => { if (await rotate.submit(() => rotateSigningKeysAction(), "Keys rotated.")) setConfirming(false); }}>
                  {rotate.pending ? "Rotating…" : "Rotate signing keys"}
                </button>
                <button type="button" className={SECONDARY} onClick={() => setConfirming(false)}>Cancel</button>
              </div>
            </div>
          )}
          <Message message={rotate.message} />
        </div>
      )}
      <form onSubmit={onSave} className="grid gap-4 sm:grid-cols-3 sm:items-start" noValidate>
        <div>
          <label htmlFor="alg" className="block text-sm font-medium text-slate-800">Algorithm for new keys</label>
          <select id="alg" name="alg" defaultValue={settings.alg} disabled={readOnly} className={INPUT}>
            {algs.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <NumberField name="rotation_interval_days" label="Rotate automatically every" unit="days" value={settings.rotation_interval_days} error={save.fields.rotation_interval_days} disabled={readOnly}
          hint="The current key is replaced by the published next key after this long." />
        {readOnly ? null : <button type="submit" disabled={save.pending} className={`${SECONDARY} sm:mt-6`}>Save key settings</button>}
        <div className="sm:col-span-3"><Message message={save.message} /></div>
      </form>
    </div>
  );
}
