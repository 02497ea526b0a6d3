import { startApp, type RunningApp } from "../../scripts/lib/app-server";

/**
 * Runs `fn` against a second instance of the deployment under test, as a load balancer would have it:
 * same database, key-encryption secret and PUBLIC_URL (so the same issuer and management audience;
 * another PUBLIC_URL would move the deployment's management audience for every instance), its own port,
 * plus extra environment variables the main test instance must not have.
 */
export async function withSecondInstance<T>(env: Record<string, string>, fn: (app: RunningApp) => Promise<T>): Promise<T> {
  const publicUrl = process.env.PUBLIC_URL ?? process.env.BASE_URL;
  if (!publicUrl) throw new Error("PUBLIC_URL of the instance under test is not set");
  const app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { PORTICO_DEV_TOOLS: "", PUBLIC_URL: publicUrl, PORTICO_NO_BUILD: "1", ...env } });
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}

