// npm run audit:verify: walks the audit log's hash chain from the first event and reports the first
// broken link (exit code 1), or how many events it checked (exit code 0). It needs the key-encryption
// secret (PORTICO_KEY_ENCRYPTION_SECRET or the data folder's copy): the chain is keyed with it. Uses DATABASE_URL, or the
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

const { CHAIN_BREAK_EXPLANATION, verifyAuditChain } = await import("@/lib/audit/verify");
const { db } = await import("@/lib/db");

let code = 0;
const started = Date.now();
try {
  const result = await verifyAuditChain();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} events checked in ${seconds} s${result.legacy ? ` (${result.legacy} written before keyed hashing, plain SHA-256)` : ""}`);
  } else {
    const broken = await db.auditEvent.findUnique({ where: { id: result.brokenAt.id }, select: { time: true, action: true } });
    console.error(`audit chain BROKEN at event #${result.brokenAt.seq} (${result.brokenAt.id}${broken ? `, ${broken.action} at ${broken.time.toISOString()}` : ""})`);
    console.error(`  ${CHAIN_BREAK_EXPLANATION[result.brokenAt.reason]}`);
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
