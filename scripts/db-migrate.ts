// npm run db:migrate [-- status|rollback|…]: dbmate against DATABASE_URL (or the embedded database, started for the occasion).
import path from "node:path";
import { dataDir, DEFAULT_EMBEDDED_PG_PORT } from "@/lib/config/env";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { runDbmate } from "./lib/migrate";

const pg = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({
  dataDir: path.join(dataDir(), "pg"),
  port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT),
  database: "portico",
});
const args = process.argv.slice(2);
const status = runDbmate(process.env.DATABASE_URL ?? pg!.url, args.length ? args : ["up"]);
await pg?.stop();
process.exit(status);
