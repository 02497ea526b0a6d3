import type { z } from "zod";
import type { PortalEventType } from "@/lib/portal/events";

// One entry of the event catalog: everything Portico says about one kind of change, in one place. The
// audit trail, webhooks, the events API, the portal's browser events, the console's filters and labels
// and the README's list all read it; nothing else names an event.

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** The envelope's `object` (compat.md §7.1): "Organization", "ServicePrincipal", "DirectoryUser", "Connection", … */
  object: string;
  /** Short, human label for lists and filters: "Service principal created". */
  label: string;
  /** One sentence for the event-type reference (README, GET /api/v1/event_types). */
  description: string;
  /** The envelope's `data`. Parsed on emit: an event that does not fit its schema is a bug and fails the write. */
  data: S;
  /** How the audit trail shows it: the action name (stable: stored events and saved filters use it) and the target's type. */
  audit: { action: string; target: string };
  /**
   * Whether host apps see it: delivered to webhook endpoints and listed by GET /api/v1/events. Deployment
   * internals (operator sign-ins, signing keys, failed client authentications) stay in the audit trail only.
   */
  webhook: boolean;
  /** The browser event the admin portal posts to the host page when this happens in its organization. */
  portal?: PortalEventType;
  /** What of `data` the portal's browser event carries (default: all of it). Browser events go to the host page: keep them small. */
  portalData?: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** Declares a family of catalog entries (keeps each entry's data schema type). */
export function defineEvents<const T extends Record<string, EventDefinition>>(definitions: T): T {
  return definitions;
}
