import selfsigned from "selfsigned";
import { authorize, canReachOrganization, type Principal } from "@/lib/authz";
import { decrypt, encrypt } from "@/lib/crypto/encryption";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError, invalid, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { SsoConnection, SsoTestResult } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf, isIdOf } from "@/lib/validation/ids";
import { CertificateError, certificateView, normalizeCertificate } from "@/lib/saml/certificates";
import { checkHttpsUrl, fetchIdpMetadata, MetadataError, parseIdpMetadata, type IdpMetadata } from "@/lib/saml/metadata";
import { oidcRedirectUri, spEndpoints, spMetadataXml, type SamlConnectionConfig } from "@/lib/saml/service-provider";
import { discoverOidcIssuer, normalizeIssuer, OidcDiscoveryError } from "./oidc";
import { PROVIDER_GUIDES, type SsoConnectionType } from "./providers";
import type { ConnectionView, CreateConnectionInput, EnableConnectionInput, UpdateConnectionInput } from "./schemas";

// An organization's SSO connections: create, configure (IdP metadata URL, upload or manual fields for
// SAML; issuer, client id and secret for OIDC), attribute mapping, allowed domains, enable / disable,
// delete. A connection is enabled only after a passing Test connection at its current settings
// (operators and the host app's backend may override, audited). Every change emits its event in the
// same transaction.

export const MAX_CONNECTIONS_PER_ORGANIZATION = 10;
const spKeyContext = (id: string) => `sso_connection:${id}:sp_private_key`;
const oidcSecretContext = (id: string) => `sso_connection:${id}:oidc_client_secret`;

type Row = SsoConnection;

export function connectionType(row: Pick<Row, "type">): SsoConnectionType {
  return row.type === "OIDC" ? "OIDC" : "SAML";
}

/** Whether the IdP side is complete enough to try a login. */
export function isConfigured(row: Row): boolean {
  if (connectionType(row) === "SAML") return !!(row.samlIdpEntityId && row.samlIdpSsoUrl && row.samlIdpCertificates.length && row.samlSpCertificate && row.samlSpPrivateKeyEnc);
  return !!(row.oidcIssuer && row.oidcClientId && row.oidcClientSecretEnc);
}

function testSummary(row: Row, test: SsoTestResult | null) {
  return test ? { id: test.id, passed: test.passed, error_code: test.errorCode, create_time: test.createdAt.toISOString(), current: test.configVersion === row.configVersion } : null;
}

export function connectionView(row: Row, lastTest: SsoTestResult | null): ConnectionView {
  const type = connectionType(row);
  const sp = spEndpoints(row.id);
  const test = testSummary(row, lastTest);
  const status: ConnectionView["status"] = row.enabled ? "enabled" : !isConfigured(row) ? "draft" : test?.passed && test.current ? "tested" : "configured";
  return {
    id: row.id,
    organization_id: row.organizationId,
    connection_type: "SSO",
    type,
    provider: row.provider,
    enabled: row.enabled,
    status,
    attribute_mapping: (row.attributeMapping ?? {}) as Record<string, string>,
    allowed_domains: row.allowedDomains,
    verified_domains_only: row.verifiedDomainsOnly,
    idp_initiated_login: row.idpInitiatedLogin,
    saml: type !== "SAML" ? null : {
      sp_entity_id: sp.entityId,
      acs_url: sp.acsUrl,
      sp_metadata_url: sp.metadataUrl,
      metadata_url: row.samlMetadataUrl,
      metadata_fetch_time: row.samlMetadataFetchedAt?.toISOString() ?? null,
      metadata_error: row.samlMetadataError,
      idp_entity_id: row.samlIdpEntityId,
      idp_sso_url: row.samlIdpSsoUrl,
      idp_sso_binding: row.samlIdpSsoBinding === "HTTP-POST" ? "HTTP-POST" : "HTTP-Redirect",
      idp_certificates: row.samlIdpCertificates.map((pem) => certificateView(pem)),
      want_response_signed: row.samlWantResponseSigned,
    },
    oidc: type !== "OIDC" ? null : {
      redirect_uri: oidcRedirectUri(row.id),
      issuer: row.oidcIssuer,
      client_id: row.oidcClientId,
      client_secret_set: !!row.oidcClientSecretEnc,
      client_secret_suffix: row.oidcClientSecretSuffix,
      scopes: row.oidcScopes,
    },
    last_test: test,
    create_time: row.createdAt.toISOString(),
    update_time: row.updatedAt.toISOString(),
  };
}

