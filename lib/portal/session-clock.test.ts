import assert from "node:assert/strict";
import { test } from "node:test";
import { endsWhenIdle, warningDue, warningLeadMs } from "./session-clock";

const MIN = 60_000;

test("the warning comes 5 minutes before an absolute expiry, not before", () => {
  const t = (remaining: number) => ({ remainingMs: remaining, absoluteRemainingMs: remaining, idleTimeoutSec: 3600 });
  assert.equal(warningLeadMs(t(10 * MIN)), 5 * MIN);
  assert.equal(warningDue(t(10 * MIN)), false);
  assert.equal(warningDue(t(5 * MIN + 1000)), false);
  assert.equal(warningDue(t(5 * MIN)), true);
  assert.equal(warningDue(t(30_000)), true);
  assert.equal(endsWhenIdle(t(10 * MIN)), false, "equal deadlines: activity cannot move the end");
});

test("an idle deadline warns 5 minutes ahead with a long idle timeout, half the timeout with a short one", () => {
  const idle = (remaining: number, idleTimeoutSec: number) => ({ remainingMs: remaining, absoluteRemainingMs: 5 * 60 * MIN, idleTimeoutSec });
  assert.equal(warningLeadMs(idle(60 * MIN, 3600)), 5 * MIN);
  assert.equal(warningDue(idle(6 * MIN, 3600)), false);
  assert.equal(warningDue(idle(4 * MIN, 3600)), true);
  // 2-minute idle timeout: a fresh page (2 minutes left) is not warned at once; after a minute idle it is.
  assert.equal(warningLeadMs(idle(2 * MIN, 120)), MIN);
  assert.equal(warningDue(idle(2 * MIN, 120)), false);
  assert.equal(warningDue(idle(MIN, 120)), true);
  // 8 minutes: half is 4 minutes.
  assert.equal(warningLeadMs(idle(8 * MIN, 480)), 4 * MIN);
  assert.ok(endsWhenIdle(idle(8 * MIN, 480)));
});
