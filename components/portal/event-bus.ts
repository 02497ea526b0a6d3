"use client";
import type { PortalEventType } from "@/lib/portal/events";

// A small in-page bus: any portal component (the service-principal panel, later SSO and directory
// screens) announces what happened; the portal shell turns it into a browser event for the host app.

const EVENT = "portico:portal-event";

export interface PortalBusDetail {
  type: PortalEventType;
  data: Record<string, unknown>;
}

export function emitPortalEvent(type: PortalEventType, data: Record<string, unknown> = {}): void {
  if (typeof window === "undefined") return;
  window.dispatchEvent(new CustomEvent<PortalBusDetail>(EVENT, { detail: { type, data } }));
}

export function onPortalEvent(listener: (detail: PortalBusDetail) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<PortalBusDetail>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
