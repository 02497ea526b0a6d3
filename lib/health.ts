import { db, type Db } from "@/lib/db";
import { appVersion } from "@/lib/config/env";

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unreachable";
  version: string;
  reason?: string;
}

/** Liveness plus a real round trip to PostgreSQL, bounded so a hung database answers in time. */
export async function checkHealth({ client = db, timeoutMs = 3000 }: { client?: Db; timeoutMs?: number } = {}): Promise<Health> {
  const version = appVersion();
  try {
    await Promise.race([
      client.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { status: "ok", database: "ok", version };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { status: "unavailable", database: "unreachable", version, reason: `database unreachable: ${message.split("\n")[0]}` };
  }
}
