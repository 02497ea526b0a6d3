// Wakes this process's webhook dispatcher (if it runs here) when deliveries were queued, instead of
// waiting for its next poll. On globalThis: the Next.js bundle and scripts/start.ts load their own copies.

const KEY = Symbol.for("portico.webhooks.wake");
const holder = globalThis as unknown as { [KEY]?: () => void };

export function setDispatcherWake(wake: (() => void) | null): void {
  if (wake) holder[KEY] = wake;
  else delete holder[KEY];
}

export function wakeDispatcher(): void {
  holder[KEY]?.();
}