/** What connection events carry (compat.md §4.1). */
export function connectionEventData(row: Row) {
  return {
    id: row.id, organization_id: row.organizationId, connection_type: "SSO" as const, type: connectionType(row), provider: row.provider,
    enabled: row.enabled, create_time: row.createdAt.toISOString(), update_time: row.updatedAt.toISOString(),
  };
}

async function lastTests(connectionIds: string[]): Promise<Map<string, SsoTestResult>> {
  if (!connectionIds.length) return new Map();
  const rows = await db.ssoTestResult.findMany({
    where: { connectionId: { in: connectionIds } }, orderBy: [{ createdAt: "desc" }], distinct: ["connectionId"],
  });
  return new Map(rows.map((r) => [r.connectionId, r]));
}

/** Reads need the organization reachable (else "not found": ids of other tenants do not leak) and the permission. */
function authorizeOn(principal: Principal, permission: "connections:read" | "connections:write", organizationId: string): void {
  assertIdOf("organization", organizationId);
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

async function loadRow(client: Tx | typeof db, organizationId: string, connectionId: string, lock = false): Promise<Row> {
  // An id that cannot be a connection's is "not found" before any query (a NUL in it was a failed query: 500).
  assertIdOf("connection", connectionId);
  if (lock) await (client as Tx).$queryRaw`SELECT id FROM sso_connections WHERE id = ${connectionId} AND organization_id = ${organizationId} FOR UPDATE`;
  const row = await client.ssoConnection.findFirst({ where: { id: connectionId, organizationId } });
  if (!row) throw notFound("Connection");
  return row;
}

export async function listConnections(principal: Principal, organizationId: string): Promise<ConnectionView[]> {
  authorizeOn(principal, "connections:read", organizationId);
  const rows = await db.ssoConnection.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const tests = await lastTests(rows.map((r) => r.id));
  return rows.map((r) => connectionView(r, tests.get(r.id) ?? null));
}

export async function getConnection(principal: Principal, organizationId: string, connectionId: string): Promise<ConnectionView> {
  authorizeOn(principal, "connections:read", organizationId);
  const row = await loadRow(db, organizationId, connectionId);
  return connectionView(row, (await lastTests([row.id])).get(row.id) ?? null);
}

// ───────────── Settings: what a create or update changes, worked out before the transaction ─────────────

type RowChanges = Prisma.SsoConnectionUncheckedUpdateInput;

function fieldError(field: string, err: unknown): DomainError {
  if (err instanceof MetadataError || err instanceof CertificateError || err instanceof OidcDiscoveryError) return invalid(field, err.message);
  throw err;
}

function metadataFields(metadata: IdpMetadata): RowChanges {
  return { samlIdpEntityId: metadata.entityId, samlIdpSsoUrl: metadata.ssoUrl, samlIdpSsoBinding: metadata.binding, samlIdpCertificates: metadata.certificates };
}

/** The row changes a settings input makes (network reads for metadata URLs and OIDC discovery happen here). */
async function settingsChanges(type: SsoConnectionType, input: CreateConnectionInput | UpdateConnectionInput, current: Row | null): Promise<RowChanges> {
  const changes: RowChanges = {};
  if (input.attribute_mapping !== undefined) changes.attributeMapping = input.attribute_mapping as Prisma.InputJsonValue;
  if (input.allowed_domains !== undefined) changes.allowedDomains = [...new Set(input.allowed_domains)];
  if (input.verified_domains_only !== undefined) changes.verifiedDomainsOnly = input.verified_domains_only;
  if (input.idp_initiated_login !== undefined) {
    if (type !== "SAML" && input.idp_initiated_login) throw invalid("idp_initiated_login", "is for SAML connections (OIDC logins always start at Portico)");
    changes.idpInitiatedLogin = input.idp_initiated_login;
  }
  if (type === "SAML" && input.oidc) throw invalid("oidc", "is for OIDC connections");
  if (type === "OIDC" && input.saml) throw invalid("saml", "is for SAML connections");

  const saml = input.saml;
  if (saml) {
    const manual = saml.idp_entity_id !== undefined || saml.idp_sso_url !== undefined || saml.idp_certificates !== undefined || saml.idp_sso_binding !== undefined;
    const metadataUrl = saml.metadata_url !== undefined ? saml.metadata_url : current?.samlMetadataUrl ?? null;
    if (manual && metadataUrl && saml.metadata_url !== null) {
      throw invalid("saml.metadata_url", "is set, and Portico keeps the identity provider's fields in step with it: clear the metadata URL (null) to enter them by hand");
    }
    if (saml.metadata_xml) {
      try {
        Object.assign(changes, metadataFields(parseIdpMetadata(saml.metadata_xml)), { samlMetadataUrl: null, samlMetadataFetchedAt: null, samlMetadataError: null });
      } catch (err) {
        throw fieldError("saml.metadata_xml", err);
      }
    }
    if (saml.metadata_url) {
      try {
        const { metadata } = await fetchIdpMetadata(saml.metadata_url);
        Object.assign(changes, metadataFields(metadata), { samlMetadataUrl: saml.metadata_url, samlMetadataFetchedAt: new Date(), samlMetadataError: null });
      } catch (err) {
        throw fieldError("saml.metadata_url", err);
      }
    } else if (saml.metadata_url === null) {
      Object.assign(changes, { samlMetadataUrl: null, samlMetadataFetchedAt: null, samlMetadataError: null });
    }
    if (saml.idp_entity_id !== undefined) changes.samlIdpEntityId = saml.idp_entity_id;
    if (saml.idp_sso_url !== undefined) {
      if (saml.idp_sso_url) {
        try {
          checkHttpsUrl(saml.idp_sso_url, "The SSO URL");
        } catch (err) {
          throw fieldError("saml.idp_sso_url", err);
        }
      }
      changes.samlIdpSsoUrl = saml.idp_sso_url;
    }
    if (saml.idp_sso_binding !== undefined) changes.samlIdpSsoBinding = saml.idp_sso_binding;
    if (saml.idp_certificates !== undefined) {
      changes.samlIdpCertificates = saml.idp_certificates.map((c, i) => {
        try {
          return normalizeCertificate(c);
        } catch (err) {
          throw fieldError(`saml.idp_certificates.${i}`, err);
        }
      });
    }
    if (saml.want_response_signed !== undefined) changes.samlWantResponseSigned = saml.want_response_signed;
  }

  const oidc = input.oidc;
  if (oidc) {
    if (oidc.issuer !== undefined) {
      if (oidc.issuer) {
        try {
          changes.oidcIssuer = (await discoverOidcIssuer(normalizeIssuer(oidc.issuer))).issuer;
        } catch (err) {
          throw fieldError("oidc.issuer", err);
        }
      } else changes.oidcIssuer = null;
    }
    if (oidc.client_id !== undefined) changes.oidcClientId = oidc.client_id;
    if (oidc.scopes !== undefined) {
      if (!oidc.scopes.includes("openid")) throw invalid("oidc.scopes", "must include openid");
      changes.oidcScopes = [...new Set(oidc.scopes)];
    }
  }
  return changes;
}

/** Whether a change touches what a login depends on (and so voids earlier tests). */
function changesLogin(changes: RowChanges): boolean {
  return Object.keys(changes).some((k) => k !== "idpInitiatedLogin" && k !== "samlMetadataFetchedAt" && k !== "samlMetadataError");
}

async function spKeyPair(connectionId: string): Promise<{ cert: string; privateKey: string }> {
  const generated = await selfsigned.generate([{ name: "commonName", value: `Portico SAML SP ${connectionId}` }], {
    keySize: 2048, algorithm: "sha256", notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000),
  });
  return { cert: generated.cert, privateKey: generated.private };
}

