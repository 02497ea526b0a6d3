import { Prisma } from "@/lib/db";
import { invalidFilter } from "./errors";
import type { CompareOp, CompValue, Condition, FilterAttr } from "./filter";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, type AttributeDef, type ResourceTypeName } from "./schema";
import { isStorableTime } from "@/lib/validation/time";

// Resolved SCIM filters (filter.ts) → one parameterised SQL condition over directory_users (alias u) or
// directory_groups (alias g). Values are always bound parameters, never spliced in; identifiers come only
// from the schema. Case-insensitive attributes compare lower(column) with lower($n), which the
// lower(user_name) / lower(display_name) / lower(value) indexes serve for `eq`. Multi-valued attributes
// become a semi-join: emails on directory_user_emails (indexed), groups and members on
// directory_group_members, the rest on the stored resource's JSON array. Positive comparisons stay bare
// (so the indexes serve them); every negation is NULL-safe (NOT COALESCE(…, false)), so `not (…)` means
// what it says for absent attributes.

type Sql = Prisma.Sql;
const { sql, raw, join } = Prisma;

interface Field {
  /** The SQL expression of the value (text unless `kind` says otherwise). */
  expr: Sql;
  kind: "text" | "boolean" | "timestamp" | "number" | "json";
}

/** Where the elements of a multi-valued attribute live: a semi-join with a condition on one element. */
interface ElementSource {
  wrap(cond: Sql): Sql;
  field(sub: string, def: AttributeDef | undefined): Field | null;
}

const literal = (s: string) => raw(`'${s.replace(/'/g, "''")}'`);
const jsonKey = (s: string) => sql`${s}`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function kindOf(def: AttributeDef | undefined): Field["kind"] {
  switch (def?.type) {
    case "boolean": return "boolean";
    case "dateTime": return "timestamp";
    case "integer": case "decimal": return "number";
    case "complex": return "json";
    default: return "text";
  }
}

/** A JSON object's member as a field of the right kind: text via ->>, complex values via ->. */
function jsonField(container: Sql, key: string, def: AttributeDef | undefined): Field {
  const kind = kindOf(def);
  return { expr: kind === "json" ? sql`(${container} -> ${jsonKey(key)})` : sql`(${container} ->> ${jsonKey(key)})`, kind };
}

function jsonArrayElements(container: Sql, key: string, alias: string): ElementSource {
  const arr = sql`(${container} -> ${jsonKey(key)})`;
  return {
    wrap: (cond) => sql`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${arr}) = 'array' THEN ${arr} ELSE '[]'::jsonb END) AS ${raw(alias)}(v) WHERE ${cond})`,
    field: (sub, def) => jsonField(raw(`${alias}.v`), sub, def),
  };
}

export interface FilterSqlContext {
  type: ResourceTypeName;
  directoryId: string;
}

let aliasCounter = 0;
const nextAlias = (p: string) => `${p}${++aliasCounter % 1000}`;

