import assert from "node:assert/strict";
import { test } from "node:test";
import { newId } from "./ids";

test("ids made in a tight loop never collide and sort by creation", () => {
  const ids = Array.from({ length: 200_000 }, () => newId("evt"));
  assert.equal(new Set(ids).size, ids.length);
  const values = ids.map((id) => BigInt(id.slice("evt_".length)));
  for (let i = 1; i < values.length; i++) assert.ok(values[i]! > values[i - 1]!, `id ${i} sorts after id ${i - 1}`);
  assert.match(ids[0]!, /^evt_\d+$/);
});
