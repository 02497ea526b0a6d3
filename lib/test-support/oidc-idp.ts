// A real OpenID Connect provider for tests: panva's oidc-provider on localhost, with its development
// sign-in pages (devInteractions: any login and password), PKCE required, and the user's email and
// name released through userinfo only (its conformIdTokenClaims default), so Portico must read both the
// ID token and userinfo. `signIn` drives its pages over HTTP like a browser (cookies, redirects, forms).
import type http from "node:http";
import crypto from "node:crypto";
import net from "node:net";
import Provider from "oidc-provider";

export interface OidcUser {
  email?: string;
  given_name?: string;
  family_name?: string;
  groups?: string[];
}

export interface TestOidcIdp {
  issuer: string;
  /** Users by login name (the devInteractions login); unknown logins get an email of login@acme.test. */
  users: Map<string, OidcUser>;
  /** Registers a client (dynamic client registration) for Portico's redirect URI of one connection. */
  registerClient(redirectUri: string): Promise<{ clientId: string; clientSecret: string }>;
  close(): Promise<void>;
}

export async function startOidcIdp(): Promise<TestOidcIdp> {
  const users = new Map<string, OidcUser>();
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    features: { devInteractions: { enabled: true }, registration: { enabled: true } },
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name", "groups"] },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => {
        const u = users.get(id) ?? { email: `${id}@acme.test`, given_name: id, family_name: "Tester" };
        return { sub: id, ...(u.email ? { email: u.email, email_verified: true } : {}), given_name: u.given_name, family_name: u.family_name, name: [u.given_name, u.family_name].filter(Boolean).join(" ") || undefined, groups: u.groups };
      },
    }),
  });
  (provider as unknown as { on(e: string, f: (...a: unknown[]) => void): void }).on("server_error", (_ctx, err) => console.error("test OIDC IdP server_error:", err));
  const server: http.Server = provider.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer, users,
    async registerClient(redirectUri) {
      const res = await fetch(`${issuer}/reg`, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" }),
      });
      const json = (await res.json()) as { client_id: string; client_secret: string };
      if (!res.ok) throw new Error(`test OIDC IdP: registration failed: ${JSON.stringify(json)}`);
      return { clientId: json.client_id, clientSecret: json.client_secret };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Follows a login through oidc-provider's development pages like a browser: redirects, cookies, the
 * sign-in form (login, any password) and the consent form, until the browser would leave for `stopAt`
 * (Portico's callback). Returns that URL.
 */
export async function signInAt(authorizationUrl: string, login: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let method = "GET";
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(stopAt)) return new URL(url);
    const res = await fetch(url, {
      method, redirect: "manual", body,
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).href;
      method = "GET";
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`test OIDC IdP: no form at ${url} (HTTP ${res.status}): ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]+)"/.exec(tag)?.[1];
      if (name) fields.set(name, /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
    }
    if (fields.has("login")) {
      fields.set("login", login);
      fields.set("password", "any");
    }
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
    method = "POST";
    body = fields.toString();
  }
  throw new Error("test OIDC IdP: too many hops");
}
