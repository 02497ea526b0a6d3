import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { checkOutboundUrl, isPublicAddress, OutboundError, safeFetch } from "./outbound";

let server: http.Server;
let base: string;
let hits = 0;

before(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === "/redirect") { res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }); res.end(); return; }
    if (req.url === "/slow") { setTimeout(() => res.end("late"), 2_000); return; }
    if (req.url === "/big") { res.end("x".repeat(100_000)); return; }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => { res.writeHead(201, { "content-type": "text/plain" }); res.end(`got ${req.method} ${body}`); });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const withPrivateAllowed = async <T>(fn: () => Promise<T>): Promise<T> => {
  const prev = process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES;
  process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
  try { return await fn(); } finally { if (prev === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES; else process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = prev; }
};

test("only public unicast addresses pass, whatever their spelling", () => {
  for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) assert.equal(isPublicAddress(a), true, a);
  for (const a of [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255",
    "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "not-an-ip",
  ]) assert.equal(isPublicAddress(a), false, a);
});

test("URLs: https only; plain http only for localhost when allowed; no credentials", () => {
  assert.equal(checkOutboundUrl("https://hooks.example.com/x").hostname, "hooks.example.com");
  assert.throws(() => checkOutboundUrl("http://hooks.example.com/x"), (e: unknown) => e instanceof OutboundError && e.code === "insecure_url");
  assert.throws(() => checkOutboundUrl("http://localhost:3000/x"), (e: unknown) => e instanceof OutboundError && e.code === "insecure_url");
  assert.equal(checkOutboundUrl("http://localhost:3000/x", { allowInsecureLocalhost: true }).port, "3000");
  assert.throws(() => checkOutboundUrl("http://10.0.0.1/x", { allowInsecureLocalhost: true }), OutboundError);
  assert.throws(() => checkOutboundUrl("https://user:pw@example.com/"), (e: unknown) => e instanceof OutboundError && e.code === "invalid_url");
  assert.throws(() => checkOutboundUrl("ftp://example.com/"), OutboundError);
  assert.throws(() => checkOutboundUrl("not a url"), OutboundError);
});

test("loopback, private and metadata targets are refused before any connection", async () => {
  const before = hits;
  for (const url of [`${base}/`, "https://127.0.0.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://10.0.0.1/", "https://[::ffff:127.0.0.1]/"]) {
    await assert.rejects(safeFetch(url, { allowInsecureLocalhost: true }), (e: unknown) => e instanceof OutboundError && e.code === "blocked_address", url);
  }
  // A public-looking name that resolves to loopback ("localhost" here; a rebinding name in real life).
  await assert.rejects(safeFetch("https://localhost/x"), (e: unknown) => e instanceof OutboundError && e.code === "blocked_address");
  assert.equal(hits, before);
});

test("with the check lifted: posts, never follows redirects, stops at the deadline and the byte limit", async () => {
  await withPrivateAllowed(async () => {
    const ok = await safeFetch(`${base}/`, { method: "POST", body: "hello", allowInsecureLocalhost: true });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.toString(), "got POST hello");
    assert.equal(ok.address, "127.0.0.1");

    const redirect = await safeFetch(`${base}/redirect`, { allowInsecureLocalhost: true });
    assert.equal(redirect.status, 302);

    const started = Date.now();
    await assert.rejects(safeFetch(`${base}/slow`, { allowInsecureLocalhost: true, timeoutMs: 300 }), (e: unknown) => e instanceof OutboundError && e.code === "timeout");
    assert.ok(Date.now() - started < 1_500);

    const big = await safeFetch(`${base}/big`, { allowInsecureLocalhost: true, maxResponseBytes: 4096 });
    assert.equal(big.body.length, 4096);
    assert.equal(big.truncated, true);
    await assert.rejects(safeFetch(`${base}/big`, { allowInsecureLocalhost: true, maxResponseBytes: 4096, failOnTooLarge: true }),
      (e: unknown) => e instanceof OutboundError && e.code === "response_too_large");
  });
});
