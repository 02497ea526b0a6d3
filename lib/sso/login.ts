import crypto from "node:crypto";
import { ANONYMOUS_ACTOR, type Actor } from "@/lib/audit/actor";
import { publicUrl } from "@/lib/config/env";
import { decrypt, encrypt } from "@/lib/crypto/encryption";
import { hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db, Prisma, type Tx } from "@/lib/db";
import { emit } from "@/lib/events";
import type { SsoConnection, SsoLoginRequest } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { mintIdpInitiatedLogin } from "@/lib/oauth/id-token";
import { validateSamlResponse, type Check, type ValidatedAssertion } from "@/lib/saml/response";
import { oidcRedirectUri, serviceProvider } from "@/lib/saml/service-provider";
import { effectiveSessionSettings } from "@/lib/session-settings";
import { verifiedDomainNames } from "@/lib/domains";
import { isIdOf } from "@/lib/validation/ids";
import { isStorableText } from "@/lib/validation/text";
import { browserKeyHash } from "./browser-binding";
import { connectionEventData, connectionType, isConfigured, oidcClientSecretOf, samlConfigOf } from "./connections";
import { listCustomAttributes } from "./custom-attributes";
import { SsoError, type SsoErrorCode } from "./errors";
import { completeOidcLogin, oidcAuthorizationUrl, type OidcConnectionConfig } from "./oidc";
import { emailDomain, normalizeProfile, type MappingReport, type NormalizedProfile } from "./profile";
import { providerLabel } from "./providers";

// The login flow between the host app, Portico and the tenant's IdP:
//   start     /oauth/authorize (kind "login") or Test connection (kind "test") stores a login request,
//             bound to the browser, and sends the browser to the IdP (SAML AuthnRequest by redirect or
//             POST binding; OIDC authorization URL with PKCE, state and nonce)
//   complete  the SAML ACS or the OIDC callback validates the answer, maps the normalized profile, checks
//             the email domain, then in one transaction: the assertion id (accepted once), the request
//             consumed, and an authorization code for the host app (or a test result), with the event
//   fail      the host app gets error + error_description at its redirect URI (a test gets its result
//             page); the request is consumed; the audit trail gets sso.login_failed with the code
// IdP-initiated SAML (unsolicited, when the connection allows it) ends in an idp_initiated_login JWT at
// the deployment's default redirect URI, which the host app turns into an SP-initiated login.

export const LOGIN_REQUEST_TTL_MS = 10 * 60_000;
export const CODE_TTL_MS = 60_000;

export type IdpAction =
  | { kind: "redirect"; url: string }
  | { kind: "form"; url: string; fields: Record<string, string> };

export interface HostAppRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  scope: string;
  loginHint: string | null;
}

/** Where a finished (or failed) login sends the browser. */
export type LoginResult =
  | { kind: "redirect"; url: string }
  /** No safe place to send the browser back to: Portico's own plain error page. */
  | { kind: "error_page"; code: SsoErrorCode | "sign_in_expired" | "wrong_browser" | "idp_initiated_disabled"; requestId: string };

// ───────────── Starting ─────────────

/** Sends the browser to the IdP for this login request (stores the SAML request id or the OIDC nonce and verifier on it). */
async function idpRedirect(conn: SsoConnection, request: Pick<SsoLoginRequest, "id" | "loginHint">): Promise<IdpAction> {
  if (connectionType(conn) === "SAML") {
    const config = samlConfigOf(conn);
    const samlRequestId = `_${crypto.randomBytes(20).toString("hex")}`;
    const sp = serviceProvider(config, { generateId: () => samlRequestId });
    let action: IdpAction;
    if (config.binding === "HTTP-POST") {
      const fields = await sp.getAuthorizeMessageAsync(request.id, undefined, {});
      action = { kind: "form", url: config.idpSsoUrl, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) };
    } else {
      action = { kind: "redirect", url: await sp.getAuthorizeUrlAsync(request.id, undefined, {}) };
    }
    await db.ssoLoginRequest.update({ where: { id: request.id }, data: { samlRequestId } });
    return action;
  }
  const start = await oidcAuthorizationUrl(oidcConfigOf(conn), request.id, request.loginHint);
  await db.ssoLoginRequest.update({ where: { id: request.id }, data: { oidcNonce: start.nonce, oidcCodeVerifierEnc: encrypt(start.codeVerifier, verifierContext(request.id)) } });
  return { kind: "redirect", url: start.url };
}