function userElementSource(ctx: FilterSqlContext, attr: FilterAttr, onlyIndexedEmailFields: boolean): ElementSource | null {
  const name = attr.ref.name;
  if (attr.ref.schema === null && name === "emails" && onlyIndexedEmailFields) {
    const e = nextAlias("e");
    return {
      wrap: (cond) => sql`u.id IN (SELECT ${raw(e)}.user_id FROM directory_user_emails ${raw(e)} WHERE ${raw(e)}.directory_id = ${ctx.directoryId} AND ${cond})`,
      field: (sub) => sub === "value" ? { expr: raw(`${e}.value`), kind: "text" } : sub === "type" ? { expr: raw(`${e}.type`), kind: "text" } : sub === "primary" ? { expr: raw(`${e}."primary"`), kind: "boolean" } : null,
    };
  }
  if (attr.ref.schema === null && name === "groups") {
    const m = nextAlias("m");
    const g = nextAlias("mg");
    return {
      wrap: (cond) => sql`u.id IN (SELECT ${raw(m)}.user_id FROM directory_group_members ${raw(m)} JOIN directory_groups ${raw(g)} ON ${raw(g)}.id = ${raw(m)}.group_id WHERE ${raw(m)}.directory_id = ${ctx.directoryId} AND ${cond})`,
      field: (sub) => sub === "value" ? { expr: raw(`${g}.id`), kind: "text" } : sub === "display" ? { expr: raw(`${g}.display_name`), kind: "text" } : sub === "type" ? { expr: literal("direct"), kind: "text" } : null,
    };
  }
  if (attr.ref.schema === null && name === "schemas") {
    const s = nextAlias("s");
    return {
      wrap: (cond) => sql`EXISTS (SELECT 1 FROM unnest(ARRAY[${USER_SCHEMA}::text, CASE WHEN u.resource ? ${ENTERPRISE_USER_SCHEMA} THEN ${ENTERPRISE_USER_SCHEMA}::text END]) AS ${raw(s)}(v) WHERE ${raw(s)}.v IS NOT NULL AND ${cond})`,
      field: () => ({ expr: raw(`${s}.v`), kind: "text" }),
    };
  }
  if (attr.ref.def?.multiValued) {
    const container = attr.ref.schema ? sql`(u.resource -> ${jsonKey(attr.ref.schema)})` : raw("u.resource");
    return jsonArrayElements(container, name, nextAlias("el"));
  }
  return null;
}

function groupElementSource(ctx: FilterSqlContext, attr: FilterAttr): ElementSource | null {
  if (attr.ref.schema === null && attr.ref.name === "members") {
    const m = nextAlias("m");
    const mu = nextAlias("mu");
    return {
      wrap: (cond) => sql`g.id IN (SELECT ${raw(m)}.group_id FROM directory_group_members ${raw(m)} JOIN directory_users ${raw(mu)} ON ${raw(mu)}.id = ${raw(m)}.user_id WHERE ${raw(m)}.directory_id = ${ctx.directoryId} AND ${cond})`,
      field: (sub) => sub === "value" ? { expr: raw(`${m}.user_id`), kind: "text" } : sub === "display" ? { expr: raw(`coalesce(${mu}.display_name, ${mu}.user_name)`), kind: "text" } : sub === "type" ? { expr: literal("User"), kind: "text" } : null,
    };
  }
  if (attr.ref.schema === null && attr.ref.name === "schemas") {
    const s = nextAlias("s");
    return { wrap: (cond) => sql`EXISTS (SELECT 1 FROM unnest(ARRAY[${GROUP_SCHEMA}::text]) AS ${raw(s)}(v) WHERE ${cond})`, field: () => ({ expr: raw(`${s}.v`), kind: "text" }) };
  }
  return null;
}

/** A single-valued attribute of the resource (or sub-attribute of a single-valued complex one). */
function scalarField(ctx: FilterSqlContext, attr: FilterAttr): Field {
  const a = ctx.type === "User" ? "u" : "g";
  const { schema, name, sub } = attr.ref;
  if (schema === null) {
    if (!sub) {
      if (name === "id") return { expr: raw(`${a}.id`), kind: "text" };
      if (name === "externalId") return { expr: raw(`${a}.external_id`), kind: "text" };
      if (name === "displayName") return { expr: raw(`${a}.display_name`), kind: "text" };
      if (ctx.type === "User" && name === "userName") return { expr: raw("u.user_name"), kind: "text" };
      if (ctx.type === "User" && name === "active") return { expr: raw("u.active"), kind: "boolean" };
      if (name === "meta") return { expr: sql`jsonb_build_object('created', ${raw(a)}.create_time)`, kind: "json" };
    } else if (name === "meta") {
      if (sub.name === "created") return { expr: raw(`${a}.create_time`), kind: "timestamp" };
      if (sub.name === "lastModified") return { expr: raw(`${a}.update_time`), kind: "timestamp" };
      if (sub.name === "resourceType") return { expr: literal(ctx.type), kind: "text" };
      throw invalidFilter(`meta.${sub.name} cannot be filtered on`);
    }
  }
  const container = schema ? sql`(${raw(a)}.resource -> ${jsonKey(schema)})` : raw(`${a}.resource`);
  if (!sub) return jsonField(container, name, attr.ref.def);
  return jsonField(sql`(${container} -> ${jsonKey(name)})`, sub.name, sub.def);
}

