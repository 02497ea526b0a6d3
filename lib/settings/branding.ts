import { cache } from "react";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { db, type DbOrTx } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";
import { readDeploymentSetting, writeDeploymentSetting } from "./deployment-setting";
import { BRANDING_IMAGES, checkImageDataUrl, summarizeImage, type BrandingImageKind } from "./branding-images";

// The deployment's branding (deployment_settings key `branding`): the name, logo, favicon and accent
// colour tenant admins see in the admin portal (the favicon also in the console). The console's
// settings page edits it. Images are uploaded files kept as data: URLs, checked by their bytes.

export const BRANDING_KEY = "branding";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** An uploaded image (data: URL), checked by ./branding-images; empty for none. */
const imageSchema = (kind: BrandingImageKind) => text().trim().max(1_500_000, `is too large; the limit is ${BRANDING_IMAGES[kind].maxBytes / 1024} kB`)
  .superRefine((value, issue) => {
    if (value === "") return;
    const checked = checkImageDataUrl(kind, value);
    if (!checked.ok) issue.addIssue({ code: "custom", message: checked.message });
  })
  .default("");

const nameSchema = text().trim().min(1, "is required").max(80, "must be at most 80 characters");
const accentSchema = text().trim().regex(HEX_COLOUR, "must be a colour like #4f46e5");

export const brandingSchema = z.object({
  name: nameSchema,
  logo_url: imageSchema("logo"),
  favicon_url: imageSchema("favicon"),
  accent_color: accentSchema.default("#4f46e5"),
}).strict();
export type BrandingInput = z.input<typeof brandingSchema>;
export type Branding = z.output<typeof brandingSchema>;

export const DEFAULT_BRANDING: Branding = { name: "Portico", logo_url: "", favicon_url: "", accent_color: "#4f46e5" };

/**
 * How a stored value is read: a field that no longer passes (an https logo an earlier version accepted,
 * say) falls back to its default on its own, instead of resetting the whole branding.
 */
const storedBrandingSchema = z.object({
  name: nameSchema.catch(DEFAULT_BRANDING.name),
  logo_url: imageSchema("logo").catch(""),
  favicon_url: imageSchema("favicon").catch(""),
  accent_color: accentSchema.catch(DEFAULT_BRANDING.accent_color),
});

const defaults = () => ({ ...DEFAULT_BRANDING });

/** What the audit trail keeps: each image as its type, size and SHA-256, never the image. */
export function auditableBranding(b: Branding) {
  return { name: b.name, accent_color: b.accent_color, logo: summarizeImage("logo", b.logo_url), favicon: summarizeImage("favicon", b.favicon_url) };
}

/** The branding; read (and its images checked) once per request however many layouts and metadata ask. */
export const getBranding = cache((client: DbOrTx = db): Promise<Branding> =>
  readDeploymentSetting(BRANDING_KEY, storedBrandingSchema, defaults, client));

export function updateBranding(ctx: MutationContext, branding: Branding): Promise<Branding> {
  return writeDeploymentSetting(ctx, BRANDING_KEY, storedBrandingSchema, defaults, branding, "branding.updated", { auditView: auditableBranding });
}

/** "#4f46e5" → "79 70 229", the form the --accent CSS variable takes. */
export function accentRgb(hex: string): string {
  const value = HEX_COLOUR.test(hex) ? hex : DEFAULT_BRANDING.accent_color;
  const n = parseInt(value.slice(1), 16);
  return `${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255}`;
}

/** Black or white text, whichever reads better on the accent colour (WCAG relative luminance). */
export function accentForegroundRgb(hex: string): string {
  const [r, g, b] = accentRgb(hex).split(" ").map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? "17 24 39" : "255 255 255";
}
