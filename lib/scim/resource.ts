import { invalidSyntax, invalidValue } from "./errors";
import { getCaseInsensitive } from "./filter";
import {
  coreAttributes, findAttribute, isUrn, knownExtension, RESOURCE_TYPES, SCHEMAS, type AttributeDef, type ResourceTypeName,
} from "./schema";

// A SCIM resource as Portico stores it ("document"): core attributes at the top level under their
// canonical names, known extensions (Enterprise User) under their URN, custom extensions under theirs.
// Never stored: id and meta (the row's), groups / members (membership rows), password (accepted, dropped).
// normalizeDocument is the one validation of an incoming resource, used by POST, PUT and by PATCH on the
// document it produced, so every path to storage applies the same rules.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Document = Record<string, Json>;

export const MAX_STRING_LENGTH = 4096;
export const MAX_MULTI_VALUES = 100;
export const MAX_DOCUMENT_BYTES = 64 * 1024;
/** Members one request may name (a group POST or PUT, one PATCH operation). */
export const MAX_MEMBERS_PER_REQUEST = 10_000;
/** Attributes never stored in the document: the row owns them, or they are write-only. */
const NOT_STORED = new Set(["id", "meta", "schemas", "groups", "members", "password"]);

// Text PostgreSQL cannot store (NUL) or that is not well-formed Unicode (lone surrogates).
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkText(value: string, path: string, max = MAX_STRING_LENGTH): string {
  if (BAD_TEXT.test(value)) throw invalidValue(`${path} contains a NUL character or malformed Unicode`);
  if (value.length > max) throw invalidValue(`${path} is longer than ${max} characters`);
  return value;
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Coerces and checks one simple value against its definition (Entra's "True"/"False" strings are booleans). */
export function simpleValue(def: AttributeDef, value: unknown, path: string): Json {
  switch (def.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      throw invalidValue(`${path} must be a boolean (true or false), not ${typeName(value)}`);
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      throw invalidValue(`${path} must be an integer, not ${typeName(value)}`);
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      throw invalidValue(`${path} must be a number, not ${typeName(value)}`);
    case "dateTime":
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return checkText(value, path, 64);
      throw invalidValue(`${path} must be an xsd:dateTime string`);
    default:
      // Strings (string, reference, binary). Numbers are read as their text (an employee number sent as 42).
      if (typeof value === "string") return checkText(value, path);
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      throw invalidValue(`${path} must be a string, not ${typeName(value)}`);
  }
}

/** A complex value: an object of known sub-attributes (read-only ones dropped), or a bare string read as {value}. */
function complexValue(def: AttributeDef, value: unknown, path: string): Document | null {
  let obj = value;
  if (typeof obj === "string" && findAttribute(def.subAttributes, "value")) obj = { value: obj };
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw invalidValue(`${path} must be an object, not ${typeName(value)}`);
  const out: Document = {};
  for (const [key, raw] of Object.entries(obj as Record<string, unknown>)) {
    const sub = findAttribute(def.subAttributes, key);
    if (!sub) throw invalidSyntax(`"${key}" is not a sub-attribute of ${path}`);
    if (raw === null || raw === undefined) continue;
    if (sub.mutability === "readOnly" && def.name !== "members") continue;
    out[sub.name] = simpleValue(sub, raw, `${path}.${sub.name}`);
  }
  return Object.keys(out).length ? out : null;
}

/** A multi-valued value: an array (a single value is read as a one-element array); at most one primary. */
function multiValue(def: AttributeDef, value: unknown, path: string, max = MAX_MULTI_VALUES): Json[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length > max) throw invalidValue(`${path} has more than ${max} values`);
  const out: Json[] = [];
  for (const [i, item] of items.entries()) {
    if (item === null || item === undefined) continue;
    const v = def.type === "complex" ? complexValue(def, item, `${path}[${i}]`) : simpleValue(def, item, `${path}[${i}]`);
    if (v !== null) out.push(v);
  }
  if (def.type === "complex" && out.filter((v) => (v as Document).primary === true).length > 1) {
    throw invalidValue(`${path}: at most one value may be primary`);
  }
  return out;
}

/** An attribute's value as stored, or null when the value means "unassigned" (null, empty). */
export function attributeValue(def: AttributeDef, value: unknown, path: string): Json | null {
  if (value === null || value === undefined) return null;
  if (def.multiValued) {
    const list = multiValue(def, value, path);
    return list.length ? list : null;
  }
  if (def.type === "complex") return complexValue(def, value, path);
  return simpleValue(def, value, path);
}

/** A custom extension's attributes: any JSON, checked for text it could not store. */
function customValue(value: unknown, path: string, depth = 0): Json {
  if (depth > 5) throw invalidValue(`${path} is nested too deeply`);
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidValue(`${path} must be a finite number`);
    return value;
  }
  if (typeof value === "string") return checkText(value, path);
  if (Array.isArray(value)) {
    if (value.length > MAX_MULTI_VALUES) throw invalidValue(`${path} has more than ${MAX_MULTI_VALUES} values`);
    return value.map((v, i) => customValue(v, `${path}[${i}]`, depth + 1));
  }
  if (typeof value === "object") {
    const out: Document = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[checkText(k, path, 256)] = customValue(v, `${path}.${k}`, depth + 1);
    return out;
  }
  throw invalidValue(`${path} has an unsupported value`);
}

function schemasOf(body: Record<string, unknown>): string[] | null {
  const schemas = getCaseInsensitive(body, "schemas");
  if (schemas === undefined) return null;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) throw invalidSyntax("schemas must be an array of schema URIs");
  return schemas as string[];
}

