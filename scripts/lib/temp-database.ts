import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

/** A throwaway embedded PostgreSQL in a fresh temporary folder, removed on stop. */
export async function startTemporaryDatabase(database = "portico"): Promise<EmbeddedDatabase & { root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portico-pg-"));
  fs.chmodSync(root, 0o755); // mkdtemp makes it 0700; PostgreSQL runs as user postgres when we are root
  const port = await freePort();
  const pg = await startEmbeddedPostgres({ dataDir: path.join(root, "pg"), port, database, log: () => {} });
  return {
    ...pg,
    root,
    async stop() {
      await pg.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
