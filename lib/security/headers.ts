// Security headers for every response. Pages get a nonce-based Content-Security-Policy; everything is
// unframeable except the admin portal, whose frame-ancestors lists the vendor's registered origins.

export interface CspOptions {
  nonce: string;
  /** Origins allowed to frame this response; empty means it may not be framed at all. */
  frameAncestors: string[];
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, frameAncestors, dev = false }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    // strict-dynamic lets Next's nonce'd bootstrap load its chunks; dev needs eval for hot reload.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(" ") : "'none'"}`,
  ];
  return directives.join("; ");
}

export function baseSecurityHeaders({ https, frameable }: { https: boolean; frameable: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": frameable ? "unsafe-none" : "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (!frameable) headers["X-Frame-Options"] = "DENY";
  if (https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
