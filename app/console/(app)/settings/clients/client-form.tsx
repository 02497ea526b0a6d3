"use client";

import { useState } from "react";
import { Checkbox, Field, FieldGroup, fieldMessage, Input, Select, Textarea } from "@/components/ui";
import { audiencesOfScopes, sameMembers } from "@/components/service-principals/form-schema";
import { ListCheckbox } from "@/components/service-principals/principal-form";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";
import type { EnvironmentClientView, OrganizationUsage } from "@/lib/service-principals/schemas";

// The environment-client form, for creating and for editing: name, scopes from every API in the catalog
// (Portico's management API included), audience, and which organizations the client may act for.
// Errors come back from the server by field and are shown beside the field they concern.

export interface ClientFormValues {
  name: string;
  description: string;
  scopes: string[];
  /** Chosen by hand; empty means "the APIs of the chosen scopes". */
  audience: string[];
  organization_usage: OrganizationUsage;
  allow_any_organization: boolean;
  organizations: string;
  /** One per line; matched exactly at /oauth/authorize. */
  redirect_uris: string;
  default_redirect_uri: string;
}

export const emptyClientForm: ClientFormValues = {
  name: "", description: "", scopes: [], audience: [], organization_usage: "deny", allow_any_organization: false, organizations: "",
  redirect_uris: "", default_redirect_uri: "",
};

export function formValuesFrom(client: EnvironmentClientView, apis: ApiResourceView[]): ClientFormValues {
  return {
    name: client.name,
    description: client.description,
    scopes: client.scopes,
    // Show the audience as chosen by hand only when it is not the one the scopes give anyway.
    audience: sameMembers(client.audience, audiencesOfScopes(apis, client.scopes)) ? [] : client.audience,
    organization_usage: client.organization_usage,
    allow_any_organization: client.allow_any_organization,
    organizations: client.allowed_organization_ids.join(" "),
    redirect_uris: client.redirect_uris.join("\n"),
    default_redirect_uri: client.default_redirect_uri ?? "",
  };
}

/** What the server action receives. The audience is always explicit so that clearing a hand-picked one works on edit too. */
export function toInput(values: ClientFormValues, apis: ApiResourceView[]) {
  return {
    name: values.name,
    description: values.description,
    scopes: values.scopes,
    audience: values.audience.length ? values.audience : audiencesOfScopes(apis, values.scopes),
    organization_usage: values.organization_usage,
    allow_any_organization: values.allow_any_organization,
    allowed_organization_ids: values.organizations.split(/[\s,]+/).filter(Boolean),
    redirect_uris: values.redirect_uris.split(/\s+/).filter(Boolean),
    default_redirect_uri: values.default_redirect_uri || null,
  };
}

/** After a refused save: the first field in error gets focus (so it scrolls into view, with its message). */
export function revealFirstError(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!el) return;
    if (el.matches("input, select, textarea")) el.focus();
    else el.scrollIntoView({ block: "center" });
  });
}

export const FORM_FIELDS = ["name", "description", "scopes", "audience", "organization_usage", "allowed_organization_ids", "allow_any_organization", "redirect_uris", "default_redirect_uri"];

