"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConnectionView } from "@/lib/sso/schemas";
import { callAction, unwrap, type ActionResult } from "@/lib/actions/result";
import {
  createConnectionAction, customAttributesAction, deleteConnectionAction, getTestResultAction, listConnectionsAction,
  setConnectionEnabledAction, startTestAction, updateConnectionAction,
} from "./actions";

// TanStack Query wiring for the Single sign-on screens.

const call = async <T,>(action: () => Promise<ActionResult<T>>): Promise<T> => unwrap(await callAction(action));

export const ssoKeys = {
  list: (organizationId: string) => ["sso-connections", organizationId] as const,
  attributes: (organizationId: string) => ["sso-custom-attributes", organizationId] as const,
  test: (organizationId: string, testId: string) => ["sso-test", organizationId, testId] as const,
};

export function useConnections(organizationId: string, { pollWhile }: { pollWhile?: (data: ConnectionView[] | undefined) => boolean } = {}) {
  return useQuery({
    queryKey: ssoKeys.list(organizationId),
    queryFn: async () => call(() => listConnectionsAction(organizationId)),
    // While a test runs in another window, its result shows up here by itself.
    refetchInterval: (query) => (pollWhile?.(query.state.data) ? 2000 : false),
  });
}

export function useCustomAttributes(organizationId: string) {
  return useQuery({ queryKey: ssoKeys.attributes(organizationId), queryFn: async () => call(() => customAttributesAction(organizationId)), staleTime: 60_000 });
}

export function useTestResult(organizationId: string, testId: string | null) {
  return useQuery({
    queryKey: ssoKeys.test(organizationId, testId ?? ""),
    queryFn: async () => call(() => getTestResultAction(organizationId, testId!)),
    enabled: !!testId,
  });
}

function usePut(organizationId: string) {
  const queryClient = useQueryClient();
  const key = ssoKeys.list(organizationId);
  return {
    put(conn: ConnectionView) {
      queryClient.setQueryData<ConnectionView[]>(key, (old) => (!old ? [conn] : old.some((c) => c.id === conn.id) ? old.map((c) => (c.id === conn.id ? conn : c)) : [...old, conn]));
    },
    remove(id: string) {
      queryClient.setQueryData<ConnectionView[]>(key, (old) => old?.filter((c) => c.id !== id));
    },
  };
}

export function useCreateConnection(organizationId: string) {
  const list = usePut(organizationId);
  return useMutation({ mutationFn: async (input: unknown) => call(() => createConnectionAction(organizationId, input)), onSuccess: list.put });
}

export function useUpdateConnection(organizationId: string) {
  const list = usePut(organizationId);
  return useMutation({ mutationFn: async ({ id, patch }: { id: string; patch: unknown }) => call(() => updateConnectionAction(organizationId, id, patch)), onSuccess: list.put });
}

export function useSetEnabled(organizationId: string) {
  const list = usePut(organizationId);
  return useMutation({
    mutationFn: async ({ id, enabled, skipTest }: { id: string; enabled: boolean; skipTest?: boolean }) => call(() => setConnectionEnabledAction(organizationId, id, enabled, { skip_test: skipTest })),
    onSuccess: list.put,
  });
}

export function useDeleteConnection(organizationId: string) {
  const list = usePut(organizationId);
  return useMutation({ mutationFn: async (id: string) => { await call(() => deleteConnectionAction(organizationId, id)); return id; }, onSuccess: list.remove });
}

export function useStartTest(organizationId: string) {
  return useMutation({ mutationFn: async (id: string) => call(() => startTestAction(organizationId, id)) });
}
