// npm run audit:verify: walks the audit log's hash chain from the first event and reports the first
// broken link (exit code 1), or how many events it checked (exit code 0). Uses DATABASE_URL, or the
// embedded database (started for the occasion, or the one `npm start` is running).
import path from "node:path";
import { dataDir, DEFAULT_EMBEDDED_PG_PORT } from "@/lib/config/env";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";

const pg = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({
  dataDir: path.join(dataDir(), "pg"),
  port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT),
  database: "portico",
});
if (pg) process.env.DATABASE_URL = pg.url;

const { verifyAuditChain } = await import("@/lib/audit/verify");
const { db } = await import("@/lib/db");

const REASON = {
  hash_mismatch: "its contents do not match its hash: the event was edited after it was written",
  prev_hash_mismatch: "its prev_hash is not the hash of the event before it: an event was removed, inserted or reordered",
} as const;

let code = 0;
const started = Date.now();
try {
  const result = await verifyAuditChain();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} events checked in ${seconds} s`);
  } else {
    const broken = await db.auditEvent.findUnique({ where: { id: result.brokenAt.id }, select: { time: true, action: true } });
    console.error(`audit chain BROKEN at event #${result.brokenAt.seq} (${result.brokenAt.id}${broken ? `, ${broken.action} at ${broken.time.toISOString()}` : ""})`);
    console.error(`  ${REASON[result.brokenAt.reason]}`);
    console.error(`  ${result.checked} events before it are intact (checked in ${seconds} s)`);
    code = 1;
  }
} catch (err) {
  console.error(`could not verify the audit chain: ${err instanceof Error ? err.message : String(err)}`);
  code = 2;
} finally {
  await db.$disconnect();
  await pg?.stop();
}
process.exit(code);
