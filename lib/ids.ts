import crypto from "node:crypto";

// Prefixed, time-ordered numeric ids in the style host apps know from Scalekit (org_59615193906282635):
// milliseconds since 2024-01-01 in the high bits, 22 random bits below, so ids sort by creation.

const EPOCH = 1704067200000n;

export type IdPrefix =
  | "org" | "opr" | "inv" | "evt" | "m2morg" | "skc" | "sks" | "snk" | "tkn" | "res" | "scp" | "pls" | "conn" | "dir" | "req";

export function newId(prefix: IdPrefix): string {
  const ms = BigInt(Date.now()) - EPOCH;
  const rand = BigInt(crypto.randomInt(0, 1 << 22));
  return `${prefix}_${(ms << 22n) | rand}`;
}

/** Portal link ids follow Scalekit's shape: a UUID with a `_p` suffix. */
export function newPortalLinkId(): string {
  return `${crypto.randomUUID()}_p`;
}
