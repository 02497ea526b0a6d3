import type { ReactNode } from "react";
import type { DirectoryProvider } from "@/lib/directory/schemas";

// What the IT admin does in their identity provider, step by step, in that provider's own labels
// (compat.md §5.5). "endpoint" and "token" mark where Portico's values are pasted.

export interface SetupGuide {
  intro: string;
  /** The IdP's names for the two fields. */
  endpointLabel: string;
  tokenLabel: string;
  steps: ReactNode[];
  notes: string[];
}

const B = ({ children }: { children: ReactNode }) => <strong className="font-semibold text-slate-900">{children}</strong>;

export const SETUP_GUIDES: Record<DirectoryProvider, SetupGuide> = {
  OKTA: {
    intro: "In the Okta Admin Console, using an app integration with SCIM provisioning.",
    endpointLabel: "SCIM 2.0 Base URL",
    tokenLabel: "OAuth Bearer Token",
    steps: [
      <>Go to <B>Applications › Browse App Catalog</B>, add <B>SCIM 2.0 Test App (OAuth Bearer Token)</B> (or open your own app integration) and save it.</>,
      <>Open the <B>Provisioning</B> tab and click <B>Configure API Integration</B>, then tick <B>Enable API integration</B>.</>,
      <>Paste the endpoint below into <B>SCIM 2.0 Base URL</B> and the token into <B>OAuth Bearer Token</B>. Click <B>Test API Credentials</B>, then <B>Save</B>.</>,
      <>Under <B>Provisioning › To App</B>, click <B>Edit</B> and enable <B>Create Users</B>, <B>Update User Attributes</B> and <B>Deactivate Users</B>.</>,
      <>On the <B>Assignments</B> tab, assign the people or groups who should have access.</>,
      <>On the <B>Push Groups</B> tab, push the groups you want to map to roles (<B>Push Immediately</B>).</>,
    ],
    notes: ["Do not use the same Okta group both to assign users and as a pushed group.", "Okta deactivates users rather than deleting them: deactivated users show as inactive here."],
  },
  MICROSOFT_AD: {
    intro: "In the Microsoft Entra admin center, as an enterprise application with automatic provisioning.",
    endpointLabel: "Tenant URL",
    tokenLabel: "Secret Token",
    steps: [
      <>Go to <B>Enterprise applications › New application › Create your own application</B>, choose <B>Integrate any other application you don&apos;t find in the gallery</B>.</>,
      <>Open <B>Provisioning</B> and set <B>Provisioning Mode</B> to <B>Automatic</B>.</>,
      <>Under <B>Admin Credentials</B>, paste the endpoint into <B>Tenant URL</B> and the token into <B>Secret Token</B>. Click <B>Test Connection</B>, then <B>Save</B>.</>,
      <>Under <B>Mappings</B>, keep <B>Provision Microsoft Entra ID Users</B> (and Groups) enabled.</>,
      <>Under <B>Users and groups</B>, assign who should be provisioned.</>,
      <>Set <B>Provisioning Status</B> to <B>On</B> and save. Use <B>Provision on demand</B> to try one user straight away.</>,
    ],
    notes: ["Entra ID syncs about every 40 minutes; changes can take that long to arrive."],
  },
  JUMPCLOUD: {
    intro: "In the JumpCloud Admin Portal, as a custom SSO application with identity management.",
    endpointLabel: "Base URL",
    tokenLabel: "Token Key",
    steps: [
      <>Go to <B>SSO Applications › + Add New Application</B> and create a custom application.</>,
      <>Enable <B>Export users to this app (Identity Management)</B> and open <B>Configure Application</B>.</>,
      <>Paste the endpoint into <B>Base URL</B> and the token into <B>Token Key</B>, then <B>Test Connection</B> and <B>Activate</B>.</>,
      <>Turn on <B>Group Management</B> if you want groups for role mapping.</>,
      <>On the <B>User Groups</B> tab, assign the groups whose users should be provisioned.</>,
    ],
    notes: ["Removing a group from the app unassigns its users, but the group itself stays until you delete it in JumpCloud."],
  },
  ONELOGIN: {
    intro: "In OneLogin, with the SCIM Provisioner connector.",
    endpointLabel: "SCIM Base URL",
    tokenLabel: "SCIM Bearer Token",
    steps: [
      <>Go to <B>Applications › Add App</B> and add <B>SCIM Provisioner with SAML (SCIM v2 Enterprise)</B>.</>,
      <>On <B>Configuration</B>, paste the endpoint into <B>SCIM Base URL</B> and the token into <B>SCIM Bearer Token</B>, then click <B>Enable</B> under API Connection.</>,
      <>On <B>Provisioning</B>, tick <B>Enable provisioning</B> and choose what happens when users are deleted or suspended.</>,
      <>On <B>Parameters</B>, open <B>Groups</B> and tick <B>Include in User Provisioning</B>; add a rule <B>Set Groups in</B> this app under <B>Rules</B>.</>,
      <>Assign users; approve pending provisioning tasks (<B>Pending › Provisioned</B>) if approval is required.</>,
    ],
    notes: ["OneLogin uses the username as the unique SCIM identifier; it may be an email address."],
  },
  OTHER: {
    intro: "Any SCIM 2.0 client (RFC 7643/7644).",
    endpointLabel: "SCIM base URL",
    tokenLabel: "Bearer token",
    steps: [
      <>Set the SCIM base URL to the endpoint below; the client appends <B>/Users</B> and <B>/Groups</B>.</>,
      <>Authenticate every request with the header <B>Authorization: Bearer &lt;token&gt;</B>.</>,
      <>Send <B>application/scim+json</B>. Users and Groups support POST, GET (with <B>filter</B>, <B>startIndex</B>, <B>count</B>, <B>attributes</B>), PUT, PATCH and DELETE.</>,
      <>Check <B>/ServiceProviderConfig</B>, <B>/ResourceTypes</B> and <B>/Schemas</B> for what is supported.</>,
    ],
    notes: ["userName is unique per directory, case-insensitively; a duplicate answers 409 uniqueness."],
  },
};
