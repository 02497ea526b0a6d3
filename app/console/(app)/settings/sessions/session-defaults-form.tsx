"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { Button, FormStatus } from "@/components/ui";
import { formatDuration } from "@/lib/format";
import type { SessionSettings } from "@/lib/session-settings/schemas";
import { NumberField } from "../number-field";
import { updateSessionDefaultsAction } from "./actions";

const minutes = (form: FormData, name: string) => {
  const raw = String(form.get(name) ?? "").trim();
  return raw === "" ? Number.NaN : Math.round(Number(raw) * 60);
};

export function SessionDefaultsForm({ defaults, readOnly }: { defaults: SessionSettings; readOnly: boolean }) {
  const { pending, failure, fields, run } = useAction();
  const [saved, setSaved] = useState(false);
  // What each field says now, in words ("12 hours"), following the typing.
  const [current, setCurrent] = useState(defaults);
  const words = (name: keyof SessionSettings) => (Number.isFinite(current[name]) && current[name] > 0 ? formatDuration(current[name]) : null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const result = await run(() => updateSessionDefaultsAction({
      absolute_timeout_sec: minutes(form, "absolute_timeout_sec"),
      idle_timeout_sec: minutes(form, "idle_timeout_sec"),
      access_token_lifetime_sec: minutes(form, "access_token_lifetime_sec"),
    }));
    setSaved(result.ok);
  }
  const onInput = (event: React.FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    setCurrent({ absolute_timeout_sec: minutes(form, "absolute_timeout_sec"), idle_timeout_sec: minutes(form, "idle_timeout_sec"), access_token_lifetime_sec: minutes(form, "access_token_lifetime_sec") });
  };
  return (
    <form onSubmit={onSubmit} onInput={onInput} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField name="absolute_timeout_sec" label="Session lifetime" unit="minutes" value={defaults.absolute_timeout_sec / 60} error={fields.absolute_timeout_sec} disabled={readOnly}
          words={words("absolute_timeout_sec")} hint="How long a portal, SSO or console session lasts after sign-in, whatever the activity." />
        <NumberField name="idle_timeout_sec" label="Idle timeout" unit="minutes" value={defaults.idle_timeout_sec / 60} error={fields.idle_timeout_sec} disabled={readOnly}
          words={words("idle_timeout_sec")} hint="A session with no activity for this long ends. At most the session lifetime." />
        <NumberField name="access_token_lifetime_sec" label="Maximum access-token lifetime" unit="minutes" value={defaults.access_token_lifetime_sec / 60} error={fields.access_token_lifetime_sec} disabled={readOnly}
          words={words("access_token_lifetime_sec")} hint="Caps every client's expiry: no access token lives longer, whatever its client is set to. Organizations can set a lower cap." />
      </div>
      <FormStatus success={saved ? "Session defaults saved." : null} error={failure && !Object.keys(fields).length ? failure.message : null} />
      {readOnly ? null : <Button type="submit" variant="primary" loading={pending}>{pending ? "Saving…" : "Save session defaults"}</Button>}
    </form>
  );
}
