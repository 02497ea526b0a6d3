import assert from "node:assert/strict";
import { test } from "node:test";
import { DEV_OPERATOR, devPrincipalFromCookie, devToolsEnabled, mintDevSession } from "./session";

const on = { PORTICO_DEV_TOOLS: "1" };
const off = {};

test("dev tools are off unless PORTICO_DEV_TOOLS is exactly 1", () => {
  assert.equal(devToolsEnabled(off), false);
  assert.equal(devToolsEnabled({ PORTICO_DEV_TOOLS: "true" }), false);
  assert.equal(devToolsEnabled({ PORTICO_DEV_TOOLS: "0" }), false);
  assert.equal(devToolsEnabled(on), true);
});

test("a minted dev session resolves to the dev operator only while dev tools are on", () => {
  const cookie = mintDevSession();
  assert.deepEqual(devPrincipalFromCookie(cookie, on), DEV_OPERATOR);
  assert.equal(devPrincipalFromCookie(cookie, off), null, "the same cookie is worthless without PORTICO_DEV_TOOLS=1");
});

test("forged, tampered or missing dev sessions are refused", () => {
  const cookie = mintDevSession();
  const [nonce, mac] = cookie.split(".") as [string, string];
  assert.equal(devPrincipalFromCookie(undefined, on), null);
  assert.equal(devPrincipalFromCookie("", on), null);
  assert.equal(devPrincipalFromCookie("anything", on), null);
  assert.equal(devPrincipalFromCookie(`${nonce}x.${mac}`, on), null);
  assert.equal(devPrincipalFromCookie(`${nonce}.${mac.slice(0, -2)}AA`, on), null);
  assert.equal(devPrincipalFromCookie(`${cookie}.extra`, on), null);
});
