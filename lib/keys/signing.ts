import crypto from "node:crypto";
import { decrypt } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { isSigningAlg, signingKeyContext, type SigningAlg } from "./algorithms";

// The key that signs new tokens. Which key is current is re-read every few seconds (a rotation on
// another instance is picked up quickly; until then this instance signs with the now-previous key,
// which stays published, so nothing fails). Decrypted private keys are kept per kid: they never change.

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: crypto.KeyObject;
}

const CURRENT_TTL_MS = 5_000;
const STATE = Symbol.for("portico.keys.signing");
type State = { current: { at: number; key: ActiveSigningKey } | null; loading: Promise<ActiveSigningKey> | null; privateKeys: Map<string, crypto.KeyObject> };
const holder = globalThis as unknown as { [STATE]?: State };
const state: State = (holder[STATE] ??= { current: null, loading: null, privateKeys: new Map() });

export class NoSigningKeyError extends Error {
  override name = "NoSigningKeyError";
}

async function load(): Promise<ActiveSigningKey> {
  const row = await db.signingKey.findFirst({ where: { status: "current" }, orderBy: { activatedAt: "desc" } });
  if (!row || !row.privateKeyEnc || !isSigningAlg(row.alg)) throw new NoSigningKeyError("no current signing key: run the start-up bootstrap");
  let privateKey = state.privateKeys.get(row.id);
  if (!privateKey) {
    privateKey = crypto.createPrivateKey(decrypt(row.privateKeyEnc, signingKeyContext(row.id)));
    state.privateKeys.set(row.id, privateKey);
  }
  const key = { kid: row.id, alg: row.alg, privateKey };
  state.current = { at: Date.now(), key };
  return key;
}

export async function currentSigningKey(): Promise<ActiveSigningKey> {
  const cached = state.current;
  if (cached && Date.now() - cached.at < CURRENT_TTL_MS) return cached.key;
  // One reload at a time; concurrent requests share it.
  state.loading ??= load().finally(() => { state.loading = null; });
  try {
    return await state.loading;
  } catch (err) {
    if (cached) return cached.key; // database hiccup: keep signing with the key we know
    throw err;
  }
}

/** Forget the cached current key (after a rotation in this process, and in tests). */
export function invalidateSigningKey(): void {
  state.current = null;
}
