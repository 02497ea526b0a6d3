import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { hitRateLimit, peekRateLimit, resetRateLimit } from "./index";

after(() => db.$disconnect());

const rule = { windowSec: 60, limit: 3 };

test("counts hits per key and window, atomically under concurrency", async () => {
  const key = `test:${Date.now()}:${Math.random()}`;
  const now = new Date("2030-01-01T00:00:10Z");
  const results = await Promise.all(Array.from({ length: 5 }, () => hitRateLimit(key, rule, { now })));
  assert.deepEqual(results.map((r) => r.count).sort(), [1, 2, 3, 4, 5]);
  assert.equal(results.filter((r) => r.limited).length, 2);
  const peek = await peekRateLimit(key, rule, { now });
  assert.equal(peek.count, 5);
  assert.ok(peek.limited);
  assert.equal(peek.retryAfterSec, 50);
  // The next window starts fresh.
  assert.equal((await peekRateLimit(key, rule, { now: new Date("2030-01-01T00:01:00Z") })).count, 0);
  await resetRateLimit(key, rule, { now });
  assert.equal((await peekRateLimit(key, rule, { now })).count, 0);
});
