import assert from "node:assert/strict";
import { test } from "node:test";
import { isCrossOriginServerAction, mayBeServerAction } from "./server-action-origin";

const h = (entries: Record<string, string>) => new Headers(entries);
const action = { "next-action": "40abc", "content-type": "text/plain;charset=UTF-8" };

test("a server action from another origin is refused; the same origin, or no Origin at all, is left to Next.js", () => {
  assert.ok(isCrossOriginServerAction("POST", h({ ...action, host: "portico.test", origin: "https://evil.example" }), "/console/audit"));
  assert.ok(isCrossOriginServerAction("POST", h({ ...action, host: "portico.test", origin: "null" }), "/console/audit"), "an opaque origin");
  assert.ok(isCrossOriginServerAction("POST", h({ ...action, host: "portico.test", origin: "not a url" }), "/console/audit"));
  assert.ok(!isCrossOriginServerAction("POST", h({ ...action, host: "portico.test", origin: "https://portico.test" }), "/console/audit"));
  assert.ok(!isCrossOriginServerAction("POST", h({ ...action, host: "portico.test" }), "/console/audit"));
});

test("behind a proxy the forwarded host counts, as in Next.js's own check", () => {
  const headers = { ...action, host: "10.0.0.5:3000", "x-forwarded-host": "portico.example.com, 10.0.0.1", origin: "https://portico.example.com" };
  assert.ok(!isCrossOriginServerAction("POST", h(headers), "/portal/api-clients"));
  assert.ok(isCrossOriginServerAction("POST", h({ ...headers, origin: "https://10.0.0.5:3000" }), "/portal/api-clients"));
});

test("only POSTs that can be server actions are looked at: not GETs, not route handlers' own posts", () => {
  assert.ok(!mayBeServerAction("GET", h(action), "/console"));
  assert.ok(mayBeServerAction("POST", h({ "content-type": "multipart/form-data; boundary=x" }), "/portal/session-settings"));
  assert.ok(!mayBeServerAction("POST", h({ "content-type": "multipart/form-data; boundary=x" }), "/api/v1/organizations"));
  assert.ok(!mayBeServerAction("POST", h({ "content-type": "application/x-www-form-urlencoded" }), "/oauth/token"));
});
