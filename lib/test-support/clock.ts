/**
 * Rate limits and audit summaries count in fixed windows aligned to their length (a minute, 15 minutes).
 * A test whose events must land in one window waits out the last seconds of the current one instead of
 * straddling two.
 */
export async function awayFromWindowEdge(windowMs = 60_000, marginMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 100));
}
