import { db } from "@/lib/db";
import { z } from "zod";

// How long console sessions last: the deployment's session defaults (deployment_settings key
// `session_defaults`, edited on the settings page). Absolute timeout: from sign-in; idle timeout: since
// the operator last did something.

export interface SessionPolicy {
  absoluteTimeoutSec: number;
  idleTimeoutSec: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteTimeoutSec: 12 * 3600, idleTimeoutSec: 3600 };

const stored = z.object({
  absolute_timeout_sec: z.number().int().positive().optional(),
  idle_timeout_sec: z.number().int().positive().optional(),
}).loose();

export async function operatorSessionPolicy(): Promise<SessionPolicy> {
  const row = await db.deploymentSetting.findUnique({ where: { key: "session_defaults" } });
  const parsed = stored.safeParse(row?.value);
  if (!parsed.success) return DEFAULT_SESSION_POLICY;
  const absolute = parsed.data.absolute_timeout_sec ?? DEFAULT_SESSION_POLICY.absoluteTimeoutSec;
  const idle = Math.min(parsed.data.idle_timeout_sec ?? DEFAULT_SESSION_POLICY.idleTimeoutSec, absolute);
  return { absoluteTimeoutSec: absolute, idleTimeoutSec: idle };
}
