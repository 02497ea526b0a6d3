import assert from "node:assert/strict";
import { test } from "node:test";
import { ScimError } from "./errors";
import { applyPatch, parsePatch, splitGroupOperations } from "./patch";
import { normalizeDocument, type Document } from "./resource";

// PATCH semantics (RFC 7644 §3.5.2) on documents, with the RFC's own examples and Entra's and Okta's forms.

const SCHEMA = ["urn:ietf:params:scim:api:messages:2.0:PatchOp"];
const patch = (doc: Document, ...Operations: unknown[]) => normalizeDocument("User", applyPatch(doc, parsePatch("User", { schemas: SCHEMA, Operations })));
const base = (): Document => ({
  userName: "bjensen",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [{ value: "bjensen@example.com", type: "work", primary: true }, { value: "babs@jensen.org", type: "home" }],
  phoneNumbers: [{ value: "555-555-8377", type: "work" }],
});
const fails = (scimType: string) => (err: unknown) => err instanceof ScimError && err.scimType === scimType;

test("add (§3.5.2.1): multi-valued values are appended, a new primary takes over, single values are set", () => {
  const doc = patch(base(), { op: "add", path: "emails", value: [{ value: "babs@work.example", type: "other", primary: true }] }, { op: "add", path: "nickName", value: "Babs" });
  assert.deepEqual(doc.emails, [{ value: "bjensen@example.com", type: "work" }, { value: "babs@jensen.org", type: "home" }, { value: "babs@work.example", type: "other", primary: true }]);
  assert.equal(doc.nickName, "Babs");
  // Adding a value that is already there changes nothing.
  assert.deepEqual(patch(base(), { op: "add", path: "emails", value: [{ value: "babs@jensen.org", type: "home" }] }).emails, base().emails);
  // Path-less add: the value's attributes are added.
  assert.deepEqual(patch(base(), { op: "add", value: { title: "Tour Guide", name: { middleName: "Jane" } } }).name, { givenName: "Barbara", familyName: "Jensen", middleName: "Jane" });
});

test("remove (§3.5.2.2): a single attribute, values matching a filter, a sub-attribute of matching values, all values", () => {
  assert.equal(patch(base(), { op: "remove", path: "name.givenName" }).name && (patch(base(), { op: "remove", path: "name.givenName" }).name as Document).givenName, undefined);
  assert.deepEqual(patch(base(), { op: "remove", path: 'emails[type eq "work" and value ew "example.com"]' }).emails, [{ value: "babs@jensen.org", type: "home" }]);
  assert.deepEqual(patch(base(), { op: "remove", path: 'emails[type eq "work"].primary' }).emails, [{ value: "bjensen@example.com", type: "work" }, { value: "babs@jensen.org", type: "home" }]);
  assert.equal(patch(base(), { op: "remove", path: "phoneNumbers" }).phoneNumbers, undefined);
  // Removing what is not there changes nothing (idempotent, as IdPs retry).
  assert.deepEqual(patch(base(), { op: "remove", path: 'emails[value eq "nobody@example.com"]' }), normalizeDocument("User", base()));
  assert.throws(() => patch(base(), { op: "remove" }), fails("noTarget"));
  assert.throws(() => patch(base(), { op: "remove", path: "userName" }), fails("mutability"));
});

test("replace (§3.5.2.3): complex values merge, multi-valued values are replaced, filtered values updated in place", () => {
  assert.deepEqual(patch(base(), { op: "replace", path: "name", value: { familyName: "Jensen-Smith" } }).name, { givenName: "Barbara", familyName: "Jensen-Smith" });
  assert.deepEqual(patch(base(), { op: "replace", path: "emails", value: [{ value: "new@example.com", type: "work" }] }).emails, [{ value: "new@example.com", type: "work" }]);
  assert.deepEqual(patch(base(), { op: "replace", path: 'emails[type eq "home"].value', value: "b@home.example" }).emails,
    [{ value: "bjensen@example.com", type: "work", primary: true }, { value: "b@home.example", type: "home" }]);
  // Entra: replace on a filter with no match creates the value the eq-filter describes.
  assert.deepEqual(patch(base(), { op: "Replace", path: 'phoneNumbers[type eq "mobile"].value', value: "555-0100" }).phoneNumbers,
    [{ value: "555-555-8377", type: "work" }, { type: "mobile", value: "555-0100" }]);
  // Other filters with no match have no target.
  assert.throws(() => patch(base(), { op: "replace", path: 'emails[value co "nowhere"].type', value: "x" }), fails("noTarget"));
  // Setting a primary value clears the others' primary.
  const doc = patch(base(), { op: "replace", path: 'emails[type eq "home"].primary', value: true });
  assert.deepEqual((doc.emails as Document[]).map((e) => e.primary ?? false), [false, true]);
});

test("Entra's and Okta's forms are normalised: op case, string booleans, dotted and URN keys, bare-string manager, read-only ids ignored", () => {
  const doc = patch(base(),
    { op: "Replace", path: "active", value: "False" },
    { op: "replace", value: { "name.givenName": "Kkom", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq", id: "ignored", meta: { x: 1 } } },
    { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", value: "boss-id" });
  assert.equal(doc.active, false);
  assert.equal((doc.name as Document).givenName, "Kkom");
  assert.deepEqual(doc["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], { employeeNumber: "Aklq", manager: { value: "boss-id" } });
  assert.equal(doc.id, undefined);
  // A PatchOp without schemas (Okta's older form) is read; a wrong schemas is not.
  assert.equal(parsePatch("User", { Operations: [{ op: "replace", value: { active: false } }] }).length, 1);
  assert.throws(() => parsePatch("User", { schemas: ["urn:x"], Operations: [{ op: "replace", value: { active: false } }] }), fails("invalidSyntax"));
  assert.throws(() => patch(base(), { op: "replace", path: "meta.created", value: "x" }), fails("mutability"));
});

test("group members become row operations; Remove with a value list removes only those listed", () => {
  const split = (Operations: unknown[]) => splitGroupOperations(parsePatch("Group", { schemas: SCHEMA, Operations }));
  assert.deepEqual(split([{ op: "Remove", path: "members", value: [{ $ref: null, value: "u1" }] }]).members, [{ op: "remove", ids: ["u1"] }]);
  assert.deepEqual(split([{ op: "remove", path: 'members[value eq "u2"]' }]).members, [{ op: "remove", ids: ["u2"] }]);
  assert.deepEqual(split([{ op: "remove", path: 'members[value eq "u2" or value eq "u3"]' }]).members, [{ op: "remove", ids: ["u2", "u3"] }]);
  assert.deepEqual(split([{ op: "remove", path: "members" }]).members, [{ op: "removeAll" }]);
  assert.deepEqual(split([{ op: "add", path: "members", value: "u4" }]).members, [{ op: "add", ids: ["u4"] }]);
  assert.deepEqual(split([{ op: "replace", path: "members", value: [{ value: "u5" }, { value: "u5" }] }]).members, [{ op: "replace", ids: ["u5"] }]);
  const okta = split([{ op: "replace", value: { id: "g1", displayName: "Renamed" } }]);
  assert.deepEqual(okta.members, []);
  assert.equal(okta.others.length, 1, "the read-only id is dropped, displayName stays");
  assert.throws(() => split([{ op: "remove", path: 'members[display eq "x"]' }]), fails("invalidPath"));
});
