import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/config/env";

// The one Prisma client of the process. Kept on globalThis so dev hot reload does not open a new pool
// on every edit.

const globalForDb = globalThis as unknown as { portico_prisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl(),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = (globalForDb.portico_prisma ??= createClient());

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the client or a transaction: domain functions that write take one so callers can compose them. */
export type DbOrTx = PrismaClient | Tx;

export { Prisma } from "@/lib/generated/prisma/client";
