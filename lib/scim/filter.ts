import { parseFilter, Tokens, tokenizer } from "scim2-parse-filter/lib/src/parser";
import type { Filter } from "scim2-parse-filter";
import { invalidFilter, tooMany } from "./errors";
import { findAttribute, refToPath, resolveAttributePath, type AttributeDef, type AttributeRef, type ResourceTypeName } from "./schema";

// SCIM filters (RFC 7644 §3.4.2.2): parsed by scim2-parse-filter, then resolved against the schema into
// a small tree Portico owns. Resolution names unknown attributes and mistyped values (400 invalidFilter)
// and carries each attribute's definition, so the SQL translation (filter-sql.ts) and the in-memory
// matcher below both know whether a comparison is case-insensitive (caseExact: false, e.g. userName,
// emails.value, displayName) — the npm SCIM libraries compare case-sensitively.
//
// Two leniencies, both for Entra ID: an unquoted value (`externalId eq jyoung`, from Microsoft's docs) is
// read as a string, and `emails[type eq "work"].value eq "x"` means one email that is of type work AND
// has that value (the library's own reading joins them with a plain `and`, which could match two
// different emails).

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type CompValue = string | number | boolean | null;

/** An attribute in a condition: at the resource's top level, or inside a value path (element-relative). */
export interface FilterAttr {
  /** The full reference from the resource's root (for messages and storage mapping). */
  ref: AttributeRef;
  /** The definition of the leaf (the sub-attribute when there is one); undefined for custom attributes. */
  leaf: AttributeDef | undefined;
}

export type Condition =
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition }
  | { kind: "compare"; op: CompareOp; attr: FilterAttr; value: CompValue }
  | { kind: "present"; attr: FilterAttr }
  /** `emails[type eq "work" and primary eq true]`: some element of `attr` matches `filter`, whose attributes are the element's. */
  | { kind: "valuePath"; attr: FilterAttr; filter: Condition };

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_TERMS = 64;

const COMPARE_OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);

type Token = { type: string; literal: string };

function isJsonScalar(literal: string): boolean {
  try {
    const v: unknown = JSON.parse(literal);
    return v === null || ["string", "number", "boolean"].includes(typeof v);
  } catch {
    return false;
  }
}

/** Token rewrites before parsing: unquoted values become strings; `X[F].sub op v` becomes `X[(F) and sub op v]`. */
function rewriteTokens(tokens: Token[]): Token[] {
  const out = tokens.map((t, i) => {
    const prev = tokens[i - 1];
    const before = tokens[i - 2];
    if (t.type === "Word" && prev?.type === "Word" && COMPARE_OPS.has(prev.literal.toLowerCase()) && (before?.type === "Word" || before?.literal?.startsWith("]")) && !isJsonScalar(t.literal)) {
      return { type: "Quoted", literal: JSON.stringify(t.literal) };
    }
    return t;
  });
  for (let j = out.findIndex((t) => t.literal === "]."); j !== -1; j = out.findIndex((t) => t.literal === "].")) {
    let open = j - 1;
    while (open >= 0 && out[open]!.literal !== "[") open--;
    const sub = out[j + 1];
    const op = out[j + 2];
    if (open < 0 || sub?.type !== "Word" || op?.type !== "Word") throw invalidFilter("A value path's sub-attribute must be followed by an operator, as in emails[type eq \"work\"].value eq \"…\"");
    const isPresent = op.literal.toLowerCase() === "pr";
    const value = isPresent ? [] : [out[j + 3]!];
    if (!isPresent && (!value[0] || value[0].type === "EOT")) throw invalidFilter(`"${op.literal}" needs a value`);
    const end = j + 3 + value.length;
    out.splice(open, end - open, out[open]!, { type: "Bracket", literal: "(" }, ...out.slice(open + 1, j), { type: "Bracket", literal: ")" },
      { type: "Word", literal: "and" }, sub, op, ...value, { type: "Bracket", literal: "]" });
  }
  return out;
}

