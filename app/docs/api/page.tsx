import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui";
import { appVersion, publicUrl } from "@/lib/config/env";
import { openApiDocument } from "@/lib/openapi";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

// The API reference: /api/v1/openapi.json rendered on the server, with no script and nothing loaded from
// another site, so it works offline and under the strict CSP. Every operation with its scope, parameters,
// body and responses; named schemas once, at the end, linked from where they are used.

type Schema = Record<string, unknown> & { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; enum?: unknown[]; required?: string[] };
type Operation = {
  operationId: string; tags: string[]; summary: string; description?: string; "x-required-scope"?: string; security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900", post: "bg-emerald-100 text-emerald-900", put: "bg-amber-100 text-amber-900",
  patch: "bg-violet-100 text-violet-900", delete: "bg-red-100 text-red-900",
};

const refName = (ref: string) => ref.split("/").pop()!;

/** A schema's type in a few words: "string", "array of ServicePrincipal", "\"embedded\" | \"shareable\"". */
function typeOf(s: Schema): ReactNode {
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`} className="text-accent underline-offset-2 hover:underline">{refName(s.$ref)}</a>;
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map((a, i) => <span key={i}>{i ? " | " : ""}{typeOf(a)}</span>);
  if (s.type === "array" && s.items) return <>array of {typeOf(s.items)}</>;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type === "object" && !s.properties) return "object";
  return (s.format ? `${s.type} (${s.format})` : s.type) as string ?? "any";
}

/** Limits worth saying: lengths, ranges, items. */
function limits(s: Schema): string {
  const out: string[] = [];
  if (s.minLength !== undefined && s.maxLength !== undefined) out.push(`${s.minLength}–${s.maxLength} characters`);
  else if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.minimum !== undefined && s.maximum !== undefined) out.push(`${s.minimum}–${s.maximum}`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(", ");
}

/** An object schema's fields, nested objects indented. */
function Fields({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const target = schema.type === "array" && schema.items?.properties ? schema.items : schema;
  if (!target.properties) return <p className="text-sm text-slate-600">{typeOf(schema)}</p>;
  const required = new Set(target.required ?? []);
  return (
    <ul className={depth ? "mt-1 border-l border-slate-200 pl-3" : "divide-y divide-slate-100 rounded-md border border-slate-200"}>
      {Object.entries(target.properties).map(([name, field]) => (
        <li key={name} className={depth ? "py-1" : "px-3 py-2"}>
          <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
            <code className="font-mono font-semibold text-slate-900">{name}</code>
            <span className="font-mono text-xs text-slate-600">{typeOf(field)}</span>
            {required.has(name) ? <span className="text-xs font-medium text-red-700">required</span> : null}
            {limits(field) ? <span className="text-xs text-slate-500">{limits(field)}</span> : null}
          </p>
          {typeof field.description === "string" ? <p className="text-xs text-slate-600">{field.description}</p> : null}
          {field.properties || field.items?.properties ? <Fields schema={field} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

function OperationSection({ path, method, op }: { path: string; method: string; op: Operation }) {
  const body = op.requestBody ? Object.entries(op.requestBody.content) : [];
  return (
    <section id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h3 id={`${op.operationId}-title`} className="text-base font-semibold text-slate-900">{op.summary}</h3>
      <p className="mt-1 flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_STYLE[method]}`}>{method.toUpperCase()}</span>
        <code className="font-mono text-sm break-all text-slate-800">{path}</code>
      </p>
      {op.description ? <p className="mt-2 text-sm text-slate-600">{op.description}</p> : null}
      <p className="mt-2 text-xs text-slate-600">
        {op["x-required-scope"] ? <>Bearer token with the scope <Badge tone="accent" className="font-mono">{op["x-required-scope"]}</Badge></>
          : op.security.some((s) => "userAccessToken" in s) ? "Bearer token: a user's access token from the authorization code grant"
            : op.security.length ? "Client authentication: client_secret_basic or client_secret_post" : "No authentication"}
      </p>
      {op.parameters?.length ? (
        <>
          <h4 className="mt-4 text-sm font-semibold text-slate-900">Parameters</h4>
          <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`} className="px-3 py-2">
                <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                  <code className="font-mono font-semibold text-slate-900">{p.name}</code>
                  <span className="text-xs text-slate-500">in {p.in}</span>
                  <span className="font-mono text-xs text-slate-600">{typeOf(p.schema)}</span>
                  {p.required ? <span className="text-xs font-medium text-red-700">required</span> : null}
                  {limits(p.schema) ? <span className="text-xs text-slate-500">{limits(p.schema)}</span> : null}
                </p>
                {p.description ? <p className="text-xs text-slate-600">{p.description}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body.length ? (
        <>
          <h4 className="mt-4 text-sm font-semibold text-slate-900">Body <span className="font-normal text-slate-500">({body.map(([type]) => type).join(" or ")}{op.requestBody?.required ? "" : ", optional"})</span></h4>
          <div className="mt-1"><Fields schema={body[0]![1].schema} /></div>
        </>
      ) : null}
      <h4 className="mt-4 text-sm font-semibold text-slate-900">Responses</h4>
      <ul className="mt-1 flex flex-col gap-2">
        {Object.entries(op.responses).map(([status, r]) => {
          const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
          return (
            <li key={status} className="text-sm">
              <p><code className={`font-mono font-semibold ${Number(status) < 400 ? "text-emerald-800" : "text-red-800"}`}>{status}</code> <span className="text-slate-700">{r.description}</span></p>
              {schema && Number(status) < 400 ? <div className="mt-1"><Fields schema={schema} /></div> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export default function ApiReferencePage() {
  const doc = openApiDocument(publicUrl(), appVersion()) as {
    info: { title: string; version: string; description: string }; servers: { url: string }[]; tags: { name: string; description: string }[];
    paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:flex lg:gap-8">
      <nav aria-label="Operations" className="mb-6 text-sm lg:sticky lg:top-6 lg:mb-0 lg:max-h-[calc(100vh-3rem)] lg:w-64 lg:shrink-0 lg:overflow-y-auto">
        {doc.tags.map((tag) => (
          <div key={tag.name} className="mb-3">
            <p className="font-semibold text-slate-900">{tag.name}</p>
            <ul className="mt-1">
              {operations.filter((o) => o.op.tags.includes(tag.name)).map(({ op, method }) => (
                <li key={op.operationId}>
                  <a href={`#${op.operationId}`} className="flex items-baseline gap-2 rounded px-1 py-0.5 text-slate-700 hover:bg-slate-100">
                    <span className="w-12 shrink-0 font-mono text-[11px] font-semibold text-slate-500">{method.toUpperCase()}</span>{op.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main className="min-w-0 flex-1">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{doc.info.title} <span className="text-base font-normal text-slate-500">{doc.info.version}</span></h1>
        <p className="mt-2 text-sm text-slate-600">{doc.info.description}</p>
        <p className="mt-2 text-sm text-slate-600">
          Base URL <code className="font-mono text-slate-800">{doc.servers[0]?.url}</code> · <a href="/api/v1/openapi.json" className="text-accent underline-offset-2 hover:underline">OpenAPI 3.1 document (JSON)</a>
        </p>
        {doc.tags.map((tag) => (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="mt-8">
            <h2 id={`tag-${tag.name}`} className="text-lg font-semibold text-slate-900">{tag.name}</h2>
            <p className="text-sm text-slate-600">{tag.description}</p>
            <div className="mt-3 flex flex-col gap-4">
              {operations.filter((o) => o.op.tags.includes(tag.name)).map((o) => <OperationSection key={o.op.operationId} {...o} />)}
            </div>
          </section>
        ))}
        <section aria-labelledby="schemas" className="mt-10">
          <h2 id="schemas" className="text-lg font-semibold text-slate-900">Schemas</h2>
          <div className="mt-3 flex flex-col gap-4">
            {Object.entries(doc.components.schemas).map(([name, schema]) => (
              <section key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4">
                <h3 id={`schema-${name}-title`} className="font-mono text-base font-semibold text-slate-900">{name}</h3>
                {typeof schema.description === "string" ? <p className="text-sm text-slate-600">{schema.description}</p> : null}
                <div className="mt-2"><Fields schema={schema} /></div>
              </section>
            ))}
          </div>
        </section>
      </main>
    </div>
  );
}
