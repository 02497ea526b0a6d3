"use client";
import { useId, useState } from "react";
import { Alert, Button, Checkbox, CopyButton, Dialog } from "@/components/ui";
import type { OneTimeCredentials } from "./hooks";

/** The words around a one-time secret, for secrets that are not a client's (a directory's SCIM token). */
export interface CredentialsCopy {
  title: string;
  description: string;
  idLabel: string;
  secretLabel: string;
  /** The checkbox the user ticks before Done. */
  confirm: string;
  /** What to do if it is lost. */
  lost: string;
  storage: string[];
}

/**
 * Shows a new client secret (or another one-time secret, with `copy`) exactly once. It cannot be dismissed by accident: Escape and clicks outside
 * do nothing, and "Done" stays disabled until the user confirms they stored the secret. Closing drops the
 * secret from component state, so it leaves the page.
 */
export function CredentialsDialog({ credentials, onClose, noun = "Service principal", copy }: { credentials: OneTimeCredentials | null; onClose: () => void; noun?: string; copy?: CredentialsCopy }) {
  if (!credentials) return null;
  // Keyed so the acknowledgement never carries over to the next secret.
  return <CredentialsDialogBody key={credentials.secret} credentials={credentials} onClose={onClose} noun={noun} copy={copy} />;
}

function CredentialsDialogBody({ credentials, onClose, noun, copy }: { credentials: OneTimeCredentials; onClose: () => void; noun: string; copy?: CredentialsCopy }) {
  const [stored, setStored] = useState(false);
  const words: CredentialsCopy = copy ?? {
    title: credentials.kind === "created" ? `${noun} “${credentials.name}” created` : `New secret for “${credentials.name}”`,
    description: "Copy the client secret now and store it somewhere safe.",
    idLabel: "Client ID",
    secretLabel: "Client secret",
    confirm: "I have copied the client secret and stored it somewhere safe",
    lost: "Only a hash of it is kept. If you lose it, add a new secret and revoke this one.",
    storage: [
      "In a secret manager (AWS Secrets Manager, Google Secret Manager, Azure Key Vault, HashiCorp Vault, 1Password) or your platform's encrypted environment variables.",
      "Never in source control, front-end code, tickets or chat.",
      "To rotate: add a new secret, move your callers over, then revoke the old one.",
    ],
  };
  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={false}
      size="lg"
      title={words.title}
      description={words.description}
      footer={
        // The acknowledgement sits next to Done so both stay in view however short the frame is.
        <>
          <Checkbox className="mr-auto min-w-0 flex-1 self-center" checked={stored} onChange={(e) => setStored(e.target.checked)} label={words.confirm} />
          <Button variant="primary" onClick={onClose} disabled={!stored} className="self-center">
            Done
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <Alert tone="warning" title="You will not see this secret again">
          {words.lost}
        </Alert>

        <CredentialRow label={words.idLabel} value={credentials.clientId} testId="credentials-client-id" copyLabel={`Copy ${words.idLabel.toLowerCase()}`} />
        <CredentialRow label={words.secretLabel} value={credentials.secret} testId="credentials-secret" copyLabel={`Copy ${words.secretLabel.toLowerCase()}`} secret />

        <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
          <p className="font-medium text-slate-900">Where to keep it</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {words.storage.map((line) => <li key={line}>{line}</li>)}
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
