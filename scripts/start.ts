// npm start: the whole of Portico in one process. Starts the embedded PostgreSQL unless DATABASE_URL is
// set, applies migrations, builds when the sources changed, runs the BOOTSTRAP_* set-up and serves the
// app. Ctrl-C (SIGINT) or SIGTERM stops the app, then the database.
//   --dev   next dev with hot reload instead of the production build
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { appPort, dataDir, DEFAULT_EMBEDDED_PG_PORT } from "@/lib/config/env";
import { loadMasterSecret } from "@/lib/config/master-secret";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./lib/embedded-postgres";
import { migrate } from "./lib/migrate";
import { ensureBuild } from "./lib/build";

const dev = process.argv.includes("--dev");
const say = (msg: string) => console.log(`[portico] ${msg}`);

async function main() {
  const started = Date.now();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Generate the key-encryption secret on first start (kept under the data folder, mode 0600).
  fs.mkdirSync(dataDir(), { recursive: true });
  loadMasterSecret({ create: true });

  let database: EmbeddedDatabase | null = null;
  if (!process.env.DATABASE_URL) {
    database = await startEmbeddedPostgres({
      dataDir: path.join(dataDir(), "pg"),
      port: Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT),
      database: "portico",
      log: say,
    });
    process.env.DATABASE_URL = database.url;
    say(`embedded PostgreSQL on port ${database.port}, data in ${database.dataDir}`);
  } else {
    say("using the PostgreSQL in DATABASE_URL");
  }

  let server: http.Server | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 20000);
    force.unref();
    if (server) {
      server.closeAllConnections?.();
      await new Promise((r) => server!.close(() => r(null)));
    }
    // Token usage counts, last-used times and audit summaries still in memory.
    await import("@/lib/oauth/runtime").then((m) => m.flushTokenService()).catch(() => {});
    await import("@/lib/audit/repeats").then((m) => m.flushAllRepeatedAuditEvents()).catch(() => {});
    // Attempts in flight finish and are recorded; what is still in the outbox is chained now (any
    // instance would chain it later anyway).
    await import("@/lib/webhooks/dispatcher").then((m) => m.stopWebhookDispatcher()).catch(() => {});
    await import("@/lib/events/chainer").then((m) => m.chainer().flush()).catch(() => {});
    await database?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    migrate(process.env.DATABASE_URL, { quiet: true });
    // PORTICO_NO_BUILD=1: serve the existing build as it is (a second instance next to a running one
    // must not rebuild the folder the first one serves from).
    if (!dev && process.env.PORTICO_NO_BUILD !== "1") ensureBuild({ log: say });
    (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

    const { runBootstrap } = await import("@/lib/bootstrap");
    await runBootstrap();

    const { default: next } = await import("next");
    const port = appPort();
    const hostname = process.env.HOST ?? "0.0.0.0";
    const app = next({ dev, dir: process.cwd(), hostname, port });
    await app.prepare();
    const handle = app.getRequestHandler();
    // The token endpoint is the hot path: in production it is served here, on plain node:http, with the
    // same domain code as app/oauth/token/route.ts but without Next.js's request pipeline.
    const { serveOnNode } = await import("@/lib/oauth/http");
    const { tokenEndpoint } = await import("@/lib/oauth/token-endpoint");
    const lean = !dev && process.env.PORTICO_LEAN_TOKEN_PATH !== "0";
    // Every request carries the client IP worked out here (never a caller's own value of the header).
    const { CLIENT_IP_HEADER, clientIp, trustedProxies } = await import("@/lib/http/client-ip");
    const trusted = trustedProxies();
    // A path whose percent-encoding does not decode would be a 500 inside Next.js: answered here instead.
    const { hasMalformedPath, malformedPathResponse } = await import("@/lib/http/malformed-url");
    const { REQUEST_ID_HEADER, requestIdFrom } = await import("@/lib/http/request-context");
    const { baseSecurityHeaders } = await import("@/lib/security/headers");
    // A server-action body Next.js cannot decode would be a 500 there too: read and checked here first.
    const { checkServerActionBody } = await import("./lib/server-action-gate");
    server = http.createServer((req, res) => {
      const ip = clientIp(req.headers["x-forwarded-for"], req.socket.remoteAddress, trusted);
      if (ip) req.headers[CLIENT_IP_HEADER] = ip;
      else delete req.headers[CLIENT_IP_HEADER];
      if (hasMalformedPath(req.url ?? "/")) {
        const requestId = requestIdFrom([req.headers[REQUEST_ID_HEADER]].flat()[0]);
        const out = malformedPathResponse(req.url ?? "/", requestId);
        res.writeHead(out.status, {
          ...baseSecurityHeaders({ https: req.headers["x-forwarded-proto"] === "https", frameable: false }),
          "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", ...out.headers, "Content-Length": Buffer.byteLength(out.body),
        });
        res.end(out.body);
        return;
      }
      if (lean && req.method === "POST" && req.url?.split("?")[0] === "/oauth/token") void serveOnNode(tokenEndpoint, req, res);
      else if (req.method === "POST" && req.headers["next-action"]) {
        void checkServerActionBody(req, res).then((ok) => {
          if (ok) void handle(req, res);
        });
      }
      else void handle(req, res);
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server!.once("error", (err: NodeJS.ErrnoException) =>
        reject(err.code === "EADDRINUSE" ? new Error(`port ${port} is already in use: set PORT to a free port (and EMBEDDED_PG_PORT, PORTICO_DATA_DIR for a second instance)`) : err));
      server!.listen(port, hostname, () => resolve());
    });
    say(`ready on http://localhost:${port} (${dev ? "development" : "production"}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`[portico] failed to start: ${err instanceof Error ? err.message : String(err)}`);
    await database?.stop();
    process.exit(1);
  }
}

void main();