const verifierContext = (requestId: string) => `sso_login_request:${requestId}:code_verifier`;

export function oidcConfigOf(conn: SsoConnection): OidcConnectionConfig {
  return {
    id: conn.id, configVersion: conn.configVersion, issuer: conn.oidcIssuer!, clientId: conn.oidcClientId!, clientSecret: oidcClientSecretOf(conn),
    scopes: conn.oidcScopes, redirectUri: oidcRedirectUri(conn.id),
  };
}

/** Starts a host app's login through `conn` (selected and checked by the caller). */
export async function startLogin(conn: SsoConnection, host: HostAppRequest, browserKey: string): Promise<IdpAction> {
  const request = await db.ssoLoginRequest.create({
    data: {
      id: randomSecret(), kind: "login", connectionId: conn.id, organizationId: conn.organizationId, browserKeyHash: browserKeyHash(browserKey),
      clientId: host.clientId, redirectUri: host.redirectUri, state: host.state, nonce: host.nonce, codeChallenge: host.codeChallenge,
      scope: host.scope, loginHint: host.loginHint, expiresAt: new Date(Date.now() + LOGIN_REQUEST_TTL_MS),
    },
  });
  return idpRedirect(conn, request);
}

/**
 * Test connection, step 1 (the admin's portal or console): a test request and a one-time start token
 * for the window that will run it. Step 2, startConnectionTest, runs in that window.
 */
export async function prepareConnectionTest(conn: SsoConnection, startedBy: Actor): Promise<{ requestId: string; startToken: string }> {
  if (!isConfigured(conn)) throw new SsoError("invalid_saml_metadata", "Finish the identity provider's settings before testing");
  const startToken = randomSecret();
  const request = await db.ssoLoginRequest.create({
    data: {
      id: randomSecret(), kind: "test", connectionId: conn.id, organizationId: conn.organizationId, browserKeyHash: hashSecret(`sso-test-start:${startToken}`),
      startedBy: startedBy as unknown as Prisma.InputJsonValue, expiresAt: new Date(Date.now() + LOGIN_REQUEST_TTL_MS),
    },
  });
  return { requestId: request.id, startToken };
}

/** Test connection, step 2: the start token (once) binds the test to this browser and sends it to the IdP. */
export async function startConnectionTest(requestId: string, startToken: string, browserKey: string): Promise<IdpAction | null> {
  if (!isStorableText(requestId)) return null;
  const claimed = await db.ssoLoginRequest.updateMany({
    where: { id: requestId, kind: "test", browserKeyHash: hashSecret(`sso-test-start:${startToken}`), consumedAt: null, expiresAt: { gt: new Date() }, samlRequestId: null, oidcNonce: null },
    data: { browserKeyHash: browserKeyHash(browserKey) },
  });
  if (claimed.count !== 1) return null;
  const request = await db.ssoLoginRequest.findUniqueOrThrow({ where: { id: requestId }, include: { connection: true } });
  return idpRedirect(request.connection, request);
}

// ───────────── Completing ─────────────

interface Finished {
  profile: NormalizedProfile;
  report: MappingReport[];
  checks: Check[];
  assertion: ValidatedAssertion | null;
}

