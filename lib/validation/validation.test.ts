import assert from "node:assert/strict";
import { test } from "node:test";
import { DomainError } from "@/lib/errors";
import { newId, newPortalLinkId } from "@/lib/ids";
import { assertIdOf, idFormatMessage, idOf, idSchema, isIdOf } from "./ids";
import { MAX_POSITION, parsePosition, positionSchema } from "./position";
import { CONTROL_CHARACTERS_MESSAGE, findUnstorableText, isStorableText, plainText, storableText, text, TEXT_RULE_MESSAGE, truncateText } from "./text";
import { isStorableTime, rfc3339Time, TIME_RANGE_MESSAGE } from "./time";

const HOSTILE = ["a\u0000b", "\u0000", "\ud800", "x\udc00", "\ud83d", "end\ud83d", "\ude00start"];

test("the text rule refuses NUL and unpaired surrogates, and nothing else", () => {
  for (const bad of HOSTILE) assert.equal(isStorableText(bad), false, JSON.stringify(bad));
  for (const good of ["", "plain", "😀", "a😀b", "\ufffd", "Zürich", "\u0001\u007f", "日本語", "\ud83d\ude00".repeat(100)]) assert.equal(isStorableText(good), true, JSON.stringify(good));
});

test("text() checks the rule first, then whatever is chained on, and names the rule in its error", () => {
  const name = text().trim().min(1, "is required").max(5, "too long").regex(/^[a-z]+$/, "lower case");
  assert.equal(name.parse("  abc "), "abc");
  const issues = name.safeParse("a\u0000b").error!.issues;
  assert.equal(issues.length, 1, "the rule aborts: no second error about the pattern");
  assert.equal(issues[0]!.message, TEXT_RULE_MESSAGE);
  assert.equal(name.safeParse("ABC").error!.issues[0]!.message, "lower case");
  assert.equal(text().safeParse(42).success, false);
});

test("truncation never cuts a character in half", () => {
  assert.equal(truncateText("abc", 5), "abc");
  assert.equal(truncateText("ab😀", 3), "ab", "the emoji does not fit whole and is left out");
  assert.equal(truncateText("ab😀", 4), "ab😀");
  assert.equal(truncateText("😀😀", 1), "");
  assert.equal(truncateText(`${"x".repeat(199)}😀`, 200), "x".repeat(199));
  for (let n = 0; n < 12; n++) assert.ok(isStorableText(truncateText("a😀b😀😀c", n)), `cut at ${n}`);
});

test("storableText keeps what can be stored and replaces the rest, within the limit", () => {
  assert.equal(storableText("m2morg_1", 200), "m2morg_1");
  assert.equal(storableText("x\u0000y\ud800z", 200), "x\ufffdy\ufffdz");
  assert.equal(storableText("😀\ud800😀", 200), "😀\ufffd😀");
  assert.equal(storableText(`${"x".repeat(199)}😀`, 200), "x".repeat(199));
  for (const bad of HOSTILE) assert.ok(isStorableText(storableText(bad, 3)), JSON.stringify(bad));
});

test("ids are checked against the format newId makes for their kind", () => {
  assert.ok(isIdOf("organization", newId("org")));
  assert.ok(isIdOf("service_principal", newId("m2morg")));
  assert.ok(isIdOf("client", newId("m2morg")) && isIdOf("client", "skc_host_backend"));
  assert.ok(isIdOf("portal_link", newPortalLinkId()));
  assert.ok(isIdOf("api_resource", "res_portico_management"));
  for (const bad of ["", "org_", "org_12a", "org_1\u0000", `org_${"1".repeat(31)}`, "m2morg_1", " org_1", "org_1 ", 12, null]) {
    assert.equal(isIdOf("organization", bad), false, JSON.stringify(bad));
  }
  assert.equal(isIdOf("service_principal", "skc_1"), false);
  assert.equal(idFormatMessage("organization"), "must be an organization id (org_…)");
  assert.equal(idFormatMessage("api_resource"), "must be an API resource id (res_…)");
  assert.equal(idSchema("client_secret").safeParse("sks_x").error!.issues[0]!.message, "must be a client secret id (sks_…)");
  assert.throws(() => assertIdOf("client_secret", "sks_\u0000"), (e: unknown) => e instanceof DomainError && e.code === "not_found" && e.message === "Secret not found");
});

