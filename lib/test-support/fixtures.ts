// Test fixtures for integration tests (lib/**/*.test.ts) and e2e set-up: callers and catalog entries
// made through the real domain functions.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import type { z } from "zod";
import { DomainError, parseInput } from "@/lib/errors";
import type { Principal } from "@/lib/authz";
import { systemContext } from "@/lib/http/request-context";
import { actorFor, type MutationContext } from "@/lib/mutation";
import { createOrganization } from "@/lib/organizations";
import { createApiResource } from "@/lib/scope-catalog";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";

/**
 * A domain write called the way its edges (server actions, API routes) call it: the last argument, the
 * input, is parsed with the shared schema first, so a test can pass raw input and see the field errors.
 */
export function viaSchema<S extends z.ZodType, A extends unknown[], R>(schema: S, write: (...args: [...A, z.output<S>]) => Promise<R>) {
  return async (...args: [...A, unknown]): Promise<R> => {
    const input = parseInput(schema, args[args.length - 1]);
    return write(...([...args.slice(0, -1), input] as [...A, z.output<S>]));
  };
}

export const uniq = () => crypto.randomBytes(4).toString("hex");

export function contextFor(principal: Principal): MutationContext {
  return { principal, actor: actorFor(principal), request: systemContext() };
}

export function operatorContext(role: "owner" | "admin" | "auditor" = "admin"): MutationContext {
  return contextFor({ kind: "operator", id: `opr_test_${role}`, email: `${role}@portico.test`, role });
}

export function managementContext(organizations: "any" | string[], scopes: string[] = ["organizations:read", "organizations:write", "clients:read", "clients:write", "audit:read"]): MutationContext {
  return contextFor({ kind: "management_client", clientId: `skc_test_${uniq()}`, name: "test management client", scopes, organizations });
}

export async function createTestOrganization(name = "Test org") {
  return createOrganization(operatorContext(), { display_name: `${name} ${uniq()}` });
}

/** An API with unique audience and scope names (`<prefix>:read`, `<prefix>:write`) so tests do not collide. */
export async function createTestApi(prefix = `t${uniq()}`): Promise<ApiResourceView & { read: string; write: string }> {
  const api = await createApiResource(operatorContext(), {
    name: `Test API ${prefix}`,
    audience: `https://${prefix}.api.test`,
    scopes: [{ name: `${prefix}:read`, description: "read" }, { name: `${prefix}:write`, description: "write" }],
  });
  return { ...api, read: `${prefix}:read`, write: `${prefix}:write` };
}

/** For assert.rejects: a DomainError with this code (and field, and message). */
export function isDomainError(code: DomainError["code"], field?: string, message?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (field) assert.equal(err.field, field);
    if (message) assert.match(err.message, message);
    return true;
  };
}
