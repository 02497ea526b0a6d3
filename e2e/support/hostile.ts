import fc from "fast-check";

// Hostile values for the fuzz suite (e2e/fuzz.spec.ts): a fixed table of what attackers and broken
// clients send, by where it goes, plus a seeded fast-check generator that adds random strings of the
// same families (NUL, unpaired surrogates, control and format characters, astral characters) so each
// run also tries values nobody wrote down. FUZZ_SEED reproduces a run; the seed is printed.

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261206);

/** Strings that no text field may accept: PostgreSQL refuses them, so they must be a 4xx naming the field. */
export const UNSTORABLE_STRINGS: readonly string[] = [
  "a\u0000b", "\u0000", "m2morg_1\u0000", "\ud800", "x\udfff", "end\ud83d", "\ude00start", "\u0000\ud800\u0000",
];

/** Longer than any text field's limit (and short enough that bodies stay under their size limits). */
export const OVER_LONG = "x".repeat(5_000);
/** A 200-character value whose last character is an emoji: cut mid-character, it breaks. */
export const EMOJI_AT_LIMIT = `${"x".repeat(199)}😀`;
export const WHITESPACE_ONLY: readonly string[] = ["   ", "\t\n", "\u00a0\u2003"];

/** Odd but storable strings: a read must not fail on them (they are not errors in themselves). */
export const ODD_STRINGS: readonly string[] = [
  "<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x", "../../etc/passwd", "${jndi:ldap://x}", "\u202etxt.exe", "\u200b",
  "\ufffd", "😀", EMOJI_AT_LIMIT, "$K1", "$@1", "null", "-1", "1e309", "*", ".*", "%",
];

/** JSON values of the wrong type for a string field. */
export const NOT_STRINGS: readonly unknown[] = [42, -1, 1e308, true, false, [], ["a"], {}, { $ne: null }];
/** JSON values of the wrong kind for an integer field. */
export const NOT_INTEGERS: readonly unknown[] = ["3600", 3600.5, -1, 0, 1e308, 2 ** 53 + 1, true, [], {}, "\u0000"];
/** For an array-of-strings field. */
export const NOT_STRING_ARRAYS: readonly unknown[] = ["a", 42, {}, [42], [null], [["a"]], ["a\u0000"], ["\ud800"], Array.from({ length: 1_000 }, (_, i) => `s${i}`)];
/** For an object field. */
export const NOT_OBJECTS: readonly unknown[] = ["x", 42, [], true, { "\u0000": 1 }, { k: "\u0000" }, { k: { nested: { deeper: 1 } } }, { ["k".repeat(5_000)]: 1 }];

/** Raw path segments (already percent-encoded as sent): NUL, broken or overlong UTF-8, traversal, a huge id. */
export const HOSTILE_PATH_SEGMENTS: readonly string[] = [
  "%00", "org_1%00", "%E0%A4%A", "%", "%zz", "%ED%A0%80", "%C0%AE%C0%AE", "%F0%9F%98", "..%2F..%2Fetc", "%20%20",
  "x".repeat(3_000), "org_999999999999999999999999999999999", "%EF%BF%BD", "null", "-1", "1e309", "org_1;DROP%20TABLE",
  // Nineteen digits over a bigint: a delivery id or position that cannot exist.
  "9999999999999999999",
];

/** Raw query values (percent-encoded as sent). */
export const HOSTILE_QUERY_VALUES: readonly string[] = [
  "%00", "a%00b", "%E0%A4%A", "%ED%A0%80", "%", encodeURIComponent(OVER_LONG), "%20%20%20", "1e309", "-1", "0", "99999999999999999999",
  "NaN", "0000-01-01T00:00:00Z", "0001-01-01T00:30:00%2B01:00", "%2B275760-09-13T00:00:00Z", "2026-02-30T00:00:00Z", "*", ".*", "%25",
  "'%20OR%201=1--", "%5B%5D", encodeURIComponent(EMOJI_AT_LIMIT), "9999999999999999999",
];

/** Content types a JSON route must refuse (415) or read as the JSON they claim to be. */
export const ODD_CONTENT_TYPES: readonly string[] = [
  "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "",
];

/** Bodies that are not a JSON object: broken, the wrong top-level type, absurdly nested, huge. */
export const MALFORMED_JSON_BODIES: readonly string[] = [
  "{", "[]", "null", "\"str\"", "1e400", "\ufeff{}", "{\"a\":1,\"a\":2}", "[".repeat(5_000) + "]".repeat(5_000),
  `{"x":"${"y".repeat(70_000)}"}`, "{\"__proto__\":{\"polluted\":1}}",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const format = fc.constantFrom("\u200b", "\u200e", "\u202e", "\ufeff", "\u2028", "\ufffd");

/** Random strings mixing valid text with NUL, lone surrogates, control and format characters. */
export function randomHostileStrings(count: number, seed = FUZZ_SEED): string[] {
  const piece = fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), loneSurrogate, control, format, fc.constant("\u0000"));
  // Each one carries at least one NUL or unpaired surrogate, so every field must refuse it.
  const hostile = fc.tuple(fc.array(piece, { maxLength: 6 }), fc.oneof(loneSurrogate, fc.constant("\u0000")), fc.array(piece, { maxLength: 6 }))
    .map(([a, bad, b]) => `${a.join("")}${bad}${b.join("")}`);
  return fc.sample(hostile, { seed, numRuns: count });
}

/** Random JSON values of any shape (for server-action arguments and wrong-type fields). */
export function randomJsonValues(count: number, seed = FUZZ_SEED + 1): unknown[] {
  const leaf = fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), loneSurrogate, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 3 })),
  })).node;
  return fc.sample(value, { seed, numRuns: count });
}
