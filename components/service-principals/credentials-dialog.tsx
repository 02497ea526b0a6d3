"use client";
import { useId, useState } from "react";
import { Alert, Button, Checkbox, CopyButton, Dialog } from "@/components/ui";
import type { OneTimeCredentials } from "./hooks";

/**
 * Shows a new client secret exactly once. It cannot be dismissed by accident: Escape and clicks outside
 * do nothing, and "Done" stays disabled until the user confirms they stored the secret. Closing drops the
 * secret from component state, so it leaves the page.
 */
export function CredentialsDialog({ credentials, onClose, noun = "Service principal" }: { credentials: OneTimeCredentials | null; onClose: () => void; noun?: string }) {
  if (!credentials) return null;
  // Keyed so the acknowledgement never carries over to the next secret.
  return <CredentialsDialogBody key={credentials.secret} credentials={credentials} onClose={onClose} noun={noun} />;
}

function CredentialsDialogBody({ credentials, onClose, noun }: { credentials: OneTimeCredentials; onClose: () => void; noun: string }) {
  const [stored, setStored] = useState(false);
  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={false}
      size="lg"
      title={credentials.kind === "created" ? `${noun} “${credentials.name}” created` : `New secret for “${credentials.name}”`}
      description="Copy the client secret now and store it somewhere safe."
      footer={
        // The acknowledgement sits next to Done so both stay in view however short the frame is.
        <>
          <Checkbox className="mr-auto min-w-0 flex-1 self-center" checked={stored} onChange={(e) => setStored(e.target.checked)} label="I have copied the client secret and stored it somewhere safe" />
          <Button variant="primary" onClick={onClose} disabled={!stored} className="self-center">
            Done
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <Alert tone="warning" title="You will not see this secret again">
          Only a hash of it is kept. If you lose it, add a new secret and revoke this one.
        </Alert>

        <CredentialRow label="Client ID" value={credentials.clientId} testId="credentials-client-id" copyLabel="Copy client ID" />
        <CredentialRow label="Client secret" value={credentials.secret} testId="credentials-secret" copyLabel="Copy client secret" secret />

        <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
          <p className="font-medium text-slate-900">Where to keep it</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            <li>In a secret manager (AWS Secrets Manager, Google Secret Manager, Azure Key Vault, HashiCorp Vault, 1Password) or your platform&apos;s encrypted environment variables.</li>
            <li>Never in source control, front-end code, tickets or chat.</li>
            <li>To rotate: add a new secret, move your callers over, then revoke the old one.</li>
          </ul>
        </div>

      </div>
    </Dialog>
  );
}

function CredentialRow({ label, value, testId, copyLabel, secret = false }: { label: string; value: string; testId: string; copyLabel: string; secret?: boolean }) {
  const labelId = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <span id={labelId} className="text-sm font-medium text-slate-800">{label}</span>
      <div className="flex items-start gap-2">
        <code aria-labelledby={labelId} data-testid={testId} className={`min-w-0 flex-1 rounded-md border px-3 py-2 font-mono text-sm break-all text-slate-900 ${secret ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50"}`}>
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} variant={secret ? "primary" : "secondary"} />
      </div>
    </div>
  );
}