export async function createConnection(ctx: MutationContext, organizationId: string, input: CreateConnectionInput): Promise<ConnectionView> {
  authorizeOn(ctx.principal, "connections:write", organizationId);
  const type = PROVIDER_GUIDES[input.provider].type;
  const id = newId("conn");
  const changes = await settingsChanges(type, input, null);
  const keys = type === "SAML" ? await spKeyPair(id) : null;
  const secret = type === "OIDC" && input.oidc?.client_secret ? input.oidc.client_secret : null;
  return db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
    if (!org) throw notFound("Organization");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sso_connections:${organizationId}`}))`;
    if ((await tx.ssoConnection.count({ where: { organizationId } })) >= MAX_CONNECTIONS_PER_ORGANIZATION) {
      throw new DomainError("limit_exceeded", `An organization can have at most ${MAX_CONNECTIONS_PER_ORGANIZATION} SSO connections`);
    }
    const row = await tx.ssoConnection.create({
      data: {
        ...(changes as Prisma.SsoConnectionUncheckedCreateInput),
        id, organizationId, type, provider: input.provider,
        ...(keys ? { samlSpCertificate: keys.cert, samlSpPrivateKeyEnc: encrypt(keys.privateKey, spKeyContext(id)) } : {}),
        ...(secret ? { oidcClientSecretEnc: encrypt(secret, oidcSecretContext(id)), oidcClientSecretSuffix: secret.slice(-4) } : {}),
      },
    });
    const view = connectionView(row, null);
    await emit(tx, "organization.connection.created", { organizationId, actor: ctx.actor, context: ctx.request, data: connectionEventData(row), after: view });
    return view;
  });
}

