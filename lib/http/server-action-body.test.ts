import assert from "node:assert/strict";
import { test } from "node:test";
import { multipartActionBodyProblem, textActionBodyProblem } from "./server-action-body";

test("text bodies: a JSON array whose $-strings need no other part", () => {
  for (const ok of ["[]", "[\"org_1\",{\"name\":\"x\"}]", "[\"$$literal dollar\",\"$undefined\",\"$D2026-01-01T00:00:00.000Z\",\"$n123\",\"$-0\",\"$NaN\"]", "[[[[1]]]]"]) {
    assert.equal(textActionBodyProblem(ok), null, ok);
  }
  assert.match(textActionBodyProblem("{")!, /not valid JSON/);
  assert.match(textActionBodyProblem("")!, /not valid JSON/);
  assert.match(textActionBodyProblem("\"str\"")!, /must be a JSON array/);
  assert.match(textActionBodyProblem("{\"a\":1}")!, /must be a JSON array/);
  for (const ref of ["$Q", "$@1", "$Q1", "$F0", "$B2", "$Zzz"]) assert.match(textActionBodyProblem(JSON.stringify([{ deep: [ref] }]))!, /refers to a part/, ref);
  assert.match(textActionBodyProblem(JSON.stringify(["org_1", { name: "a\u0000" }]))!, /1\.name must not contain NUL/);
  assert.match(textActionBodyProblem(JSON.stringify(["\ud800"]))!, /0 must not contain NUL/);
});

async function multipart(fields: Record<string, string>): Promise<{ body: Buffer; type: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get("content-type")! };
}

test("multipart bodies: a root part of the same shape, and references only to parts that are there", async () => {
  const ok = await multipart({ "0": "[{\"status\":\"idle\"},\"$K1\"]", "1_organization_id": "org_1" });
  assert.equal(await multipartActionBodyProblem(ok.body, ok.type), null);
  const promise = await multipart({ "0": "[\"$@a\"]", "10": "\"x\"" });
  assert.equal(await multipartActionBodyProblem(promise.body, promise.type), null, "part 0xa is field 10");
  const missing = await multipart({ "0": "[\"$@1\"]" });
  assert.match((await multipartActionBodyProblem(missing.body, missing.type))!, /refers to a part/);
  const noRoot = await multipart({ x: "1" });
  assert.match((await multipartActionBodyProblem(noRoot.body, noRoot.type))!, /no arguments part/);
  assert.match((await multipartActionBodyProblem(Buffer.from("garbage"), "multipart/form-data; boundary=x"))!, /cannot be read/);
});
