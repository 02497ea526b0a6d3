import { z } from "zod";

// The one text rule. Every string that comes from outside (JSON bodies, query parameters, path segments,
// form fields, OAuth parameters) and may reach PostgreSQL goes through it, because PostgreSQL refuses two
// things JavaScript strings can hold: NUL (U+0000, in text and in jsonb) and unpaired UTF-16 surrogates
// ("\ud800" from JSON; node-postgres would silently store U+FFFD for them in text, and jsonb refuses the
// escape outright). Refused at the edge, they become a clear error naming the field instead of a 500, and
// nothing half-stored. Client-safe (zod only), so forms share it.
//
//   text()                      z.string() with the rule, first: chain .trim().min().max().regex() on it
//   plainText()                 text() that also refuses control characters (names and reasons people read)
//   isStorableText(value)       the rule as a predicate (OAuth parameters, console search parameters)
//   truncateText(value, max)    shortening that never cuts a character in half
//   storableText(value, max)    hostile text made safe to record (audit of failed attempts): NUL and
//                               lone surrogates become U+FFFD, then truncated
//   findUnstorableText(json)    the path of the first string or key in a parsed JSON body that breaks the
//                               rule: the edges' safety net (management API bodies, SCIM, server actions),
//                               so a schema that forgot text() still cannot reach PostgreSQL with it

const SUSPECT = /[\u0000\ud800-\udfff]/;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export const TEXT_RULE_MESSAGE = "must not contain NUL characters or invalid Unicode (unpaired surrogates)";

/** Whether PostgreSQL can store `value` as it is: no NUL and well-formed UTF-16. */
export function isStorableText(value: string): boolean {
  if (!SUSPECT.test(value)) return true; // the common case, checked natively
  // (String.prototype.isWellFormed is ES2024: not in every browser the forms run in.)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0) return false;
    if (code < 0xd800 || code > 0xdfff) continue;
    if (code > 0xdbff || !isLowSurrogate(value.charCodeAt(i + 1))) return false; // a lone low, or a high without its low
    i++;
  }
  return true;
}

/**
 * A string schema that refuses NUL and lone surrogates before any other check runs (so the error says
 * that, not "must be printable ASCII"). Trimming, lengths and patterns chain on as usual:
 * `text().trim().min(1, "is required").max(100)`.
 */
export function text(params?: { error?: string }) {
  return z.string(params).refine(isStorableText, { message: TEXT_RULE_MESSAGE, abort: true });
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
export const CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";

/**
 * text() for what people read in lists and the audit trail (names, descriptions, reasons): no control
 * characters either; tabs and line breaks only when `multiline`. Chain on as with text().
 */
export function plainText({ multiline = true, error }: { multiline?: boolean; error?: string } = {}) {
  return text({ error }).refine((s) => !CONTROL.test(s) && (multiline || !LINE_BREAK_OR_TAB.test(s)), { message: CONTROL_CHARACTERS_MESSAGE, abort: true });
}

/**
 * At most `max` UTF-16 code units of `value`, never splitting a surrogate pair: a character that does
 * not fit whole is left out. (Code units, like zod's .max() and JavaScript's .length, so a limit means
 * the same everywhere; PostgreSQL counts characters, which is never more.)
 */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = max > 0 && isHighSurrogate(value.charCodeAt(max - 1)) ? max - 1 : max;
  return value.slice(0, Math.max(0, end));
}

/**
 * A copy of untrusted text that can always be stored and shown: NUL and unpaired surrogates replaced by
 * U+FFFD, then truncated code-point safely. For recording what an attacker sent (a failed
 * authentication's client id, a sign-in's email), never for values that are used as given.
 */
export function storableText(value: string, max: number): string {
  if (isStorableText(value)) return truncateText(value, max);
  let out = "";
  for (let i = 0; i < value.length && out.length < max; i++) {
    const code = value.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += value.slice(i, i + 2);
      i++;
    } else {
      out += code === 0 || (code >= 0xd800 && code <= 0xdfff) ? "\ufffd" : value[i];
    }
  }
  return truncateText(out, max);
}

/**
 * The dotted path ("name.givenName", "emails.0.value") of the first string or object key in a parsed
 * JSON value that breaks the text rule; "" for the value itself; null when everything is storable.
 */
export function findUnstorableText(value: unknown, path = "", depth = 0): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], at(String(i)), depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!isStorableText(key)) return at(storableText(key, 100));
    const found = findUnstorableText(v, at(key), depth + 1);
    if (found !== null) return found;
  }
  return null;
}
