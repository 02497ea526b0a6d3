import { z } from "zod";

// Positions from outside (cursors, log positions, webhook delivery ids) are PostgreSQL bigints: at most
// 2^63 - 1. Nineteen digits can say more than that ("9999999999999999999"), which the database refuses
// with an error; checked here, such a value is the caller's error naming the parameter instead of a 500.
// Client-safe (zod only).

export const MAX_POSITION = 9_223_372_036_854_775_807n;

/** The position `text` names (decimal digits, within a bigint), or null. */
export function parsePosition(text: unknown): bigint | null {
  if (typeof text !== "string" || !/^\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  return value <= MAX_POSITION ? value : null;
}

/** A zod schema for a position given as text ("is not a … this API returned" by default). */
export function positionSchema(message = "is not a cursor this API returned") {
  return z.string({ error: message }).refine((v) => parsePosition(v) !== null, { message });
}
