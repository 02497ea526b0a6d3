import assert from "node:assert/strict";
import { test } from "node:test";
import { actionLabel, AUDIT_ACTIONS } from "./labels";

// The console's audit views name actions from the catalog; the words must read as the product's.

test("action labels come from the catalog and read as the product's words", () => {
  assert.equal(actionLabel("service_principal.created"), "Service principal created");
  assert.equal(actionLabel("api_resource.created"), "API created");
  assert.equal(actionLabel("directory.token_rotated"), "SCIM token rotated");
  // Shared by a service principal's and an environment client's secrets: one label fits both.
  assert.equal(actionLabel("client_secret.created"), "Client secret created");
  // Actions from before the catalog (or unknown to it) read as their words, with the product's names.
  assert.equal(actionLabel("api_resource.archived"), "API archived");
  assert.equal(actionLabel("api_scope.renamed"), "Scope renamed");
  for (const action of AUDIT_ACTIONS) assert.doesNotMatch(actionLabel(action), /\bApi\b|_/, action);
});
