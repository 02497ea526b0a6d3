import crypto from "node:crypto";
import { decrypt, encrypt } from "@/lib/crypto/encryption";

// Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of the
// key bytes; the signature is `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")),
// and `webhook-signature` lists one per active secret, space-separated (so a receiver holding either the
// old or the new secret verifies during a rotation). Receivers verify with the standardwebhooks package
// (or Svix's); the tests do exactly that.

export const WEBHOOK_SECRET_PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + crypto.randomBytes(32).toString("base64");
}

export function signPayload(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), "base64");
  return `v1,${crypto.createHmac("sha256", key).update(`${id}.${timestampSec}.${body}`).digest("base64")}`;
}

export function signatureHeader(secrets: string[], id: string, timestampSec: number, body: string): string {
  return secrets.map((s) => signPayload(s, id, timestampSec, body)).join(" ");
}

const context = (endpointId: string) => `webhook-endpoint:${endpointId}`;
export const sealSecret = (endpointId: string, secret: string) => encrypt(secret, context(endpointId));
export const openSecret = (endpointId: string, sealed: string) => decrypt(sealed, context(endpointId));
