import { z } from "zod";
import { db, type DbOrTx } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";
import { readDeploymentSetting, writeDeploymentSetting } from "./deployment-setting";

// The deployment's branding (deployment_settings key `branding`): the name, logo and accent colour the
// admin portal shows to tenant admins. The console's settings page edits it.

export const BRANDING_KEY = "branding";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

export const brandingSchema = z.object({
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  /** An https URL (or a data:image URL of at most 100 kB); empty for no logo. */
  logo_url: z.string().trim().max(140_000, "is too large (at most 100 kB)")
    .refine((v) => v === "" || /^https:\/\/[^\s]+$/i.test(v) || /^data:image\/(png|svg\+xml|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(v),
      "must be an https:// URL or a data:image (png, svg, jpeg, webp) URL")
    .default(""),
  accent_color: z.string().trim().regex(HEX_COLOUR, "must be a colour like #4f46e5").default("#4f46e5"),
}).strict();
export type BrandingInput = z.input<typeof brandingSchema>;
export type Branding = z.output<typeof brandingSchema>;

export const DEFAULT_BRANDING: Branding = { name: "Portico", logo_url: "", accent_color: "#4f46e5" };

const defaults = () => ({ ...DEFAULT_BRANDING });

export function getBranding(client: DbOrTx = db): Promise<Branding> {
  return readDeploymentSetting(BRANDING_KEY, brandingSchema, defaults, client);
}

export function updateBranding(ctx: MutationContext, input: unknown): Promise<Branding> {
  return writeDeploymentSetting(ctx, BRANDING_KEY, brandingSchema, defaults, input, "branding.updated");
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
