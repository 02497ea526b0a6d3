import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { loadMasterSecret, MASTER_SECRET_ENV, MasterSecretError } from "./master-secret";

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  try { return fn(); } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

test("without the variable, a secret is generated once under the data folder with mode 0600", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-secret-"));
  withEnv({ [MASTER_SECRET_ENV]: undefined, PORTICO_DATA_DIR: dir }, () => {
    assert.throws(() => loadMasterSecret(), MasterSecretError);
    const first = loadMasterSecret({ create: true });
    const file = path.join(dir, "key-encryption-secret");
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(first.length, 32);
    assert.deepEqual(loadMasterSecret({ create: true }), first, "a second start keeps the same secret");
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a secret from the environment wins and must be long enough", () => {
  withEnv({ [MASTER_SECRET_ENV]: "ab".repeat(32) }, () => {
    assert.equal(loadMasterSecret().toString("hex"), "ab".repeat(32));
  });
  withEnv({ [MASTER_SECRET_ENV]: "short" }, () => {
    assert.throws(() => loadMasterSecret(), /at least 32 bytes/);
  });
});
