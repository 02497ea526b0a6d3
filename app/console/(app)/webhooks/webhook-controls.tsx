"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Checkbox, ConfirmDialog, Dialog, Field, FieldGroup, Input, Textarea, ToastProvider, useToast } from "@/components/ui";
import { CredentialsDialog, type CredentialsCopy } from "@/components/service-principals/credentials-dialog";
import type { OneTimeCredentials } from "@/components/service-principals/hooks";
import { callAction, fieldMessages, type ActionResult, type Failure } from "@/lib/actions/result";
import type { WebhookEndpointView } from "@/lib/webhooks/schemas";
import {
  createWebhookEndpointAction, deleteWebhookEndpointAction, replayEventsAction, resendDeliveryAction, rotateWebhookSecretAction, sendTestEventAction,
  updateWebhookEndpointAction,
} from "./actions";

// The console's webhook screens' controls: add an endpoint (its signing secret shown once), send a test
// event, rotate the secret, disable / enable, delete, replay since a time, resend one delivery.

/** The one-time dialog's words for a signing secret (it is kept encrypted, not hashed). */
function secretCopy(c: OneTimeCredentials): CredentialsCopy {
  return {
    title: c.kind === "created" ? `Webhook endpoint “${c.name}” created` : `New signing secret for “${c.name}”`,
    description: "Copy the signing secret now and store it somewhere safe.",
    idLabel: "Endpoint ID",
    secretLabel: "Signing secret",
    confirm: "I have copied the signing secret and stored it somewhere safe",
    lost: "Portico keeps it encrypted to sign deliveries and never shows it again. If you lose it, rotate the secret.",
    storage: [
      "In a secret manager or your platform's encrypted environment variables, where your webhook handler reads it.",
      "Never in source control, front-end code, tickets or chat.",
      "To rotate: Rotate secret on the endpoint's page; the old secret keeps signing alongside the new one for 24 hours.",
    ],
  };
}

export interface EventTypeOption { type: string; label: string }

export function AddEndpointButton({ eventTypes }: { eventTypes: EventTypeOption[] }) {
  return <ToastProvider><AddEndpoint eventTypes={eventTypes} /></ToastProvider>;
}

function AddEndpoint({ eventTypes }: { eventTypes: EventTypeOption[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [credentials, setCredentials] = useState<OneTimeCredentials | null>(null);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>Add endpoint</Button>
      {open ? (
        <EndpointDialog eventTypes={eventTypes} onClose={() => setOpen(false)} onCreated={(endpoint, secret) => {
          setOpen(false);
          setCredentials({ kind: "created", name: endpoint.url, clientId: endpoint.id, secret });
          router.refresh();
        }} />
      ) : null}
      <CredentialsDialog credentials={credentials} onClose={() => setCredentials(null)} copy={credentials ? secretCopy(credentials) : undefined} />
    </>
  );
}

function EndpointDialog({ eventTypes, onClose, onCreated }: { eventTypes: EventTypeOption[]; onClose: () => void; onCreated: (e: WebhookEndpointView, secret: string) => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [allTypes, setAllTypes] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [organizations, setOrganizations] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const fields = fieldMessages(error, { top: true });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      const r = await callAction(() => createWebhookEndpointAction({
        url, description, event_types: allTypes ? [] : chosen,
        organization_ids: organizations.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean),
      }));
      if (r.ok) onCreated(r.data.endpoint, r.data.secret);
      else setError(r.error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title="Add a webhook endpoint" size="lg"
      description="Portico POSTs each event as JSON, signed with the endpoint's secret (Standard Webhooks), and retries until your endpoint answers 2xx."
      footer={<>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" type="submit" form="webhook-endpoint-form" loading={pending}>Add endpoint</Button>
      </>}>
      <form id="webhook-endpoint-form" onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" noValidate>
        {error && !Object.keys(fields).length ? <Alert tone="danger">{error.message}</Alert> : null}
        <Field label="Endpoint URL" hint="HTTPS, reachable from Portico; private and internal addresses are refused." error={fields.url} required>
          <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://app.example.com/webhooks/portico" inputMode="url" autoComplete="off" className="font-mono" />
        </Field>
        <Field label="Description" hint="What this endpoint is for (optional)." error={fields.description}>
          <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </Field>
        <FieldGroup legend="Events" error={fields.event_types}>
          <Checkbox checked={allTypes} onChange={(e) => setAllTypes(e.target.checked)} label="All event types" description="New event types are included as Portico adds them." />
          {allTypes ? null : (
            <div className="grid max-h-56 grid-cols-1 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 sm:grid-cols-2">
              {eventTypes.map((t) => (
                <Checkbox key={t.type} checked={chosen.includes(t.type)} label={t.label} description={<code className="break-all text-xs">{t.type}</code>}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, t.type] : c.filter((x) => x !== t.type)))} />
              ))}
            </div>
          )}
        </FieldGroup>
        <Field label="Organizations" hint="Organization ids (org_…), separated by commas or spaces. Empty: every organization." error={fields.organization_ids}>
          <Input value={organizations} onChange={(e) => setOrganizations(e.target.value)} placeholder="org_…" className="font-mono" autoComplete="off" />
        </Field>
      </form>
    </Dialog>
  );
}

