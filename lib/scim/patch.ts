import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget, tooMany } from "./errors";
import { elementMatches, getCaseInsensitive, parseElementFilter, type Condition, type FilterAttr } from "./filter";
import { attributeValue, memberRefs, MAX_MEMBERS_PER_REQUEST, simpleValue, type Document, type Json } from "./resource";
import { findAttribute, isUrn, knownExtension, PATCH_OP_SCHEMA, refToPath, resolveAttributePath, type ResourceTypeName } from "./schema";

// PATCH (RFC 7644 §3.5.2), exactly as Okta and Entra ID send it. parsePatch normalises the request into
// plain operations first — op names in any case ("Replace"), path-less values split into one operation per
// attribute (dotted "name.givenName" and URN-qualified keys are paths themselves), read-only attributes in
// path-less values ignored (Okta re-sends the group's id) — and applyPatch applies them to a document.
// Group membership never goes through the document: memberChanges turns `members` operations into row
// operations, including Entra's non-standard `Remove` with path "members" and a value list, which removes
// only the listed members.

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchPath {
  /** As sent, for messages. */
  text: string;
  /** The attribute (top level, possibly of an extension). */
  attr: FilterAttr;
  /** `emails[type eq "work"]`: which values of a multi-valued attribute. */
  filter?: Condition;
  /** `emails[…].value`, `name.givenName`: the sub-attribute. */
  sub?: string;
}

export interface PatchOperation {
  op: PatchOpName;
  path: PatchPath;
  /** Undefined for removals without a value. */
  value?: unknown;
}

export const MAX_OPERATIONS = 1000;

function parsePath(type: ResourceTypeName, text: string): PatchPath {
  if (typeof text !== "string" || !text.trim()) throw invalidPath("path must be a non-empty string");
  const open = text.indexOf("[");
  if (open === -1) {
    const ref = resolveAttributePath(type, text.trim());
    if (!ref) throw invalidPath(`"${text}" is not an attribute of ${type}`);
    const attr: FilterAttr = { ref: { ...ref, sub: undefined }, leaf: ref.def };
    return { text, attr, ...(ref.sub ? { sub: ref.sub.name } : {}) };
  }
  const close = text.lastIndexOf("]");
  if (close < open) throw invalidPath(`"${text}" has a [ without its ]`);
  const attrText = text.slice(0, open).trim();
  const rest = text.slice(close + 1);
  const ref = resolveAttributePath(type, attrText);
  if (!ref || ref.sub) throw invalidPath(`"${attrText}" is not an attribute of ${type}`);
  if (ref.def && !ref.def.multiValued) throw invalidPath(`"${ref.name}" is not multi-valued: a [filter] selects values of multi-valued attributes`);
  const attr: FilterAttr = { ref, leaf: ref.def };
  let filter: Condition;
  try {
    filter = parseElementFilter(type, attr, text.slice(open + 1, close));
  } catch (err) {
    throw invalidPath(`The filter in "${text}" is not valid: ${(err as Error).message}`);
  }
  let sub: string | undefined;
  if (rest) {
    if (!rest.startsWith(".")) throw invalidPath(`"${text}" has unexpected text after ]`);
    const name = rest.slice(1);
    const subDef = ref.def ? findAttribute(ref.def.subAttributes, name) : undefined;
    if (ref.def && !subDef) throw invalidPath(`"${name}" is not a sub-attribute of ${ref.name}`);
    sub = subDef?.name ?? name;
  }
  return { text, attr, filter, ...(sub ? { sub } : {}) };
}

function isReadOnly(path: PatchPath): boolean {
  const def = path.attr.ref.def;
  if (!def) return false;
  if (def.mutability === "readOnly") return true;
  if (path.sub) return findAttribute(def.subAttributes, path.sub)?.mutability === "readOnly" && def.name !== "members";
  return false;
}

