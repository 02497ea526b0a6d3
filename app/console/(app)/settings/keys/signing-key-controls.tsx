"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { Button, FormStatus, Select } from "@/components/ui";
import type { SigningKeySettings } from "@/lib/keys/settings";
import { NumberField } from "../number-field";
import { rotateSigningKeysAction, updateSigningKeySettingsAction } from "./actions";

export function SigningKeyControls({ settings, algs, readOnly, nextKeyDelay }: {
  settings: SigningKeySettings; algs: readonly string[]; readOnly: boolean;
  /** How long a next key is published before it may sign, in words ("10 minutes"). */
  nextKeyDelay: string;
}) {
  const rotate = useAction();
  const save = useAction();
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState(false);
  const [saved, setSaved] = useState(false);
  async function onSave(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const days = String(form.get("rotation_interval_days") ?? "").trim();
    const result = await save.run(() => updateSigningKeySettingsAction({ alg: String(form.get("alg")), rotation_interval_days: days === "" ? Number.NaN : Number(days) }));
    setSaved(result.ok);
  }
  return (
    <div className="space-y-6">
      {readOnly ? null : (
        <div className="space-y-2">
          {!confirming ? (
            <Button onClick={() => { setRotated(false); setConfirming(true); }}>Rotate now…</Button>
          ) : (
            <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
              <p>The published next key starts signing now; the current key stays published until its tokens have expired, so no valid token is rejected.</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <Button variant="primary" loading={rotate.pending} onClick={async () => { if ((await rotate.run(() => rotateSigningKeysAction())).ok) { setRotated(true); setConfirming(false); } }}>
                  {rotate.pending ? "Rotating…" : "Rotate signing keys"}
                </Button>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </div>
            </div>
          )}
          <FormStatus success={rotated ? "Keys rotated." : null} error={rotate.failure?.message} />
        </div>
      )}
      <form onSubmit={onSave} className="grid gap-4 sm:grid-cols-3 sm:items-start" noValidate>
        <div>
          <label htmlFor="alg" className="block text-sm font-medium text-slate-800">Algorithm for new keys</label>
          <Select id="alg" name="alg" defaultValue={settings.alg} disabled={readOnly} className="mt-1">
            {algs.map((a) => <option key={a} value={a}>{a}</option>)}
          </Select>
        </div>
        <NumberField name="rotation_interval_days" label="Rotate automatically every" unit="days" value={settings.rotation_interval_days} error={save.fields.rotation_interval_days} disabled={readOnly}
          hint="The current key is replaced by the published next key after this long." />
        {readOnly ? null : <Button type="submit" loading={save.pending} className="sm:mt-6">Save key settings</Button>}
        <div className="sm:col-span-3">
          <FormStatus success={saved ? `Key settings saved. A new algorithm is published as the next key now; it can sign from the first rotation ${nextKeyDelay} or more from now.` : null}
            error={save.failure && !Object.keys(save.fields).length ? save.failure.message : null} />
        </div>
      </form>
    </div>
  );
}