export async function updateConnection(ctx: MutationContext, organizationId: string, connectionId: string, patch: UpdateConnectionInput): Promise<ConnectionView> {
  authorizeOn(ctx.principal, "connections:write", organizationId);
  const current = await loadRow(db, organizationId, connectionId);
  const type = connectionType(current);
  if (patch.provider && PROVIDER_GUIDES[patch.provider].type !== type) {
    throw invalid("provider", `must be a ${type} provider: a connection keeps its protocol (create a new connection for ${PROVIDER_GUIDES[patch.provider].type})`);
  }
  const changes = await settingsChanges(type, patch, current);
  if (patch.provider) changes.provider = patch.provider;
  const secret = patch.oidc?.client_secret;
  if (secret) Object.assign(changes, { oidcClientSecretEnc: encrypt(secret, oidcSecretContext(connectionId)), oidcClientSecretSuffix: secret.slice(-4) });
  return db.$transaction(async (tx) => {
    const before = await loadRow(tx, organizationId, connectionId, true);
    if (!Object.keys(changes).length) return connectionView(before, (await lastTests([before.id])).get(before.id) ?? null);
    const bump = changesLogin(changes) && !(Object.keys(changes).length === 1 && changes.provider);
    const row = await tx.ssoConnection.update({ where: { id: connectionId }, data: { ...changes, ...(bump ? { configVersion: { increment: 1 } } : {}) } });
    const test = (await tx.ssoTestResult.findFirst({ where: { connectionId }, orderBy: { createdAt: "desc" } })) ?? null;
    const view = connectionView(row, test);
    await emit(tx, "organization.connection.updated", {
      organizationId, actor: ctx.actor, context: ctx.request, data: connectionEventData(row),
      before: connectionView(before, test), after: view, metadata: secret ? { client_secret: "replaced" } : null,
    });
    return view;
  });
}

export async function deleteConnection(ctx: MutationContext, organizationId: string, connectionId: string): Promise<void> {
  authorizeOn(ctx.principal, "connections:write", organizationId);
  await db.$transaction(async (tx) => {
    const row = await loadRow(tx, organizationId, connectionId, true);
    await tx.ssoConnection.delete({ where: { id: connectionId } });
    await emit(tx, "organization.connection.deleted", { organizationId, actor: ctx.actor, context: ctx.request, data: connectionEventData(row), before: connectionView(row, null), after: null });
  });
}

/**
 * Enables a connection. Needs a complete configuration and a passing Test connection at the current
 * settings; `skip_test` lets an operator or the host app's backend enable it anyway (audited as such),
 * never an admin portal session.
 */
