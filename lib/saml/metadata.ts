import { privateAddressesAllowed, safeFetch, OutboundError } from "@/lib/security/outbound";
import { CertificateError, normalizeCertificate } from "./certificates";
import { NS, child, children, descendants, parseUntrustedXml, XmlInputError } from "./xml";

// The IdP side of a SAML connection from its metadata (XML uploaded, or fetched from the metadata URL
// with the outbound guard): entity ID, the SingleSignOnService URL and binding, signing certificates.

export const MAX_METADATA_BYTES = 512 * 1024;
const METADATA_TIMEOUT_MS = 10_000;

export const BINDINGS = {
  "HTTP-Redirect": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
  "HTTP-POST": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
} as const;
export type SsoBinding = keyof typeof BINDINGS;

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  binding: SsoBinding;
  certificates: string[];
}

/** Why metadata could not be used; its message is shown to the admin next to the field. */
export class MetadataError extends Error {
  override name = "MetadataError";
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  let doc: Document;
  try {
    doc = parseUntrustedXml(xml, MAX_METADATA_BYTES);
  } catch (err) {
    throw new MetadataError(`The metadata ${err instanceof XmlInputError ? err.message : "could not be read"}`);
  }
  const root = doc.documentElement;
  let entities: Element[];
  if (root.namespaceURI === NS.md && root.localName === "EntityDescriptor") entities = [root];
  else if (root.namespaceURI === NS.md && root.localName === "EntitiesDescriptor") entities = descendants(root, NS.md, "EntityDescriptor");
  else throw new MetadataError("This is not SAML 2.0 metadata (no EntityDescriptor)");
  const withIdp = entities.filter((e) => child(e, NS.md, "IDPSSODescriptor"));
  if (!withIdp.length) throw new MetadataError("The metadata describes no identity provider (no IDPSSODescriptor): is this the service provider's metadata?");
  if (withIdp.length > 1) throw new MetadataError("The metadata describes several identity providers; use the metadata of the one application");
  const entity = withIdp[0]!;
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw new MetadataError("The metadata has no entityID");
  const idp = child(entity, NS.md, "IDPSSODescriptor")!;

  const services = children(idp, NS.md, "SingleSignOnService");
  const byBinding = (b: SsoBinding) => services.find((s) => s.getAttribute("Binding") === BINDINGS[b])?.getAttribute("Location")?.trim();
  const redirect = byBinding("HTTP-Redirect");
  const post = byBinding("HTTP-POST");
  const ssoUrl = redirect ?? post;
  if (!ssoUrl) throw new MetadataError("The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
  checkHttpsUrl(ssoUrl, "SingleSignOnService Location");

  const certificates: string[] = [];
  for (const kd of children(idp, NS.md, "KeyDescriptor")) {
    const use = kd.getAttribute("use");
    if (use && use !== "signing") continue;
    for (const c of descendants(kd, NS.ds, "X509Certificate")) {
      try {
        const pem = normalizeCertificate(c.textContent ?? "");
        if (!certificates.includes(pem)) certificates.push(pem);
      } catch (err) {
        throw new MetadataError(`A signing certificate in the metadata ${err instanceof CertificateError ? err.message : "is unreadable"}`);
      }
    }
  }
  if (!certificates.length) throw new MetadataError("The metadata has no signing certificate (KeyDescriptor with an X509Certificate)");
  return { entityId, ssoUrl, binding: redirect ? "HTTP-Redirect" : "HTTP-POST", certificates };
}

/** The IdP's SSO URL must be https (plain http only for localhost while private addresses are allowed, i.e. in tests). */
export function checkHttpsUrl(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MetadataError(`${what} is not a URL`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && privateAddressesAllowed() && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return;
  throw new MetadataError(`${what} must be an https:// URL`);
}

export async function fetchIdpMetadata(url: string): Promise<{ xml: string; metadata: IdpMetadata }> {
  let res;
  try {
    res = await safeFetch(url, {
      timeoutMs: METADATA_TIMEOUT_MS, maxResponseBytes: MAX_METADATA_BYTES, failOnTooLarge: true,
      allowInsecureLocalhost: privateAddressesAllowed(), headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" },
    });
  } catch (err) {
    if (err instanceof OutboundError) {
      const why = err.code === "response_too_large" ? `is larger than ${MAX_METADATA_BYTES / 1024} KB` : err.code === "timeout" ? "did not answer within 10 seconds" : `could not be read: ${err.message}`;
      throw new MetadataError(`The metadata URL ${why}`);
    }
    throw err;
  }
  if (res.status >= 300 && res.status < 400) throw new MetadataError(`The metadata URL redirects (HTTP ${res.status}); enter the final URL`);
  if (res.status !== 200) throw new MetadataError(`The metadata URL answered HTTP ${res.status}`);
  const xml = res.body.toString("utf8");
  return { xml, metadata: parseIdpMetadata(xml) };
}
