import { invalidValue } from "./errors";
import { getCaseInsensitive } from "./filter";
import { isUrn, knownExtension, resolveAttributePath, type AttributeRef, type ResourceTypeName } from "./schema";

// `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5 and §3.9). id and schemas are always returned;
// password never is (it is not even stored). Callers ask `wants` before loading costly parts: a group's
// members are read from the database only when the response will carry them (Entra lists groups with
// excludedAttributes=members).

export interface Projection {
  /** Only these (plus id and schemas), or null for the default set. */
  include: AttributeRef[] | null;
  exclude: AttributeRef[];
  /** Whole extensions named by URN in `attributes` / `excludedAttributes`. */
  includeSchemas: string[];
  excludeSchemas: string[];
}

const ALWAYS = new Set(["id", "schemas"]);

function parseList(type: ResourceTypeName, value: string | null, param: string): { refs: AttributeRef[]; schemas: string[] } {
  const refs: AttributeRef[] = [];
  const schemas: string[] = [];
  if (value === null) return { refs, schemas };
  if (value.length > 2000) throw invalidValue(`${param} is too long`);
  for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    if (isUrn(part)) {
      const ext = knownExtension(type, part);
      if (ext) { schemas.push(ext); continue; }
    }
    const ref = resolveAttributePath(type, part);
    if (ref) refs.push(ref); // unknown names are ignored, as RFC 7644 lets a service provider do
  }
  return { refs, schemas };
}

export function parseProjection(type: ResourceTypeName, params: URLSearchParams): Projection {
  const inc = params.has("attributes") ? parseList(type, params.get("attributes"), "attributes") : null;
  const exc = parseList(type, params.get("excludedAttributes"), "excludedAttributes");
  return { include: inc ? inc.refs : null, includeSchemas: inc?.schemas ?? [], exclude: exc.refs, excludeSchemas: exc.schemas };
}

export const DEFAULT_PROJECTION: Projection = { include: null, exclude: [], includeSchemas: [], excludeSchemas: [] };

const same = (a: string | null, b: string | null) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** Whether the response will carry a core attribute at all (to skip loading it). */
export function wants(p: Projection, name: string): boolean {
  if (p.exclude.some((r) => r.schema === null && r.name === name && !r.sub)) return false;
  if (p.include === null) return true;
  return p.include.some((r) => r.schema === null && r.name === name);
}

function pick(value: unknown, subs: string[] | null): unknown {
  if (subs === null) return value;
  const one = (v: unknown) => {
    if (!v || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const s of subs) {
      const got = getCaseInsensitive(v as Record<string, unknown>, s);
      if (got !== undefined) out[s] = got;
    }
    return out;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function without(value: unknown, sub: string): unknown {
  const one = (v: unknown) => {
    if (!v || typeof v !== "object") return v;
    const copy = { ...(v as Record<string, unknown>) };
    delete copy[sub];
    return copy;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Projects one rendered resource (its top-level keys: schemas, id, core attributes, extension URNs, meta). */
export function project(resource: Record<string, unknown>, p: Projection): Record<string, unknown> {
  if (p.include === null && !p.exclude.length && !p.excludeSchemas.length) return resource;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (ALWAYS.has(key)) { out[key] = value; continue; }
    const isExtension = isUrn(key);
    if (isExtension && p.excludeSchemas.some((s) => same(s, key))) continue;
    if (p.include !== null) {
      if (isExtension) {
        if (p.includeSchemas.some((s) => same(s, key))) { out[key] = value; continue; }
        const names = p.include.filter((r) => same(r.schema, key));
        if (!names.length) continue;
        const ext: Record<string, unknown> = {};
        for (const r of names) {
          const v = getCaseInsensitive(value as Record<string, unknown>, r.name);
          if (v !== undefined) ext[r.name] = r.sub ? pick(v, [r.sub.name]) : v;
        }
        if (Object.keys(ext).length) out[key] = ext;
        continue;
      }
      const refs = p.include.filter((r) => r.schema === null && r.name === key);
      if (!refs.length) continue;
      out[key] = refs.some((r) => !r.sub) ? value : pick(value, refs.map((r) => r.sub!.name));
    } else out[key] = value;
    // Exclusions apply on top of what is included.
    const excluded = p.exclude.filter((r) => (isExtension ? same(r.schema, key) : r.schema === null && r.name === key));
    for (const r of excluded) {
      if (isExtension) {
        const ext = { ...(out[key] as Record<string, unknown>) };
        if (r.sub) ext[r.name] = without(ext[r.name], r.sub.name);
        else delete ext[r.name];
        out[key] = ext;
      } else if (r.sub) out[key] = without(out[key], r.sub.name);
      else delete out[key];
    }
  }
  // Keep `schemas` honest about the extensions still present.
  if (Array.isArray(out.schemas)) out.schemas = (out.schemas as string[]).filter((s) => !isUrn(s) || !knownExtension("User", s) || s in out);
  return out;
}