function hostRedirect(redirectUri: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

async function mapProfile(conn: SsoConnection, subject: string, subjectEmail: string | null, attributes: Record<string, unknown>, checks: Check[]): Promise<{ profile: NormalizedProfile; report: MappingReport[] }> {
  const push = (id: string, status: Check["status"], detail: string) => checks.push({ id: id as Check["id"], status, detail });
  let mapped;
  const verifiedDomains = await verifiedDomainNames(conn.organizationId);
  try {
    mapped = normalizeProfile({
      type: connectionType(conn), connectionId: conn.id, organizationId: conn.organizationId, provider: conn.provider,
      mapping: (conn.attributeMapping ?? {}) as Record<string, string>, customAttributes: (await listCustomAttributes()).map((a) => a.key),
      // A SAML email counts as verified on the organization's verified domains and the connection's allowed ones.
      subject, subjectEmail, attributes, verifiedDomains: [...new Set([...verifiedDomains, ...conn.allowedDomains])],
    });
  } catch (err) {
    if (err instanceof SsoError) push("attribute_mapping", "fail", err.description);
    throw err;
  }
  push("attribute_mapping", "pass", "Email and the mapped attributes were found");
  const domain = emailDomain(mapped.profile.email)!;
  if (conn.allowedDomains.length && !conn.allowedDomains.includes(domain)) {
    push("email_domain", "fail", `The user's email domain ${domain} is not among this connection's allowed domains (${conn.allowedDomains.join(", ")})`);
    throw new SsoError("invalid_user_domain", `The user's email domain ${domain} is not allowed for this connection`, "email_domain");
  }
  if (conn.verifiedDomainsOnly && !verifiedDomains.includes(domain)) {
    const which = verifiedDomains.length ? `(${verifiedDomains.join(", ")})` : "(it has verified none yet)";
    push("email_domain", "fail", `The user's email domain ${domain} is not one of the organization's verified domains ${which}`);
    throw new SsoError("invalid_user_domain", `The user's email domain ${domain} is not one of the organization's verified domains`, "email_domain");
  }
  push("email_domain", "pass", conn.verifiedDomainsOnly ? `${domain} is one of the organization's verified domains` : conn.allowedDomains.length ? `${domain} is an allowed domain` : "Any email domain is allowed (no allowed domains set)");
  return mapped;
}

async function loadRequest(id: string | null | undefined, connectionId: string): Promise<(SsoLoginRequest & { connection: SsoConnection }) | null> {
  if (!id || id.length > 100 || !isStorableText(id)) return null;
  return db.ssoLoginRequest.findFirst({ where: { id, connectionId }, include: { connection: true } });
}

type Problem = "sign_in_expired" | "wrong_browser";

function checkRequest(request: SsoLoginRequest, browserKey: string | null): Problem | null {
  if (request.consumedAt || request.expiresAt.getTime() <= Date.now()) return "sign_in_expired";
  if (!browserKey || request.browserKeyHash !== browserKeyHash(browserKey)) return "wrong_browser";
  return null;
}

async function replayInsert(tx: Tx, connectionId: string, assertion: ValidatedAssertion | null): Promise<boolean> {
  if (!assertion) return true;
  const inserted = await tx.$executeRaw`INSERT INTO saml_assertion_ids (connection_id, assertion_id, expire_time)
    VALUES (${connectionId}, ${assertion.assertionId}, ${assertion.notOnOrAfter}) ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

async function consume(tx: Tx, requestId: string): Promise<boolean> {
  const res = await tx.ssoLoginRequest.updateMany({ where: { id: requestId, consumedAt: null }, data: { consumedAt: new Date() } });
  return res.count === 1;
}

const connectionTarget = (conn: SsoConnection) => ({ type: "connection", id: conn.id });

function loginEventData(request: SsoLoginRequest | null, conn: SsoConnection, extra: { sessionId?: string | null; assertion?: ValidatedAssertion | null; userId?: string | null; errorCode?: string | null }) {
  return {
    connection_id: conn.id, organization_id: conn.organizationId, request_id: request?.id ?? null, idp_initiated: !request,
    client_id: request?.clientId ?? null, session_id: extra.sessionId ?? null, assertion_id: extra.assertion?.assertionId ?? null,
    user_id: extra.userId ?? null, error_code: extra.errorCode ?? null,
  };
}

/** Records a failed login (or test) and says where the browser goes. Nothing else is stored. */
async function fail(request: SsoLoginRequest, conn: SsoConnection, err: SsoError, checks: Check[], context: RequestContext, partial?: Partial<Finished>): Promise<LoginResult> {
  if (request.kind === "test") {
    const id = await db.$transaction(async (tx) => {
      await consume(tx, request.id);
      return saveTestResult(tx, request, conn, { passed: false, errorCode: err.code, checks, profile: null, rawAttributes: partial?.assertion?.attributes ?? null, description: err.description, context });
    });
    return { kind: "redirect", url: `${publicUrl()}/sso/test/${id}` };
  }
  await db.$transaction(async (tx) => {
    await consume(tx, request.id);
    await emit(tx, "sso.login_failed", {
      organizationId: conn.organizationId, actor: ANONYMOUS_ACTOR, context, target: connectionTarget(conn), data: loginEventData(request, conn, { errorCode: err.code, assertion: partial?.assertion ?? null }),
      metadata: { error_description: err.description.slice(0, 500), check: err.check ?? null },
    });
  });
  return { kind: "redirect", url: hostRedirect(request.redirectUri!, { error: err.code, error_description: err.description.slice(0, 500), state: request.state }) };
}

async function unsolicitedFailure(conn: SsoConnection | null, code: SsoErrorCode, description: string, context: RequestContext, problem: LoginResult & { kind: "error_page" }): Promise<LoginResult> {
  if (conn) {
    await db.$transaction((tx) => emit(tx, "sso.login_failed", {
      organizationId: conn.organizationId, actor: ANONYMOUS_ACTOR, context, target: connectionTarget(conn), data: loginEventData(null, conn, { errorCode: code }), metadata: { error_description: description.slice(0, 500) },
    }));
  }
  log.info({ connectionId: conn?.id, code, requestId: context.requestId }, `SSO sign-in refused: ${description}`);
  return problem;
}

/** The session limits the host app enforces for this login (the organization's SSO session settings). */
async function loginSession(conn: SsoConnection) {
  const settings = await effectiveSessionSettings(conn.organizationId);
  return {
    id: newId("ses"), organizationId: conn.organizationId, connectionId: conn.id, connectionType: connectionType(conn), provider: conn.provider,
    authTime: Math.floor(Date.now() / 1000), absoluteTimeoutSec: settings.absolute_timeout_sec, idleTimeoutSec: settings.idle_timeout_sec,
  };
}

/** Success: in one transaction the assertion id (once), the request consumed, and the code (or the test result) with its event. */
async function succeed(request: SsoLoginRequest, conn: SsoConnection, finished: Finished, context: RequestContext): Promise<LoginResult> {
  const { profile, checks, assertion } = finished;
  const session = await loginSession(conn);
  const code = randomSecret();
  let url: string;
  try {
  url = await db.$transaction(async (tx): Promise<string> => {
    if (!(await replayInsert(tx, conn.id, assertion))) {
      checks.push({ id: "replay", status: "fail", detail: "This assertion was already used: each assertion is accepted once" });
      throw new SsoError("invalid_saml_response", "This assertion was already used (replay)", "replay");
    }
    if (assertion) checks.push({ id: "replay", status: "pass", detail: "First use of this assertion (its id is kept until it expires)" });
    if (!(await consume(tx, request.id))) throw new SsoError("invalid_saml_response", "This sign-in request was already completed", "in_response_to");
    if (request.kind === "test") {
      const id = await saveTestResult(tx, request, conn, { passed: true, errorCode: null, checks, profile, rawAttributes: assertion?.attributes ?? profile.identities[0]?.provider_raw_attributes ?? null, description: null, context });
      return `${publicUrl()}/sso/test/${id}`;
    }
    const stored = { ...profile, session: { id: session.id, absolute_timeout_sec: session.absoluteTimeoutSec, idle_timeout_sec: session.idleTimeoutSec, expires_at: new Date((session.authTime + session.absoluteTimeoutSec) * 1000).toISOString() } };
    await tx.oAuthAuthorizationCode.create({
      data: {
        codeHash: hashSecret(code), clientId: request.clientId!, redirectUri: request.redirectUri!, codeChallenge: request.codeChallenge, scope: request.scope ?? "openid",
        nonce: request.nonce, organizationId: conn.organizationId, connectionId: conn.id, sessionId: session.id,
        profile: { profile: stored, session } as unknown as Prisma.InputJsonValue, authTime: new Date(session.authTime * 1000),
        expiresAt: new Date(Date.now() + CODE_TTL_MS), retainUntil: new Date(Date.now() + CODE_TTL_MS),
      },
    });
    await emit(tx, "sso.login_succeeded", {
      organizationId: conn.organizationId, actor: { type: "anonymous", id: profile.sub, label: null }, context, target: connectionTarget(conn),
      data: loginEventData(request, conn, { sessionId: session.id, assertion, userId: profile.sub }),
    });
    return hostRedirect(request.redirectUri!, { code, state: request.state });
  });
  } catch (err) {
    // Rolled back: the assertion id, the request and the code are as they were; fail() records the failure.
    if (err instanceof SsoError) return fail(request, conn, err, checks, context, finished);
    throw err;
  }
  return { kind: "redirect", url };
}

export interface SamlPost {
  connectionId: string;
  samlResponse: string;
  relayState: string | null;
  browserKey: string | null;
  context: RequestContext;
}

/** Peeks at the (unverified) InResponseTo, only to find the login request when the IdP dropped RelayState. */
function peekInResponseTo(samlResponse: string): string | null {
  if (samlResponse.length > 400_000) return null;
  const xml = Buffer.from(samlResponse, "base64").toString("utf8", 0, 4096);
  const id = /<(?:\w+:)?Response\b[^>]*\sInResponseTo="([^"]{1,200})"/.exec(xml)?.[1] ?? null;
  return id !== null && isStorableText(id) ? id : null;
}

/** The SAML ACS: a response for `connectionId`, SP-initiated (a stored request) or IdP-initiated. */
export async function completeSamlLogin(post: SamlPost): Promise<LoginResult> {
  const { connectionId, samlResponse, relayState, browserKey, context } = post;
  const conn = isIdOf("connection", connectionId) ? await db.ssoConnection.findUnique({ where: { id: connectionId } }) : null;
  if (!conn || connectionType(conn) !== "SAML" || !isConfigured(conn)) {
    return unsolicitedFailure(conn, "invalid_acs_url", "No configured SAML connection has this ACS URL", context, { kind: "error_page", code: "invalid_acs_url", requestId: context.requestId });
  }
  let request = await loadRequest(relayState, conn.id);
  if (!request) {
    const inResponseTo = peekInResponseTo(samlResponse);
    if (inResponseTo) request = await db.ssoLoginRequest.findFirst({ where: { samlRequestId: inResponseTo, connectionId: conn.id }, include: { connection: true } });
    else return completeIdpInitiated(conn, samlResponse, relayState, context);
  }
  if (!request || !request.samlRequestId) {
    return unsolicitedFailure(conn, "invalid_saml_response", "The response answers no sign-in request Portico has for this connection", context, { kind: "error_page", code: "sign_in_expired", requestId: context.requestId });
  }
  const problem = checkRequest(request, browserKey);
  if (problem) return unsolicitedFailure(conn, "invalid_saml_response", problem === "wrong_browser" ? "The response arrived in another browser than the one that started the sign-in" : "The sign-in request was already used or has expired", context, { kind: "error_page", code: problem, requestId: context.requestId });
  if (request.kind === "login" && !conn.enabled) return fail(request, conn, new SsoError("connection_not_active", `Connection ${conn.id} was disabled during the sign-in`), [], context);

  let validated;
  try {
    validated = await validateSamlResponse(samlConfigOf(conn), samlResponse, { expected: { requestId: request.samlRequestId }, diagnose: request.kind === "test" });
  } catch (err) {
    if (err instanceof SsoError) return fail(request, conn, err, (err as { checks?: Check[] }).checks ?? [], context);
    throw err;
  }
  const { assertion, checks } = validated;
  try {
    // A NameID counts as the email only when it is one (whatever Format the IdP declared).
    const subjectEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(assertion.nameId) ? assertion.nameId : null;
    const { profile, report } = await mapProfile(conn, assertion.nameId, subjectEmail, assertion.attributes, checks);
    return succeed(request, conn, { profile, report, checks, assertion }, context);
  } catch (err) {
    if (err instanceof SsoError) return fail(request, conn, err, checks, context, { assertion });
    throw err;
  }
}

/**
 * An unsolicited response. Accepted only when the connection allows IdP-initiated logins, and never as a
 * login by itself: it yields an idp_initiated_login JWT for the host app, which starts an SP-initiated
 * login (so a stolen or injected assertion signs nobody in). The assertion id is still used up.
 */
async function completeIdpInitiated(conn: SsoConnection, samlResponse: string, relayState: string | null, context: RequestContext): Promise<LoginResult> {
  const page = (code: Extract<LoginResult, { kind: "error_page" }>["code"]) => ({ kind: "error_page" as const, code, requestId: context.requestId });
  if (!conn.idpInitiatedLogin) return unsolicitedFailure(conn, "invalid_saml_response", "An IdP-initiated response arrived, and IdP-initiated login is off for this connection", context, page("idp_initiated_disabled"));
  if (!conn.enabled) return unsolicitedFailure(conn, "connection_not_active", `Connection ${conn.id} is not enabled`, context, page("connection_not_active"));
  const client = await db.servicePrincipal.findFirst({ where: { organizationId: null, status: "active", defaultRedirectUri: { not: null } }, orderBy: { createdAt: "asc" } });
  if (!client?.defaultRedirectUri) return unsolicitedFailure(conn, "invalid_redirect_uri", "No environment client has a default redirect URI for IdP-initiated logins", context, page("invalid_redirect_uri"));
  let validated;
  try {
    validated = await validateSamlResponse(samlConfigOf(conn), samlResponse, { expected: "unsolicited" });
  } catch (err) {
    if (!(err instanceof SsoError)) throw err;
    await unsolicitedFailure(conn, err.code, err.description, context, page(err.code));
    return { kind: "redirect", url: hostRedirect(client.defaultRedirectUri, { error: err.code, error_description: err.description.slice(0, 500) }) };
  }
  const { assertion } = validated;
  const loginHint = /^[^\s@]+@[^\s@]+$/.test(assertion.nameId) ? assertion.nameId : (() => {
    try {
      return normalizeProfile({ type: "SAML", connectionId: conn.id, organizationId: conn.organizationId, provider: conn.provider, mapping: (conn.attributeMapping ?? {}) as Record<string, string>, customAttributes: [], subject: assertion.nameId, subjectEmail: null, attributes: assertion.attributes, verifiedDomains: [] }).profile.email;
    } catch {
      return null;
    }
  })();
  const fresh = await db.$transaction(async (tx) => {
    const first = await replayInsert(tx, conn.id, assertion);
    await emit(tx, first ? "sso.login_succeeded" : "sso.login_failed", {
      organizationId: conn.organizationId, actor: ANONYMOUS_ACTOR, context, target: connectionTarget(conn),
      data: loginEventData(null, conn, { assertion, errorCode: first ? null : "invalid_saml_response" }),
      metadata: first ? { step: "idp_initiated_login issued; the host app completes it as an SP-initiated login" } : { error_description: "replayed assertion" },
    });
    return first;
  });
  if (!fresh) return { kind: "redirect", url: hostRedirect(client.defaultRedirectUri, { error: "invalid_saml_response", error_description: "This assertion was already used (replay)" }) };
  // RelayState is untrusted: passed on only as a same-origin path for the host app to use after login.
  const safeRelay = relayState && /^\/(?![/\\])[\x21-\x7e]{0,1023}$/.test(relayState) ? relayState : null;
  const token = await mintIdpInitiatedLogin({ issuer: publicUrl(), clientId: client.id, organizationId: conn.organizationId, connectionId: conn.id, loginHint, relayState: safeRelay });
  return { kind: "redirect", url: hostRedirect(client.defaultRedirectUri, { idp_initiated_login: token }) };
}

export interface OidcCallback {
  connectionId: string;
  url: URL;
  browserKey: string | null;
  context: RequestContext;
}

export async function completeOidcCallback(cb: OidcCallback): Promise<LoginResult> {
  const { connectionId, url, browserKey, context } = cb;
  const conn = isIdOf("connection", connectionId) ? await db.ssoConnection.findUnique({ where: { id: connectionId } }) : null;
  const request = conn ? await loadRequest(url.searchParams.get("state"), conn.id) : null;
  if (!conn || !request || !request.oidcNonce || !request.oidcCodeVerifierEnc) {
    return unsolicitedFailure(conn, "invalid_id_token", "The callback answers no sign-in request Portico has for this connection (unknown state)", context, { kind: "error_page", code: "sign_in_expired", requestId: context.requestId });
  }
  const problem = checkRequest(request, browserKey);
  if (problem) return unsolicitedFailure(conn, "invalid_id_token", problem === "wrong_browser" ? "The callback arrived in another browser than the one that started the sign-in" : "The sign-in request was already used or has expired", context, { kind: "error_page", code: problem, requestId: context.requestId });
  if (request.kind === "login" && !conn.enabled) return fail(request, conn, new SsoError("connection_not_active", `Connection ${conn.id} was disabled during the sign-in`), [], context);
  const checks: Check[] = [];
  const push = (id: string, status: Check["status"], detail: string) => checks.push({ id: id as Check["id"], status, detail });
  push("state", "pass", "The callback answers the sign-in request this browser started (state)");
  try {
    const identity = await completeOidcLogin(oidcConfigOf(conn), url, { state: request.id, nonce: request.oidcNonce, codeVerifier: decrypt(request.oidcCodeVerifierEnc, verifierContext(request.id)) }).catch((err) => {
      if (err instanceof SsoError) push(err.code === "invalid_id_token" ? "id_token" : err.code === "user_info_retrieve_failed" ? "userinfo" : "token_exchange", "fail", err.description);
      throw err;
    });
    push("token_exchange", "pass", "The code was exchanged with PKCE at the identity provider's token endpoint");
    push("id_token", "pass", "The ID token's signature, issuer, audience, expiry and nonce are valid");
    push("userinfo", "pass", identity.userinfo ? "The userinfo endpoint answered for the same user" : "The identity provider has no userinfo endpoint; the ID token's claims are used");
    const { profile, report } = await mapProfile(conn, identity.subject, null, identity.claims, checks);
    return succeed(request, conn, { profile, report, checks, assertion: null }, context);
  } catch (err) {
    if (err instanceof SsoError) return fail(request, conn, err, checks, context);
    throw err;
  }
}

// ───────────── Test results ─────────────

async function saveTestResult(tx: Tx, request: SsoLoginRequest, conn: SsoConnection, result: {
  passed: boolean; errorCode: SsoErrorCode | null; checks: Check[]; profile: NormalizedProfile | null; rawAttributes: Record<string, unknown> | null; description: string | null; context: RequestContext;
}): Promise<string> {
  const id = newId("tst");
  const current = await tx.ssoConnection.findUnique({ where: { id: conn.id }, select: { configVersion: true } });
  // A test counts for the settings it ran with: the version when it started (the connection row loaded then).
  await tx.ssoTestResult.create({
    data: {
      id, connectionId: conn.id, organizationId: conn.organizationId, configVersion: current?.configVersion === conn.configVersion ? conn.configVersion : -1,
      passed: result.passed, errorCode: result.errorCode,
      checks: { checks: result.checks, error_description: result.description, provider: providerLabel(conn.provider), type: connectionType(conn) } as unknown as Prisma.InputJsonValue,
      profile: (result.profile ?? Prisma.DbNull) as unknown as Prisma.InputJsonValue, rawAttributes: (result.rawAttributes ?? Prisma.DbNull) as Prisma.InputJsonValue,
      startedBy: (request.startedBy ?? Prisma.DbNull) as Prisma.InputJsonValue, browserKeyHash: request.browserKeyHash,
    },
  });
  await emit(tx, "organization.connection.tested", {
    organizationId: conn.organizationId, actor: (request.startedBy as unknown as Actor | null) ?? ANONYMOUS_ACTOR, context: result.context,
    data: { ...connectionEventData(conn), test: { id, passed: result.passed, error_code: result.errorCode } },
  });
  return id;
}
