import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { NextRequest } from "next/server";
import { GET } from "@/app/dev/session/route";
import { DEV_OPERATOR, DEV_SESSION_COOKIE, devPrincipalFromCookie } from "./session";

// GET /dev/session is the only way into the dev pages (they redirect there without a dev session, and
// 404 without PORTICO_DEV_TOOLS=1 through the same devToolsEnabled check).

const original = process.env.PORTICO_DEV_TOOLS;
afterEach(() => {
  if (original === undefined) delete process.env.PORTICO_DEV_TOOLS;
  else process.env.PORTICO_DEV_TOOLS = original;
});

const request = (path: string) => new NextRequest(new URL(path, "http://localhost:3000"));

test("without PORTICO_DEV_TOOLS=1 the dev session route is a 404 and sets no cookie", () => {
  delete process.env.PORTICO_DEV_TOOLS;
  const res = GET(request("/dev/session"));
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("set-cookie"), null);
  process.env.PORTICO_DEV_TOOLS = "yes";
  assert.equal(GET(request("/dev/session")).status, 404);
});

test("with PORTICO_DEV_TOOLS=1 it sets an httpOnly dev-session cookie that resolves to the dev operator", () => {
  process.env.PORTICO_DEV_TOOLS = "1";
  const res = GET(request("/dev/session?next=/dev/organizations/org_1"));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "http://localhost:3000/dev/organizations/org_1");
  const cookie = res.cookies.get(DEV_SESSION_COOKIE);
  assert.ok(cookie?.value);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "lax");
  assert.deepEqual(devPrincipalFromCookie(cookie.value), DEV_OPERATOR);
});

test("it only returns to /dev pages (no open redirect)", () => {
  process.env.PORTICO_DEV_TOOLS = "1";
  for (const next of ["https://evil.example/", "//evil.example", "/console", "/dev/../console", "/dev?x=1"]) {
    assert.equal(GET(request(`/dev/session?next=${encodeURIComponent(next)}`)).headers.get("location"), "http://localhost:3000/dev", next);
  }
});
