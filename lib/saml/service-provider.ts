import { SAML, ValidateInResponseTo, type CacheItem, type CacheProvider, type SamlConfig } from "@node-saml/node-saml";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";

// Portico as a SAML service provider, one per connection, over @node-saml/node-saml with settings that
// are safe for many tenants (its defaults are not):
//   - InResponseTo always checked, against request ids kept in PostgreSQL (every instance sees them;
//     node-saml's default cache lives in one process), bound to the connection that issued them;
//   - explicit audience (this connection's SP entity ID) and idpIssuer;
//   - a few seconds of clock skew (the default is none);
//   - the Assertion signature always required; the whole Response's signature when the connection asks.
// Recipient, Destination, the assertion's Issuer and replay are checked in response.ts on the verified
// assertion, because node-saml does not check them.

export const CLOCK_SKEW_MS = 5_000;
/** How long an AuthnRequest may wait for its answer. */
export const REQUEST_TTL_MS = 10 * 60_000;

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
}

export function spEndpoints(connectionId: string, base = publicUrl()): SpEndpoints {
  const root = `${base}/sso/saml/${connectionId}`;
  return { entityId: root, acsUrl: `${root}/acs`, metadataUrl: `${root}/metadata` };
}

export function oidcRedirectUri(connectionId: string, base = publicUrl()): string {
  return `${base}/sso/oidc/${connectionId}/callback`;
}

/** node-saml's InResponseTo cache, in saml_request_ids, scoped to one connection. */
export class PostgresRequestCache implements CacheProvider {
  constructor(private readonly connectionId: string) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const row = await db.samlRequestId.create({ data: { id: key, connectionId: this.connectionId, expiresAt: new Date(Date.now() + REQUEST_TTL_MS) } });
    return { value, createdAt: row.createdAt.getTime() };
  }

  async getAsync(key: string): Promise<string | null> {
    if (!key || key.length > 200) return null;
    const row = await db.samlRequestId.findFirst({ where: { id: key, connectionId: this.connectionId, expiresAt: { gt: new Date() } } });
    return row ? row.createdAt.toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key || key.length > 200) return null;
    const rows = await db.samlRequestId.deleteMany({ where: { id: key, connectionId: this.connectionId } });
    return rows.count ? key : null;
  }
}

export interface SamlConnectionConfig {
  id: string;
  idpEntityId: string;
  idpSsoUrl: string;
  binding: "HTTP-Redirect" | "HTTP-POST";
  idpCertificates: string[];
  wantResponseSigned: boolean;
  /** The SP's key pair: decrypts encrypted assertions and signs AuthnRequests. */
  spCertificate: string;
  spPrivateKey: string;
}

export type InResponseToMode = "always" | "never";

/**
 * A node-saml SP for one connection. `inResponseTo: "never"` only for an unsolicited response on a
 * connection that allows IdP-initiated logins (login.ts decides); everything else is "always".
 */
export function serviceProvider(conn: SamlConnectionConfig, { inResponseTo = "always", generateId }: { inResponseTo?: InResponseToMode; generateId?: () => string } = {}): SAML {
  const sp = spEndpoints(conn.id);
  const config: SamlConfig = {
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    entryPoint: conn.idpSsoUrl,
    idpIssuer: conn.idpEntityId,
    idpCert: conn.idpCertificates,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: conn.wantResponseSigned,
    validateInResponseTo: inResponseTo === "always" ? ValidateInResponseTo.always : ValidateInResponseTo.never,
    cacheProvider: new PostgresRequestCache(conn.id),
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    decryptionPvk: conn.spPrivateKey,
    privateKey: conn.spPrivateKey,
    publicCert: conn.spCertificate,
    signatureAlgorithm: "sha256",
    digestAlgorithm: "sha256",
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    // Many IdPs refuse a RequestedAuthnContext they do not know (password vs MFA is theirs to decide).
    disableRequestedAuthnContext: true,
    authnRequestBinding: conn.binding === "HTTP-POST" ? "HTTP-POST" : undefined,
    // The HTTP-POST binding carries the request base64-encoded, not deflated (SAML bindings §3.5.4);
    // node-saml deflates unless told otherwise, which IdPs following the spec cannot read.
    skipRequestCompression: conn.binding === "HTTP-POST",
    ...(generateId ? { generateUniqueId: generateId } : {}),
  };
  return new SAML(config);
}

/** The SP metadata the IdP imports: entity ID, ACS (HTTP-POST), signing and encryption certificate. */
export function spMetadataXml(conn: Pick<SamlConnectionConfig, "id" | "spCertificate" | "spPrivateKey">): string {
  const sp = spEndpoints(conn.id);
  const saml = new SAML({
    issuer: sp.entityId, callbackUrl: sp.acsUrl, idpCert: "unused", wantAssertionsSigned: true,
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    privateKey: conn.spPrivateKey, decryptionPvk: conn.spPrivateKey,
  });
  return saml.generateServiceProviderMetadata(conn.spCertificate, conn.spCertificate);
}
