// The test DNS server's records, for specs: scripts/test.ts runs a DNS server on 127.0.0.1 that the app
// asks (DNS_SERVERS) and that reads one JSON file per name from TEST_DNS_ZONE_DIR on every question
// (lib/test-support/dns-server.ts). Writes are atomic (rename), so a question never sees half a file.
import crypto from "node:crypto";
import fs from "node:fs";
import { zoneFile, type ZoneEntry } from "@/lib/test-support/dns-server";

function zoneDir(): string {
  const dir = process.env.TEST_DNS_ZONE_DIR;
  if (!dir) throw new Error("TEST_DNS_ZONE_DIR is not set: run the specs with npm test, which starts the test DNS server");
  return dir;
}

function write(name: string, entry: ZoneEntry): void {
  const file = zoneFile(zoneDir(), name);
  const tmp = `${file}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(entry));
  fs.renameSync(tmp, file);
}

/** Publishes these TXT records at `name` (replacing what was there). */
export function publishTxt(name: string, ...values: string[]): void {
  write(name, { txt: values });
}

/** Removes every record at `name` (NXDOMAIN). */
export function removeRecords(name: string): void {
  fs.rmSync(zoneFile(zoneDir(), name), { force: true });
}

/** A unique domain name for one test (the test DNS server answers for any name). */
export function testDomainName(label = "acme"): string {
  return `${label}-${crypto.randomBytes(4).toString("hex")}.com`;
}
