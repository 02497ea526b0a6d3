import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/config/env";
import { log } from "@/lib/log";

// The one Prisma client of the process. Kept on globalThis so dev hot reload does not open a new pool
// on every edit.

const globalForDb = globalThis as unknown as { portico_prisma?: PrismaClient; portico_commit_hooks?: AsyncLocalStorage<CommitHooks> };

interface CommitHooks { hooks: Map<string, () => Promise<void>> }

// On globalThis like the client: the Next.js bundle and scripts/start.ts load their own copies of this
// module, and both must see the same store.
const commitHooks = (globalForDb.portico_commit_hooks ??= new AsyncLocalStorage<CommitHooks>());

/**
 * Runs `hook` once the interactive transaction this code runs in (`db.$transaction(async (tx) => …)`)
 * has committed, before that call returns to its caller; never when it rolls back. One hook per `key`
 * and transaction. Outside such a transaction it runs at once (not awaited). lib/events uses it so a
 * request's events are in the audit trail by the time the request answers.
 */
export function afterCommit(key: string, hook: () => Promise<void>): void {
  const store = commitHooks.getStore();
  if (store) {
    if (!store.hooks.has(key)) store.hooks.set(key, hook);
  } else {
    void hook().catch((err: unknown) => log.error({ err, hook: key }, "after-commit hook failed"));
  }
}

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl(),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  // Under load a request may wait a while for a pooled connection; failing it after Prisma's default 2 s
  // (a 500) is worse than waiting. Transactions themselves stay short.
  return withCommitHooks(new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }));
}

/**
 * The client, with `$transaction(async (tx) => …)` running the transaction's afterCommit hooks once it
 * has committed. A proxy rather than a patched method: Prisma builds each transaction's client from the
 * real one, and that client must keep not having a $transaction of its own (code tells the root client
 * from a transaction by it).
 */
function withCommitHooks(client: PrismaClient): PrismaClient {
  const original = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const $transaction = async (arg: unknown, options?: unknown) => {
    if (typeof arg !== "function" || commitHooks.getStore()) return original(arg, options);
    const store: CommitHooks = { hooks: new Map() };
    const result = await commitHooks.run(store, () => original(arg, options));
    for (const [key, hook] of store.hooks) {
      try {
        await hook();
      } catch (err) {
        log.error({ err, hook: key }, "after-commit hook failed");
      }
    }
    return result;
  };
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "$transaction") return $transaction;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      let fn = bound.get(prop);
      if (!fn) bound.set(prop, (fn = (value as (...args: unknown[]) => unknown).bind(target)));
      return fn;
    },
  });
}

export const db: PrismaClient = (globalForDb.portico_prisma ??= createClient());

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either the client or a transaction: domain functions that write take one so callers can compose them. */
export type DbOrTx = PrismaClient | Tx;

export { Prisma } from "@/lib/generated/prisma/client";
