import assert from "node:assert/strict";
import { test } from "node:test";
import { hasMalformedPath, malformedPathResponse } from "./malformed-url";

test("paths whose percent-encoding does not decode are found; query strings are not looked at", () => {
  for (const bad of ["/portal/l/%E0%A4%A", "/api/v1/organizations/%", "/api/v1/organizations/%zz", "/x/%ED%A0%80", "/a/%C3"]) assert.ok(hasMalformedPath(bad), bad);
  for (const ok of ["/portal/l/abc", "/api/v1/organizations/%00", "/a%2Fb", "/x?q=%E0%A4%A", "/caf%C3%A9", "/"]) assert.ok(!hasMalformedPath(ok), ok);
});

test("each route family answers in its own error shape", () => {
  const api = malformedPathResponse("/api/v1/organizations/%E0", "req_1");
  assert.equal(api.status, 400);
  assert.equal(JSON.parse(api.body).error, "invalid_request");
  assert.equal(api.headers["x-request-id"], "req_1");
  assert.equal(JSON.parse(malformedPathResponse("/oauth/token/%E0", "r").body).error, "invalid_request");
  const link = malformedPathResponse("/portal/l/%E0%A4%A", "r");
  assert.equal(link.status, 303);
  assert.equal(link.headers.Location, "/portal/link-error?reason=invalid");
  assert.equal(malformedPathResponse("/console/%E0", "r").status, 400);
  const scim = malformedPathResponse("/directory/dir_1/scim/v2/Users/%E0", "r");
  assert.deepEqual([scim.status, JSON.parse(scim.body).status, JSON.parse(scim.body).schemas], [400, "400", ["urn:ietf:params:scim:api:messages:2.0:Error"]]);
});
