/** Header carrying the portal session's CSRF token (checked by ./csrf.ts). Safe to import from client components. */
export const CSRF_HEADER = "x-portico-csrf";
