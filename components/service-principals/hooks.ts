"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ServicePrincipalView } from "@/lib/service-principals/schemas";
import {
  addClientSecretAction, createServicePrincipalAction, debugTokenAction, deleteServicePrincipalAction, integrationEndpointsAction,
  listServicePrincipalsAction, revokeClientSecretAction, scopeCatalogAction, updateServicePrincipalAction,
} from "./actions";
import { unwrap } from "./result";

export type { IntegrationEndpoints } from "./result";

// TanStack Query wiring for the service-principal screens. One-time secrets never enter the query or
// mutation cache: the mutation hands the plain secret to `onSecret` (component state that the
// credentials modal clears on close) and returns the rest.

export const servicePrincipalKeys = {
  list: (organizationId: string) => ["service-principals", organizationId] as const,
  catalog: (organizationId: string) => ["scope-catalog", organizationId] as const,
  endpoints: ["integration-endpoints"] as const,
};

export function useServicePrincipals(organizationId: string) {
  return useQuery({
    queryKey: servicePrincipalKeys.list(organizationId),
    queryFn: async () => unwrap(await listServicePrincipalsAction(organizationId)),
  });
}

export function useScopeCatalog(organizationId: string) {
  return useQuery({
    queryKey: servicePrincipalKeys.catalog(organizationId),
    queryFn: async () => unwrap(await scopeCatalogAction(organizationId)),
    staleTime: 60_000,
  });
}

export function useIntegrationEndpoints() {
  return useQuery({
    queryKey: servicePrincipalKeys.endpoints,
    queryFn: async () => unwrap(await integrationEndpointsAction()),
    staleTime: Infinity,
  });
}

export interface OneTimeCredentials {
  kind: "created" | "added";
  name: string;
  clientId: string;
  secret: string;
}

function useListUpdater(organizationId: string) {
  const queryClient = useQueryClient();
  const key = servicePrincipalKeys.list(organizationId);
  return {
    put(client: ServicePrincipalView) {
      queryClient.setQueryData<ServicePrincipalView[]>(key, (old) => {
        if (!old) return [client];
        return old.some((c) => c.client_id === client.client_id) ? old.map((c) => (c.client_id === client.client_id ? client : c)) : [client, ...old];
      });
    },
    remove(clientId: string) {
      queryClient.setQueryData<ServicePrincipalView[]>(key, (old) => old?.filter((c) => c.client_id !== clientId));
    },
    refresh: () => queryClient.invalidateQueries({ queryKey: key }),
  };
}

export function useCreateServicePrincipal(organizationId: string, onSecret: (c: OneTimeCredentials) => void) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (input: unknown) => {
      const { client, plainSecret } = unwrap(await createServicePrincipalAction(organizationId, input));
      onSecret({ kind: "created", name: client.name, clientId: client.client_id, secret: plainSecret });
      return client;
    },
    onSuccess: (client) => { list.put(client); void list.refresh(); },
  });
}

export function useUpdateServicePrincipal(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async ({ clientId, patch }: { clientId: string; patch: unknown }) => unwrap(await updateServicePrincipalAction(organizationId, clientId, patch)),
    onSuccess: (client) => list.put(client),
  });
}

export function useDeleteServicePrincipal(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (clientId: string) => { unwrap(await deleteServicePrincipalAction(organizationId, clientId)); return clientId; },
    onSuccess: (clientId) => list.remove(clientId),
  });
}

/**
 * Adds a secret; resolves with the one-time credentials for the caller to show (after closing its own
 * dialog, so two modals never hold the page's focus at once). The plain secret never enters the cache.
 */
export function useAddClientSecret(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (client: { clientId: string; name: string; expireTime?: string | null }): Promise<OneTimeCredentials> => {
      const { plainSecret } = unwrap(await addClientSecretAction(organizationId, client.clientId, { expire_time: client.expireTime ?? null }));
      return { kind: "added", name: client.name, clientId: client.clientId, secret: plainSecret };
    },
    onSettled: () => list.refresh(),
  });
}

export function useRevokeClientSecret(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async ({ clientId, secretId }: { clientId: string; secretId: string }) => unwrap(await revokeClientSecretAction(organizationId, clientId, secretId)),
    onSettled: () => list.refresh(),
  });
}

export function useDebugToken(organizationId: string, clientId: string) {
  return useMutation({
    mutationFn: async (token: string) => unwrap(await debugTokenAction(organizationId, clientId, token)),
  });
}
