"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callAction, unwrap } from "@/lib/actions/result";
import type { DirectoryView } from "@/lib/directory/schemas";
import {
  createDirectoryAction, getDirectoryUserAction, listDirectoriesAction, listDirectoryGroupsAction, listDirectoryUsersAction, listRoleMappingsAction,
  listRolesAction, provisioningLogAction, rotateTokenAction, setRoleMappingAction, updateDirectoryAction,
} from "./actions";

// TanStack Query wiring for Directory sync and Roles. Lists poll while the screen is open, so users the
// IdP pushes show up without a reload. Plain tokens never enter the cache: mutations hand them to
// `onToken` (component state the one-time dialog clears on close).

const POLL_MS = 5_000;

export const directoryKeys = {
  list: (org: string) => ["directories", org] as const,
  users: (org: string, dir: string, search: string) => ["directory-users", org, dir, search] as const,
  user: (org: string, dir: string, id: string) => ["directory-user", org, dir, id] as const,
  groups: (org: string, dir: string, search: string) => ["directory-groups", org, dir, search] as const,
  log: (org: string, dir: string, failed: boolean) => ["directory-log", org, dir, failed] as const,
  roles: (org: string) => ["roles", org] as const,
  mappings: (org: string) => ["role-mappings", org] as const,
};

export function useDirectories(organizationId: string) {
  return useQuery({ queryKey: directoryKeys.list(organizationId), queryFn: async () => unwrap(await callAction(() => listDirectoriesAction(organizationId))), refetchInterval: POLL_MS });
}

export interface OneTimeToken { directory: DirectoryView; token: string; kind: "created" | "rotated" }

export function useCreateDirectory(organizationId: string, onToken: (t: OneTimeToken) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { provider: string; name?: string }) => {
      const { directory, plainToken } = unwrap(await callAction(() => createDirectoryAction(organizationId, input)));
      onToken({ directory, token: plainToken, kind: "created" });
      return directory;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: directoryKeys.list(organizationId) }),
  });
}

export function useUpdateDirectory(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ directoryId, patch }: { directoryId: string; patch: { enabled?: boolean; name?: string; primary?: true } }) => unwrap(await callAction(() => updateDirectoryAction(organizationId, directoryId, patch))),
    onSuccess: () => qc.invalidateQueries({ queryKey: directoryKeys.list(organizationId) }),
  });
}

export function useRotateToken(organizationId: string, onToken: (t: OneTimeToken) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ directory, overlapSeconds }: { directory: DirectoryView; overlapSeconds: number }) => {
      const r = unwrap(await callAction(() => rotateTokenAction(organizationId, directory.id, { overlap_seconds: overlapSeconds })));
      onToken({ directory, token: r.plainToken, kind: "rotated" });
      return r.previousTokensExpireTime;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: directoryKeys.list(organizationId) }),
  });
}

export function useDirectoryUsers(organizationId: string, directoryId: string, search: string) {
  return useInfiniteQuery({
    queryKey: directoryKeys.users(organizationId, directoryId, search),
    queryFn: async ({ pageParam }) => unwrap(await callAction(() => listDirectoryUsersAction(organizationId, directoryId, { search, cursor: pageParam ?? undefined }))),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: POLL_MS,
  });
}

export function useDirectoryUser(organizationId: string, directoryId: string, userId: string | null) {
  return useQuery({
    queryKey: directoryKeys.user(organizationId, directoryId, userId ?? ""),
    queryFn: async () => unwrap(await callAction(() => getDirectoryUserAction(organizationId, directoryId, userId!))),
    enabled: userId !== null,
  });
}

export function useDirectoryGroups(organizationId: string, directoryId: string, search: string) {
  return useInfiniteQuery({
    queryKey: directoryKeys.groups(organizationId, directoryId, search),
    queryFn: async ({ pageParam }) => unwrap(await callAction(() => listDirectoryGroupsAction(organizationId, directoryId, { search, cursor: pageParam ?? undefined }))),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: POLL_MS,
  });
}

export function useProvisioningLog(organizationId: string, directoryId: string, failedOnly: boolean) {
  return useInfiniteQuery({
    queryKey: directoryKeys.log(organizationId, directoryId, failedOnly),
    queryFn: async ({ pageParam }) => unwrap(await callAction(() => provisioningLogAction(organizationId, directoryId, { before: pageParam ?? undefined, failedOnly }))),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_before,
    refetchInterval: POLL_MS,
  });
}

export function useRoles(organizationId: string) {
  return useQuery({ queryKey: directoryKeys.roles(organizationId), queryFn: async () => unwrap(await callAction(() => listRolesAction(organizationId))), staleTime: 30_000 });
}

export function useRoleMappings(organizationId: string) {
  return useQuery({ queryKey: directoryKeys.mappings(organizationId), queryFn: async () => unwrap(await callAction(() => listRoleMappingsAction(organizationId))), refetchInterval: POLL_MS });
}

export function useSetRoleMapping(organizationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ groupId, roleName }: { groupId: string; roleName: string | null }) => unwrap(await callAction(() => setRoleMappingAction(organizationId, groupId, { role_name: roleName }))),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: directoryKeys.mappings(organizationId) });
      void qc.invalidateQueries({ queryKey: ["directory-users", organizationId] });
    },
  });
}
