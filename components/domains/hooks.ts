"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callAction, unwrap, type ActionResult } from "@/lib/actions/result";
import type { DomainView } from "@/lib/domains/schemas";
import { addDomainAction, checkDomainAction, deleteDomainAction, listDomainsAction, verifyDomainManuallyAction } from "./actions";

// TanStack Query wiring for the Domains screens. While a domain waits for its record the list refreshes
// itself, so a domain the background checks verify (or fail) changes on screen without a reload.

/** The action's data, or an ActionFailure (also when the server could not be reached: never a raw "Failed to fetch"). */
const call = async <T,>(action: () => Promise<ActionResult<T>>): Promise<T> => unwrap(await callAction(action));

export const domainKeys = { list: (organizationId: string) => ["domains", organizationId] as const };

const WAITING_REFRESH_MS = 15_000;

export function useDomains(organizationId: string) {
  return useQuery({
    queryKey: domainKeys.list(organizationId),
    queryFn: async () => call(() => listDomainsAction(organizationId)),
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending") ? WAITING_REFRESH_MS : false),
  });
}

function useListUpdater(organizationId: string) {
  const queryClient = useQueryClient();
  const key = domainKeys.list(organizationId);
  return {
    put(domain: DomainView) {
      queryClient.setQueryData<DomainView[]>(key, (old) => {
        const rest = (old ?? []).filter((d) => d.id !== domain.id);
        return [...rest, domain].sort((a, b) => a.name.localeCompare(b.name));
      });
    },
    remove: (domainId: string) => queryClient.setQueryData<DomainView[]>(key, (old) => old?.filter((d) => d.id !== domainId)),
    refresh: () => queryClient.invalidateQueries({ queryKey: key }),
  };
}

export function useAddDomain(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (name: string) => call(() => addDomainAction(organizationId, { name })),
    onSuccess: (domain) => list.put(domain),
  });
}

export function useCheckDomain(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (domainId: string) => call(() => checkDomainAction(organizationId, domainId)),
    // A check may fail other organizations' claims, never this one's other domains; still, show what the server has.
    onSuccess: (domain) => { list.put(domain); void list.refresh(); },
  });
}

export function useDeleteDomain(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async (domainId: string) => { await call(() => deleteDomainAction(organizationId, domainId)); return domainId; },
    onSuccess: (domainId) => list.remove(domainId),
  });
}

export function useVerifyDomainManually(organizationId: string) {
  const list = useListUpdater(organizationId);
  return useMutation({
    mutationFn: async ({ domainId, reason }: { domainId: string; reason: string }) => call(() => verifyDomainManuallyAction(organizationId, domainId, { reason })),
    onSuccess: (domain) => list.put(domain),
  });
}
