// What the client screens call things (README, "Glossary"). Tenant admins in the admin portal manage
// "API clients"; the vendor's console and API say "service principal" for the same organization-owned
// OAuth client, and "environment client" for the deployment-level ones. One set of words per audience,
// so a screen never mixes them.

export interface ClientWords {
  /** Who reads the screen: tenant admins (portal) or the vendor's operators and developers (console, dev tools). */
  audience: "tenant" | "vendor";
  /** "API client", "service principal", "environment client" (lower case, singular). */
  noun: string;
  /** Capitalised singular, for titles: "API client". */
  Noun: string;
  /** Capitalised plural, for headings: "API clients". */
  Nouns: string;
  /** "this API client": how warnings refer to one. */
  short: string;
  /** One line under the heading. */
  description: string;
  /** The empty state's explanation. */
  emptyBody: string;
  /** The header's create button ("New API client") and the empty state's ("Create an API client"). */
  newButton: string;
  emptyAction: string;
  /** The create form's title and submit button. */
  createTitle: string;
  createSubmit: string;
  editTitle: string;
  /** Test ids of the card and its status badge (kept stable for the end-to-end tests). */
  cardTestId: string;
  statusTestId: string;
}

export const API_CLIENT_WORDS: ClientWords = {
  audience: "tenant",
  noun: "API client",
  Noun: "API client",
  Nouns: "API clients",
  short: "API client",
  description: "Credentials for your scripts, jobs and integrations: each gets its own client ID and secrets, and only the access it needs.",
  emptyBody:
    "An API client is an identity of its own for a script, job or integration that calls the app's API for your organization. " +
    "It gets its own client ID, secrets and scopes, and everything it does is recorded in the activity log under its name, so nobody has to share a person's password or personal token.",
  newButton: "New API client",
  emptyAction: "Create an API client",
  createTitle: "New API client",
  createSubmit: "Create API client",
  editTitle: "Edit API client",
  cardTestId: "service-principal",
  statusTestId: "principal-status",
};

export const SERVICE_PRINCIPAL_WORDS: ClientWords = {
  audience: "vendor",
  noun: "service principal",
  Noun: "Service principal",
  Nouns: "Service principals",
  short: "service principal",
  description: "Machine identities that get access tokens for this organization with a client ID and secret.",
  emptyBody:
    "A service principal is an identity of its own for a script, job or integration that calls your APIs for this organization. " +
    "It gets its own client ID, secrets and scopes, and everything it does is recorded in the audit trail under its name, so nobody has to share a person's password or personal token.",
  newButton: "New service principal",
  emptyAction: "Create a service principal",
  createTitle: "New service principal",
  createSubmit: "Create service principal",
  editTitle: "Edit service principal",
  cardTestId: "service-principal",
  statusTestId: "principal-status",
};

export const ENVIRONMENT_CLIENT_WORDS: ClientWords = {
  audience: "vendor",
  noun: "environment client",
  Noun: "Environment client",
  Nouns: "Environment clients",
  short: "client",
  description: "For your app's backend (the management API) and for clients that act for several organizations.",
  emptyBody: "Create one, or set BOOTSTRAP_MANAGEMENT_CLIENT_ID and _SECRET.",
  newButton: "Create environment client",
  emptyAction: "Create environment client",
  createTitle: "Create an environment client",
  createSubmit: "Create client",
  editTitle: "Edit environment client",
  cardTestId: "environment-client",
  statusTestId: "client-status",
};
