import assert from "node:assert/strict";
import { test } from "node:test";
import { decrypt, DecryptionError, encrypt } from "./encryption";
import { constantTimeEqual, hashSecret, randomSecret, verifySecret } from "./secrets";

test("encrypted data decrypts only with the same context", () => {
  const sealed = encrypt("-----BEGIN PRIVATE KEY-----abc", "signing_key:snk_1");
  assert.ok(!sealed.includes("BEGIN PRIVATE KEY"));
  assert.equal(decrypt(sealed, "signing_key:snk_1"), "-----BEGIN PRIVATE KEY-----abc");
  assert.throws(() => decrypt(sealed, "signing_key:snk_2"), DecryptionError);
});

test("tampered ciphertext is refused", () => {
  const sealed = encrypt("hello", "ctx");
  const parts = sealed.split(".");
  const body = Buffer.from(parts[3]!, "base64url");
  body[0] = body[0]! ^ 1;
  parts[3] = body.toString("base64url");
  assert.throws(() => decrypt(parts.join("."), "ctx"), DecryptionError);
});

test("the same plaintext encrypts differently each time", () => {
  assert.notEqual(encrypt("x", "c"), encrypt("x", "c"));
});

test("secrets are 256-bit random and verify only against their own hash", () => {
  const a = randomSecret("test_");
  const b = randomSecret("test_");
  assert.notEqual(a, b);
  assert.ok(Buffer.from(a.slice(5), "base64url").length === 32);
  const h = hashSecret(a);
  assert.notEqual(h, a);
  assert.ok(verifySecret(a, h));
  assert.ok(!verifySecret(b, h));
  assert.ok(!verifySecret(a.slice(0, -1), h));
});

test("constant-time comparison handles different lengths", () => {
  assert.ok(constantTimeEqual("abc", "abc"));
  assert.ok(!constantTimeEqual("abc", "abd"));
  assert.ok(!constantTimeEqual("abc", "abcd"));
});
