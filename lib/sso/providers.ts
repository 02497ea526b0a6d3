// The identity providers the Single sign-on tab knows, each with its set-up steps in that IdP's own
// labels (compat.md §4.4): what the IT admin pastes into the IdP and what they bring back. Client-safe
// (no server imports): the portal and console render these.

export const SSO_CONNECTION_TYPES = ["SAML", "OIDC"] as const;
export type SsoConnectionType = (typeof SSO_CONNECTION_TYPES)[number];

export const SSO_PROVIDERS = [
  "OKTA", "MICROSOFT_ENTRA_ID", "GOOGLE_WORKSPACE", "JUMPCLOUD", "ONELOGIN", "PING_IDENTITY", "MICROSOFT_AD_FS", "GENERIC_SAML", "GENERIC_OIDC",
] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];

/** A value Portico shows, named the way the IdP's screen names the field it goes into. */
export interface SpValueLabel {
  value: "acs_url" | "sp_entity_id" | "sp_metadata_url" | "sp_metadata_xml" | "redirect_uri";
  label: string;
}

export interface ProviderGuide {
  label: string;
  type: SsoConnectionType;
  /** Where the admin creates the application, in the IdP's words. */
  appType: string;
  /** Portico's values, labelled as the IdP labels the fields they go into. */
  spValues: SpValueLabel[];
  /** Steps in the IdP, in order. */
  steps: string[];
  /** What to bring back, and the IdP's name for it. */
  bringBack: string;
  notes?: string;
}

