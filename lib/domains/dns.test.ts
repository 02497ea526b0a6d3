import assert from "node:assert/strict";
import { test } from "node:test";
import { DnsConfigError, dnsServersFromEnv, dnsTimeoutFromEnv } from "./dns";
import { describeDuration, domainCheckTiming } from "./timing";

test("DNS_SERVERS takes IP addresses with optional ports and names a bad entry", () => {
  assert.equal(dnsServersFromEnv(undefined), null);
  assert.equal(dnsServersFromEnv(" "), null);
  assert.deepEqual(dnsServersFromEnv("1.1.1.1, 10.0.0.2:5353,[2606:4700::1111]:53,::1"), ["1.1.1.1", "10.0.0.2:5353", "[2606:4700::1111]:53", "::1"]);
  for (const bad of ["dns.example.com", "1.1.1.1:99999", "1.1.1", "[::1]:x"]) {
    assert.throws(() => dnsServersFromEnv(`8.8.8.8,${bad}`), (err: unknown) => err instanceof DnsConfigError && err.message.includes(`"${bad}"`) && err.message.startsWith("DNS_SERVERS:"));
  }
  assert.equal(dnsTimeoutFromEnv("750"), 750);
  assert.equal(dnsTimeoutFromEnv("nonsense"), 5000);
});

test("background timings default to every 5 minutes for 72 hours, then daily, and can be set in seconds", () => {
  const d = domainCheckTiming({});
  assert.deepEqual([d.checkIntervalMs, d.windowMs, d.reverifyIntervalMs, d.pollMs], [300_000, 72 * 3_600_000, 86_400_000, 60_000]);
  const t = domainCheckTiming({ DOMAIN_CHECK_INTERVAL_SEC: "2", DOMAIN_REVERIFY_INTERVAL_SEC: "4", DOMAIN_CHECK_POLL_SEC: "1" });
  assert.deepEqual([t.checkIntervalMs, t.reverifyIntervalMs, t.pollMs], [2000, 4000, 1000]);
  assert.throws(() => domainCheckTiming({ DOMAIN_CHECK_INTERVAL_SEC: "-1" }), /DOMAIN_CHECK_INTERVAL_SEC must be a positive number of seconds/);
  assert.equal(describeDuration(72 * 3_600_000), "72 hours");
  assert.equal(describeDuration(300_000), "5 minutes");
  assert.equal(describeDuration(7 * 86_400_000), "7 days");
});
