import crypto from "node:crypto";
import { decodeStoredImage } from "./branding-images";
import { type Branding } from "./branding";

// The favicon every Portico page (console and admin portal) links to: the uploaded one, otherwise a
// letter on the accent colour, the same mark the portal header shows without a logo.

export interface Favicon {
  type: string;
  body: Buffer;
  /** Changes whenever the icon does, so the page's <link> can be cached and still pick up a new one. */
  version: string;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function defaultIcon(branding: Branding): Buffer {
  const letter = escapeXml(Array.from(branding.name.trim())[0]?.toUpperCase() ?? "P");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${branding.accent_color}"/>` +
    `<text x="16" y="22.5" text-anchor="middle" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#fff">${letter}</text></svg>`,
  );
}

// The last icon made and what it was made from: the root metadata and /favicon.ico ask for it on every
// request, and the branding rarely changes, so it is not decoded and hashed again each time.
let lastIcon: { favicon_url: string; name: string; accent_color: string; icon: Favicon } | null = null;

export function faviconFor(branding: Branding): Favicon {
  const { favicon_url, name, accent_color } = branding;
  if (lastIcon && lastIcon.favicon_url === favicon_url && lastIcon.name === name && lastIcon.accent_color === accent_color) return lastIcon.icon;
  const icon = makeFavicon(branding);
  lastIcon = { favicon_url, name, accent_color, icon };
  return icon;
}

function makeFavicon(branding: Branding): Favicon {
  const uploaded = decodeStoredImage("favicon", branding.favicon_url);
  const type = uploaded?.type ?? "image/svg+xml";
  const body = uploaded?.bytes ?? defaultIcon(branding);
  return { type, body, version: crypto.createHash("sha256").update(type).update(body).digest("hex").slice(0, 16) };
}

/** The response for /favicon.ico: an image that is inert if opened as a page. */
export function faviconResponse(icon: Favicon, ifNoneMatch: string | null): Response {
  const etag = `"${icon.version}"`;
  const headers = {
    "Content-Type": icon.type,
    "Cache-Control": "public, max-age=300",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  };
  if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(icon.body), { status: 200, headers });
}
