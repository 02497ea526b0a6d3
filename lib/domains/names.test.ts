import assert from "node:assert/strict";
import { test } from "node:test";
import { isDomainError } from "@/lib/test-support/fixtures";
import { displayDomainName, emailDomainOf, normaliseDomainName } from "./names";

test("domain names are stored lower case, without the trailing dot, IDN as punycode", () => {
  assert.equal(normaliseDomainName("Acme.COM."), "acme.com");
  assert.equal(normaliseDomainName("  eu.Acme.com  "), "eu.acme.com");
  assert.equal(normaliseDomainName("Bücher.de"), "xn--bcher-kva.de");
  assert.equal(normaliseDomainName("xn--bcher-kva.de"), "xn--bcher-kva.de");
  assert.equal(normaliseDomainName("ÄCME.co.uk"), "xn--cme-pla.co.uk");
  assert.equal(normaliseDomainName("acme.github.io"), "acme.github.io", "a name under a private public suffix is someone's own");
  assert.equal(displayDomainName("xn--bcher-kva.de"), "bücher.de");
});

test("names that cannot be an organization's domain are refused with a message naming the field", () => {
  const cases: [string, RegExp][] = [
    ["", /Enter a domain name/],
    ["*.acme.com", /Wildcards are not allowed/],
    ["ada@acme.com", /without the part before the @/],
    ["https://acme.com", /without https:\/\//],
    ["acme.com/login", /without https:\/\/ or a path/],
    ["192.168.1.10", /IP addresses cannot be verified/],
    ["[2001:db8::1]", /IP addresses cannot be verified/],
    ["2001:db8::1", /IP addresses cannot be verified/],
    ["acme.com:8443", /without a port/],
    ["acme", /full domain name with a dot/],
    [`${"a".repeat(64)}.com`, /at most 63 characters/],
    [`${Array.from({ length: 60 }, () => "abcd").join(".")}.com`, /at most 253 characters/],
    ["acme..com", /not a valid domain name/],
    ["-acme.com", /not a valid domain name/],
    ["acme_corp.com", /not a valid domain name/],
    ["acme corp.com", /cannot contain spaces/],
    ["co.uk", /public suffix/],
    ["github.io", /public suffix/],
    ["acme.test", /\.test is not a top-level domain/],
    ["gmail.com", /gmail\.com is a public email provider/],
    ["Outlook.COM.", /outlook\.com is a public email provider/],
    ["mail.yahoo.com", /yahoo\.com is a public email provider/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => normaliseDomainName(input), isDomainError("invalid", "name", message), `refuses ${JSON.stringify(input)}`);
  }
  assert.throws(() => normaliseDomainName("gmail.com", "domain"), isDomainError("invalid", "domain"), "names the field it is given");
});

test("emailDomainOf reads the domain of an email or a bare domain the way stored names are normalised, and never throws", () => {
  assert.equal(emailDomainOf("Ada@ACME.com."), "acme.com");
  assert.equal(emailDomainOf("acme.com"), "acme.com");
  assert.equal(emailDomainOf("ada@Bücher.DE"), "xn--bcher-kva.de");
  assert.equal(emailDomainOf("ada@xn--bcher-kva.de"), "xn--bcher-kva.de");
  for (const bad of ["", "ada@", "ada", "ada@localhost", "ada@*.acme.com", "ada@acme..com", "ada@acme.com/x", "ada@1.2.3.4x_", "a".repeat(600)]) {
    assert.equal(emailDomainOf(bad), null, `no domain in ${JSON.stringify(bad.slice(0, 20))}`);
  }
  assert.equal(emailDomainOf(42 as unknown as string), null);
});
