import crypto from "node:crypto";
import { promisify } from "node:util";
import type { JWK } from "jose";

// The signature algorithms Portico signs access tokens with, and how to make and use their keys with
// node:crypto directly (the token endpoint signs without any JOSE library on the hot path).

export const SIGNING_ALGS = ["RS256", "ES256", "EdDSA"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
export const DEFAULT_SIGNING_ALG: SigningAlg = "RS256";

/** Additional data binding an encrypted private key to its row. */
export const signingKeyContext = (kid: string) => `signing_key:${kid}`;

const generateKeyPair = promisify(crypto.generateKeyPair);

export interface GeneratedKey {
  privatePem: string;
  publicJwk: JWK;
}

async function keyPair(alg: SigningAlg): Promise<crypto.KeyPairKeyObjectResult> {
  switch (alg) {
    case "RS256":
      return generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
    case "ES256":
      return generateKeyPair("ec", { namedCurve: "P-256" });
    case "EdDSA":
      return generateKeyPair("ed25519");
  }
}

/** A fresh key pair: the private key as PKCS#8 PEM (to be encrypted) and the public key as a JWK. */
export async function generateSigningKey(kid: string, alg: SigningAlg): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await keyPair(alg);
  const jwk = publicKey.export({ format: "jwk" }) as JWK;
  return {
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicJwk: { ...jwk, kid, alg, use: "sig" },
  };
}

export function isSigningAlg(value: unknown): value is SigningAlg {
  return typeof value === "string" && (SIGNING_ALGS as readonly string[]).includes(value);
}

const sign = promisify(crypto.sign) as (algorithm: string | null, data: Buffer, key: crypto.SignKeyObjectInput | crypto.KeyObject) => Promise<Buffer>;

/**
 * A JWS signature (base64url) over `signingInput`. RSA (~0.6 ms) runs on libuv's thread pool so the
 * event loop keeps serving; ECDSA and Ed25519 (tens of µs) run inline, cheaper than the hand-off.
 */
export async function signJws(alg: SigningAlg, key: crypto.KeyObject, signingInput: string): Promise<string> {
  const data = Buffer.from(signingInput, "ascii");
  switch (alg) {
    case "RS256":
      return (await sign("sha256", data, key)).toString("base64url");
    case "ES256":
      return crypto.sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
    case "EdDSA":
      return crypto.sign(null, data, key).toString("base64url");
  }
}