/** Path-less add/replace: each key of the value is a path of its own (Entra's dotted and URN keys included). */
function expandPathless(type: ResourceTypeName, op: PatchOpName, value: unknown, index: number): PatchOperation[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalidValue(`Operations[${index}]: without a path, value must be an object of attributes`);
  const out: PatchOperation[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key.toLowerCase() === "schemas") continue;
    const ext = isUrn(key) ? knownExtension(type, key) : undefined;
    if (ext && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [sub, sv] of Object.entries(v as Record<string, unknown>)) out.push(...expandOne(type, op, `${ext}:${sub}`, sv));
      continue;
    }
    out.push(...expandOne(type, op, key, v));
  }
  return out;
}

function expandOne(type: ResourceTypeName, op: PatchOpName, key: string, value: unknown): PatchOperation[] {
  const path = parsePath(type, key);
  // Read-only attributes in a path-less value are ignored (RFC 7644 §3.5.2: Okta re-sends the group's id).
  if (isReadOnly(path)) return [];
  const def = path.attr.ref.def;
  // A complex single-valued attribute given as an object: its sub-attributes are set one by one (merge).
  if (def && def.type === "complex" && !def.multiValued && !path.sub && value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([sub, sv]) => ({ op, path: parsePath(type, `${refToPath(path.attr.ref)}.${sub}`), value: sv }))
      .filter((o) => !isReadOnly(o.path));
  }
  return [{ op, path, value }];
}

/** Normalises a PatchOp request body into operations (400 with the right scimType for anything malformed). */
export function parsePatch(type: ResourceTypeName, body: unknown): PatchOperation[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalidSyntax("The body must be a PatchOp message (a JSON object)");
  const input = body as Record<string, unknown>;
  const schemas = getCaseInsensitive(input, "schemas");
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase()))) {
    throw invalidSyntax(`schemas must be ["${PATCH_OP_SCHEMA}"]`);
  }
  const operations = getCaseInsensitive(input, "Operations");
  if (!Array.isArray(operations) || !operations.length) throw invalidSyntax("Operations must be a non-empty array");
  if (operations.length > MAX_OPERATIONS) throw tooMany(`A PATCH may carry at most ${MAX_OPERATIONS} operations`);
  const out: PatchOperation[] = [];
  operations.forEach((raw, i) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalidSyntax(`Operations[${i}] must be an object`);
    const o = raw as Record<string, unknown>;
    const name = getCaseInsensitive(o, "op");
    const op = typeof name === "string" ? name.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw invalidSyntax(`Operations[${i}].op must be "add", "replace" or "remove"`);
    const pathText = getCaseInsensitive(o, "path");
    const hasValue = Object.keys(o).some((k) => k.toLowerCase() === "value");
    const value = getCaseInsensitive(o, "value");
    if (pathText === undefined || pathText === null || pathText === "") {
      if (op === "remove") throw noTarget(`Operations[${i}]: remove needs a path`);
      if (!hasValue) throw invalidValue(`Operations[${i}]: ${op} needs a value`);
      out.push(...expandPathless(type, op, value, i));
      return;
    }
    if (typeof pathText !== "string") throw invalidPath(`Operations[${i}].path must be a string`);
    const path = parsePath(type, pathText);
    if (isReadOnly(path)) throw mutability(`"${path.text}" is read-only`);
    if (op !== "remove" && !hasValue) throw invalidValue(`Operations[${i}]: ${op} needs a value`);
    out.push({ op, path, ...(hasValue ? { value } : {}) });
  });
  return out;
}

// ─── Applying to a document (users; the non-member attributes of groups) ───

function containerOf(doc: Document, schema: string | null, create: boolean): Document | undefined {
  if (schema === null) return doc;
  const existing = doc[schema];
  if (existing && typeof existing === "object" && !Array.isArray(existing)) return existing as Document;
  if (!create) return undefined;
  const made: Document = {};
  doc[schema] = made;
  return made;
}

