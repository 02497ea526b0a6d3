import assert from "node:assert/strict";
import { test } from "node:test";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { isLoopbackIp } from "@/lib/http/client-ip";
import { examplesRefusal } from "./examples";

test("loopback addresses only: 127.0.0.0/8 and ::1", () => {
  for (const ip of ["127.0.0.1", "127.1.2.3", "::1"]) assert.equal(isLoopbackIp(ip), true, ip);
  for (const ip of [null, "", "10.0.0.1", "192.168.1.2", "203.0.113.5", "::ffff:127.0.0.1", "127.0.0.1.evil", "fe80::1", "0.0.0.0"]) assert.equal(isLoopbackIp(ip), false, String(ip));
});

test("the example answers only when turned on, with the bootstrap client, to a caller on this machine", () => {
  const saved = { ...process.env };
  try {
    Object.assign(process.env, { PORTICO_EXAMPLES: "1", BOOTSTRAP_MANAGEMENT_CLIENT_ID: "skc_x", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: "s" });
    assert.equal(examplesRefusal(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1" })), null);
    assert.equal(examplesRefusal(new Headers({ [CLIENT_IP_HEADER]: "203.0.113.5" })), "not_loopback");
    assert.equal(examplesRefusal(new Headers({ "x-forwarded-for": "127.0.0.1" })), "not_loopback", "a caller's own header is never the client IP");
    process.env.PORTICO_EXAMPLES = "0";
    assert.equal(examplesRefusal(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1" })), "off");
    process.env.PORTICO_EXAMPLES = "1";
    delete process.env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET;
    assert.equal(examplesRefusal(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1" })), "off");
  } finally {
    for (const k of ["PORTICO_EXAMPLES", "BOOTSTRAP_MANAGEMENT_CLIENT_ID", "BOOTSTRAP_MANAGEMENT_CLIENT_SECRET"]) {
      if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
  }
});
