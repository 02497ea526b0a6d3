import assert from "node:assert/strict";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { hitRateLimit, hitRateLimits, peekRateLimit, pruneRateLimits, releaseRateLimitHit, resetRateLimit } from "./index";

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

test("several keys are hit in one statement, each count including this hit; a hit can be given back", async () => {
  const a = `test:a:${Date.now()}:${Math.random()}`;
  const b = `test:b:${Date.now()}:${Math.random()}`;
  const now = new Date("2030-01-01T00:00:10Z");
  const bursts = await Promise.all(Array.from({ length: 6 }, () => hitRateLimits([{ key: a, rule }, { key: b, rule: { windowSec: 60, limit: 100 } }], { now })));
  assert.deepEqual(bursts.map(([x]) => x!.count).sort(), [1, 2, 3, 4, 5, 6]);
  assert.equal(bursts.filter(([x]) => x!.limited).length, 3, "exactly the hits past the limit are limited, however they interleave");
  assert.ok(bursts.every(([, y]) => !y!.limited));
  await releaseRateLimitHit(b, { windowSec: 60, limit: 100 }, { now });
  assert.equal((await peekRateLimit(b, rule, { now })).count, 5);
});

test("pruning drops old windows of one prefix only", async () => {
  const tag = `${Date.now()}${Math.random()}`;
  const old = new Date("2029-01-01T00:00:00Z");
  await hitRateLimit(`prune-a:${tag}`, rule, { now: old });
  await hitRateLimit(`prune-b:${tag}`, rule, { now: old });
  assert.ok((await pruneRateLimits(new Date("2029-06-01T00:00:00Z"), { prefix: "prune-a:" })) >= 1);
  assert.equal((await peekRateLimit(`prune-a:${tag}`, rule, { now: old })).count, 0);
  assert.equal((await peekRateLimit(`prune-b:${tag}`, rule, { now: old })).count, 1);
});