/** The library's messages in words an IT admin can act on. */
function explain(message: string): string {
  if (/\[\(EOT\)\] is not json/.test(message) || /Unexpected token\s+\(EOT\)/.test(message)) return "it ends where a value or expression was expected";
  const notJson = /^\[(.*)\((\w+)\)\] is not json$/.exec(message);
  if (notJson) return `${notJson[1]} is not a value (quote strings: "…"; true, false, null and numbers are bare)`;
  return message;
}

/** Parses a filter string into the library's tree (400 invalidFilter on any syntax error). */
export function parseFilterSyntax(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) throw tooMany(`The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  if (!text.trim()) throw invalidFilter("The filter is empty");
  let tokens: Token[];
  try {
    tokens = tokenizer(text) as Token[];
  } catch (err) {
    throw invalidFilter(`The filter could not be read: ${explain((err as Error).message)}`);
  }
  tokens = rewriteTokens(tokens);
  try {
    const list = new Tokens(tokens as never);
    const filter = parseFilter(list) as Filter;
    if (list.peek().type !== "EOT") throw new Error(`unexpected "${list.peek().literal}" after the end of the expression`);
    return filter;
  } catch (err) {
    throw invalidFilter(`The filter could not be read: ${explain((err as Error).message)}`);
  }
}

function countTerms(f: Filter): number {
  switch (f.op) {
    case "and": case "or": return (f as { filters: Filter[] }).filters.reduce((n, x) => n + countTerms(x), 0);
    case "not": return countTerms((f as { filter: Filter }).filter);
    case "[]": return 1 + countTerms((f as { valFilter: Filter }).valFilter);
    default: return 1;
  }
}

function coerceValue(op: CompareOp, leaf: AttributeDef | undefined, value: CompValue, path: string): CompValue {
  const type = leaf?.type ?? "string";
  if (value === null) {
    if (op !== "eq" && op !== "ne") throw invalidFilter(`${path} ${op} null is not a comparison`);
    return null;
  }
  switch (type) {
    case "boolean": {
      if (op !== "eq" && op !== "ne") throw invalidFilter(`${path} is a boolean: only eq and ne compare it`);
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      throw invalidFilter(`${path} is a boolean: compare it with true or false`);
    }
    case "integer": case "decimal":
      if (typeof value !== "number" || (type === "integer" && !Number.isInteger(value))) throw invalidFilter(`${path} is a number: compare it with a ${type}`);
      if (["co", "sw", "ew"].includes(op)) throw invalidFilter(`${path} is a number: ${op} compares strings`);
      return value;
    case "dateTime":
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw invalidFilter(`${path} is a date and time: compare it with a quoted xsd:dateTime such as "2026-01-31T12:00:00Z"`);
      if (["co", "sw", "ew"].includes(op)) throw invalidFilter(`${path} is a date and time: use eq, ne, gt, ge, lt or le`);
      return value;
    case "complex":
      throw invalidFilter(`${path} is complex: compare one of its sub-attributes (e.g. ${path}.value)`);
    case "binary":
      if (op !== "eq" && op !== "ne") throw invalidFilter(`${path} is binary: only eq and ne compare it`);
      if (typeof value !== "string") throw invalidFilter(`${path} is binary: compare it with a base64 string`);
      return value;
    default:
      if (typeof value !== "string") {
        if (typeof value === "boolean" || typeof value === "number") return String(value);
      }
      return value;
  }
}

/** A top-level attribute path; complex multi-valued attributes compare on their `value` sub-attribute (RFC 7644 §3.4.2.2). */
function resolveTop(type: ResourceTypeName, path: string): FilterAttr {
  const ref = resolveAttributePath(type, path);
  if (!ref) throw invalidFilter(`"${path}" is not an attribute of ${type}`);
  if (ref.def?.returned === "never") throw invalidFilter(`"${refToPath(ref)}" cannot be filtered on`);
  if (!ref.sub && ref.def?.type === "complex") {
    const value = findAttribute(ref.def.subAttributes, "value");
    if (ref.def.multiValued && value) return { ref: { ...ref, sub: { name: value.name, def: value } }, leaf: value };
  }
  return { ref, leaf: ref.sub ? ref.sub.def : ref.def };
}

function resolveInner(outer: FilterAttr, path: string): FilterAttr {
  const def = outer.ref.def;
  if (def === undefined) return { ref: { ...outer.ref, sub: { name: path, def: undefined } }, leaf: undefined };
  const sub = findAttribute(def.subAttributes, path);
  if (!sub || path.includes(".")) throw invalidFilter(`"${path}" is not a sub-attribute of ${refToPath(outer.ref)}`);
  return { ref: { ...outer.ref, sub: { name: sub.name, def: sub } }, leaf: sub };
}

function resolveNode(type: ResourceTypeName, f: Filter, outer: FilterAttr | null): Condition {
  switch (f.op) {
    case "and": case "or":
      return { kind: f.op, items: (f as { filters: Filter[] }).filters.map((x) => resolveNode(type, x, outer)) };
    case "not":
      return { kind: "not", item: resolveNode(type, (f as { filter: Filter }).filter, outer) };
    case "[]": {
      if (outer) throw invalidFilter("Value paths cannot be nested");
      const vp = f as { attrPath: string; valFilter: Filter };
      const ref = resolveAttributePath(type, vp.attrPath);
      if (!ref || ref.sub) throw invalidFilter(`"${vp.attrPath}" is not an attribute of ${type}`);
      if (ref.def && ref.def.type !== "complex") throw invalidFilter(`"${ref.name}" is not complex: a [filter] selects values of complex attributes`);
      const attr: FilterAttr = { ref, leaf: ref.def };
      return { kind: "valuePath", attr, filter: resolveNode(type, vp.valFilter, attr) };
    }
    case "pr": {
      const p = (f as { attrPath: string }).attrPath;
      return { kind: "present", attr: outer ? resolveInner(outer, p) : resolveTop(type, p) };
    }
    default: {
      const c = f as { op: CompareOp; attrPath: string; compValue: CompValue };
      if (!COMPARE_OPS.has(c.op)) throw invalidFilter(`Unknown operator "${c.op}"`);
      const attr = outer ? resolveInner(outer, c.attrPath) : resolveTop(type, c.attrPath);
      return { kind: "compare", op: c.op, attr, value: coerceValue(c.op, attr.leaf, c.compValue, refToPath(attr.ref)) };
    }
  }
}

/** Parses and resolves a `filter` query parameter for a resource type. */
export function parseScimFilter(type: ResourceTypeName, text: string): Condition {
  const tree = parseFilterSyntax(text);
  if (countTerms(tree) > MAX_FILTER_TERMS) throw tooMany(`The filter has more than ${MAX_FILTER_TERMS} comparisons`);
  return resolveNode(type, tree, null);
}

/** A value-path filter inside a PATCH path (`emails[type eq "work"]`), relative to `outer`'s elements. */
export function parseElementFilter(type: ResourceTypeName, outer: FilterAttr, text: string): Condition {
  const tree = parseFilterSyntax(text);
  if (countTerms(tree) > MAX_FILTER_TERMS) throw tooMany(`The filter has more than ${MAX_FILTER_TERMS} comparisons`);
  return resolveNode(type, tree, outer);
}

// ─── In-memory matching (PATCH value paths select elements of one resource) ───

function compareScalars(op: CompareOp, actual: unknown, expected: CompValue, leaf: AttributeDef | undefined): boolean {
  if (expected === null) return op === "eq" ? actual === undefined || actual === null : actual !== undefined && actual !== null;
  if (actual === undefined || actual === null) return op === "ne";
  const type = leaf?.type ?? "string";
  if (type === "boolean") {
    const a = typeof actual === "string" ? actual.toLowerCase() === "true" : actual === true;
    return op === "eq" ? a === expected : a !== expected;
  }
  if (type === "integer" || type === "decimal") {
    const a = Number(actual);
    const e = expected as number;
    return { eq: a === e, ne: a !== e, gt: a > e, ge: a >= e, lt: a < e, le: a <= e, co: false, sw: false, ew: false }[op];
  }
  if (type === "dateTime") {
    const a = Date.parse(String(actual));
    const e = Date.parse(String(expected));
    return { eq: a === e, ne: a !== e, gt: a > e, ge: a >= e, lt: a < e, le: a <= e, co: false, sw: false, ew: false }[op];
  }
  const exact = leaf?.caseExact ?? false;
  const a = exact ? String(actual) : String(actual).toLowerCase();
  const e = exact ? String(expected) : String(expected).toLowerCase();
  switch (op) {
    case "eq": return a === e;
    case "ne": return a !== e;
    case "co": return a.includes(e);
    case "sw": return a.startsWith(e);
    case "ew": return a.endsWith(e);
    case "gt": return a > e;
    case "ge": return a >= e;
    case "lt": return a < e;
    case "le": return a <= e;
  }
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** Whether one element of a multi-valued complex attribute (an object) matches an element-relative condition. */
export function elementMatches(cond: Condition, element: Record<string, unknown>): boolean {
  switch (cond.kind) {
    case "and": return cond.items.every((c) => elementMatches(c, element));
    case "or": return cond.items.some((c) => elementMatches(c, element));
    case "not": return !elementMatches(cond.item, element);
    case "present": return present(getCaseInsensitive(element, cond.attr.ref.sub!.name));
    case "compare": {
      const v = getCaseInsensitive(element, cond.attr.ref.sub!.name);
      if (cond.value === null) return cond.op === "eq" ? !present(v) : present(v);
      if (cond.op === "ne") return !compareScalars("eq", v, cond.value, cond.attr.leaf);
      return compareScalars(cond.op, v, cond.value, cond.attr.leaf);
    }
    case "valuePath": return false;
  }
}

export function getCaseInsensitive(obj: Record<string, unknown> | undefined | null, key: string): unknown {
  if (!obj || typeof obj !== "object") return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** The values an attribute reference reaches in a stored resource document (core at the top, extensions under their URN). */
function valuesAt(doc: Record<string, unknown>, attr: FilterAttr): unknown[] {
  const container = attr.ref.schema ? (getCaseInsensitive(doc, attr.ref.schema) as Record<string, unknown> | undefined) : doc;
  const top = getCaseInsensitive(container, attr.ref.name);
  const items = Array.isArray(top) ? top : top === undefined ? [] : [top];
  if (!attr.ref.sub) return items;
  return items.map((i) => (i && typeof i === "object" ? getCaseInsensitive(i as Record<string, unknown>, attr.ref.sub!.name) : undefined));
}

/** Whether a whole resource (its SCIM JSON) matches a resolved filter. Used by tests to check the SQL translation. */
export function resourceMatches(cond: Condition, doc: Record<string, unknown>): boolean {
  switch (cond.kind) {
    case "and": return cond.items.every((c) => resourceMatches(c, doc));
    case "or": return cond.items.some((c) => resourceMatches(c, doc));
    case "not": return !resourceMatches(cond.item, doc);
    case "present": return valuesAt(doc, cond.attr).some(present);
    case "compare": {
      const values = valuesAt(doc, cond.attr);
      // `eq null` is "absent", `ne` is "no value equals" (so a multi-valued attribute matches `ne` only
      // when none of its values is equal): the SQL translation reads them the same way.
      if (cond.value === null) return cond.op === "eq" ? !values.some(present) : values.some(present);
      if (cond.op === "ne") return !values.some((v) => compareScalars("eq", v, cond.value, cond.attr.leaf));
      return values.some((v) => compareScalars(cond.op, v, cond.value, cond.attr.leaf));
    }
    case "valuePath": {
      const elements = valuesAt(doc, cond.attr).flatMap((v) => (Array.isArray(v) ? v : [v]));
      return elements.some((e) => e && typeof e === "object" && elementMatches(cond.filter, e as Record<string, unknown>));
    }
  }
}
