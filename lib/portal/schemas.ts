import { z } from "zod";
import { positionSchema } from "@/lib/validation/position";
import { text } from "@/lib/validation/text";
import { featureSchema, SERVED_FEATURES } from "@/lib/organizations/features";

// Shapes of the portal-links API (PUT/GET/DELETE /api/v1/organizations/{id}/portal_links), shared by the
// management API routes and the console's "Generate portal link" action.

export const PORTAL_LINK_KINDS = ["embedded", "shareable"] as const;
export type PortalLinkKind = (typeof PORTAL_LINK_KINDS)[number];

/** Embedded links must be opened within a minute; shareable links last a week. */
export const LINK_LIFETIME_SEC: Record<PortalLinkKind, number> = { embedded: 60, shareable: 7 * 24 * 3600 };
/** A portal session never lasts longer than this, whatever the session settings say. */
export const MAX_PORTAL_SESSION_SEC = 6 * 3600;

/** What a portal session gets from the session settings in effect: their lifetime, capped at 6 hours, and an idle timeout within it. */
export function portalSessionLimits(settings: { absolute_timeout_sec: number; idle_timeout_sec: number }) {
  const lifetimeSec = Math.min(MAX_PORTAL_SESSION_SEC, settings.absolute_timeout_sec);
  return { lifetimeSec, idleTimeoutSec: Math.min(settings.idle_timeout_sec, lifetimeSec) };
}

export const portalActorSchema = z.object({
  id: text().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  email: text().max(320, "must be at most 320 characters").pipe(z.email("must be an email address")).optional(),
  name: text().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
}).strict().refine((a) => a.id || a.email || a.name, "must have at least one of id, email, name");
export type PortalActorInput = z.infer<typeof portalActorSchema>;

export const createPortalLinkSchema = z.object({
  kind: z.enum(PORTAL_LINK_KINDS, { error: "must be embedded or shareable" }).default("embedded"),
  features: z.array(featureSchema).max(SERVED_FEATURES.length).optional(),
  actor: portalActorSchema.optional(),
  /** false opens the portal without its own header, for host pages that already say whose settings these are. */
  show_header: z.boolean({ error: "must be true or false" }).default(true),
}).strict();
export type CreatePortalLinkInput = z.output<typeof createPortalLinkSchema>;

export interface PortalLinkCreated {
  id: string;
  kind: PortalLinkKind;
  location: string;
  expire_time: string;
}

export interface PortalLinkView {
  id: string;
  kind: PortalLinkKind;
  organization_id: string;
  features: string[];
  actor: PortalActorInput | null;
  show_header: boolean;
  created_by: { type: string; id: string | null; label: string | null };
  create_time: string;
  expire_time: string;
  last_used_time: string | null;
  status: "active" | "expired" | "revoked" | "used";
}

/** GET /portal/events?after=<cursor>: the cursor the page was given (a position in the event log). */
export const portalEventsQuerySchema = z.object({
  after: positionSchema("is not a cursor this portal page was given").transform((v) => BigInt(v)),
}).strict();
