import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { DomainError, parseInput } from "@/lib/errors";
import { contextFor, createTestOrganization, isDomainError, managementContext, operatorContext, uniq } from "@/lib/test-support/fixtures";
import { startTestDnsServer, type TestDnsServer } from "@/lib/test-support/dns-server";
import {
  addDomain as addDomainTyped, checkDomain, deleteDomain, getDomain, isVerifiedDomainOf, listDomains, organizationForEmailDomain, verifiedDomainNames, verifyDomainManually as verifyDomainManuallyTyped,
} from "./index";
import { runDueDomainChecks } from "./schedule";
import { addDomainSchema, manualVerificationSchema } from "./schemas";
import { domainCheckTiming } from "./timing";

/** As the routes and actions call them: the input parsed with the shared schema first. */
const addDomain = async (ctx: Parameters<typeof addDomainTyped>[0], organizationId: string, input: unknown, options?: Parameters<typeof addDomainTyped>[3]) =>
  addDomainTyped(ctx, organizationId, parseInput(addDomainSchema, input), options);
const verifyDomainManually = async (ctx: Parameters<typeof verifyDomainManuallyTyped>[0], organizationId: string, domainId: string, input: unknown, options?: Parameters<typeof verifyDomainManuallyTyped>[4]) =>
  verifyDomainManuallyTyped(ctx, organizationId, domainId, parseInput(manualVerificationSchema, input), options);

// Organization domains against a real PostgreSQL and a real DNS server on 127.0.0.1 (DNS_SERVERS points
// the resolver at it, as it would in a deployment).

let dns: TestDnsServer;

before(async () => {
  dns = await startTestDnsServer();
  process.env.DNS_SERVERS = dns.address;
  process.env.DNS_TIMEOUT_MS = "300";
});

after(async () => {
  await dns.close();
  await db.$disconnect();
});

const HOUR = 3_600_000;
const later = (ms: number) => new Date(Date.now() + ms);
/** A unique, claimable domain name (the test DNS server answers for any name). */
const domainName = (label = "acme") => `${label}-${uniq()}.com`;

function portalContext(organizationId: string, features = ["domain_verification"]) {
  const principal: Principal = { kind: "portal", sessionId: `pss_${uniq()}`, linkId: `lnk_${uniq()}`, organizationId, features, actor: { id: "usr_1", email: "ada@customer.test" } };
  return contextFor(principal);
}

