import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pg from "pg";
import { freePort, resolvePgDataDir, startEmbeddedPostgres } from "./embedded-postgres";

test("the embedded database keeps its data across a stop and a start", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portico-keep-"));
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const opts = { dataDir: path.join(root, "pg"), port, database: "keep", log: () => {} };
  try {
    let server = await startEmbeddedPostgres(opts);
    let client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await client.end();
    await server.stop();

    server = await startEmbeddedPostgres(opts);
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query("SELECT v FROM kept");
    await client.end();
    await server.stop();
    assert.deepEqual(rows, [{ v: "still here" }]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("as root, a data folder under a private parent moves somewhere user postgres can reach", { skip: process.getuid?.() !== 0 && "needs root" }, () => {
  const privateParent = fs.mkdtempSync(path.join(os.tmpdir(), "portico-private-"));
  fs.chmodSync(privateParent, 0o700);
  const messages: string[] = [];
  const chosen = resolvePgDataDir(path.join(privateParent, "data", "pg"), (m) => messages.push(m));
  assert.ok(chosen.startsWith("/var/lib/portico/"), chosen);
  assert.match(messages.join(), /not reachable by user postgres/);
  assert.equal(resolvePgDataDir(path.join(privateParent, "data", "pg"), () => {}), chosen, "the same folder is chosen every time");
  const open = fs.mkdtempSync(path.join(os.tmpdir(), "portico-open-"));
  fs.chmodSync(open, 0o755);
  assert.equal(resolvePgDataDir(path.join(open, "pg"), () => {}), path.join(open, "pg"));
  fs.rmSync(privateParent, { recursive: true, force: true });
  fs.rmSync(open, { recursive: true, force: true });
});
