"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { Button, buttonClasses, FormStatus, Input } from "@/components/ui";
import type { Branding } from "@/lib/settings/branding";
import { BRANDING_IMAGES, type BrandingImageKind } from "@/lib/settings/branding-limits";
import { updateBrandingAction } from "./actions";

// The portal's branding: product name, logo, favicon and accent colour. Images are read in the browser
// as data: URLs (files over the limit never leave it) and checked by their bytes on the server.

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
            <label className={buttonClasses({ className: "cursor-pointer focus-within:outline-2 focus-within:outline-accent" })}>
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
  const { pending, failure, fields, run } = useAction();
  const [saved, setSaved] = useState(false);
  const [logo, setLogo] = useState(branding.logo_url);
  const [favicon, setFavicon] = useState(branding.favicon_url);
  const [fileErrors, setFileErrors] = useState<{ logo?: string | null; favicon?: string | null }>({});
  const [accent, setAccent] = useState(branding.accent_color);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fileErrors.logo || fileErrors.favicon) return;
    const form = new FormData(event.currentTarget);
    setSaved(false);
    const result = await run(() => updateBrandingAction({ name: String(form.get("name") ?? ""), logo_url: logo, favicon_url: favicon, accent_color: accent }));
    setSaved(result.ok);
  }
  const error = (k: string) => fields[k];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="brand-name" className="block text-sm font-medium text-slate-800">Product name</label>
        <Input id="brand-name" name="name" defaultValue={branding.name} disabled={readOnly} aria-invalid={!!error("name")} aria-describedby="brand-name-error" className="mt-1" />
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
          <Input id="brand-accent" value={accent} onChange={(e) => setAccent(e.target.value)} disabled={readOnly} aria-invalid={!!error("accent_color")} aria-describedby="brand-accent-error" className="w-32 font-mono" />
        </div>
        {error("accent_color") ? <p id="brand-accent-error" className="mt-1 text-xs font-medium text-red-700">Accent colour {error("accent_color")}</p> : null}
      </div>
      <FormStatus success={saved ? "Branding saved." : null} error={failure && !Object.keys(fields).length ? failure.message : null} />
      {readOnly ? null : <Button type="submit" variant="primary" loading={pending}>{pending ? "Saving…" : "Save branding"}</Button>}
    </form>
  );
}