export const PROVIDER_GUIDES: Record<SsoProvider, ProviderGuide> = {
  OKTA: {
    label: "Okta", type: "SAML", appType: "Applications › Create App Integration › SAML 2.0",
    spValues: [{ value: "acs_url", label: "Single sign-on URL" }, { value: "sp_entity_id", label: "Audience URI (SP Entity ID)" }],
    steps: [
      "In the Okta Admin Console, open Applications › Applications › Create App Integration and choose SAML 2.0.",
      "Name the app, then paste the Single sign-on URL and the Audience URI (SP Entity ID) below. Leave Default RelayState empty.",
      "Name ID format: EmailAddress; Application username: Email.",
      "Under Attribute Statements, add email, firstName and lastName (the names in Attribute mapping below).",
      "Finish, then on the Assignments tab assign the people or groups who should sign in.",
      "On the Sign On tab, copy the Metadata URL (Metadata Details) and paste it here.",
    ],
    bringBack: "Metadata URL (Sign On tab › Metadata Details)",
    notes: "Okta's \"Preview the SAML Assertion\" shows what it will send.",
  },
  MICROSOFT_ENTRA_ID: {
    label: "Microsoft Entra ID", type: "SAML", appType: "Enterprise applications › New application › Create your own application (Non-gallery)",
    spValues: [{ value: "sp_metadata_xml", label: "Upload metadata file" }, { value: "sp_entity_id", label: "Identifier (Entity ID)" }, { value: "acs_url", label: "Reply URL (Assertion Consumer Service URL)" }],
    steps: [
      "In the Microsoft Entra admin center, open Enterprise applications › New application › Create your own application, and choose \"Integrate any other application you don't find in the gallery (Non-gallery)\".",
      "Open Single sign-on › SAML, choose Upload metadata file and upload the SP metadata XML below (or type the Identifier and Reply URL).",
      "Under Attributes & Claims, keep emailaddress, givenname and surname (Portico reads Entra's claim names as they are).",
      "Under Users and groups, assign who should sign in.",
      "Under SAML Certificates, copy the App Federation Metadata URL and paste it here.",
    ],
    bringBack: "App Federation Metadata URL",
  },
  GOOGLE_WORKSPACE: {
    label: "Google Workspace", type: "SAML", appType: "Apps › Web and mobile apps › Add app › Add custom SAML app (super admin)",
    spValues: [{ value: "acs_url", label: "ACS URL" }, { value: "sp_entity_id", label: "Entity ID" }, { value: "sp_metadata_url", label: "SP metadata URL" }],
    steps: [
      "In the Google Admin console, open Apps › Web and mobile apps › Add app › Add custom SAML app.",
      "Copy the SSO URL, Entity ID and Certificate Google shows (or download the IdP metadata) and enter them here.",
      "On Service provider details, paste the ACS URL and Entity ID below; Name ID format: EMAIL, Name ID: Basic Information › Primary email.",
      "Under Attribute mapping, map Primary email → email, First name → firstName, Last name → lastName.",
      "Turn the app on for the groups or organizational units who should sign in.",
    ],
    bringBack: "SSO URL, Entity ID and Certificate (or the IdP metadata)",
    notes: "Test both ways: Google's \"Test SAML login\" (IdP-initiated, needs IdP-initiated login on) and Test connection here (SP-initiated).",
  },
  JUMPCLOUD: {
    label: "JumpCloud", type: "SAML", appType: "SSO Applications › Add New Application › Custom SAML App",
    spValues: [{ value: "sp_metadata_xml", label: "Upload SP Metadata" }, { value: "sp_entity_id", label: "IdP Entity ID and SP Entity ID" }, { value: "acs_url", label: "ACS URLs › Default URL" }],
    steps: [
      "In the JumpCloud Admin Portal, open SSO Applications › Add New Application › Custom SAML App.",
      "On the SSO tab, upload the SP metadata XML below, or paste the SP Entity ID into both IdP Entity ID and SP Entity ID, and the ACS URL into Default URL.",
      "Under User Attributes, add email, firstName and lastName.",
      "Under User Groups, choose who should sign in, then Save.",
      "Use Copy Metadata URL and paste it here.",
    ],
    bringBack: "Metadata URL (Copy Metadata URL)",
  },
  ONELOGIN: {
    label: "OneLogin", type: "SAML", appType: "Applications › Add App › SAML Custom Connector (Advanced)",
    spValues: [{ value: "acs_url", label: "Recipient, ACS (Consumer) URL Validator and ACS (Consumer) URL" }, { value: "sp_entity_id", label: "Audience (EntityID)" }],
    steps: [
      "In OneLogin, open Applications › Add App and choose SAML Custom Connector (Advanced).",
      "On Configuration, paste the ACS URL into Recipient, ACS (Consumer) URL Validator and ACS (Consumer) URL, and the Entity ID into Audience (EntityID).",
      "On Parameters, add email, firstName and lastName (Include in SAML assertion).",
      "Under Users (or Roles), give access to who should sign in.",
      "On SSO, copy the Issuer URL and paste it here as the metadata URL.",
    ],
    bringBack: "Issuer URL (the metadata URL)",
  },
  PING_IDENTITY: {
    label: "PingOne", type: "SAML", appType: "Applications › Add Application › SAML Application",
    spValues: [{ value: "sp_metadata_url", label: "Import from URL" }, { value: "acs_url", label: "ACS URLs" }, { value: "sp_entity_id", label: "Entity ID" }],
    steps: [
      "In PingOne, open Applications › Add Application › SAML Application.",
      "Choose Import Metadata (the SP metadata XML below), Import from URL (the SP metadata URL), or Manually Enter the ACS URL and Entity ID.",
      "Under Attribute Mappings, map email, firstName and lastName.",
      "Grant access to the groups who should sign in and turn the application on.",
      "On Configuration, copy the IdP Metadata URL and paste it here (or enter the Issuer ID, Single Signon Service URL and signing certificate by hand).",
    ],
    bringBack: "IdP Metadata URL (or Issuer ID, Single Signon Service URL and certificate)",
  },
  MICROSOFT_AD_FS: {
    label: "Microsoft AD FS", type: "SAML", appType: "Relying Party Trusts › Add Relying Party Trust (Claims aware)",
    spValues: [{ value: "sp_metadata_xml", label: "Import data about the relying party from a file" }, { value: "sp_metadata_url", label: "Federation metadata address" }],
    steps: [
      "In AD FS Management, open Relying Party Trusts › Add Relying Party Trust and choose Claims aware.",
      "Import the SP metadata XML below from a file (or give the SP metadata URL as the federation metadata address).",
      "Choose the access control policy Permit everyone (or the group that should sign in).",
      "Edit Claim Issuance Policy › Add Rule › Send LDAP Attributes as Claims: E-Mail-Addresses → E-Mail Address, Given-Name → Given Name, Surname → Surname, User-Principal-Name → Name ID.",
      "Here, enter the identifier http://<your-adfs>/adfs/services/trust, the login URL https://<your-adfs>/adfs/ls, and the first signing certificate of https://<your-adfs>/FederationMetadata/2007-06/FederationMetadata.xml — or simply that metadata URL.",
    ],
    bringBack: "Federation metadata URL (or identifier, login URL and token-signing certificate)",
  },
  GENERIC_SAML: {
    label: "Other SAML 2.0 provider", type: "SAML", appType: "Any SAML 2.0 application",
    spValues: [{ value: "acs_url", label: "ACS URL" }, { value: "sp_entity_id", label: "SP Entity ID (Audience)" }, { value: "sp_metadata_url", label: "SP metadata URL" }, { value: "sp_metadata_xml", label: "SP metadata XML" }],
    steps: [
      "Create a SAML 2.0 application in your identity provider.",
      "Import the SP metadata (URL or XML below), or enter the ACS URL and SP Entity ID by hand.",
      "Send the user's email (Name ID format: email address) and the attributes email, firstName and lastName.",
      "Assign the users or groups who should sign in.",
      "Bring back the IdP metadata URL, or the IdP Entity ID (Issuer), SSO URL and signing certificate.",
    ],
    bringBack: "Metadata URL, or Issuer, Sign-on URL and Signing Certificate",
  },
  GENERIC_OIDC: {
    label: "OpenID Connect provider", type: "OIDC", appType: "An OIDC Web application (authorization code)",
    spValues: [{ value: "redirect_uri", label: "Redirect URI (sign-in redirect URI, callback URL)" }],
    steps: [
      "Create an OpenID Connect Web application (authorization code flow) in your identity provider.",
      "Paste the Redirect URI below as its sign-in redirect URI.",
      "Allow the scopes openid, email and profile, and assign who should sign in.",
      "Bring back the Issuer URL (or its /.well-known/openid-configuration URL), the Client ID and the Client Secret.",
    ],
    bringBack: "Issuer URL, Client ID and Client Secret",
  },
};

export function providerLabel(provider: string): string {
  return (PROVIDER_GUIDES as Record<string, ProviderGuide>)[provider]?.label ?? provider;
}
