import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { withEventCatalog } from "./readme";

test("the README's list of event types is the catalog's (run npm run docs:events after changing the catalog)", () => {
  const readme = fs.readFileSync("README.md", "utf8");
  assert.equal(readme, withEventCatalog(readme), "README.md's event list differs from lib/events/catalog: run npm run docs:events");
});
