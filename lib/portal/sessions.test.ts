import assert from "node:assert/strict";
import { test } from "node:test";
import { isSecureContext, portalCookieOptions } from "./sessions";

test("over https and on loopback hosts the cookie is Secure, SameSite=None and Partitioned, scoped to /portal", () => {
  assert.deepEqual(portalCookieOptions({ secureContext: true, maxAgeSec: 600 }), {
    httpOnly: true, secure: true, sameSite: "none", partitioned: true, path: "/portal", maxAge: 600,
  });
});

test("on plain http elsewhere it falls back to SameSite=Lax: works standalone, cannot be framed", () => {
  const options = portalCookieOptions({ secureContext: false, maxAgeSec: 600 });
  assert.deepEqual(options, { httpOnly: true, secure: false, sameSite: "lax", path: "/portal", maxAge: 600 });
  assert.equal("partitioned" in options, false, "Partitioned requires Secure");
});

test("a secure context: an https public URL, https at a proxy, or a loopback host on plain http", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  assert.equal(isSecureContext(h({ host: "portico.example.com" }), "https://portico.example.com"), true);
  assert.equal(isSecureContext(h({ host: "portico.internal:3000", "x-forwarded-proto": "https" }), "http://portico.internal:3000"), true);
  for (const host of ["localhost", "localhost:3000", "127.0.0.1:8080", "[::1]:3000"]) {
    assert.equal(isSecureContext(h({ host }), "http://localhost:3000"), true, host);
  }
  for (const host of ["portico.internal:3000", "192.168.1.20:3000", "localhost.evil.com", "127.0.0.1.nip.io", ""]) {
    assert.equal(isSecureContext(h(host ? { host } : {}), "http://portico.internal:3000"), false, host || "(no host)");
  }
  assert.equal(isSecureContext(h({ host: "portico.internal", "x-forwarded-proto": "http" }), "http://portico.internal"), false);
});
