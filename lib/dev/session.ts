import crypto from "node:crypto";
import type { Principal } from "@/lib/authz";
import { subkey } from "@/lib/crypto/keys";
import { constantTimeEqual } from "@/lib/crypto/secrets";

// Development tools (the /dev pages that mount feature screens before the console and portal exist).
// They exist only when the app runs with PORTICO_DEV_TOOLS=1; otherwise every /dev route is a 404 and
// no dev session is ever accepted, whatever cookie a browser sends.

export const DEV_SESSION_COOKIE = "portico_dev_session";

/** The operator every dev session acts as. Recorded in the audit trail under this email. */
export const DEV_OPERATOR: Extract<Principal, { kind: "operator" }> = {
  kind: "operator",
  id: "opr_dev",
  email: "dev-tools@localhost",
  role: "admin",
};

export type DevEnv = Record<string, string | undefined>;

export function devToolsEnabled(env: DevEnv = process.env): boolean {
  return env.PORTICO_DEV_TOOLS === "1";
}

function sign(nonce: string): string {
  return crypto.createHmac("sha256", subkey("session")).update(`dev-session:${nonce}`).digest("base64url");
}

/** A new dev-session cookie value: a random nonce and its MAC under the deployment's session key. */
export function mintDevSession(): string {
  const nonce = crypto.randomBytes(18).toString("base64url");
  return `${nonce}.${sign(nonce)}`;
}

/** The dev operator when dev tools are on and the cookie is one this deployment minted; otherwise null. */
export function devPrincipalFromCookie(value: string | undefined | null, env: DevEnv = process.env): Principal | null {
  if (!devToolsEnabled(env) || !value) return null;
  const [nonce, mac, extra] = value.split(".");
  if (!nonce || !mac || extra !== undefined) return null;
  return constantTimeEqual(sign(nonce), mac) ? DEV_OPERATOR : null;
}