function presentSql(field: Field): Sql {
  switch (field.kind) {
    case "text": return sql`(${field.expr} IS NOT NULL AND ${field.expr} <> '')`;
    case "json": return sql`(${field.expr} IS NOT NULL AND ${field.expr} NOT IN ('null'::jsonb, '{}'::jsonb, '[]'::jsonb, '""'::jsonb))`;
    default: return sql`(${field.expr} IS NOT NULL)`;
  }
}

/** `field op value` (eq, co, sw, ew, gt, ge, lt, le; ne and null are handled by the caller). */
function compareSql(field: Field, op: Exclude<CompareOp, "ne">, value: Exclude<CompValue, null>, caseExact: boolean): Sql {
  if (field.kind === "json") throw invalidFilter("A complex attribute cannot be compared: name one of its sub-attributes");
  if (field.kind === "boolean" || typeof value === "boolean") {
    const expr = field.kind === "boolean" ? field.expr : sql`lower(${field.expr})`;
    return field.kind === "boolean" ? sql`${expr} = ${Boolean(value)}` : sql`${expr} = ${String(value)}`;
  }
  if (field.kind === "timestamp" || field.kind === "number") {
    const cast = field.kind === "timestamp" ? raw("timestamptz") : raw("numeric");
    const lhs = field.kind === "timestamp" ? field.expr : sql`(${field.expr})::numeric`;
    // Checked here, not by PostgreSQL's cast: a value it cannot read (not a date, year 0, not a number) is
    // the caller's invalidFilter, not a failed query.
    let operand: string | number;
    if (field.kind === "timestamp") {
      const date = new Date(String(value));
      if (!isStorableTime(date)) throw invalidFilter(`${String(value).slice(0, 40)} is not a date and time between 0001 and 9999 (RFC 3339, like 2026-01-31T12:00:00Z)`);
      operand = date.toISOString();
    } else {
      operand = Number(value);
      if (!Number.isFinite(operand)) throw invalidFilter(`${String(value).slice(0, 40)} is not a number`);
    }
    const rhs = sql`${operand}::${cast}`;
    const sym = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" }[op as "eq" | "gt" | "ge" | "lt" | "le"];
    if (!sym) throw invalidFilter(`${op} does not compare ${field.kind === "timestamp" ? "dates" : "numbers"}`);
    return sql`${lhs} ${raw(sym)} ${rhs}`;
  }
  const text = String(value);
  const lhs = caseExact ? field.expr : sql`lower(${field.expr})`;
  const param = (v: string) => (caseExact ? sql`${v}` : sql`lower(${v})`);
  switch (op) {
    case "eq": return sql`${lhs} = ${param(text)}`;
    case "co": return sql`${lhs} LIKE ${param(`%${escapeLike(text)}%`)}`;
    case "sw": return sql`${lhs} LIKE ${param(`${escapeLike(text)}%`)}`;
    case "ew": return sql`${lhs} LIKE ${param(`%${escapeLike(text)}`)}`;
    case "gt": return sql`${lhs} COLLATE "C" > ${param(text)}`;
    case "ge": return sql`${lhs} COLLATE "C" >= ${param(text)}`;
    case "lt": return sql`${lhs} COLLATE "C" < ${param(text)}`;
    case "le": return sql`${lhs} COLLATE "C" <= ${param(text)}`;
  }
}

/**
 * A leaf predicate on a field; `ne` is "not equal" and `eq null` is "absent". Positive predicates stay
 * bare so indexes serve them (WHERE reads NULL as false anyway); negations are made NULL-safe.
 */
function leafSql(field: Field, op: CompareOp, value: CompValue, caseExact: boolean): Sql {
  if (value === null) return op === "eq" ? sql`NOT ${presentSql(field)}` : presentSql(field);
  if (op === "ne") return negate(compareSql(field, "eq", value, caseExact));
  return compareSql(field, op, value, caseExact);
}

