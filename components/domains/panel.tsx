"use client";
import { useState, type FormEvent } from "react";
import { formatRelative } from "@/lib/format";
import { ActionFailure } from "@/lib/actions/result";
import { Alert, Button, ConfirmDialog, EmptyState, Field, Input, Spinner, useToast } from "@/components/ui";
import type { DomainView } from "@/lib/domains/schemas";
import { DomainCard } from "./domain-card";
import { useAddDomain, useCheckDomain, useDeleteDomain, useDomains, useVerifyDomainManually } from "./hooks";
import { ManualVerificationDialog } from "./manual-verification-dialog";

// An organization's domains: add one, publish its TXT record (copy buttons), check it now or let the
// background checks find it, see its status and last check, remove it. Mounted by the admin portal's
// Domains tab and by the console's organization page (where operators may also verify by hand).

export interface DomainsPanelProps {
  organizationId: string;
  /** Hides every change (console auditors). */
  readOnly?: boolean;
  /** Operators (owners, admins) may verify a domain by hand, with a reason. */
  canVerifyManually?: boolean;
  /** How the heading reads: tenants see "your organization", operators "this organization". */
  audience?: "portal" | "console";
}

type Open = { kind: "remove" | "verify"; domain: DomainView } | null;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function DomainsPanel({ organizationId, readOnly = false, canVerifyManually = false, audience = "portal" }: DomainsPanelProps) {
  const toast = useToast();
  const list = useDomains(organizationId);
  const add = useAddDomain(organizationId);
  const check = useCheckDomain(organizationId);
  const remove = useDeleteDomain(organizationId);
  const verify = useVerifyDomainManually(organizationId);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const [cardError, setCardError] = useState<{ id: string; message: string } | null>(null);

  async function onAdd(e: FormEvent) {
    e.preventDefault();
    setNameError(null);
    if (!name.trim()) { setNameError("Enter a domain name, like example.com"); return; }
    try {
      const domain = await add.mutateAsync(name);
      setName("");
      toast.show(`${domain.display_name} added: publish its DNS record to verify it`);
    } catch (err) {
      const field = err instanceof ActionFailure ? err.failure.fields.find((f) => f.field === "name") : undefined;
      setNameError(field?.message ?? messageOf(err));
    }
  }

  async function onCheck(domain: DomainView) {
    setChecking(domain.id);
    setCardError(null);
    try {
      const after = await check.mutateAsync(domain.id);
      if (after.status === "verified" && domain.status !== "verified") toast.show(`${after.display_name} is verified`);
    } catch (err) {
      setCardError({ id: domain.id, message: messageOf(err) });
    } finally {
      setChecking(null);
    }
  }

  const whose = audience === "portal" ? "your organization" : "this organization";
  const addForm = readOnly ? null : (
    <form onSubmit={onAdd} noValidate className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-start">
      <Field label="Domain" error={nameError} hint="The part of email addresses after the @, like example.com. Each subdomain is added on its own." className="flex-1">
        <Input
          name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="example.com"
          autoComplete="off" autoCapitalize="none" spellCheck={false} inputMode="url" maxLength={300}
        />
      </Field>
      <Button type="submit" variant="primary" loading={add.isPending} className="sm:mt-7">Add domain</Button>
    </form>
  );

  return (
    <section aria-labelledby="domains-heading" className="flex flex-col gap-4">
      <div className="min-w-0">
        <h2 id="domains-heading" className="text-lg font-semibold text-slate-900">Domains</h2>
        <p className="text-sm text-slate-600">
          Prove that {whose} owns its email domains with a DNS record. People whose email address is at a verified domain
          sign in through {whose}&apos;s single sign-on without having to pick it, and no other organization can claim the domain.
        </p>
      </div>

      {addForm}

      {list.isPending ? (
        <div className="flex justify-center rounded-lg border border-slate-200 bg-white py-10"><Spinner label="Loading domains…" /></div>
      ) : list.isError ? (
        <Alert tone="danger" title="Could not load domains" action={<Button size="sm" onClick={() => void list.refetch()} loading={list.isFetching}>Retry</Button>}>
          {list.error.message}
        </Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title="No domains yet">
          <p>
            {readOnly
              ? `${audience === "portal" ? "Your" : "This"} organization has not added a domain.`
              : "Add a domain above. You will get a TXT record to publish at your DNS provider; once we find it, the domain is verified."}
          </p>
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-4" aria-label="Domains">
          {list.data.map((domain) => (
            <li key={domain.id}>
              <DomainCard
                domain={domain}
                readOnly={readOnly}
                canVerifyManually={canVerifyManually}
                checking={checking === domain.id}
                error={cardError?.id === domain.id ? cardError.message : null}
                onCheck={() => void onCheck(domain)}
                onRemove={() => { remove.reset(); setOpen({ kind: "remove", domain }); }}
                onVerify={() => { verify.reset(); setOpen({ kind: "verify", domain }); }}
              />
            </li>
          ))}
        </ul>
      )}
      {list.data?.some((d) => d.status === "pending") ? (
        <p className="text-xs text-slate-500" aria-live="polite">
          Pending domains are checked automatically every few minutes{list.dataUpdatedAt ? `; this list was refreshed ${formatRelative(new Date(list.dataUpdatedAt))}` : ""}.
        </p>
      ) : null}

      <ConfirmDialog
        open={open?.kind === "remove"}
        onClose={() => setOpen(null)}
        title={`Remove ${open?.domain.display_name ?? "this domain"}?`}
        confirmLabel="Remove domain"
        pending={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        onConfirm={async () => {
          if (open?.kind !== "remove") return;
          await remove.mutateAsync(open.domain.id).then(() => {
            toast.show(`${open.domain.display_name} removed`);
            setOpen(null);
          }, () => {});
        }}
      >
        {open?.domain.status === "verified"
          ? `People with an @${open.domain.display_name} address will no longer be sent to ${whose}'s single sign-on, and another organization could claim the domain. You can add it again later, with a new DNS record.`
          : "Its verification record will no longer count. You can add the domain again later, with a new DNS record."}
      </ConfirmDialog>

      {open?.kind === "verify" ? (
        <ManualVerificationDialog
          domain={open.domain}
          pending={verify.isPending}
          onClose={() => setOpen(null)}
          onSubmit={async (reason) => {
            const domain = await verify.mutateAsync({ domainId: open.domain.id, reason });
            toast.show(`${domain.display_name} verified by hand`);
            setOpen(null);
          }}
        />
      ) : null}
    </section>
  );
}
