import { publicUrl } from "@/lib/config/env";

/** The `aud` of access tokens for Portico's own management API: `${PUBLIC_URL}/api/v1`. */
export function managementAudience(): string {
  return `${publicUrl()}/api/v1`;
}