test("times must be ones PostgreSQL can store", () => {
  const schema = rfc3339Time();
  assert.equal(schema.parse("2026-01-31T12:00:00Z").toISOString(), "2026-01-31T12:00:00.000Z");
  assert.equal(schema.safeParse("0000-01-01T00:00:00Z").error!.issues[0]!.message, TIME_RANGE_MESSAGE);
  assert.equal(schema.safeParse("0001-01-01T00:30:00+01:00").success, false, "year 0 once in UTC");
  assert.equal(schema.parse("0001-01-01T00:00:00Z").getUTCFullYear(), 1);
  assert.equal(schema.safeParse("yesterday").success, false);
  assert.equal(isStorableTime(new Date(Number.NaN)), false);
  assert.equal(isStorableTime(new Date("9999-12-31T23:59:59Z")), true);
});

test("findUnstorableText names the first string or key in a JSON body that breaks the rule", () => {
  assert.equal(findUnstorableText({ a: "ok", b: [1, "fine", { c: "😀" }] }), null);
  assert.equal(findUnstorableText({ name: { givenName: "A\u0000" } }), "name.givenName");
  assert.equal(findUnstorableText({ emails: [{ value: "a@b" }, { value: "\ud800" }] }), "emails.1.value");
  assert.equal(findUnstorableText({ ["k\u0000"]: 1 }), "k\ufffd");
  assert.equal(findUnstorableText("\udfff"), "");
  assert.equal(findUnstorableText([["x", ["\u0000"]]]), "0.1.0");
});

test("plainText() is the text rule first, then no control characters (tabs and line breaks only when multiline)", () => {
  const reason = plainText().trim().min(1);
  assert.equal(reason.parse(" line one\nline two\t "), "line one\nline two");
  assert.equal(reason.safeParse("a\u0000").error!.issues[0]!.message, TEXT_RULE_MESSAGE);
  assert.equal(reason.safeParse("a\ud800").error!.issues[0]!.message, TEXT_RULE_MESSAGE);
  assert.equal(reason.safeParse("bell\u0007").error!.issues[0]!.message, CONTROL_CHARACTERS_MESSAGE);
  assert.equal(reason.safeParse("del\u007f").error!.issues.length, 1, "the rule aborts: no second error");
  assert.equal(plainText({ multiline: false }).safeParse("two\nlines").error!.issues[0]!.message, CONTROL_CHARACTERS_MESSAGE);
  assert.equal(plainText({ multiline: false }).parse("Zürich 😀"), "Zürich 😀");
});

test("positions (cursors, log positions, delivery ids) are bigints PostgreSQL can hold", () => {
  assert.equal(parsePosition("0"), 0n);
  assert.equal(parsePosition("9223372036854775807"), MAX_POSITION);
  for (const bad of ["9223372036854775808", "9999999999999999999", "99999999999999999999", "-1", "1e3", " 1", "1\u0000", "", null, 12]) {
    assert.equal(parsePosition(bad), null, JSON.stringify(bad));
  }
  assert.equal(positionSchema("is not a log position").safeParse("9999999999999999999").error!.issues[0]!.message, "is not a log position");
  assert.ok(isIdOf("webhook_delivery", "42") && !isIdOf("webhook_delivery", "9999999999999999999"));
});

test("idOf gives server actions the id, or not found for one that cannot exist", () => {
  const id = newId("whe");
  assert.equal(idOf("webhook_endpoint", id), id);
  for (const bad of ["whe_x", "org_1", "whe_1\u0000", 42, undefined]) {
    assert.throws(() => idOf("webhook_endpoint", bad), (e: unknown) => e instanceof DomainError && e.code === "not_found" && e.message === "Webhook endpoint not found");
  }
});
