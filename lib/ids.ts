// Prefixed, time-ordered numeric ids in the style host apps know from Scalekit (org_59615193906282635):
// milliseconds since 2024-01-01 in the high bits and a 30-bit sequence below. Within a process the
// sequence counts up inside each millisecond (so ids never collide however fast they are made, and sort
// by creation); it starts at a random point each millisecond so two processes rarely meet.

const EPOCH = 1704067200000n;
const SEQUENCE_BITS = 30n;
const SEQUENCE_MAX = (1 << 30) - 1;

export type IdPrefix =
  | "org" | "opr" | "inv" | "evt" | "m2morg" | "skc" | "sks" | "snk" | "tkn" | "res" | "scp" | "pls" | "conn" | "dir" | "req" | "dom"
  // Directory sync: directory users, groups and SCIM tokens; the role registry.
  | "diruser" | "dirgroup" | "dirtok" | "role"
  | "env" | "whe"
  // SSO: login sessions and connection test results.
  | "ses" | "tst";

/** What newId("org") makes: org_ and digits. Client-safe (this module uses only Web Crypto). */
export const ORGANIZATION_ID_PATTERN = /^org_\d+$/;

/** Whether `value` has the shape newId(prefix) makes (the prefix, "_" and at most 30 digits). */
export function isNewIdOf(prefix: IdPrefix, value: string): boolean {
  return value.length <= prefix.length + 31 && value.startsWith(`${prefix}_`) && /^\d{1,30}$/.test(value.slice(prefix.length + 1));
}

/** A uniform random integer in [0, 2^29): the top 29 bits of a random 32-bit value. */
const random29 = () => crypto.getRandomValues(new Uint32Array(1))[0]! >>> 3;

let lastMs = 0n;
let sequence = 0;

function nextValue(): bigint {
  let ms = BigInt(Date.now()) - EPOCH;
  if (ms <= lastMs) {
    ms = lastMs; // same millisecond (or the clock stepped back): keep counting from where we are
    sequence++;
    if (sequence > SEQUENCE_MAX) {
      ms = lastMs + 1n; // more ids than fit in a millisecond: borrow the next one
      sequence = random29();
    }
  } else {
    sequence = random29(); // leaves 2^29 ids of headroom in this millisecond
  }
  lastMs = ms;
  return (ms << SEQUENCE_BITS) | BigInt(sequence);
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextValue()}`;
}

/** Portal link ids follow Scalekit's shape: a UUID with a `_p` suffix. */
export function newPortalLinkId(): string {
  return `${crypto.randomUUID()}_p`;
}
