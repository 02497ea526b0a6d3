"use client";
import { useState, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { Field } from "./field";
import { Input } from "./input";

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void | Promise<void>;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  /** When set, the user must type this exactly (e.g. the name of what is being deleted) before confirming. */
  confirmText?: string;
  pending?: boolean;
  /** An error from the last attempt, shown above the buttons. */
  error?: string | null;
}

/** Asks before a destructive or irreversible action; optionally makes the user type a name to confirm. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  // Remounted per opening so a typed confirmation never carries over.
  return props.open ? <ConfirmDialogBody {...props} /> : null;
}

function ConfirmDialogBody({ open, onClose, onConfirm, title, children, confirmLabel, tone = "danger", confirmText, pending = false, error }: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const matches = confirmText === undefined || typed === confirmText;
  return (
    <Dialog
      open={open}
      onClose={() => { if (!pending) onClose(); }}
      role="alertdialog"
      size="sm"
      title={title}
      description={children}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>Cancel</Button>
          <Button variant={tone} onClick={() => void onConfirm()} disabled={!matches} loading={pending} data-autofocus={confirmText === undefined ? true : undefined}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => { e.preventDefault(); if (matches && !pending) void onConfirm(); }}
      >
        {confirmText !== undefined ? (
          <Field label={<>Type <span className="font-mono font-semibold break-all">{confirmText}</span> to confirm</>}>
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-autofocus />
          </Field>
        ) : null}
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </form>
    </Dialog>
  );
}
