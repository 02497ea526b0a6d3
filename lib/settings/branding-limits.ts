// What the branding form accepts, shared by the browser (to refuse an oversized file before sending
// it) and the server (which checks the decoded bytes; see ./branding-images).

export type ImageType = "image/png" | "image/jpeg" | "image/webp" | "image/x-icon";
export type BrandingImageKind = "logo" | "favicon";

export const BRANDING_IMAGES = {
  logo: { types: ["image/png", "image/jpeg", "image/webp"] as readonly ImageType[], maxBytes: 100 * 1024, accept: "image/png,image/jpeg,image/webp" },
  favicon: { types: ["image/png", "image/x-icon"] as readonly ImageType[], maxBytes: 32 * 1024, accept: "image/png,image/x-icon,.ico" },
  labels: { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP", "image/x-icon": "ICO" } as Record<ImageType, string>,
} as const;
