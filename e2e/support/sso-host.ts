import http from "node:http";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { stopServer } from "./portal";

// A host app that signs its users in through Portico with a stock openid-client (discovery, PKCE,
// state, nonce, code exchange, ID token validation, userinfo) — nothing Portico-specific but the
// selector parameters (organization_id / connection_id / login_hint) it adds to the authorization URL.
// It also handles IdP-initiated logins the way compat.md §4.6 says: verify the idp_initiated_login JWT
// against Portico's keys, then start an SP-initiated login with its connection_id and login_hint.
//   GET /login?organization_id=…|connection_id=…   → Portico's /oauth/authorize
//   GET /callback                                   → the code exchange, then a page with the claims
// The last sign-in's result is kept for the test in `signIns`.

export interface SignIn {
  claims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  user: Record<string, unknown>;
  idpInitiated: boolean;
}

export interface SsoHost {
  origin: string;
  redirectUri: string;
  signIns: SignIn[];
  setClient(clientId: string, clientSecret: string): void;
  stop(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startSsoHost(portico: string): Promise<SsoHost> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const redirectUri = `${origin}/callback`;
  let config: client.Configuration | null = null;
  let creds: { clientId: string; clientSecret: string } | null = null;
  const pending = new Map<string, { verifier: string; nonce: string; idpInitiated: boolean }>();
  const signIns: SignIn[] = [];
  const keys = createRemoteJWKSet(new URL(`${portico}/keys`));

  const configuration = async () => {
    // Plain discovery of Portico's /.well-known/openid-configuration; http is allowed for the local test run.
    config ??= await client.discovery(new URL(portico), creds!.clientId, creds!.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
    return config;
  };

  async function startLogin(res: http.ServerResponse, selector: Record<string, string>, idpInitiated: boolean, state?: string) {
    const c = await configuration();
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const st = state ?? client.randomState();
    pending.set(st, { verifier, nonce, idpInitiated });
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: redirectUri, scope: "openid email profile", state: st, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", ...selector,
    });
    res.writeHead(302, { Location: url.href }).end();
  }

  server.on("request", async (req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const page = (status: number, body: string) => res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html><body>${body}</body></html>`);
    try {
      if (url.pathname === "/login") {
        const selector = Object.fromEntries([...url.searchParams].filter(([k]) => ["organization_id", "connection_id", "login_hint", "domain"].includes(k)));
        return await startLogin(res, selector, false);
      }
      if (url.pathname === "/callback") {
        const idpLogin = url.searchParams.get("idp_initiated_login");
        if (idpLogin) {
          // compat.md §4.6: check the token, then restart as an SP-initiated login.
          const { payload } = await jwtVerify(idpLogin, keys, { issuer: portico, audience: creds!.clientId });
          const selector: Record<string, string> = { connection_id: String(payload.connection_id) };
          if (payload.login_hint) selector.login_hint = String(payload.login_hint);
          return await startLogin(res, selector, true, typeof payload.relay_state === "string" ? payload.relay_state : undefined);
        }
        const state = url.searchParams.get("state") ?? "";
        const login = pending.get(state);
        if (url.searchParams.get("error")) return page(401, `<h1>Sign-in failed</h1><p id="error">${esc(url.searchParams.get("error")!)}</p><p id="error-description">${esc(url.searchParams.get("error_description") ?? "")}</p>`);
        if (!login) return page(400, "<h1>Unknown state</h1>");
        pending.delete(state);
        const c = await configuration();
        const tokens = await client.authorizationCodeGrant(c, url, { pkceCodeVerifier: login.verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
        const claims = tokens.claims()! as Record<string, unknown>;
        const userinfo = await client.fetchUserInfo(c, tokens.access_token, String(claims.sub));
        signIns.push({ claims, userinfo: { ...userinfo }, user: (tokens as unknown as { user: Record<string, unknown> }).user, idpInitiated: login.idpInitiated });
        return page(200, `<h1>Signed in</h1><p id="email">${esc(String(claims.email))}</p><p id="organization">${esc(String(claims.oid))}</p><p id="connection">${esc(String(claims.connection_id))}</p>`);
      }
      page(404, "not found");
    } catch (err) {
      page(500, `<h1>Host app error</h1><pre id="host-error">${esc(err instanceof Error ? `${err.name}: ${err.message}` : String(err))}</pre>`);
    }
  });

  return {
    origin, redirectUri, signIns,
    setClient(clientId, clientSecret) {
      creds = { clientId, clientSecret };
      config = null;
    },
    stop: () => stopServer(server),
  };
}
