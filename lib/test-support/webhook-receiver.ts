import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A real webhook receiver on localhost for tests and the benchmark: verifies every request with the
// standardwebhooks package (not Portico's code) under each secret it is given, and records what came.

export interface Received {
  id: string;
  body: Record<string, unknown>;
  /** Which of the receiver's secrets verified it (index into `secrets`), or null when none did. */
  verifiedBy: number[];
  at: number;
  headers: http.IncomingHttpHeaders;
}

export interface Receiver {
  url: string;
  received: Received[];
  secrets: string[];
  /** How to answer the next request (default 200); e.g. () => 500 to fail. */
  answer: (r: Received) => number | Promise<number>;
  byId(): Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(path = "/webhooks"): Promise<Receiver> {
  const receiver: Receiver = {
    url: "", received: [], secrets: [], answer: () => 200,
    byId() {
      const m = new Map<string, number>();
      for (const r of this.received) m.set(r.id, (m.get(r.id) ?? 0) + 1);
      return m;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const verifiedBy: number[] = [];
      receiver.secrets.forEach((secret, i) => {
        try {
          new Webhook(secret).verify(raw, headers);
          verifiedBy.push(i);
        } catch {
          // not this secret
        }
      });
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(raw) as Record<string, unknown>; } catch { /* recorded as empty */ }
      const r: Received = { id: String(req.headers["webhook-id"] ?? ""), body, verifiedBy, at: Date.now(), headers: req.headers };
      receiver.received.push(r);
      void Promise.resolve(receiver.answer(r)).then((status) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(status < 300 ? { received: true } : { error: "try again" }));
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://localhost:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