export async function enableConnection(ctx: MutationContext, organizationId: string, connectionId: string, options: EnableConnectionInput = {}): Promise<ConnectionView> {
  authorizeOn(ctx.principal, "connections:write", organizationId);
  const skipTest = options.skip_test === true;
  if (skipTest && ctx.principal.kind === "portal") throw new DomainError("forbidden", "Run Test connection first: a connection is enabled after a passing test", "skip_test");
  return db.$transaction(async (tx) => {
    const row = await loadRow(tx, organizationId, connectionId, true);
    const test = await tx.ssoTestResult.findFirst({ where: { connectionId }, orderBy: { createdAt: "desc" } });
    if (row.enabled) return connectionView(row, test);
    if (!isConfigured(row)) throw new DomainError("conflict", "The identity provider's settings are incomplete: finish them, run Test connection, then enable it", "enabled");
    const passedNow = !!test && test.passed && test.configVersion === row.configVersion;
    if (!passedNow && !skipTest) {
      throw new DomainError("conflict", test && test.configVersion === row.configVersion
        ? `The last Test connection failed (${test.errorCode ?? "error"}): fix it and test again before enabling`
        : "Run Test connection with the current settings first: a connection is enabled only after a passing test", "enabled");
    }
    const updated = await tx.ssoConnection.update({ where: { id: connectionId }, data: { enabled: true } });
    const view = connectionView(updated, test);
    await emit(tx, "organization.sso_enabled", {
      organizationId, actor: ctx.actor, context: ctx.request, data: connectionEventData(updated), before: connectionEventData(row),
      metadata: passedNow ? { test_id: test!.id } : { skip_test: true, reason: "enabled without a passing test at the current settings" },
    });
    return view;
  });
}

export async function disableConnection(ctx: MutationContext, organizationId: string, connectionId: string): Promise<ConnectionView> {
  authorizeOn(ctx.principal, "connections:write", organizationId);
  return db.$transaction(async (tx) => {
    const row = await loadRow(tx, organizationId, connectionId, true);
    const test = await tx.ssoTestResult.findFirst({ where: { connectionId }, orderBy: { createdAt: "desc" } });
    if (!row.enabled) return connectionView(row, test);
    const updated = await tx.ssoConnection.update({ where: { id: connectionId }, data: { enabled: false } });
    await emit(tx, "organization.sso_disabled", { organizationId, actor: ctx.actor, context: ctx.request, data: connectionEventData(updated), before: connectionEventData(row) });
    return connectionView(updated, test);
  });
}

// ───────────── For the login flow (no authorization: Portico's own services) ─────────────

export function samlConfigOf(row: Row): SamlConnectionConfig {
  if (!isConfigured(row) || connectionType(row) !== "SAML") throw new Error(`connection ${row.id} is not a configured SAML connection`);
  return {
    id: row.id,
    idpEntityId: row.samlIdpEntityId!,
    idpSsoUrl: row.samlIdpSsoUrl!,
    binding: row.samlIdpSsoBinding === "HTTP-POST" ? "HTTP-POST" : "HTTP-Redirect",
    idpCertificates: row.samlIdpCertificates,
    wantResponseSigned: row.samlWantResponseSigned,
    spCertificate: row.samlSpCertificate!,
    spPrivateKey: decrypt(row.samlSpPrivateKeyEnc!, spKeyContext(row.id)),
  };
}

export function oidcClientSecretOf(row: Row): string {
  return decrypt(row.oidcClientSecretEnc!, oidcSecretContext(row.id));
}

/** The SP metadata XML of a SAML connection (public: it is what the IdP imports). */
export async function spMetadataFor(connectionId: string): Promise<string | null> {
  if (!isIdOf("connection", connectionId)) return null;
  const row = await db.ssoConnection.findUnique({ where: { id: connectionId } });
  if (!row || connectionType(row) !== "SAML" || !row.samlSpCertificate || !row.samlSpPrivateKeyEnc) return null;
  return spMetadataXml({ id: row.id, spCertificate: row.samlSpCertificate, spPrivateKey: decrypt(row.samlSpPrivateKeyEnc, spKeyContext(row.id)) });
}
