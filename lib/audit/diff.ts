// A readable before → after comparison for the audit detail view: both sides flattened to dotted paths
// ("metadata.plan", "scopes[1]"), each path marked added, removed, changed or unchanged.

export type DiffKind = "added" | "removed" | "changed" | "unchanged";

export interface DiffRow {
  path: string;
  kind: DiffKind;
  before?: string;
  after?: string;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix || "(value)", "[]");
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix || "(value)", "{}");
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix || "(value)", typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const b = before === null || before === undefined ? new Map<string, string>() : flatten(before, "", new Map());
  const a = after === null || after === undefined ? new Map<string, string>() : flatten(after, "", new Map());
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.map((path) => {
    const was = b.get(path);
    const now = a.get(path);
    if (was === undefined) return { path, kind: "added" as const, after: now };
    if (now === undefined) return { path, kind: "removed" as const, before: was };
    return { path, kind: was === now ? ("unchanged" as const) : ("changed" as const), before: was, after: now };
  });
}
