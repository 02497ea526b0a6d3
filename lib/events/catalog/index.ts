import type { z } from "zod";
import type { EventDefinition } from "../define";
import { domainEvents } from "./domains";
import { directoryEvents } from "./directory";
import { deploymentEvents } from "./deployment";
import { organizationEvents } from "./organizations";
import { webhookEvents } from "./webhooks";
import { ssoEvents } from "./sso";

// The event catalog: every kind of change Portico records, one entry each. Each area keeps its family in
// its own file here and adds it below.

export const EVENT_CATALOG = {
  ...organizationEvents,
  ...domainEvents,
  ...directoryEvents,
  ...deploymentEvents,
  ...webhookEvents,
  ...ssoEvents,
} satisfies Record<string, EventDefinition>;

export type EventCatalog = typeof EVENT_CATALOG;
export type EventType = keyof EventCatalog;
export type EventData<T extends EventType> = z.input<EventCatalog[T]["data"]>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function eventDefinition(type: EventType): EventDefinition {
  return EVENT_CATALOG[type];
}

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOG, value);
}
