import assert from "node:assert/strict";
import { test } from "node:test";
import { clientIp, parseTrustedProxies, TrustedProxiesError } from "./client-ip";

const privateProxies = parseTrustedProxies(undefined);

test("a caller that connects directly cannot pick its address with X-Forwarded-For", () => {
  assert.equal(clientIp("10.9.9.9, 1.1.1.1", "203.0.113.7", privateProxies), "203.0.113.7");
  assert.equal(clientIp(undefined, "::ffff:203.0.113.7", privateProxies), "203.0.113.7");
});

test("behind a trusted proxy the client is the right-most untrusted address; prepended values are never reached", () => {
  // nginx appends the real client (198.51.100.4) to whatever the caller sent.
  assert.equal(clientIp("6.6.6.6, 198.51.100.4", "10.0.0.2", privateProxies), "198.51.100.4");
  // two proxies: a load balancer (10.0.0.1) in front of nginx (127.0.0.1)
  assert.equal(clientIp("198.51.100.4, 10.0.0.1", "127.0.0.1", privateProxies), "198.51.100.4");
  // the header given as several lines
  assert.equal(clientIp(["6.6.6.6", "198.51.100.4"], "::1", privateProxies), "198.51.100.4");
  // nothing forwarded: the proxy itself
  assert.equal(clientIp(undefined, "127.0.0.1", privateProxies), "127.0.0.1");
});

test("a malformed entry stops the walk: nothing to its left is believed", () => {
  assert.equal(clientIp("1.2.3.4, not-an-ip, 10.0.0.9", "127.0.0.1", privateProxies), "10.0.0.9");
  assert.equal(clientIp("[2001:db8::1]:443", "127.0.0.1", privateProxies), "2001:db8::1");
});

test("TRUSTED_PROXIES names addresses and ranges, or none", () => {
  const none = parseTrustedProxies("none");
  assert.equal(clientIp("198.51.100.4", "127.0.0.1", none), "127.0.0.1");
  const lb = parseTrustedProxies("203.0.113.0/24, 2001:db8::/32");
  assert.equal(clientIp("198.51.100.4", "203.0.113.9", lb), "198.51.100.4");
  assert.equal(clientIp("198.51.100.4", "10.0.0.2", lb), "10.0.0.2"); // private ranges are not trusted unless listed
  assert.equal(clientIp("198.51.100.4", "2001:db8::5", lb), "198.51.100.4");
  assert.throws(() => parseTrustedProxies("10.0.0.0/33"), (err: unknown) => err instanceof TrustedProxiesError && /10\.0\.0\.0\/33/.test(err.message));
  assert.throws(() => parseTrustedProxies("proxy.internal"), TrustedProxiesError);
});

