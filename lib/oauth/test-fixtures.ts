import { hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";

// Test data for the token service's tests: organizations and clients written straight to the database
// (the service-principal domain has its own tests for creating them through the API).

export async function createTestOrganization(name = "Acme"): Promise<string> {
  const id = newId("org");
  await db.organization.create({ data: { id, displayName: name } });
  return id;
}

export interface TestClient {
  clientId: string;
  secret: string;
  secretId: string;
}

export async function createTestClient(opts: {
  /** null: an environment-level client (skc_…). */
  organizationId: string | null;
  scopes?: string[];
  audience?: string[];
  expiry?: number;
  customClaims?: { key: string; value: string }[];
  status?: "active" | "disabled";
  organizationUsage?: "deny" | "allow" | "require" | null;
  allowAnyOrganization?: boolean;
  allowedOrganizationIds?: string[];
  secretExpiresAt?: Date | null;
}): Promise<TestClient> {
  const clientId = newId(opts.organizationId === null ? "skc" : "m2morg");
  const secret = randomSecret("test_");
  const secretId = newId("sks");
  await db.servicePrincipal.create({
    data: {
      id: clientId,
      organizationId: opts.organizationId,
      name: `client ${clientId}`,
      scopes: opts.scopes ?? ["invoices:read", "invoices:write"],
      audience: opts.audience ?? ["https://api.example.com"],
      expiry: opts.expiry ?? 3600,
      customClaims: opts.customClaims ?? [],
      status: opts.status ?? "active",
      organizationUsage: opts.organizationUsage ?? null,
      allowAnyOrganization: opts.allowAnyOrganization ?? false,
      allowedOrganizationIds: opts.allowedOrganizationIds ?? [],
      createdBy: "test",
      secrets: { create: { id: secretId, secretHash: hashSecret(secret), suffix: secret.slice(-4), expiresAt: opts.secretExpiresAt ?? null } },
    },
  });
  return { clientId, secret, secretId };
}