type Open = "rotate" | "disable" | "delete" | null;

export function EndpointActions({ endpoint }: { endpoint: WebhookEndpointView }) {
  return <ToastProvider><EndpointActionsBody endpoint={endpoint} /></ToastProvider>;
}

function EndpointActionsBody({ endpoint }: { endpoint: WebhookEndpointView }) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [credentials, setCredentials] = useState<OneTimeCredentials | null>(null);

  async function act<T>(key: string, fn: () => Promise<ActionResult<T>>, done: (data: T) => void): Promise<void> {
    setPending(key);
    setError(null);
    try {
      const r = await callAction(fn);
      if (!r.ok) { setError(r.error.message); return; }
      done(r.data);
      setOpen(null);
      router.refresh();
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <Button loading={pending === "test"} onClick={() => void act("test", () => sendTestEventAction(endpoint.id), () => toast.show("Test event queued"))}>Send test event</Button>
        <Button onClick={() => setOpen("rotate")}>Rotate secret</Button>
        {endpoint.status === "enabled"
          ? <Button onClick={() => setOpen("disable")}>Disable</Button>
          : <Button loading={pending === "enable"} onClick={() => void act("enable", () => updateWebhookEndpointAction(endpoint.id, { status: "enabled" }), () => toast.show("Endpoint enabled"))}>Enable</Button>}
        <Button variant="danger" onClick={() => setOpen("delete")}>Delete</Button>
      </div>
      {error && !open ? <Alert tone="danger">{error}</Alert> : null}
      <ConfirmDialog open={open === "rotate"} onClose={() => setOpen(null)} title="Rotate the signing secret?" confirmLabel="Rotate secret" tone="primary"
        pending={pending === "rotate"} error={error}
        onConfirm={() => act("rotate", () => rotateWebhookSecretAction(endpoint.id), (d) => setCredentials({ kind: "added", name: endpoint.url, clientId: endpoint.id, secret: d.secret }))}>
        A new secret signs every delivery from now on. The current one keeps signing alongside it for 24 hours (both signatures are sent), so you can update your app without missing an event.
      </ConfirmDialog>
      <ConfirmDialog open={open === "disable"} onClose={() => setOpen(null)} title="Disable this endpoint?" confirmLabel="Disable endpoint"
        pending={pending === "disable"} error={error}
        onConfirm={() => act("disable", () => updateWebhookEndpointAction(endpoint.id, { status: "disabled" }), () => toast.show("Endpoint disabled"))}>
        Nothing is sent while it is disabled and it gets no new events. Deliveries already waiting are sent once you enable it; use Replay for what happened in between.
      </ConfirmDialog>
      <ConfirmDialog open={open === "delete"} onClose={() => setOpen(null)} title="Delete this endpoint?" confirmLabel="Delete endpoint" confirmText={new URL(endpoint.url).host}
        pending={pending === "delete"} error={error}
        onConfirm={() => act("delete", () => deleteWebhookEndpointAction(endpoint.id), () => router.push("/console/webhooks"))}>
        Its deliveries and their log go with it. Your app stops receiving events at this URL.
      </ConfirmDialog>
      <CredentialsDialog credentials={credentials} onClose={() => setCredentials(null)} copy={credentials ? secretCopy(credentials) : undefined} />
    </div>
  );
}

/** Replay every event since a time (UTC), e.g. after your receiver was down. */
export function ReplayForm({ endpointId }: { endpointId: string }) {
  return <ToastProvider><Replay endpointId={endpointId} /></ToastProvider>;
}

function Replay({ endpointId }: { endpointId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [since, setSince] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const r = await callAction(() => replayEventsAction(endpointId, since ? `${since}:00Z` : ""));
      if (!r.ok) { const since = fieldMessages(r.error).since; setError(since ? `From: ${since}` : r.error.message); return; }
      toast.show(r.data.queued === 1 ? "1 event queued again" : `${r.data.queued} events queued again`);
      router.refresh();
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-wrap items-end gap-2" noValidate>
      <Field label="Replay events since (UTC)" error={error} className="min-w-0 flex-1 sm:max-w-xs">
        <Input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
      </Field>
      <Button type="submit" loading={pending} disabled={!since}>Replay</Button>
    </form>
  );
}

export function ResendButton({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  return <ToastProvider><Resend endpointId={endpointId} deliveryId={deliveryId} /></ToastProvider>;
}

function Resend({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button size="sm" loading={pending} onClick={() => void (async () => {
        setPending(true);
        try {
          const r = await callAction(() => resendDeliveryAction(endpointId, deliveryId));
          if (!r.ok) setError(r.error.message);
          else { toast.show("Event queued again"); router.refresh(); }
        } finally {
          setPending(false);
        }
      })()}>Resend</Button>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