/** The elements an `eq`-only filter describes, to create one when none matches (Entra: `emails[type eq "work"].value`). */
function elementFromFilter(cond: Condition): Document | null {
  if (cond.kind === "compare" && cond.op === "eq" && cond.value !== null) return { [cond.attr.ref.sub!.name]: cond.value as Json };
  if (cond.kind === "and") {
    const parts = cond.items.map(elementFromFilter);
    return parts.every(Boolean) ? Object.assign({}, ...parts) : null;
  }
  return null;
}

function checkedValue(path: PatchPath, value: unknown, sub?: string): Json | null {
  const def = path.attr.ref.def;
  const where = path.text;
  if (!def) return value as Json; // a custom extension attribute
  if (sub) {
    const subDef = findAttribute(def.subAttributes, sub)!;
    return value === null || value === undefined ? null : simpleValue(subDef, value, where);
  }
  return attributeValue(def, value, where);
}

function onlyOnePrimary(list: Json[], chosen: Set<Json>): void {
  if (!list.some((e) => chosen.has(e) && (e as Document).primary === true)) return;
  for (const e of list) if (!chosen.has(e) && (e as Document).primary === true) delete (e as Document).primary;
}

function applyOne(doc: Document, o: PatchOperation): void {
  const { path } = o;
  const def = path.attr.ref.def;
  const name = path.attr.ref.name;
  const container = containerOf(doc, path.attr.ref.schema, o.op !== "remove");
  if (!container) return; // removing from an extension that has nothing

  if (!def?.multiValued) {
    if (o.op === "remove") {
      if (def?.required && !path.sub) throw mutability(`${name} is required and cannot be removed`);
      if (path.sub) {
        const obj = container[name];
        if (obj && typeof obj === "object" && !Array.isArray(obj)) delete (obj as Document)[path.sub];
      } else delete container[name];
      return;
    }
    const value = checkedValue(path, o.value, path.sub);
    if (path.sub) {
      const obj = (container[name] && typeof container[name] === "object" && !Array.isArray(container[name]) ? container[name] : {}) as Document;
      if (value === null) delete obj[path.sub];
      else obj[path.sub] = value;
      container[name] = obj;
    } else if (value === null) {
      if (def?.required) throw mutability(`${name} is required and cannot be removed`);
      delete container[name];
    } else if (def?.type === "complex" && value && typeof value === "object" && !Array.isArray(value)) {
      const existing = container[name] && typeof container[name] === "object" ? (container[name] as Document) : {};
      container[name] = { ...existing, ...value };
    } else container[name] = value;
    return;
  }

  const list = (Array.isArray(container[name]) ? container[name] : []) as Json[];
  const matches = path.filter ? list.filter((e) => e && typeof e === "object" && elementMatches(path.filter!, e as Document)) : list;

  if (o.op === "remove") {
    if (path.filter) {
      if (path.sub) for (const e of matches) delete (e as Document)[path.sub];
      else container[name] = list.filter((e) => !matches.includes(e));
    } else if (o.value !== undefined && o.value !== null) {
      // A value list (Entra's form): remove the values equal to one given.
      const given = (attributeValue(def, o.value, path.text) ?? []) as Json[];
      const key = (e: Json) => JSON.stringify(typeof e === "object" && e !== null && "value" in e ? (e as Document).value : e);
      const drop = new Set(given.map(key));
      container[name] = list.filter((e) => !drop.has(key(e)));
    } else if (path.sub) {
      for (const e of list) delete (e as Document)[path.sub];
    } else delete container[name];
    return;
  }

  if (path.filter || path.sub) {
    const value = checkedValue(path, o.value, path.sub);
    let targets = matches;
    if (!targets.length) {
      // Nothing matches: create the value the filter describes (Entra sends replace/add on
      // emails[type eq "work"].value for a user who has no work email yet); other filters have no target.
      const seed = path.filter ? elementFromFilter(path.filter) : {};
      if (!seed) throw noTarget(`No value of ${name} matches "${path.text}"`);
      const created: Document = { ...seed };
      list.push(created);
      targets = [created];
    }
    for (const e of targets) {
      const el = e as Document;
      if (path.sub) {
        if (value === null) delete el[path.sub];
        else el[path.sub] = value;
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        const v = (Array.isArray(value) ? value[0] : value) as Document;
        Object.assign(el, v);
      } else if (Array.isArray(value) && value[0] && typeof value[0] === "object") {
        Object.assign(el, value[0] as Document);
      }
    }
    onlyOnePrimary(list, new Set(targets));
    container[name] = checkedValue({ ...path, filter: undefined, sub: undefined }, list.filter((e) => e && Object.keys(e as Document).length), undefined) ?? [];
    return;
  }

  const given = (checkedValue(path, o.value) ?? []) as Json[];
  if (o.op === "replace") {
    container[name] = given;
    return;
  }
  const seen = new Set(list.map((e) => JSON.stringify(e)));
  const added = given.filter((e) => !seen.has(JSON.stringify(e)));
  const merged = [...list, ...added];
  onlyOnePrimary(merged, new Set(added));
  container[name] = checkedValue(path, merged) ?? [];
}