/** NOT that reads an unknown (NULL) inner result as false, so `not (title eq "x")` matches users without a title. */
function negate(inner: Sql): Sql {
  return sql`NOT COALESCE((${inner}), false)`;
}

function caseExactOf(attr: FilterAttr): boolean {
  return attr.leaf?.caseExact ?? false;
}

/** Leaves of an element condition, to pick the indexed email table only when it holds every field used. */
function elementLeaves(cond: Condition): string[] {
  switch (cond.kind) {
    case "and": case "or": return cond.items.flatMap(elementLeaves);
    case "not": return elementLeaves(cond.item);
    case "compare": case "present": return [cond.attr.ref.sub?.name ?? "value"];
    case "valuePath": return [];
  }
}

function elementSource(ctx: FilterSqlContext, attr: FilterAttr, fields: string[]): ElementSource | null {
  if (ctx.type === "Group") return groupElementSource(ctx, attr);
  return userElementSource(ctx, attr, fields.every((f) => ["value", "type", "primary"].includes(f)));
}

function elementCondition(source: ElementSource, cond: Condition): Sql {
  switch (cond.kind) {
    case "and": return sql`(${join(cond.items.map((c) => elementCondition(source, c)), " AND ")})`;
    case "or": return sql`(${join(cond.items.map((c) => elementCondition(source, c)), " OR ")})`;
    case "not": return negate(elementCondition(source, cond.item));
    case "valuePath": throw invalidFilter("Value paths cannot be nested");
    case "present": case "compare": {
      const sub = cond.attr.ref.sub!;
      const field = source.field(sub.name, sub.def);
      if (!field) throw invalidFilter(`${cond.attr.ref.name}.${sub.name} cannot be filtered on`);
      return cond.kind === "present" ? presentSql(field) : leafSql(field, cond.op, cond.value, caseExactOf(cond.attr));
    }
  }
}

function conditionSql(ctx: FilterSqlContext, cond: Condition): Sql {
  switch (cond.kind) {
    case "and": return sql`(${join(cond.items.map((c) => conditionSql(ctx, c)), " AND ")})`;
    case "or": return sql`(${join(cond.items.map((c) => conditionSql(ctx, c)), " OR ")})`;
    case "not": return negate(conditionSql(ctx, cond.item));
    case "valuePath": {
      const source = elementSource(ctx, cond.attr, elementLeaves(cond.filter));
      if (!source) throw invalidFilter(`${cond.attr.ref.name} is not multi-valued: filter its sub-attributes directly`);
      return source.wrap(elementCondition(source, cond.filter));
    }
    case "present": case "compare": {
      const multi = cond.attr.ref.def?.multiValued;
      if (multi) {
        const sub = cond.attr.ref.sub?.name;
        const source = elementSource(ctx, cond.attr, [sub ?? "value"]);
        if (!source) throw invalidFilter(`${cond.attr.ref.name} cannot be filtered on`);
        // Multi-valued: `pr` is "has a value", `ne` / `eq null` are "no value equals" / "no value".
        const field = sub ? source.field(sub, cond.attr.ref.sub!.def) : source.field("value", undefined);
        if (!field) throw invalidFilter(`${cond.attr.ref.name}${sub ? `.${sub}` : ""} cannot be filtered on`);
        if (cond.kind === "present") return source.wrap(sub ? presentSql(field) : sql`true`);
        if (cond.value === null) return cond.op === "eq" ? sql`NOT ${source.wrap(presentSql(field))}` : source.wrap(presentSql(field));
        if (cond.op === "ne") return sql`NOT ${source.wrap(leafSql(field, "eq", cond.value, caseExactOf(cond.attr)))}`;
        return source.wrap(leafSql(field, cond.op, cond.value, caseExactOf(cond.attr)));
      }
      const field = scalarField(ctx, cond.attr);
      return cond.kind === "present" ? presentSql(field) : leafSql(field, cond.op, cond.value, caseExactOf(cond.attr));
    }
  }
}

/** The WHERE condition for a resolved filter (combine it with the directory and liveness conditions). */
export function filterToSql(ctx: FilterSqlContext, cond: Condition): Sql {
  return conditionSql(ctx, cond);
}