export function ClientForm({ values, onChange, apis, errors, disabled }: {
  values: ClientFormValues; onChange: (v: ClientFormValues) => void; apis: ApiResourceView[]; errors: Record<string, string>; disabled?: boolean;
}) {
  const set = <K extends keyof ClientFormValues>(key: K, value: ClientFormValues[K]) => onChange({ ...values, [key]: value });
  const list = (key: "scopes" | "audience") => ({ name: key, value: values[key], onChange: (v: string[]) => set(key, v) });
  const [showAudience, setShowAudience] = useState(values.audience.length > 0);
  const derived = audiencesOfScopes(apis, values.scopes);
  const err = (key: string, label: string) => fieldMessage(label, errors[key]);

  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" required error={err("name", "Name")}>
          <Input value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="Billing backend" disabled={disabled} />
        </Field>
        <Field label="Description" error={err("description", "Description")}>
          <Textarea rows={1} value={values.description} onChange={(e) => set("description", e.target.value)} placeholder="What uses it" disabled={disabled} />
        </Field>
      </div>

      <FieldGroup legend="Scopes" error={err("scopes", "Scopes:")}
        hint="Management API scopes let your backend call Portico's /api/v1; the other APIs' scopes go into the client's tokens for your own APIs.">
        <div className="flex flex-col gap-3">
          {apis.map((api) => (
            <div key={api.id} className="rounded-md border border-slate-200 p-3">
              <p className="text-sm font-medium text-slate-900">{api.name} <span className="font-mono text-xs font-normal break-all text-slate-500">{api.audience}</span></p>
              {api.scopes.length === 0 ? <p className="mt-1 text-xs text-slate-500">No scopes yet.</p> : (
                <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
                  {api.scopes.map((s) => (
                    <ListCheckbox key={s.id} field={list("scopes")} value={s.name} label={<code className="break-all">{s.name}</code>} description={s.description || undefined} disabled={disabled} />
                  ))}
                </div>
              )}
            </div>
          ))}
        </div>
      </FieldGroup>

      <FieldGroup legend="Audience" error={err("audience", "Audience")}
        hint={values.audience.length ? "Tokens carry exactly the audiences chosen here." : `Tokens carry the audiences of the chosen scopes' APIs${derived.length ? `: ${derived.join(", ")}` : ""}.`}>
        {showAudience ? (
          <div className="grid gap-2 sm:grid-cols-2">
            {apis.map((api) => (
              <ListCheckbox key={api.id} field={list("audience")} value={api.audience} label={<>{api.name} <code className="text-xs break-all text-slate-500">{api.audience}</code></>} disabled={disabled} />
            ))}
          </div>
        ) : (
          <button type="button" className="self-start text-sm text-accent hover:underline" onClick={() => setShowAudience(true)} disabled={disabled}>Choose the audience by hand…</button>
        )}
      </FieldGroup>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Organization in token requests" error={err("organization_usage", "Organization in token requests")}
          hint="Whether a token request may name, must name, or may not name an organization (organization=org_…).">
          <Select value={values.organization_usage} onChange={(e) => set("organization_usage", e.target.value as OrganizationUsage)} disabled={disabled}>
            <option value="deny">Deny: tokens never name an organization</option>
            <option value="allow">Allow: may name one it can act for</option>
            <option value="require">Require: must name one it can act for</option>
          </Select>
        </Field>
        <div className="flex flex-col gap-2">
          <Field label="Organizations it may act for" error={err("allowed_organization_ids", "Organizations it may act for")}
            hint={values.allow_any_organization ? "Ignored: it may act for any organization." : "Organization IDs (org_…), separated by spaces or commas."}>
            <Input value={values.organizations} onChange={(e) => set("organizations", e.target.value)} placeholder="org_… org_…" className="font-mono"
              disabled={disabled || values.allow_any_organization} />
          </Field>
          <Checkbox label="Any organization" description="Every organization, including ones created later." disabled={disabled}
            checked={values.allow_any_organization} onChange={(e) => set("allow_any_organization", e.target.checked)} />
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Redirect URIs (SSO sign-in)" error={err("redirect_uris", "Redirect URIs")}
          hint="Where /oauth/authorize may send users back after single sign-on, one per line, matched exactly: https (http only for localhost), no query or fragment, at most 5.">
          <Textarea rows={3} value={values.redirect_uris} onChange={(e) => set("redirect_uris", e.target.value)} placeholder="https://app.example.com/auth/callback" className="font-mono text-xs" disabled={disabled} />
        </Field>
        <Field label="Default redirect URI" error={err("default_redirect_uri", "Default redirect URI")}
          hint="Where IdP-initiated logins land with idp_initiated_login; one of the redirect URIs. One environment client of the deployment has it.">
          <Select value={values.default_redirect_uri} onChange={(e) => set("default_redirect_uri", e.target.value)} disabled={disabled}>
            <option value="">None</option>
            {values.redirect_uris.split(/\s+/).filter(Boolean).map((u) => <option key={u} value={u}>{u}</option>)}
          </Select>
        </Field>
      </div>
    </div>
  );
}
