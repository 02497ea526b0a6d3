"use client";
import { Alert, Button, CopyButton, Dialog, Spinner } from "@/components/ui";
import type { ServicePrincipalView } from "@/lib/service-principals/schemas";
import { formatDuration } from "@/lib/format";
import { shellQuote } from "./format";
import { useIntegrationEndpoints, type IntegrationEndpoints } from "./hooks";
import type { ClientWords } from "./vocabulary";

/** The client-credentials request for this principal; the secret stays a shell variable, never inline. */
export function curlFor(client: Pick<ServicePrincipalView, "client_id" | "scopes" | "audience">, tokenUrl: string): string {
  const lines = [
    `curl -X POST ${shellQuote(tokenUrl)} \\`,
    `  -u "${client.client_id}:$CLIENT_SECRET" \\`,
    `  -d grant_type=client_credentials`,
  ];
  if (client.scopes.length) lines[lines.length - 1] += ` \\\n  --data-urlencode ${shellQuote(`scope=${client.scopes.join(" ")}`)}`;
  if (client.audience.length === 1) lines[lines.length - 1] += ` \\\n  --data-urlencode ${shellQuote(`audience=${client.audience[0]}`)}`;
  return lines.join("\n");
}

function Row({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  return (
    <div className="flex flex-col gap-1 border-b border-slate-100 py-2.5 last:border-0 sm:flex-row sm:items-center sm:gap-3">
      <dt className="shrink-0 text-sm font-medium text-slate-700 sm:w-28">{label}</dt>
      <dd className="flex min-w-0 flex-1 items-center gap-2">
        <code className="min-w-0 flex-1 font-mono text-xs break-all text-slate-900">{value}</code>
        <CopyButton value={value} label={copyLabel} />
      </dd>
    </div>
  );
}

/**
 * What a machine needs to get tokens as this client. Tenant admins (the portal) see only that: client
 * id, token URL, scopes and a ready curl. The vendor (console, dev tools) also sees what its API must
 * check in those tokens, since it owns that API.
 */
export function IntegrationDialog({ client, organizationId, words, onClose }: { client: ServicePrincipalView | null; organizationId: string; words: ClientWords; onClose: () => void }) {
  const endpoints = useIntegrationEndpoints();
  if (!client) return null;
  const tenant = words.audience === "tenant";
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Integration: ${client.name}`}
      description={tenant ? `What your script, job or integration needs to get access tokens as this ${words.noun}.` : `What a machine needs to get tokens as this ${words.noun}, and what your API checks.`}
      footer={<Button variant="secondary" onClick={onClose}>Close</Button>}
    >
      {endpoints.isPending ? <Spinner label="Loading endpoints…" /> : endpoints.isError ? (
        <Alert tone="danger">Could not load this deployment&apos;s endpoints: {endpoints.error.message}</Alert>
      ) : (
        <IntegrationDetails client={client} organizationId={organizationId} endpoints={endpoints.data} tenant={tenant} />
      )}
    </Dialog>
  );
}

function IntegrationDetails({ client, organizationId, endpoints, tenant }: { client: ServicePrincipalView; organizationId: string; endpoints: IntegrationEndpoints; tenant: boolean }) {
  const curl = curlFor(client, endpoints.tokenUrl);
  return (
    <div className="flex flex-col gap-5">
      <section aria-labelledby="int-endpoints">
        <h3 id="int-endpoints" className="text-sm font-semibold text-slate-900">{tenant ? "Credentials and URL" : "Endpoints"}</h3>
        <dl className="mt-1">
          <Row label="Client ID" value={client.client_id} copyLabel="Copy client ID" />
          <Row label="Token URL" value={endpoints.tokenUrl} copyLabel="Copy token URL" />
          {tenant ? (
            <div className="flex flex-col gap-1 border-b border-slate-100 py-2.5 last:border-0 sm:flex-row sm:items-center sm:gap-3">
              <dt className="shrink-0 text-sm font-medium text-slate-700 sm:w-28">Scopes</dt>
              <dd className="min-w-0 flex-1 font-mono text-xs break-all text-slate-900">{client.scopes.length ? client.scopes.join(" ") : "None"}</dd>
            </div>
          ) : (
            <>
              <Row label="JWKS URL" value={endpoints.jwksUrl} copyLabel="Copy JWKS URL" />
              <Row label="Issuer" value={endpoints.issuer} copyLabel="Copy issuer" />
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="int-curl" className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <h3 id="int-curl" className="text-sm font-semibold text-slate-900">Get a token</h3>
          <CopyButton value={curl} label="Copy curl command" />
        </div>
        <p className="text-sm text-slate-600">
          Set <code className="font-mono text-xs">CLIENT_SECRET</code> from your secret manager first; the command never contains the secret itself.
        </p>
        <pre data-testid="integration-curl" tabIndex={0} aria-label="curl command" className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">{curl}</pre>
        <p className="text-xs text-slate-500">
          The response is <code className="font-mono">{`{ "access_token", "token_type": "Bearer", "expires_in", "scope" }`}</code>. Send the token as <code className="font-mono">Authorization: Bearer …</code>.
        </p>
      </section>

      {tenant ? (
        <p className="text-sm text-slate-600">
          Access tokens last {formatDuration(client.expiry)}: request a new one when it expires (the response&apos;s <code className="font-mono text-xs">expires_in</code> says when).
          A request refused with <code className="font-mono text-xs">invalid_client</code> means a wrong client ID or secret, a revoked or expired secret, or a disabled API client.
        </p>
      ) : (
      <section aria-labelledby="int-validate" className="text-sm text-slate-700">
        <h3 id="int-validate" className="font-semibold text-slate-900">What your API checks</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>The signature against the keys at the JWKS URL (cache them; refetch once on an unknown <code className="font-mono text-xs">kid</code>).</li>
          <li><code className="font-mono text-xs">iss</code> is <code className="font-mono text-xs break-all">{endpoints.issuer}</code> and <code className="font-mono text-xs">exp</code> is in the future.</li>
          <li><code className="font-mono text-xs">aud</code> is {client.audience.length ? client.audience.map((a, i) => <span key={a}>{i ? " or " : ""}<code className="font-mono text-xs break-all">{a}</code></span>) : "your API's audience"}.</li>
          <li><code className="font-mono text-xs">oid</code> is <code className="font-mono text-xs break-all">{organizationId}</code>, and the data it touches belongs to that organization.</li>
          <li><code className="font-mono text-xs">scopes</code> holds the scope the endpoint needs.</li>
        </ul>
      </section>
      )}
    </div>
  );
}
