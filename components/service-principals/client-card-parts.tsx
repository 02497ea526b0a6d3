"use client";
import { useState, type ReactNode } from "react";
import { Badge, Button, cn, CopyButton, Time } from "@/components/ui";
import { MAX_SECRETS_PER_CLIENT, type ClientSecretView } from "@/lib/service-principals/schemas";

// Pieces of the client card (./principal-card.tsx), shared by both kinds of OAuth client: an
// organization's service principal (portal and console) and an environment-level client (console
// settings): the same client id, scopes, audience and secrets with the same rules (which secrets are
// usable, what revoking offers).

/** The card's heading and description, with its status badge (and any badges before it) on the right. */
export function ClientCardHeader({ headingId, name, description, active, statusTestId, badges }: {
  headingId: string;
  name: string;
  description: string;
  active: boolean;
  /** Each kind of card keeps its own test id for the status badge. */
  statusTestId: string;
  /** Badges before the status; when given (even as null) they and the status share a wrapping row. */
  badges?: ReactNode;
}) {
  const status = <Badge tone={active ? "success" : "neutral"} data-testid={statusTestId}>{active ? "Active" : "Disabled"}</Badge>;
  return (
    <header className="flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <h3 id={headingId} className="text-base font-semibold break-words text-slate-900">{name}</h3>
        {description ? <p className="mt-0.5 text-sm break-words text-slate-600">{description}</p> : null}
      </div>
      {badges === undefined ? status : <span className="flex flex-wrap gap-1.5">{badges}{status}</span>}
    </header>
  );
}

/** "Add secret", disabled (saying why) once the client has as many usable secrets as the server allows. */
export function AddSecretButton({ usableCount, limitNoun, onClick, "aria-label": ariaLabel }: {
  usableCount: number;
  /** How the limit reads: "At most 5 <limitNoun>: revoke one first". */
  limitNoun: string;
  onClick: () => void;
  "aria-label"?: string;
}) {
  const full = usableCount >= MAX_SECRETS_PER_CLIENT;
  return (
    <Button size="sm" onClick={onClick} disabled={full} title={full ? `At most ${MAX_SECRETS_PER_CLIENT} ${limitNoun}: revoke one first` : undefined} aria-label={ariaLabel}>
      Add secret
    </Button>
  );
}

export function Detail({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function ClientIdRow({ clientId, name }: { clientId: string; name: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs font-medium text-slate-500">Client ID</span>
      <code className="min-w-0 font-mono text-sm break-all text-slate-900">{clientId}</code>
      <CopyButton value={clientId} label={`Copy client ID of ${name}`} />
    </div>
  );
}

export function ScopesDetail({ scopes }: { scopes: string[] }) {
  return (
    <Detail label="Scopes">
      {scopes.length ? <span className="flex flex-wrap gap-1">{scopes.map((s) => <Badge key={s} tone="accent" className="font-mono">{s}</Badge>)}</span> : <span className="text-slate-500">None</span>}
    </Detail>
  );
}

export function AudienceDetail({ audience, label = "Audience" }: { audience: string[]; label?: string }) {
  return (
    <Detail label={label}>
      {audience.length ? audience.map((a) => <span key={a} className="block font-mono text-xs break-all">{a}</span>) : <span className="text-slate-500">None</span>}
    </Detail>
  );
}

const isExpired = (s: ClientSecretView, now: number) => s.expire_time !== null && Date.parse(s.expire_time) <= now;

export interface UsableSecrets {
  usable: ClientSecretView[];
  expired: (s: ClientSecretView) => boolean;
}

/** Secrets that can get tokens: active and not expired (the server counts the same way against the limit of 5). */
export function useUsableSecrets(secrets: ClientSecretView[]): UsableSecrets {
  const [now] = useState(() => Date.now()); // one clock reading per mount, not per render
  return { usable: secrets.filter((s) => s.status === "ACTIVE" && !isExpired(s, now)), expired: (s) => isExpired(s, now) };
}

export interface SecretsSectionProps {
  clientName: string;
  secrets: ClientSecretView[];
  /** useUsableSecrets(secrets), from the card (which also needs the count). */
  usableSecrets: UsableSecrets;
  /** Shown when there is none, e.g. "this service principal cannot get tokens until you add one". */
  emptyText: string;
  /** Omitted for read-only callers: no Revoke buttons. */
  onRevoke?: (secret: ClientSecretView) => void;
  /** Extra badges for a secret (the bootstrap client marks the one from its environment variable). */
  badges?: (secret: ClientSecretView) => ReactNode;
  /** How "who created it" reads; the default is " by <created_by>". */
  createdBy?: (secret: ClientSecretView) => string;
}

export function SecretsSection({ clientName, secrets, usableSecrets: { usable, expired }, emptyText, onRevoke, badges, createdBy }: SecretsSectionProps) {
  return (
    <section aria-label={`Secrets of ${clientName}`}>
      <h4 className="text-xs font-medium text-slate-500">Secrets ({usable.length} active)</h4>
      {secrets.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No secrets: {emptyText}.</p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
          {secrets.map((s) => (
            <li key={s.id} data-testid="client-secret" className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span className="font-mono text-sm text-slate-900"><span className="sr-only">Secret ending </span><span aria-hidden="true">•••• </span>{s.secret_suffix}</span>
              {s.status !== "ACTIVE" ? <Badge tone="neutral">Revoked</Badge> : expired(s) ? <Badge tone="warning">Expired</Badge> : <Badge tone="success">Active</Badge>}
              {badges?.(s)}
              <span className="text-xs text-slate-500">
                {s.last_used_time ? <>Last used <Time value={s.last_used_time} /></> : "Never used"}
                {" "}· added <Time value={s.create_time} />{createdBy ? createdBy(s) : s.created_by ? ` by ${s.created_by}` : ""}
                {s.expire_time ? <> · {expired(s) ? "expired" : "expires"} <Time value={s.expire_time} /></> : null}
              </span>
              {s.status === "ACTIVE" && onRevoke ? (
                <Button size="sm" variant="danger-ghost" className="ml-auto" onClick={() => onRevoke(s)} aria-label={`Revoke secret ending ${s.secret_suffix} of ${clientName}`}>
                  Revoke
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