/** Applies operations to a copy of a document (the caller validates the result with normalizeDocument). */
export function applyPatch(doc: Document, operations: PatchOperation[]): Document {
  const copy = structuredClone(doc);
  for (const o of operations) applyOne(copy, o);
  for (const key of Object.keys(copy)) {
    const v = copy[key];
    if (isUrn(key) && v && typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length) delete copy[key];
  }
  return copy;
}

// ─── Group membership as row operations ───

export type MemberChange =
  | { op: "add"; ids: string[] }
  | { op: "remove"; ids: string[] }
  | { op: "removeAll" }
  | { op: "replace"; ids: string[] };

/** `members[value eq "a" or value eq "b"]` → the ids; other member filters are not supported. */
function memberIdsOfFilter(cond: Condition, text: string): string[] {
  if (cond.kind === "compare" && cond.op === "eq" && cond.attr.ref.sub?.name === "value" && typeof cond.value === "string") return [cond.value];
  if (cond.kind === "or") return cond.items.flatMap((c) => memberIdsOfFilter(c, text));
  throw invalidPath(`"${text}": members are selected by value only, as in members[value eq "…"]`);
}

function memberIds(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_MEMBERS_PER_REQUEST) throw tooMany(`${where}: at most ${MAX_MEMBERS_PER_REQUEST} members per operation`);
  // Bare strings are ids (Microsoft's reference collection sends them); objects need a value.
  const refs = memberRefs(list.map((m) => (typeof m === "string" ? { value: m } : (m as Json))) as Json);
  return [...new Set(refs.map((r) => r.value))];
}

/** Splits group operations into member row operations and the rest (displayName, externalId, extensions). */
export function splitGroupOperations(operations: PatchOperation[]): { members: MemberChange[]; others: PatchOperation[] } {
  const members: MemberChange[] = [];
  const others: PatchOperation[] = [];
  for (const o of operations) {
    if (o.path.attr.ref.schema !== null || o.path.attr.ref.name !== "members") {
      others.push(o);
      continue;
    }
    if (o.path.sub) throw mutability(`"${o.path.text}": a member's sub-attributes cannot be changed; remove and add the member instead`);
    if (o.op === "remove") {
      if (o.path.filter) members.push({ op: "remove", ids: memberIdsOfFilter(o.path.filter, o.path.text) });
      else if (o.value !== undefined && o.value !== null) members.push({ op: "remove", ids: memberIds(o.value, o.path.text) }); // Entra: only the listed ones
      else members.push({ op: "removeAll" });
    } else if (o.path.filter) {
      throw invalidPath(`"${o.path.text}": add members with path "members" and a list of values`);
    } else if (o.op === "add") {
      members.push({ op: "add", ids: memberIds(o.value, o.path.text) });
    } else {
      members.push({ op: "replace", ids: memberIds(o.value, o.path.text) });
    }
  }
  return { members, others };
}
