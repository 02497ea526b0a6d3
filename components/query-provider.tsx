"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/** Creates a query client with defaults suited to admin screens: one per browser tab. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, retry: 1, refetchOnWindowFocus: true },
      // Mutation results are dropped as soon as nothing observes them: some carry one-time secrets.
      mutations: { gcTime: 0, retry: 0 },
    },
  });
}

/** TanStack Query for everything below it. Mount once around the console or portal layout. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
