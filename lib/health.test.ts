import assert from "node:assert/strict";
import { after, test } from "node:test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { checkHealth } from "./health";

after(() => db.$disconnect());

test("health is ok with a reachable database", async () => {
  const h = await checkHealth();
  assert.deepEqual({ status: h.status, database: h.database }, { status: "ok", database: "ok" });
});

test("health names the reason when the database is unreachable", async () => {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://postgres:postgres@127.0.0.1:1/none", connectionTimeoutMillis: 1000 }) });
  const h = await checkHealth({ client, timeoutMs: 2000 });
  assert.equal(h.status, "unavailable");
  assert.equal(h.database, "unreachable");
  assert.match(h.reason ?? "", /database unreachable/);
  await client.$disconnect();
});
