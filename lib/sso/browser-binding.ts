import { hashSecret, randomSecret } from "@/lib/crypto/secrets";

// Every login (and connection test) is bound to the browser that started it: a random key in an
// HttpOnly cookie, whose keyed hash is stored with the login request. A response or callback that
// arrives in another browser (a login link someone else started, sent to a victim: login CSRF, session
// fixation) does not match and is refused. One key per browser, reused by parallel logins in tabs.

export const SSO_BROWSER_COOKIE = "portico_sso_browser";
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const COOKIE_MAX_AGE_SEC = 24 * 3600;

export function browserKeyFrom(cookieValue: string | undefined | null): string | null {
  return cookieValue && KEY_PATTERN.test(cookieValue) ? cookieValue : null;
}

/** The browser's key: the one its cookie already carries, or a new one to set. */
export function browserKeyFor(cookieValue: string | undefined | null): { key: string; isNew: boolean } {
  const existing = browserKeyFrom(cookieValue);
  return existing ? { key: existing, isNew: false } : { key: randomSecret(), isNew: true };
}

export function browserKeyHash(key: string): string {
  return hashSecret(`sso-browser:${key}`);
}

/**
 * Cookie attributes. The IdP posts SAML responses from its own site, so in a secure context the cookie
 * is SameSite=None (sent on that cross-site POST); on plain http it can only be Lax, which covers
 * same-site IdPs and OIDC's top-level GET callback.
 */
export function browserCookieOptions(secureContext: boolean) {
  return secureContext
    ? { httpOnly: true, secure: true, sameSite: "none" as const, path: "/", maxAge: COOKIE_MAX_AGE_SEC }
    : { httpOnly: true, secure: false, sameSite: "lax" as const, path: "/", maxAge: COOKIE_MAX_AGE_SEC };
}
