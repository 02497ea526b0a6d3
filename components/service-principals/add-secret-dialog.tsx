"use client";
import { useState } from "react";
import { Button, Dialog, Field, Select } from "@/components/ui";
import { formatDay } from "@/lib/format";
import { MAX_SECRET_LIFETIME_DAYS } from "@/lib/service-principals/schemas";

// Before a new secret is made: when should it stop working? A secret that expires is one fewer
// forgotten credential; "never" stays the default because many callers cannot rotate on a schedule.

const CHOICES = [
  { days: 0, label: "Never" },
  { days: 30, label: "In 30 days" },
  { days: 90, label: "In 90 days" },
  { days: 180, label: "In 180 days" },
  { days: 365, label: "In 1 year" },
  { days: MAX_SECRET_LIFETIME_DAYS, label: "In 2 years" },
] as const;

export interface AddSecretDialogProps {
  /** The client the secret is for; null keeps the dialog closed. */
  clientName: string | null;
  onClose: () => void;
  /** Creates the secret; `expireTime` is an ISO date-time or null for a secret that never expires. */
  onAdd: (expireTime: string | null) => Promise<void>;
  pending: boolean;
  error?: string | null;
}

export function AddSecretDialog({ clientName, onClose, onAdd, pending, error }: AddSecretDialogProps) {
  // The expiry is fixed when chosen (in the event handler), so what the hint says is what is sent.
  const [choice, setChoice] = useState<{ days: number; expireTime: string | null }>({ days: 0, expireTime: null });
  const { days, expireTime } = choice;
  const choose = (d: number) => setChoice({ days: d, expireTime: d ? new Date(Date.now() + d * 86_400_000).toISOString() : null });
  return (
    <Dialog
      open={clientName !== null}
      onClose={onClose}
      title={clientName !== null ? `Add a secret to “${clientName}”` : ""}
      description="The new secret works alongside the existing ones: move callers over to it, then revoke the old one."
      size="sm"
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>Cancel</Button>
          <Button variant="primary" loading={pending} onClick={() => void onAdd(expireTime)}>Create secret</Button>
        </>
      }
    >
      <Field label="Expires" error={error} hint={expireTime ? `Stops working on ${formatDay(expireTime)} (in ${days} days).` : "Works until you revoke it."}>
        <Select value={String(days)} onChange={(e) => choose(Number(e.target.value))} data-autofocus>
          {CHOICES.map((c) => <option key={c.days} value={c.days}>{c.label}</option>)}
        </Select>
      </Field>
    </Dialog>
  );
}
