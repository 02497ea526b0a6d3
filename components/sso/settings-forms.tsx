"use client";
import { useState, type FormEvent } from "react";
import { Alert, Badge, Button, Checkbox, Field, Input, Select, Textarea, Time, WarningIcon } from "@/components/ui";
import { PROFILE_FIELDS, DEFAULT_MAPPING } from "@/lib/sso/profile";
import { failureOf, fieldMessages } from "@/lib/actions/result";
import type { ConnectionView, CustomAttribute } from "@/lib/sso/schemas";
import { useUpdateConnection } from "./hooks";

// The editable parts of a connection: the identity provider's side (SAML metadata URL, upload or manual
// fields; OIDC issuer, client ID and secret), the attribute mapping, allowed domains and IdP-initiated
// login. Each form saves on its own and shows the server's field errors next to the field.

function fieldErrors(err: unknown): Record<string, string> {
  return err ? fieldMessages(failureOf(err)) : {};
}

function FormError({ error, fields }: { error: unknown; fields: Record<string, string> }) {
  if (!error || Object.keys(fields).length) return null;
  return <Alert tone="danger" title="Not saved">{error instanceof Error ? error.message : String(error)}</Alert>;
}


export function CertificateList({ conn }: { conn: ConnectionView }) {
  const certs = conn.saml?.idp_certificates ?? [];
  if (!certs.length) return null;
  return (
    <ul className="flex flex-col gap-2" aria-label="Signing certificates">
      {certs.map((c) => (
        <li key={c.fingerprint_sha256} className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium break-all text-slate-900">{c.subject || "Certificate"}</span>
            {c.expired ? <Badge tone="danger">Expired</Badge> : c.expires_soon ? <Badge tone="warning" className="gap-1">Expires <Time value={c.not_after} /></Badge> : <Badge tone="success" className="gap-1">Valid until <Time value={c.not_after} /></Badge>}
          </div>
          <p className="mt-1 font-mono text-xs break-all text-slate-500">SHA-256 {c.fingerprint_sha256}</p>
          {c.expires_soon && !c.expired ? (
            <p className="mt-1 flex items-start gap-1 text-xs text-amber-800"><WarningIcon className="mt-px size-3.5 shrink-0" />Sign-ins stop working when it expires: add the identity provider&apos;s new certificate (or refresh the metadata) before then.</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

type SamlMode = "url" | "upload" | "manual";

export function SamlIdpForm({ organizationId, conn, readOnly }: { organizationId: string; conn: ConnectionView; readOnly: boolean }) {
  const saml = conn.saml!;
  const update = useUpdateConnection(organizationId);
  const [mode, setMode] = useState<SamlMode>(saml.metadata_url || !saml.idp_entity_id ? "url" : "manual");
  const [metadataUrl, setMetadataUrl] = useState(saml.metadata_url ?? "");
  const [xml, setXml] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [entityId, setEntityId] = useState(saml.idp_entity_id ?? "");
  const [ssoUrl, setSsoUrl] = useState(saml.idp_sso_url ?? "");
  const [binding, setBinding] = useState(saml.idp_sso_binding);
  const [certificate, setCertificate] = useState("");
  const [wantResponseSigned, setWantResponseSigned] = useState(saml.want_response_signed);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(update.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const patch =
      mode === "url" ? { saml: { metadata_url: metadataUrl.trim(), want_response_signed: wantResponseSigned } }
      : mode === "upload" ? { saml: { metadata_xml: xml ?? "", want_response_signed: wantResponseSigned } }
      : { saml: { metadata_url: null, idp_entity_id: entityId.trim(), idp_sso_url: ssoUrl.trim(), idp_sso_binding: binding, want_response_signed: wantResponseSigned, ...(certificate.trim() ? { idp_certificates: [certificate] } : {}) } };
    try {
      await update.mutateAsync({ id: conn.id, patch });
      setSaved(true);
      setCertificate("");
    } catch {
      // shown below
    }
  }

  if (readOnly) {
    return (
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-500">Metadata URL</dt><dd className="break-all">{saml.metadata_url ?? "—"}</dd>
        <dt className="text-slate-500">IdP Entity ID</dt><dd className="break-all">{saml.idp_entity_id ?? "—"}</dd>
        <dt className="text-slate-500">SSO URL</dt><dd className="break-all">{saml.idp_sso_url ?? "—"} ({saml.idp_sso_binding})</dd>
        <dt className="text-slate-500">Certificates</dt><dd><CertificateList conn={conn} /></dd>
      </dl>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Identity provider settings">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">How to get the identity provider&apos;s details</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {([["url", "Metadata URL (recommended)"], ["upload", "Upload metadata XML"], ["manual", "Enter by hand"]] as const).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name={`mode-${conn.id}`} value={value} checked={mode === value} onChange={() => setMode(value)} className="size-4 accent-[var(--accent)]" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === "url" ? (
        <Field label="Metadata URL" required error={errors["saml.metadata_url"]} hint="Portico reads it now and again every day, so a new certificate is picked up by itself.">
          <Input type="url" inputMode="url" value={metadataUrl} onChange={(e) => setMetadataUrl(e.target.value)} placeholder="https://your-idp.example.com/app/…/sso/saml/metadata" required />
        </Field>
      ) : mode === "upload" ? (
        <Field label="Metadata XML file" required error={errors["saml.metadata_xml"]} hint={fileName ? `Selected: ${fileName}` : "The identity provider's metadata file (.xml), up to 512 KB."}>
          <Input type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" onChange={async (e) => {
            const file = e.target.files?.[0];
            setFileName(file?.name ?? null);
            setXml(file ? await file.text() : null);
          }} required />
        </Field>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field label="Identity provider Entity ID (Issuer)" required error={errors["saml.idp_entity_id"]}>
            <Input value={entityId} onChange={(e) => setEntityId(e.target.value)} placeholder="http://www.okta.com/exk…" required />
          </Field>
          <Field label="Sign-on URL (SSO URL)" required error={errors["saml.idp_sso_url"]}>
            <Input type="url" value={ssoUrl} onChange={(e) => setSsoUrl(e.target.value)} placeholder="https://your-idp.example.com/sso/saml" required />
          </Field>
          <Field label="Binding" hint="How the sign-in request is sent to the identity provider.">
            <Select value={binding} onChange={(e) => setBinding(e.target.value as typeof binding)}>
              <option value="HTTP-Redirect">HTTP-Redirect</option>
              <option value="HTTP-POST">HTTP-POST</option>
            </Select>
          </Field>
          <Field label="Signing certificate (X.509)" required={!saml.idp_certificates.length} error={errors["saml.idp_certificates.0"] ?? errors["saml.idp_certificates"]}
            hint={saml.idp_certificates.length ? "Leave empty to keep the saved certificate; paste a new one to replace it." : "Paste the PEM text (-----BEGIN CERTIFICATE-----…)."}>
            <Textarea rows={4} value={certificate} onChange={(e) => setCertificate(e.target.value)} className="font-mono text-xs" required={!saml.idp_certificates.length} />
          </Field>
        </div>
      )}
      <Checkbox label="Require the whole response to be signed" description="The assertion's signature is always required. Turn this on only if your identity provider signs the response too (many sign only the assertion)."
        checked={wantResponseSigned} onChange={(e) => setWantResponseSigned(e.target.checked)} />
      <FormError error={update.error} fields={errors} />
      {saml.metadata_error ? <Alert tone="warning" title="The last metadata refresh failed">{saml.metadata_error}</Alert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={update.isPending}>Save identity provider</Button>
        {saved && !update.isPending ? <span role="status" className="text-sm text-emerald-700">Saved</span> : null}
        {saml.metadata_fetch_time ? <span className="text-xs text-slate-500">Metadata read <Time value={saml.metadata_fetch_time} /></span> : null}
      </div>
      <CertificateList conn={conn} />
    </form>
  );
}

export function OidcIdpForm({ organizationId, conn, readOnly }: { organizationId: string; conn: ConnectionView; readOnly: boolean }) {
  const oidc = conn.oidc!;
  const update = useUpdateConnection(organizationId);
  const [issuer, setIssuer] = useState(oidc.issuer ?? "");
  const [clientId, setClientId] = useState(oidc.client_id ?? "");
  const [secret, setSecret] = useState("");
  const [scopes, setScopes] = useState(oidc.scopes.join(" "));
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(update.error);
  if (readOnly) {
    return (
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-500">Issuer URL</dt><dd className="break-all">{oidc.issuer ?? "—"}</dd>
        <dt className="text-slate-500">Client ID</dt><dd className="break-all">{oidc.client_id ?? "—"}</dd>
        <dt className="text-slate-500">Client secret</dt><dd>{oidc.client_secret_set ? `•••• ${oidc.client_secret_suffix}` : "not set"}</dd>
        <dt className="text-slate-500">Scopes</dt><dd>{oidc.scopes.join(" ")}</dd>
      </dl>
    );
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    try {
      await update.mutateAsync({ id: conn.id, patch: { oidc: { issuer: issuer.trim(), client_id: clientId.trim(), scopes: scopes.split(/\s+/).filter(Boolean), ...(secret ? { client_secret: secret } : {}) } } });
      setSecret("");
      setSaved(true);
    } catch {
      // shown below
    }
  }
  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-4 md:grid-cols-2" aria-label="Identity provider settings">
      <Field label="Issuer URL" required error={errors["oidc.issuer"]} hint="The issuer, or its /.well-known/openid-configuration URL." className="md:col-span-2">
        <Input type="url" value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://your-idp.example.com" required />
      </Field>
      <Field label="Client ID" required error={errors["oidc.client_id"]}>
        <Input value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" />
      </Field>
      <Field label="Client secret" required={!oidc.client_secret_set} error={errors["oidc.client_secret"]}
        hint={oidc.client_secret_set ? `Saved (ends in ${oidc.client_secret_suffix}); stored encrypted and never shown again. Leave empty to keep it.` : "Stored encrypted; never shown again."}>
        <Input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required={!oidc.client_secret_set} autoComplete="new-password" />
      </Field>
      <Field label="Scopes" error={errors["oidc.scopes"]} hint="Space-separated; must include openid." className="md:col-span-2">
        <Input value={scopes} onChange={(e) => setScopes(e.target.value)} />
      </Field>
      <div className="md:col-span-2"><FormError error={update.error} fields={errors} /></div>
      <div className="flex items-center gap-3 md:col-span-2">
        <Button type="submit" variant="primary" loading={update.isPending}>Save identity provider</Button>
        {saved && !update.isPending ? <span role="status" className="text-sm text-emerald-700">Saved</span> : null}
      </div>
    </form>
  );
}

const FIELD_LABELS: Record<string, string> = {
  email: "Email address", given_name: "First name", family_name: "Last name", name: "Display name", preferred_username: "Username",
  groups: "Groups", email_verified: "Email verified",
};

export function AttributeMappingForm({ organizationId, conn, customAttributes, readOnly }: { organizationId: string; conn: ConnectionView; customAttributes: CustomAttribute[]; readOnly: boolean }) {
  const update = useUpdateConnection(organizationId);
  const fields = [...PROFILE_FIELDS.filter((f) => f !== "email_verified"), ...customAttributes.map((a) => a.key)];
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...conn.attribute_mapping }));
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(update.error);
  const defaults = DEFAULT_MAPPING[conn.type] as Record<string, string>;
  const label = (f: string) => FIELD_LABELS[f] ?? customAttributes.find((a) => a.key === f)?.label ?? f;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const mapping = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
    try {
      await update.mutateAsync({ id: conn.id, patch: { attribute_mapping: mapping } });
      setSaved(true);
    } catch {
      // shown below
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Attribute mapping">
      <p className="text-sm text-slate-600">
        {conn.type === "SAML"
          ? "Send these attributes from your identity provider under exactly these names. Email is required; Portico also understands the usual names (Entra ID's claim URIs, givenName, surname…) when a name is not sent."
          : "Standard OIDC claims work as they are; change a name only if your provider uses its own claim."}
      </p>
      <div className="overflow-hidden rounded-md border border-slate-200">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr><th scope="col" className="px-3 py-2 font-medium">Profile field</th><th scope="col" className="px-3 py-2 font-medium">{conn.type === "SAML" ? "Attribute name in the assertion" : "Claim name"}</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row" className="px-3 py-2 text-left align-top font-normal text-slate-800">
                  {label(f)}{f === "email" ? <span className="text-red-600" title="Required"> *</span> : null}
                  <div className="font-mono text-xs text-slate-500">{f}</div>
                </th>
                <td className="px-3 py-2">
                  {readOnly ? <span className="font-mono text-xs">{conn.attribute_mapping[f] ?? defaults[f] ?? f}</span> : (
                    <>
                      <Input aria-label={`${label(f)} attribute name`} value={values[f] ?? ""} placeholder={defaults[f] ?? f} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} className="font-mono text-xs" />
                      {errors[`attribute_mapping.${f}`] ? <p className="mt-1 text-xs text-red-700">{errors[`attribute_mapping.${f}`]}</p> : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!readOnly ? (
        <>
          <FormError error={update.error} fields={errors} />
          <div className="flex items-center gap-3">
            <Button type="submit" loading={update.isPending}>Save mapping</Button>
            {saved && !update.isPending ? <span role="status" className="text-sm text-emerald-700">Saved</span> : null}
          </div>
        </>
      ) : null}
    </form>
  );
}

export function AccessForm({ organizationId, conn, readOnly }: { organizationId: string; conn: ConnectionView; readOnly: boolean }) {
  const update = useUpdateConnection(organizationId);
  const [domains, setDomains] = useState(conn.allowed_domains.join(", "));
  const [verifiedOnly, setVerifiedOnly] = useState(conn.verified_domains_only);
  const [idpInitiated, setIdpInitiated] = useState(conn.idp_initiated_login);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(update.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    try {
      await update.mutateAsync({ id: conn.id, patch: { allowed_domains: domains.split(/[\s,]+/).filter(Boolean), verified_domains_only: verifiedOnly, ...(conn.type === "SAML" ? { idp_initiated_login: idpInitiated } : {}) } });
      setSaved(true);
    } catch {
      // shown below
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Who can sign in">
      <Field label="Allowed email domains" error={errors.allowed_domains ?? Object.entries(errors).find(([k]) => k.startsWith("allowed_domains"))?.[1]}
        hint="Only users with these email domains can sign in through this connection (comma-separated). Empty: any domain the identity provider vouches for.">
        <Input value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="acme.com, acme.co.uk" disabled={readOnly} />
      </Field>
      <Checkbox label="Only our verified domains" checked={verifiedOnly} disabled={readOnly} onChange={(e) => setVerifiedOnly(e.target.checked)}
        description="Users must have an email address on one of the domains your organization verified (Domains tab). Verified domains also let users sign in by typing just their email." />
      {conn.type === "SAML" ? (
        <div className="flex flex-col gap-2">
          <Checkbox label="Allow IdP-initiated login" checked={idpInitiated} disabled={readOnly} onChange={(e) => setIdpInitiated(e.target.checked)}
            description="Lets users start from the identity provider's app dashboard (e.g. the Okta or Google tile)." />
          {idpInitiated ? (
            <Alert tone="warning" title="Know the risk before you turn this on">
              An IdP-initiated response arrives without Portico having asked for it, so Portico cannot tell a genuine one from a stolen or
              replayed assertion (leaked from logs, a proxy, or the user&apos;s browser). Portico therefore never signs a user in from it
              directly: it only sends them to the app&apos;s sign-in, which starts a normal, Portico-initiated login with the identity
              provider. Each assertion is still accepted once. Leave it off unless your users need the dashboard tile.
            </Alert>
          ) : null}
        </div>
      ) : null}
      {!readOnly ? (
        <>
          <FormError error={update.error} fields={errors} />
          <div className="flex items-center gap-3">
            <Button type="submit" loading={update.isPending}>Save</Button>
            {saved && !update.isPending ? <span role="status" className="text-sm text-emerald-700">Saved</span> : null}
          </div>
        </>
      ) : null}
    </form>
  );
}
