import { z } from "zod";

// Times from outside (query filters, expire_time) as Dates PostgreSQL can store: timestamptz takes years
// 1 to 294276, and its input syntax has no year 0, so "0000-01-01T00:00:00Z" (or 0001-01-01 with a
// positive offset, which is year 0 in UTC) is refused by the database. Limited here to years 1–9999, the
// years RFC 3339 can write, so such a value is a 422 naming the parameter instead of a 500.

export const MIN_TIME = new Date("0001-01-01T00:00:00Z");
export const MAX_TIME = new Date("9999-12-31T23:59:59.999Z");
export const TIME_RANGE_MESSAGE = "must be between 0001-01-01 and 9999-12-31 (UTC)";

/** Whether PostgreSQL can store this instant (a valid Date within years 1–9999, UTC). */
export function isStorableTime(date: Date): boolean {
  const t = date.getTime();
  return !Number.isNaN(t) && t >= MIN_TIME.getTime() && t <= MAX_TIME.getTime();
}

/** An RFC 3339 date-time with an offset ("2026-01-31T12:00:00Z"), as a Date within the storable range. */
export function rfc3339Time(message = "must be an RFC 3339 time, e.g. 2026-01-31T12:00:00Z") {
  return z.iso.datetime({ offset: true, error: message })
    .transform((s) => new Date(s))
    .refine(isStorableTime, { message: TIME_RANGE_MESSAGE });
}
