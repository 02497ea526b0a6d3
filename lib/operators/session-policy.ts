import { getSessionDefaults } from "@/lib/session-settings";

// How long console sessions last: the deployment's session defaults (the settings page edits them).
// Absolute timeout counts from sign-in; idle timeout from the operator's last activity.

export interface SessionPolicy {
  absoluteTimeoutSec: number;
  idleTimeoutSec: number;
}

export async function operatorSessionPolicy(): Promise<SessionPolicy> {
  const defaults = await getSessionDefaults();
  return { absoluteTimeoutSec: defaults.absolute_timeout_sec, idleTimeoutSec: Math.min(defaults.idle_timeout_sec, defaults.absolute_timeout_sec) };
}
