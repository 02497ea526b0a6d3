import { MANAGEMENT_SCOPES } from "@/lib/authz";

/** Fixed id of the built-in "Portico Management API" resource, so start-up finds it when PUBLIC_URL changes. */
export const MANAGEMENT_RESOURCE_ID = "res_portico_management";
export const MANAGEMENT_RESOURCE_NAME = "Portico Management API";

export const MANAGEMENT_SCOPE_DESCRIPTIONS: Record<(typeof MANAGEMENT_SCOPES)[number], string> = {
  "organizations:read": "Read organizations",
  "organizations:write": "Create, update and delete organizations",
  "clients:read": "Read organizations' service principals",
  "clients:write": "Create, update and delete service principals and their secrets",
  "portal_links:write": "Create, list and revoke admin portal links",
  "audit:read": "Read audit events",
  "domains:read": "Read organizations' domains and their verification status",
  "domains:write": "Add, re-check and remove organizations' domains",
  "directories:read": "Read organizations' directories and their synced users and groups",
  "directories:write": "Create, enable, disable directories and rotate their SCIM tokens",
  "roles:read": "Read the role registry and organizations' group → role mappings",
  "roles:write": "Change the role registry and organizations' group → role mappings",
  "events:read": "Read events (GET /api/v1/events, event types)",
  "webhooks:read": "Read webhook endpoints and their delivery logs",
  "webhooks:write": "Create, update, rotate, test, replay and delete webhook endpoints",
  "connections:read": "Read organizations' SSO connections",
  "connections:write": "Create, update, enable, disable and delete SSO connections",
};

/** The demo API seeded into an empty catalog, so a fresh deployment can issue a token at once. */
export const DEMO_RESOURCE = {
  name: "Demo API",
  audience: "https://api.example.com",
  description: "An example API to try service principals with. Replace it with your own APIs.",
  scopes: [
    { name: "invoices:read", description: "Read invoices" },
    { name: "invoices:write", description: "Create and update invoices" },
    { name: "reports:read", description: "Read reports" },
  ],
} as const;
