// Credentials the test run bootstraps the app with (BOOTSTRAP_* variables). Test-only values, made per
// run so nothing fixed is ever a valid secret anywhere.
import crypto from "node:crypto";

const runSecret = process.env.PORTICO_TEST_RUN_SECRET ?? crypto.randomBytes(32).toString("base64url");

export const TEST_BOOTSTRAP = {
  PORTICO_TEST_RUN_SECRET: runSecret,
  BOOTSTRAP_ADMIN_EMAIL: process.env.BOOTSTRAP_ADMIN_EMAIL ?? "owner@portico.test",
  BOOTSTRAP_ADMIN_PASSWORD: process.env.BOOTSTRAP_ADMIN_PASSWORD ?? `pw-${runSecret.slice(0, 20)}`,
  BOOTSTRAP_MANAGEMENT_CLIENT_ID: process.env.BOOTSTRAP_MANAGEMENT_CLIENT_ID ?? "skc_test_management",
  BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: process.env.BOOTSTRAP_MANAGEMENT_CLIENT_SECRET ?? `test_${runSecret}`,
  /** The embedding example (/examples/embed and its link route) is on in tests. */
  PORTICO_EXAMPLES: "1",
} as const;
