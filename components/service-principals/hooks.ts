"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ServicePrincipalView } from "@/lib/service-principals/schemas";
import { callAction, unwrap, type ActionResult } from "@/lib/actions/result";
import { integrationEndpointsAction, scopeCatalogAction } from "./actions";
import type { ClientSource } from "./source";

export type { IntegrationEndpoints } from "./types";

// TanStack Query wiring for the client screens. One-time secrets never enter the query or mutation
// cache: the mutation hands the plain secret to its caller (component state that the credentials modal
// clears on close) and returns the rest. Every mutation refreshes the list and tells `onChanged`, so the
// page around it (counts, summaries rendered on the server) follows too.

/** The action's data, or an ActionFailure (also when the server could not be reached: never a raw "Failed to fetch"). */
const call = async <T,>(action: () => Promise<ActionResult<T>>): Promise<T> => unwrap(await callAction(action));

export const servicePrincipalKeys = {
  catalog: (organizationId: string) => ["scope-catalog", organizationId] as const,
  endpoints: ["integration-endpoints"] as const,
};

export function useClients<C extends ServicePrincipalView>(source: ClientSource<C>, initialData?: C[]) {
  return useQuery({ queryKey: source.key, queryFn: () => call(() => source.list()), initialData });
}

export function useScopeCatalog(organizationId: string) {
  return useQuery({
    queryKey: servicePrincipalKeys.catalog(organizationId),
    queryFn: () => call(() => scopeCatalogAction(organizationId)),
    staleTime: 60_000,
  });
}

export function useIntegrationEndpoints() {
  return useQuery({ queryKey: servicePrincipalKeys.endpoints, queryFn: () => call(() => integrationEndpointsAction()), staleTime: Infinity });
}

export interface OneTimeCredentials {
  kind: "created" | "added";
  name: string;
  clientId: string;
  secret: string;
}

/** The client mutations of one source; `onChanged` runs after each that succeeded. */
export function useClientMutations<C extends ServicePrincipalView>(source: ClientSource<C>, onChanged?: () => void) {
  const queryClient = useQueryClient();
  const put = (client: C) => queryClient.setQueryData<C[]>(source.key, (old) => {
    if (!old) return [client];
    return old.some((c) => c.client_id === client.client_id) ? old.map((c) => (c.client_id === client.client_id ? client : c)) : [client, ...old];
  });
  const settled = () => { void queryClient.invalidateQueries({ queryKey: source.key }); };
  const changed = () => { settled(); onChanged?.(); };

  const create = useMutation({
    mutationFn: async (input: unknown): Promise<{ client: C; credentials: OneTimeCredentials }> => {
      const { client, plainSecret } = await call(() => source.create(input));
      return { client, credentials: { kind: "created", name: client.name, clientId: client.client_id, secret: plainSecret } };
    },
    onSuccess: ({ client }) => { put(client); changed(); },
  });
  const update = useMutation({
    mutationFn: ({ clientId, patch }: { clientId: string; patch: unknown }) => call(() => source.update(clientId, patch)),
    onSuccess: (client) => { put(client); changed(); },
  });
  const remove = useMutation({
    mutationFn: async (clientId: string) => { await call(() => source.remove(clientId)); return clientId; },
    onSuccess: (clientId) => { queryClient.setQueryData<C[]>(source.key, (old) => old?.filter((c) => c.client_id !== clientId)); changed(); },
  });
  /** Resolves with the one-time credentials for the caller to show (after closing its own dialog). */
  const addSecret = useMutation({
    mutationFn: async (client: { clientId: string; name: string; expireTime?: string | null }): Promise<OneTimeCredentials> => {
      const { plainSecret } = await call(() => source.addSecret(client.clientId, { expire_time: client.expireTime ?? null }));
      return { kind: "added", name: client.name, clientId: client.clientId, secret: plainSecret };
    },
    onSuccess: changed,
    onError: settled,
  });
  const revokeSecret = useMutation({
    mutationFn: ({ clientId, secretId }: { clientId: string; secretId: string }) => call(() => source.revokeSecret(clientId, secretId)),
    onSuccess: changed,
    onError: settled,
  });
  return { create, update, remove, addSecret, revokeSecret };
}

export function useDebugToken<C extends ServicePrincipalView>(source: ClientSource<C>, clientId: string) {
  return useMutation({
    mutationFn: (token: string) => call(() => source.debugToken!(clientId, token)),
  });
}
