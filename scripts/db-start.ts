// npm run db:start: only the embedded PostgreSQL (for running `next dev` or tools against it).
import path from "node:path";
import { dataDir, DEFAULT_EMBEDDED_PG_PORT } from "@/lib/config/env";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { migrate } from "./lib/migrate";

const pg = await startEmbeddedPostgres({
  dataDir: path.join(dataDir(), "pg"),
  port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT),
  database: "portico",
});
migrate(pg.url, { quiet: true });
console.log(`embedded PostgreSQL ready: DATABASE_URL=${pg.url}  (Ctrl-C stops it)`);
const stop = async () => { await pg.stop(); process.exit(0); };
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
setInterval(() => {}, 1 << 30);