async function events(domainId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { targetType: "domain", targetId: domainId }, orderBy: { seq: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

test("adding a domain gives a pending claim with the exact TXT record to publish", async () => {
  const org = await createTestOrganization();
  const name = domainName();
  const domain = await addDomain(portalContext(org.id), org.id, { name: `  ${name.toUpperCase()}. ` });
  assert.match(domain.id, /^dom_\d+$/);
  assert.equal(domain.name, name);
  assert.equal(domain.status, "pending");
  assert.equal(domain.verification.record_type, "TXT");
  assert.equal(domain.verification.record_name, `_portico.${name}`);
  assert.equal(domain.verification.alternative_record_name, name);
  assert.match(domain.verification.record_value, /^portico-verification=[0-9a-f]{32}$/);
  assert.ok(domain.next_check_time, "background checks are planned");
  assert.deepEqual(await events(domain.id), ["domain.created"]);
  const created = await db.auditEvent.findFirstOrThrow({ where: { targetId: domain.id, action: "domain.created" } });
  assert.equal(created.actorLabel, "ada@customer.test");
  assert.equal(await organizationForEmailDomain(`ada@${name}`), null, "a pending claim never routes");
});

test("Check now: no record, then a wrong token, then the record at _portico.<domain> verifies and routes", async () => {
  const org = await createTestOrganization();
  const ctx = portalContext(org.id);
  const name = domainName();
  const domain = await addDomain(ctx, org.id, { name });

  let checked = await checkDomain(ctx, org.id, domain.id);
  assert.equal(checked.status, "pending");
  assert.equal(checked.last_check?.outcome, "not_found");
  assert.equal(checked.last_check?.message, `No TXT record found at _portico.${name} or ${name}. DNS changes can take a while to appear.`);
  assert.ok(checked.last_check_time);

  dns.setTxt(`_portico.${name}`, "portico-verification=0123456789abcdef0123456789abcdef");
  checked = await checkDomain(ctx, org.id, domain.id);
  assert.equal(checked.status, "pending");
  assert.equal(checked.last_check?.outcome, "wrong_token");
  assert.match(checked.last_check!.message, new RegExp(`^Found a record with another token at _portico\\.${name.replace(/\./g, "\\.")}`));

  dns.setTxt(`_portico.${name}`, "v=spf1 -all", domain.verification.record_value);
  checked = await checkDomain(ctx, org.id, domain.id);
  assert.equal(checked.status, "verified");
  assert.equal(checked.verification_method, "dns");
  assert.equal(checked.last_check?.record_name, `_portico.${name}`);
  assert.ok(checked.verified_time);
  assert.ok(new Date(checked.next_check_time!).getTime() > Date.now() + 23 * HOUR, "re-verified daily");
  assert.deepEqual(await events(domain.id), ["domain.created", "domain.verified"]);

  assert.equal(await organizationForEmailDomain(`ada@${name}`), org.id);
  assert.equal(await organizationForEmailDomain(`Ada@${name.toUpperCase()}.`), org.id, "case and trailing dot do not matter");
  assert.equal(await organizationForEmailDomain(name), org.id, "a bare domain (domain=) works too");
  assert.equal(await organizationForEmailDomain(`ada@eu.${name}`), null, "a subdomain is a domain of its own");
  assert.equal(await isVerifiedDomainOf(org.id, `bob@${name}`), true);
  assert.deepEqual(await verifiedDomainNames(org.id), [name]);
});

test("the record at the domain itself verifies too, found among other TXT records", async () => {
  const org = await createTestOrganization();
  const ctx = operatorContext();
  const name = domainName("apex");
  const domain = await addDomain(ctx, org.id, { name });
  dns.setTxt(name, "google-site-verification=abc", "v=spf1 include:_spf.example.net -all");
  assert.match((await checkDomain(ctx, org.id, domain.id)).last_check!.message, /No portico-verification TXT record found .* \(2 other TXT records there\)/);
  dns.setTxt(name, "google-site-verification=abc", `  ${domain.verification.record_value}  `);
  const checked = await checkDomain(ctx, org.id, domain.id);
  assert.equal(checked.status, "verified");
  assert.equal(checked.last_check?.record_name, name);
});

test("IDN domains are claimed, checked and routed in punycode, whichever form the user types", async () => {
  const org = await createTestOrganization();
  const ctx = portalContext(org.id);
  const label = `bücher${uniq()}`;
  const domain = await addDomain(ctx, org.id, { name: `${label.toUpperCase()}.de` });
  assert.match(domain.name, /^xn--b/);
  assert.equal(domain.display_name, `${label}.de`);
  assert.equal(domain.verification.record_name, `_portico.${domain.name}`);
  dns.setTxt(`_portico.${domain.name}`, domain.verification.record_value);
  assert.equal((await checkDomain(ctx, org.id, domain.id)).status, "verified");
  assert.equal(await organizationForEmailDomain(`ada@${label}.de`), org.id);
  assert.equal(await organizationForEmailDomain(`ada@${label.toUpperCase()}.DE.`), org.id);
  assert.equal(await organizationForEmailDomain(`ada@${domain.name}`), org.id);
  await assert.rejects(addDomain(ctx, org.id, { name: domain.name }), isDomainError("conflict", "name", /already one of this organization's domains/), "the punycode form is the same domain");
});

test("a DNS server that does not answer, or answers with an error, is reported as such", async () => {
  const org = await createTestOrganization();
  const ctx = operatorContext();
  const slow = await addDomain(ctx, org.id, { name: domainName("slow") });
  dns.silence(`_portico.${slow.name}`);
  dns.silence(slow.name);
  const timedOut = await checkDomain(ctx, org.id, slow.id);
  assert.equal(timedOut.status, "pending");
  assert.equal(timedOut.last_check?.outcome, "timeout");
  assert.match(timedOut.last_check!.message, new RegExp(`^DNS timed out looking up TXT records at _portico\\.${slow.name.replace(/\./g, "\\.")} and .* \\(asking ${dns.address}\\)`));

  const broken = await addDomain(ctx, org.id, { name: domainName("broken") });
  dns.fail(`_portico.${broken.name}`);
  const failed = await checkDomain(ctx, org.id, broken.id);
  assert.equal(failed.last_check?.outcome, "dns_error");
  assert.match(failed.last_check!.message, /DNS answered with an error \(SERVFAIL\)/);
});

test("background checks: a record published later is found; a pending claim fails after the window; a record removed later fails the domain", async () => {
  const org = await createTestOrganization();
  const ctx = managementContext([org.id], ["domains:read", "domains:write"]);
  const timing = domainCheckTiming();
  const found = await addDomain(ctx, org.id, { name: domainName("later") });
  const never = await addDomain(ctx, org.id, { name: domainName("never") });
  dns.setTxt(`_portico.${found.name}`, found.verification.record_value);

  await runDueDomainChecks({ now: later(timing.checkIntervalMs + 1000), limit: 1000 });
  let a = await getDomain(ctx.principal, org.id, found.id);
  assert.equal(a.status, "verified", "the checker found the record without anyone pressing Check now");
  assert.equal((await getDomain(ctx.principal, org.id, never.id)).status, "pending");
  assert.equal(await organizationForEmailDomain(`ada@${found.name}`), org.id);

  // 72 hours on, the claim without a record fails, and says why.
  await runDueDomainChecks({ now: later(timing.windowMs + HOUR), limit: 1000 });
  const b = await getDomain(ctx.principal, org.id, never.id);
  assert.equal(b.status, "failed");
  assert.equal(b.failure_reason, 'No verification record was found within 72 hours of adding the domain. Add the record, then press "Check now".');
  assert.match(b.last_check!.message, /^No TXT record found/);
  assert.equal(b.next_check_time, null);
  assert.deepEqual(await events(never.id), ["domain.created", "domain.verification_failed"]);

  // The record disappears: the daily re-verification fails the domain, which stops routing.
  dns.remove(`_portico.${found.name}`);
  await runDueDomainChecks({ now: later(timing.windowMs + timing.reverifyIntervalMs + 2 * HOUR), limit: 1000 });
  a = await getDomain(ctx.principal, org.id, found.id);
  assert.equal(a.status, "failed");
  assert.match(a.failure_reason!, /^The verification record was not found when the domain was re-verified on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\. Put the record back: it is checked again every few minutes for 72 hours\.$/);
  assert.equal(a.last_check?.outcome, "not_found");
  assert.ok(a.next_check_time, "and it is checked frequently again, in case the record comes back");
  assert.equal(await organizationForEmailDomain(`ada@${found.name}`), null);
  assert.deepEqual(await events(found.id), ["domain.created", "domain.verified", "domain.verification_failed"]);
  const failedEvent = await db.auditEvent.findFirstOrThrow({ where: { targetId: found.id, action: "domain.verification_failed" } });
  assert.equal(failedEvent.actorType, "system");
  assert.equal((failedEvent.metadata as { reason: string }).reason, "record_missing");

  // It comes back: verified again.
  dns.setTxt(found.name, found.verification.record_value);
  assert.equal((await checkDomain(ctx, org.id, found.id)).status, "verified");
});

test("re-verification that gets no answer from DNS keeps the domain verified and asks again soon", async () => {
  const org = await createTestOrganization();
  const ctx = operatorContext();
  const domain = await addDomain(ctx, org.id, { name: domainName("flaky") });
  dns.setTxt(`_portico.${domain.name}`, domain.verification.record_value);
  await checkDomain(ctx, org.id, domain.id);
  dns.silence(`_portico.${domain.name}`);
  dns.silence(domain.name);
  const timing = domainCheckTiming();
  const when = later(timing.reverifyIntervalMs + 3 * HOUR);
  await runDueDomainChecks({ now: when, limit: 1000 });
  const after = await getDomain(ctx.principal, org.id, domain.id);
  assert.equal(after.status, "verified");
  assert.equal(after.last_check?.outcome, "timeout");
  assert.equal(new Date(after.next_check_time!).getTime(), when.getTime() + timing.checkIntervalMs);
});

test("two organizations may claim one name; the first to verify wins, the other's claim fails with the reason, a third cannot claim it", async () => {
  const a = await createTestOrganization("A");
  const b = await createTestOrganization("B");
  const c = await createTestOrganization("C");
  const name = domainName("contested");
  const claimA = await addDomain(portalContext(a.id), a.id, { name });
  const claimB = await addDomain(portalContext(b.id), b.id, { name });
  assert.deepEqual((await listDomains(portalContext(b.id).principal, b.id)).map((d) => d.id), [claimB.id], "B sees its own claim only");

  dns.setTxt(`_portico.${name}`, claimA.verification.record_value, claimB.verification.record_value);
  assert.equal((await checkDomain(portalContext(a.id), a.id, claimA.id)).status, "verified");
  const lost = await getDomain(portalContext(b.id).principal, b.id, claimB.id);
  assert.equal(lost.status, "failed");
  assert.match(lost.failure_reason!, new RegExp(`^${name.replace(/\./g, "\\.")} was verified by another organization on .*\\. A domain can be verified for one organization only\\.$`));
  assert.deepEqual(await events(claimB.id), ["domain.created", "domain.verification_failed"]);

  // B's own record is there too, but the name is taken.
  const again = await checkDomain(portalContext(b.id), b.id, claimB.id);
  assert.equal(again.status, "failed");
  assert.equal(again.last_check?.outcome, "claimed_elsewhere");
  assert.equal(await organizationForEmailDomain(`ada@${name}`), a.id);

  await assert.rejects(addDomain(portalContext(c.id), c.id, { name: name.toUpperCase() }), isDomainError("conflict", "name", /already verified by another organization/));

  // A removes it: it stops routing, and B can verify it now.
  await deleteDomain(portalContext(a.id), a.id, claimA.id);
  assert.equal(await organizationForEmailDomain(`ada@${name}`), null, "a removed domain never routes");
  assert.equal((await checkDomain(portalContext(b.id), b.id, claimB.id)).status, "verified");
  assert.equal(await organizationForEmailDomain(`ada@${name}`), b.id);
  assert.deepEqual(await events(claimA.id), ["domain.created", "domain.verified", "domain.deleted"]);
});

test("two organizations verifying one name at the same moment: exactly one wins", async () => {
  for (let round = 0; round < 3; round++) {
    const orgs = await Promise.all([createTestOrganization("Racer A"), createTestOrganization("Racer B"), createTestOrganization("Racer C")]);
    const name = domainName("race");
    const claims = await Promise.all(orgs.map((o) => addDomain(operatorContext(), o.id, { name })));
    dns.setTxt(`_portico.${name}`, ...claims.map((c) => c.verification.record_value));
    const results = await Promise.all(claims.map((c, i) => checkDomain(operatorContext(), orgs[i]!.id, c.id)));
    assert.equal(results.filter((r) => r.status === "verified").length, 1, `round ${round}: one verified`);
    assert.equal(results.filter((r) => r.status === "failed").length, 2);
    const winner = results.find((r) => r.status === "verified")!;
    assert.equal(await organizationForEmailDomain(name), winner.organization_id);
    assert.equal(await db.organizationDomain.count({ where: { verifiedName: name } }), 1);
  }
});

test("another organization cannot see, check, verify or remove a domain, through the portal or a management client limited to it", async () => {
  const a = await createTestOrganization("Owner");
  const b = await createTestOrganization("Other");
  const domain = await addDomain(portalContext(a.id), a.id, { name: domainName("private") });
  for (const ctx of [portalContext(b.id), managementContext([b.id], ["domains:read", "domains:write"])]) {
    // Its own organization id with A's domain id: not found.
    await assert.rejects(getDomain(ctx.principal, b.id, domain.id), isDomainError("not_found"));
    await assert.rejects(checkDomain(ctx, b.id, domain.id), isDomainError("not_found"));
    await assert.rejects(deleteDomain(ctx, b.id, domain.id), isDomainError("not_found"));
    // A's organization id: not found either (the organization is out of reach).
    await assert.rejects(listDomains(ctx.principal, a.id), isDomainError("not_found"));
    await assert.rejects(getDomain(ctx.principal, a.id, domain.id), isDomainError("not_found"));
    await assert.rejects(checkDomain(ctx, a.id, domain.id), isDomainError("not_found"));
    await assert.rejects(deleteDomain(ctx, a.id, domain.id), isDomainError("not_found"));
    await assert.rejects(addDomain(ctx, a.id, { name: domainName() }), isDomainError("not_found"));
    assert.deepEqual(await listDomains(ctx.principal, b.id), []);
  }
  assert.equal((await getDomain(portalContext(a.id).principal, a.id, domain.id)).status, "pending", "untouched");
});

test("who may do what: the portal needs the Domains feature, auditors only read, only operators verify by hand", async () => {
  const org = await createTestOrganization();
  const domain = await addDomain(operatorContext(), org.id, { name: domainName("perm") });
  await assert.rejects(listDomains(portalContext(org.id, ["api_clients"]).principal, org.id), isDomainError("forbidden"));
  await assert.rejects(addDomain(portalContext(org.id, ["api_clients"]), org.id, { name: domainName() }), isDomainError("forbidden"));
  await assert.rejects(addDomain(operatorContext("auditor"), org.id, { name: domainName() }), isDomainError("forbidden"));
  assert.equal((await listDomains(operatorContext("auditor").principal, org.id)).length, 1);
  await assert.rejects(addDomain(managementContext([org.id], ["domains:read"]), org.id, { name: domainName() }), isDomainError("forbidden", "scope"));
  for (const ctx of [portalContext(org.id), managementContext("any", ["domains:read", "domains:write"]), operatorContext("auditor")]) {
    await assert.rejects(verifyDomainManually(ctx, org.id, domain.id, { reason: "Customer sent a signed letter" }), isDomainError("forbidden"));
  }
  assert.equal((await getDomain(operatorContext().principal, org.id, domain.id)).status, "pending");
});

test("an operator verifies by hand with a reason; it is audited, routes, and DNS re-verification does not undo it", async () => {
  const org = await createTestOrganization();
  const ctx = operatorContext("admin");
  const domain = await addDomain(portalContext(org.id), org.id, { name: domainName("manual") });
  await assert.rejects(verifyDomainManually(ctx, org.id, domain.id, { reason: " " }), (err: unknown) => {
    assert.equal((err as DomainError).fields[0]!.field, "reason");
    return true;
  });
  for (const reason of ["ticket\u0000 4411", "ticket \ud800 4411"]) {
    await assert.rejects(verifyDomainManually(ctx, org.id, domain.id, { reason }), /reason must not contain NUL characters or invalid Unicode/);
  }
  await assert.rejects(verifyDomainManually(ctx, org.id, domain.id, { reason: "ticket \u0007 4411" }), /reason must not contain control characters/);
  const verified = await verifyDomainManually(ctx, org.id, domain.id, { reason: "Ticket 4411: ownership shown by the registrar's invoice" });
  assert.equal(verified.status, "verified");
  assert.equal(verified.verification_method, "manual");
  assert.equal(verified.next_check_time, null);
  const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: domain.id, action: "domain.verified" } });
  assert.deepEqual(event.metadata, { method: "manual", reason: "Ticket 4411: ownership shown by the registrar's invoice" });
  assert.equal(event.actorId, ctx.actor.id);
  assert.equal(await organizationForEmailDomain(`ada@${domain.name}`), org.id);

  const rechecked = await checkDomain(portalContext(org.id), org.id, domain.id);
  assert.equal(rechecked.status, "verified", "no record in DNS, but an operator's decision stands");
  assert.equal(rechecked.last_check?.outcome, "not_found");
  await assert.rejects(verifyDomainManually(ctx, org.id, domain.id, { reason: "again" }), isDomainError("conflict", undefined, /already verified/));
});

test("several instances checking at once never check the same domain twice", async () => {
  const org = await createTestOrganization();
  const ctx = operatorContext();
  const names = await Promise.all(Array.from({ length: 12 }, () => addDomain(ctx, org.id, { name: domainName("bulk") })));
  const when = later(domainCheckTiming().windowMs / 2);
  await Promise.all([runDueDomainChecks({ now: when, limit: 1000 }), runDueDomainChecks({ now: when, limit: 1000 }), runDueDomainChecks({ now: when, limit: 1000 })]);
  for (const d of names) assert.equal(dns.questions(d.name), 1, `${d.name} was asked about once`);
});

test("bad input is refused naming the field, and nothing is stored", async () => {
  const org = await createTestOrganization();
  const ctx = portalContext(org.id);
  for (const name of ["*.acme.com", "10.0.0.1", `${"x".repeat(64)}.com`, "gmail.com", "localhost", "co.uk"]) {
    await assert.rejects(addDomain(ctx, org.id, { name }), (err: unknown) => {
      assert.equal((err as DomainError).fields[0]!.field, "name");
      return true;
    });
  }
  await assert.rejects(addDomain(ctx, org.id, { name: "acme.com", extra: 1 } as never));
  assert.equal(await db.organizationDomain.count({ where: { organizationId: org.id } }), 0);
});
