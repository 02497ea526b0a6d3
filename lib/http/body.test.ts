import assert from "node:assert/strict";
import { test } from "node:test";
import { readCappedText } from "./body";

/** A body that never ends, counting how much of it was pulled. */
function endless(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(1024).fill(97);
  return { stream: new ReadableStream({ pull(c) { pulled += chunk.length; c.enqueue(chunk); } }, { highWaterMark: 0 }), pulled: () => pulled };
}

test("a body without a declared length is read only up to the cap", async () => {
  const { stream, pulled } = endless();
  assert.deepEqual(await readCappedText(stream, 16 * 1024), { body: "", tooLarge: true });
  assert.ok(pulled() <= 17 * 1024, `read ${pulled()} bytes`);
});

test("a declared length over the cap is refused without reading; bodies within it are read whole", async () => {
  const { stream, pulled } = endless();
  assert.deepEqual(await readCappedText(stream, 1024, "5000"), { body: "", tooLarge: true });
  assert.equal(pulled(), 0);
  assert.deepEqual(await readCappedText(new Response("grant_type=client_credentials").body, 1024), { body: "grant_type=client_credentials", tooLarge: false });
  assert.deepEqual(await readCappedText(null, 1024), { body: "", tooLarge: false });
});
