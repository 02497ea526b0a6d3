import { emitStandalone, type EmitInput } from "@/lib/events/emit";
import type { EventType } from "@/lib/events/catalog";
import type { RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import type { Actor } from "./actor";

// Security events that arrive in floods (failed client authentications, failed console sign-ins) go to
// the hash-chained audit log without letting the flood through: the first event per key and minute is
// written at once; further ones in that minute are counted and written as one summary event (metadata
// { …, repeated, window_start, window_end, ips: the repeats' distinct client IPs, at most 20 }) once the
// minute is over. Each write is an event like any other (emitted, then chained), so this keeps a burst
// from flooding the chain and the chainer.
// Past `maxKeysPerWindow` distinct keys in a minute (random client ids or emails), the rest fold into
// the caller's overflow key. Per process, in memory: summaries still pending are lost if the process
// dies; `flush({ all: true })` at shutdown writes them.

/** An event that may arrive in floods: written as it is the first time, with `repeated` & co. in its metadata as a summary. */
export interface SummarisedEvent {
  type: Extract<EventType, "client_authentication.failed" | "operator.sign_in_failed" | "portal_link.open_failed">;
  organizationId: string | null;
  actor: Actor;
  data: Record<string, unknown>;
  target?: { type: string; id: string } | null;
  metadata: Record<string, unknown>;
  context?: RequestContext | null;
}

export type AuditWrite = (event: SummarisedEvent) => Promise<unknown>;

const emitSummarised: AuditWrite = ({ type, ...input }) => emitStandalone(type, { ...input, after: null } as EmitInput<typeof type>);

export interface RepeatableEvent {
  /** What counts as "the same event": e.g. reason + client id. */
  key: string;
  /** The event to write the first time (its context is replaced by the last repeat's in the summary). */
  event: () => SummarisedEvent | Promise<SummarisedEvent>;
}

interface Entry {
  window: number;
  repeated: number;
  event: Promise<SummarisedEvent>;
  lastContext: RequestContext | null | undefined;
  /** Distinct client IPs of the repeats (at most MAX_IPS kept), so a spread-out attack shows as one. */
  ips: Set<string>;
  moreIps: boolean;
}

const MAX_IPS = 20;

const WINDOW_MS = 60_000;

export class RepeatedAuditEvents {
  private entries = new Map<string, Entry>();
  private keysThisWindow = { window: 0, count: 0 };
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly write: AuditWrite = emitSummarised,
    private readonly now: () => number = Date.now,
    private readonly maxKeysPerWindow = 200,
  ) {}

  /**
   * Records one occurrence. Returns the write of a new event (already caught and logged on failure, so
   * awaiting it never throws), or null when the occurrence was counted towards a summary.
   */
  record(occurrence: RepeatableEvent, context: RequestContext | null | undefined, overflow?: RepeatableEvent): Promise<void> | null {
    const window = Math.floor(this.now() / WINDOW_MS) * WINDOW_MS;
    let { key, event } = occurrence;
    if (this.countRepeat(`${window}|${key}`, context)) return null;
    if (this.keysThisWindow.window !== window) this.keysThisWindow = { window, count: 0 };
    if (overflow && ++this.keysThisWindow.count > this.maxKeysPerWindow) {
      ({ key, event } = overflow);
      if (this.countRepeat(`${window}|${key}`, context)) return null;
    }
    const built = Promise.resolve().then(event);
    this.entries.set(`${window}|${key}`, { window, repeated: 0, event: built, lastContext: context, ips: new Set(), moreIps: false });
    return this.track(built.then((input) => this.write({ ...input, context })));
  }

  /** Writes the summaries of minutes that are over (or of every minute, at shutdown). */
  async flush({ all = false }: { all?: boolean } = {}): Promise<void> {
    const current = Math.floor(this.now() / WINDOW_MS) * WINDOW_MS;
    for (const [key, e] of this.entries) {
      if (!all && e.window >= current) continue;
      this.entries.delete(key);
      if (e.repeated === 0) continue;
      void this.track(e.event.then((input) => this.write({
        ...input,
        metadata: {
          ...input.metadata, repeated: e.repeated, window_start: new Date(e.window).toISOString(), window_end: new Date(e.window + WINDOW_MS).toISOString(),
          ips: [...e.ips], ...(e.moreIps ? { more_ips: true } : {}),
        },
        context: e.lastContext,
      })));
    }
    await Promise.allSettled([...this.pending]);
  }

  private countRepeat(key: string, context: RequestContext | null | undefined): boolean {
    const existing = this.entries.get(key);
    if (!existing) return false;
    existing.repeated++;
    existing.lastContext = context;
    if (context?.ip) {
      if (existing.ips.size < MAX_IPS) existing.ips.add(context.ip);
      else if (!existing.ips.has(context.ip)) existing.moreIps = true;
    }
    return true;
  }

  private track(p: Promise<unknown>): Promise<void> {
    const tracked = p.then(() => undefined, (err: unknown) => log.error({ err }, "could not record a summarised audit event"));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }
}

// Every summariser of the process, so shutdown can write what they still hold (scripts/start.ts). On
// globalThis because the Next.js bundle and start.ts load their own copies of this module.
const REGISTRY = Symbol.for("portico.audit.repeats");
const holder = globalThis as unknown as { [REGISTRY]?: Set<RepeatedAuditEvents> };

/** Registers a summariser for `flushAllRepeatedAuditEvents` and returns it. */
export function registerRepeatedAuditEvents(summariser: RepeatedAuditEvents): RepeatedAuditEvents {
  (holder[REGISTRY] ??= new Set()).add(summariser);
  return summariser;
}

/** Writes every pending summary of every registered summariser (shutdown). */
export async function flushAllRepeatedAuditEvents(): Promise<void> {
  await Promise.allSettled([...(holder[REGISTRY] ?? [])].map((s) => s.flush({ all: true })));
}

/**
 * The process's one summariser called `name` (route handlers may be bundled more than once, so it lives
 * on globalThis): flushed every 5 seconds and registered for the shutdown flush.
 */
export function processSummariser(name: string, maxKeysPerWindow?: number): RepeatedAuditEvents {
  const key = Symbol.for(`portico.audit.repeats.${name}`);
  const store = globalThis as unknown as Record<symbol, RepeatedAuditEvents | undefined>;
  let summariser = store[key];
  if (!summariser) {
    const created = registerRepeatedAuditEvents(new RepeatedAuditEvents(undefined, undefined, maxKeysPerWindow));
    setInterval(() => void created.flush().catch((err: unknown) => log.warn({ err, summariser: name }, "summarised audit events could not be written")), 5_000).unref();
    store[key] = summariser = created;
  }
  return summariser;
}
