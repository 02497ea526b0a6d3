import { db } from "@/lib/db";
import { newId } from "@/lib/ids";

// The envelope's environment_id (compat.md §7.1): one env_… id per deployment, made the first time it is
// needed and kept in deployment_settings, so every instance and every restart says the same.

const KEY = "environment_id";
let cached: string | null = null;

export async function environmentId(): Promise<string> {
  if (cached) return cached;
  await db.$executeRaw`INSERT INTO deployment_settings (key, value, update_time) VALUES (${KEY}, to_jsonb(${newId("env")}::text), now()) ON CONFLICT (key) DO NOTHING`;
  const row = await db.deploymentSetting.findUniqueOrThrow({ where: { key: KEY } });
  cached = String(row.value);
  return cached;
}
