"use client";
import { QueryProvider } from "@/components/query-provider";
import { ToastProvider } from "@/components/ui";
import { DomainsPanel, type DomainsPanelProps } from "./panel";

/** The Domains panel with its query and toast providers, for a page to mount as it is. */
export function DomainsScreen({ toastPlacement = "bottom", ...props }: DomainsPanelProps & { toastPlacement?: "bottom" | "top-on-phones" }) {
  return (
    <QueryProvider>
      <ToastProvider placement={toastPlacement}>
        <DomainsPanel {...props} />
      </ToastProvider>
    </QueryProvider>
  );
}
