import type { ActionResult } from "@/lib/actions/result";
import type { ClientSecretView, ServicePrincipalView } from "@/lib/service-principals/schemas";
import type { TokenReport } from "@/lib/token-debugger";
import {
  addClientSecretAction, createServicePrincipalAction, debugTokenAction, deleteServicePrincipalAction, listServicePrincipalsAction,
  revokeClientSecretAction, updateServicePrincipalAction,
} from "./actions";

// Where a client panel's clients come from and how they change: an organization's service principals
// (below), or the deployment's environment clients (the console's settings). The panel, its cards,
// dialogs and query wiring are the same for both.

export interface ClientSource<C extends ServicePrincipalView = ServicePrincipalView> {
  /** The TanStack Query key of the list; every mutation refreshes it. */
  key: readonly unknown[];
  list(): Promise<ActionResult<C[]>>;
  create(input: unknown): Promise<ActionResult<{ client: C; plainSecret: string }>>;
  update(clientId: string, patch: unknown): Promise<ActionResult<C>>;
  remove(clientId: string): Promise<ActionResult<null>>;
  addSecret(clientId: string, input: unknown): Promise<ActionResult<{ secret: ClientSecretView; plainSecret: string }>>;
  revokeSecret(clientId: string, secretId: string): Promise<ActionResult<unknown>>;
  /** The token debugger, for clients whose tokens name an organization. */
  debugToken?(clientId: string, token: string): Promise<ActionResult<TokenReport>>;
}

export const organizationClientsKey = (organizationId: string) => ["service-principals", organizationId] as const;

export function organizationClients(organizationId: string): ClientSource {
  return {
    key: organizationClientsKey(organizationId),
    list: () => listServicePrincipalsAction(organizationId),
    create: (input) => createServicePrincipalAction(organizationId, input),
    update: (clientId, patch) => updateServicePrincipalAction(organizationId, clientId, patch),
    remove: (clientId) => deleteServicePrincipalAction(organizationId, clientId),
    addSecret: (clientId, input) => addClientSecretAction(organizationId, clientId, input),
    revokeSecret: (clientId, secretId) => revokeClientSecretAction(organizationId, clientId, secretId),
    debugToken: (clientId, token) => debugTokenAction(organizationId, clientId, token),
  };
}
