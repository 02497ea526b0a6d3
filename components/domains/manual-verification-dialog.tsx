"use client";
import { useState } from "react";
import { ActionFailure } from "@/lib/actions/result";
import { Alert, Button, Dialog, Field, Textarea } from "@/components/ui";
import type { DomainView } from "@/lib/domains/schemas";

/** An operator verifies a domain without its DNS record; the reason goes into the audit trail. */
export function ManualVerificationDialog({ domain, pending, onClose, onSubmit }: {
  domain: DomainView;
  pending: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    setFieldError(null);
    setError(null);
    if (reason.trim().length < 3) { setFieldError("Say why you verify this domain by hand (at least 3 characters)"); return; }
    try {
      await onSubmit(reason.trim());
    } catch (err) {
      const field = err instanceof ActionFailure ? err.failure.fields.find((f) => f.field === "reason") : undefined;
      if (field) setFieldError(field.message);
      else setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Dialog
      open
      onClose={() => { if (!pending) onClose(); }}
      title={`Verify ${domain.display_name} by hand`}
      description="Only when the organization has shown you another way that it owns the domain. From then on its users' email addresses route to this organization, and DNS is no longer checked."
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>Cancel</Button>
          <Button variant="primary" loading={pending} onClick={() => void submit()}>Verify domain</Button>
        </>
      }
    >
      <form className="flex flex-col gap-3" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Field label="Reason" required error={fieldError} hint="Recorded in the audit trail, e.g. a ticket number and what was checked.">
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} data-autofocus />
        </Field>
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </form>
    </Dialog>
  );
}
