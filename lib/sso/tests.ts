import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { SsoTestResult } from "@/lib/generated/prisma/client";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf, isIdOf } from "@/lib/validation/ids";
import { browserKeyHash } from "./browser-binding";
import { checkText } from "./check-labels";
import { isSsoErrorCode, SSO_ERROR_CODES } from "./errors";
import { prepareConnectionTest } from "./login";
import { providerLabel } from "./providers";

// Test connection from the admin's side: start one (a URL for a new window, valid once for 10
// minutes) and read results. The window that ran a test may show its result (browser-binding cookie);
// portal and console sessions read their organization's results through authorization.

export interface TestCheckView {
  id: string;
  label: string;
  status: "pass" | "fail" | "skipped";
  detail: string;
  fix: string | null;
  /** Evaluated on what the IdP sent without trusting it (an earlier check failed). */
  unverified: boolean;
}

export interface TestResultView {
  id: string;
  connection_id: string;
  organization_id: string;
  provider: string;
  type: "SAML" | "OIDC";
  passed: boolean;
  error: null | { code: string; meaning: string; fix: string; description: string | null };
  checks: TestCheckView[];
  profile: Record<string, unknown> | null;
  raw_attributes: Record<string, unknown> | null;
  /** Whether the connection changed since (then it must be tested again before it can be enabled). */
  current: boolean;
  started_by: string | null;
  create_time: string;
}

export function testResultView(row: SsoTestResult, currentVersion: number | null): TestResultView {
  const stored = (row.checks ?? {}) as { checks?: { id: string; status: TestCheckView["status"]; detail: string; unverified?: boolean }[]; error_description?: string | null; provider?: string; type?: string };
  const code = row.errorCode;
  const startedBy = row.startedBy as { label?: string | null } | null;
  return {
    id: row.id,
    connection_id: row.connectionId,
    organization_id: row.organizationId,
    provider: stored.provider ?? providerLabel(""),
    type: stored.type === "OIDC" ? "OIDC" : "SAML",
    passed: row.passed,
    error: code ? {
      code,
      meaning: isSsoErrorCode(code) ? SSO_ERROR_CODES[code].meaning : "The sign-in failed.",
      fix: isSsoErrorCode(code) ? SSO_ERROR_CODES[code].fix : "",
      description: stored.error_description ?? null,
    } : null,
    checks: (stored.checks ?? []).map((c) => ({ id: c.id, label: checkText(c.id).label, status: c.status, detail: c.detail, fix: c.status === "fail" ? checkText(c.id).fix || null : null, unverified: !!c.unverified })),
    profile: (row.profile ?? null) as Record<string, unknown> | null,
    raw_attributes: (row.rawAttributes ?? null) as Record<string, unknown> | null,
    current: currentVersion !== null && row.configVersion === currentVersion,
    started_by: startedBy?.label ?? null,
    create_time: row.createdAt.toISOString(),
  };
}

/** Starts Test connection: returns the URL the admin's new window opens (once, within 10 minutes). */
export async function startTest(ctx: MutationContext, organizationId: string, connectionId: string): Promise<{ url: string }> {
  assertIdOf("organization", organizationId);
  assertIdOf("connection", connectionId);
  if (!canReachOrganization(ctx.principal, organizationId)) throw notFound("Organization");
  authorize(ctx.principal, "connections:write", { organizationId });
  const conn = await db.ssoConnection.findFirst({ where: { id: connectionId, organizationId } });
  if (!conn) throw notFound("Connection");
  const { requestId, startToken } = await prepareConnectionTest(conn, ctx.actor);
  return { url: `${publicUrl()}/sso/test/start?${new URLSearchParams({ request: requestId, token: startToken })}` };
}

export async function getTestResult(principal: Principal, organizationId: string, testId: string): Promise<TestResultView> {
  assertIdOf("organization", organizationId);
  assertIdOf("sso_test", testId);
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, "connections:read", { organizationId });
  const row = await db.ssoTestResult.findFirst({ where: { id: testId, organizationId }, include: { connection: { select: { configVersion: true } } } });
  if (!row) throw notFound("Test result");
  return testResultView(row, row.connection.configVersion);
}

/** For the test window itself: the result of the test this browser ran, or null. */
export async function testResultForBrowser(testId: string, browserKey: string | null): Promise<TestResultView | null> {
  if (!browserKey || !isIdOf("sso_test", testId)) return null;
  const row = await db.ssoTestResult.findUnique({ where: { id: testId }, include: { connection: { select: { configVersion: true } } } });
  if (!row || row.browserKeyHash !== browserKeyHash(browserKey)) return null;
  return testResultView(row, row.connection.configVersion);
}