/**
 * Validates an incoming User or Group (POST, PUT) into the stored document. `schemas` must name the
 * resource's core schema; extensions used must be listed (unknown URNs in `schemas` are fine, Entra
 * sends Microsoft's). Read-only attributes (id, meta, groups) are ignored, password is dropped, unknown
 * core attributes are refused naming them.
 */
export function documentFromBody(type: ResourceTypeName, body: unknown): { document: Document; members: MemberRef[] | undefined } {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalidSyntax(`The body must be a ${type} resource (a JSON object)`);
  const input = body as Record<string, unknown>;
  const schemas = schemasOf(input);
  const core = RESOURCE_TYPES[type].schema;
  if (!schemas || !schemas.some((s) => s.toLowerCase() === core.toLowerCase())) throw invalidSyntax(`schemas must include "${core}"`);
  const listed = new Set(schemas.map((s) => s.toLowerCase()));
  const doc: Document = {};
  for (const [key, value] of Object.entries(input)) {
    if (isUrn(key)) {
      if (key.toLowerCase() === core.toLowerCase()) {
        // Core attributes nested under the core URN: read as if they were at the top.
        Object.assign(doc, normalizeCore(type, value as Record<string, unknown>, key));
        continue;
      }
      if (!listed.has(key.toLowerCase())) throw invalidSyntax(`"${key}" is used but not listed in schemas`);
      const ext = knownExtension(type, key);
      const v = ext ? extensionValue(ext, value) : customValue(value, key);
      if (v !== null && !(typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length)) doc[ext ?? key] = v;
      continue;
    }
    Object.assign(doc, normalizeCore(type, { [key]: value }, null));
  }
  const members = doc.members === undefined ? undefined : memberRefs(doc.members);
  delete doc.members;
  return { document: normalizeDocument(type, doc), members };
}

/** A group member as a request names it: the user's id (display and type are informational). */
export interface MemberRef {
  value: string;
  type?: string;
}

/** Members from a validated `members` value: each needs a value; only users can be members. */
export function memberRefs(value: Json): MemberRef[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m, i) => {
    const d = m as Document;
    if (typeof d?.value !== "string" || !d.value) throw invalidValue(`members[${i}].value is required`);
    if (typeof d.type === "string" && d.type.toLowerCase() !== "user") throw invalidValue(`members[${i}]: only users can be members (nested groups are not supported)`);
    return { value: d.value };
  });
}

function normalizeCore(type: ResourceTypeName, input: Record<string, unknown>, prefix: string | null): Document {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw invalidSyntax(`${prefix ?? "The body"} must be an object`);
  const out: Document = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === "schemas") continue;
    const def = findAttribute(coreAttributes(type), key);
    if (!def) throw invalidSyntax(`"${key}" is not an attribute of ${type}`);
    if (def.mutability === "readOnly" || def.mutability === "writeOnly") continue; // id, meta, groups: ignored; password: dropped
    if (def.name === "members") {
      out.members = value === null ? [] : multiValue(def, value, "members", MAX_MEMBERS_PER_REQUEST);
      continue;
    }
    const v = attributeValue(def, value, def.name);
    if (v !== null) out[def.name] = v;
  }
  return out;
}

function extensionValue(urn: string, value: unknown): Document | null {
  if (value === null) return null;
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalidValue(`${urn} must be an object`);
  const out: Document = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const def = findAttribute(SCHEMAS[urn]!.attributes, key);
    if (!def) throw invalidSyntax(`"${key}" is not an attribute of ${urn}`);
    const v = attributeValue(def, raw, `${urn}:${def.name}`);
    if (v !== null) out[def.name] = v;
  }
  return out;
}

/**
 * The last check before storage, whatever produced the document (POST, PUT or PATCH): required
 * attributes, size. Members (Group) are kept aside by the caller; everything else is as stored.
 */
export function normalizeDocument(type: ResourceTypeName, doc: Document): Document {
  for (const key of Object.keys(doc)) if (NOT_STORED.has(key)) delete doc[key];
  for (const key of Object.keys(doc)) {
    const v = doc[key];
    if (v === null || v === undefined || (Array.isArray(v) && !v.length) || (typeof v === "object" && !Array.isArray(v) && v !== null && !Object.keys(v).length)) delete doc[key];
  }
  const required = type === "User" ? "userName" : "displayName";
  const value = doc[required];
  if (typeof value !== "string" || !value.trim()) throw invalidValue(`${required} is required`);
  if (value.length > 256) throw invalidValue(`${required} is longer than 256 characters`);
  if (Buffer.byteLength(JSON.stringify(doc)) > MAX_DOCUMENT_BYTES) throw invalidValue(`The ${type} is larger than ${MAX_DOCUMENT_BYTES / 1024} KB`);
  return doc;
}

/** The columns kept beside a user's document (filters, lists, the normalized view). */
export function userColumns(doc: Document): { userName: string; externalId: string | null; displayName: string | null; active: boolean; email: string | null; emails: { value: string; type: string | null; primary: boolean }[] } {
  const emails = (Array.isArray(doc.emails) ? doc.emails : []).flatMap((e) => {
    const d = e as Document;
    return typeof d.value === "string" ? [{ value: d.value, type: typeof d.type === "string" ? d.type : null, primary: d.primary === true }] : [];
  });
  return {
    userName: doc.userName as string,
    externalId: typeof doc.externalId === "string" ? doc.externalId : null,
    displayName: typeof doc.displayName === "string" ? doc.displayName : null,
    active: doc.active !== false,
    email: (emails.find((e) => e.primary) ?? emails[0])?.value ?? null,
    emails,
  };
}

export function groupColumns(doc: Document): { displayName: string; externalId: string | null } {
  return { displayName: doc.displayName as string, externalId: typeof doc.externalId === "string" ? doc.externalId : null };
}
