import crypto from "node:crypto";
import { BRANDING_IMAGES, type BrandingImageKind, type ImageType } from "./branding-limits";

// Uploaded branding images (logo, favicon) arrive as data: URLs. The claimed MIME type says nothing about
// the bytes, so each image is decoded and its magic number must match the claim, and its limit applies
// to the decoded size. SVG is refused: it can carry scripts, and Portico serves the favicon from its own
// origin, where an SVG opened as a document would run them.

export { BRANDING_IMAGES, type BrandingImageKind, type ImageType } from "./branding-limits";

const SIGNATURES: Record<ImageType, (b: Buffer) => boolean> = {
  "image/png": (b) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP",
  // ICONDIR: reserved 0, type 1 (icon), at least one image.
  "image/x-icon": (b) => b.length >= 6 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 && (b[4]! | b[5]! << 8) > 0,
};

/** MIME types browsers report for a file, mapped to the one Portico stores. */
const ALIASES: Record<string, ImageType> = {
  "image/png": "image/png",
  "image/jpeg": "image/jpeg",
  "image/jpg": "image/jpeg",
  "image/webp": "image/webp",
  "image/x-icon": "image/x-icon",
  "image/vnd.microsoft.icon": "image/x-icon",
};

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

export interface DecodedImage {
  type: ImageType;
  bytes: Buffer;
}

/** What a stored image is, for the audit trail: never the image itself. */
export interface ImageSummary {
  type: ImageType;
  size_bytes: number;
  sha256: string;
}

/** Detects the image type from its first bytes, whatever it claims to be. */
export function sniffImageType(bytes: Buffer): ImageType | "image/svg+xml" | "image/gif" | null {
  for (const [type, matches] of Object.entries(SIGNATURES) as [ImageType, (b: Buffer) => boolean][]) if (matches(bytes)) return type;
  const head = bytes.toString("latin1", 0, 6);
  if (head === "GIF87a" || head === "GIF89a") return "image/gif";
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(bytes.toString("utf8", 0, 1024))) return "image/svg+xml";
  return null;
}

const describe = (types: readonly ImageType[]) => types.map((t) => BRANDING_IMAGES.labels[t]).join(", ").replace(/, ([^,]*)$/, " or $1");

type ImageCheck = { ok: true; image: DecodedImage } | { ok: false; message: string };

// The last value checked for each kind, and its result. Every page's metadata and every /favicon.ico
// request reads the stored branding, which checks both images; the stored values rarely change, so
// this keeps them from being decoded again each time. One entry per kind, so the logo and favicon,
// checked one after the other, do not evict each other. Callers must not modify the decoded bytes.
const lastChecked = new Map<BrandingImageKind, { value: string; result: ImageCheck }>();

/**
 * Decodes a data: URL and checks it is one of the kind's allowed types (by its bytes) within its size.
 * Returns an error message without the field name ("is … "), or the decoded image.
 */
export function checkImageDataUrl(kind: BrandingImageKind, value: string): ImageCheck {
  const last = lastChecked.get(kind);
  if (last?.value === value) return last.result;
  const result = decodeImageDataUrl(kind, value);
  lastChecked.set(kind, { value, result });
  return result;
}

function decodeImageDataUrl(kind: BrandingImageKind, value: string): ImageCheck {
  const rules = BRANDING_IMAGES[kind];
  const allowed = describe(rules.types);
  if (/^https?:\/\//i.test(value)) {
    return { ok: false, message: `must be uploaded as a file (${allowed}); links to images on other sites are not accepted, because the admin portal loads images only from Portico itself` };
  }
  const match = DATA_URL.exec(value);
  if (!match) return { ok: false, message: `must be an uploaded ${allowed} image` };
  const claimed = match[1]!.toLowerCase();
  if (claimed === "image/svg+xml") return { ok: false, message: `cannot be an SVG (SVG files can carry scripts); upload a ${allowed} instead` };
  const type = ALIASES[claimed];
  if (!type || !rules.types.includes(type)) return { ok: false, message: `must be a ${allowed} image, not ${claimed}` };
  const bytes = Buffer.from(match[2]!, "base64");
  if (bytes.length === 0) return { ok: false, message: "is an empty file" };
  if (bytes.length > rules.maxBytes) {
    return { ok: false, message: `is ${Math.ceil(bytes.length / 1024)} kB; the limit is ${rules.maxBytes / 1024} kB` };
  }
  const actual = sniffImageType(bytes);
  if (actual !== type) {
    const what = actual === "image/svg+xml" ? "an SVG" : actual === "image/gif" ? "a GIF" : actual ? `a ${BRANDING_IMAGES.labels[actual]}` : "not an image Portico recognises";
    return { ok: false, message: `is labelled ${BRANDING_IMAGES.labels[type]} but its contents are ${what}; upload a real ${allowed} file` };
  }
  return { ok: true, image: { type, bytes } };
}

/** Decodes a stored data: URL (already checked when it was saved); null when empty or unreadable. */
export function decodeStoredImage(kind: BrandingImageKind, value: string): DecodedImage | null {
  if (!value) return null;
  const checked = checkImageDataUrl(kind, value);
  return checked.ok ? checked.image : null;
}

export function summarizeImage(kind: BrandingImageKind, value: string): ImageSummary | null {
  const image = decodeStoredImage(kind, value);
  if (!image) return null;
  return { type: image.type, size_bytes: image.bytes.length, sha256: crypto.createHash("sha256").update(image.bytes).digest("hex") };
}
