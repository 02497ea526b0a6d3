import { DOMParser } from "@xmldom/xmldom";

// Reading untrusted XML (IdP metadata, SAML responses) before any library sees it: size-capped, no
// DOCTYPE at all (no entity expansion, no external entities: XXE and "billion laughs" never start),
// well-formed or refused. xmldom never fetches anything; the DOCTYPE ban makes that moot.

export class XmlInputError extends Error {
  override name = "XmlInputError";
}

export function parseUntrustedXml(xml: string, maxChars: number): Document {
  if (xml.length > maxChars) throw new XmlInputError(`is larger than ${Math.round(maxChars / 1024)} KB`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlInputError("contains a DOCTYPE or entity declaration, which SAML never needs");
  let problem: string | null = null;
  const doc = new DOMParser({
    locator: {},
    errorHandler: { warning: () => {}, error: (m: string) => { problem ??= m; }, fatalError: (m: string) => { problem ??= m; } },
  }).parseFromString(xml, "text/xml");
  if (problem || !doc?.documentElement) throw new XmlInputError(`is not well-formed XML${problem ? ` (${String(problem).split("\n")[0]})` : ""}`);
  return doc as unknown as Document;
}

export const NS = {
  md: "urn:oasis:names:tc:SAML:2.0:metadata",
  ds: "http://www.w3.org/2000/09/xmldsig#",
  saml: "urn:oasis:names:tc:SAML:2.0:assertion",
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
} as const;

/** Child elements of `parent` with this namespace and local name (no XPath, no surprises). */
export function children(parent: Element | Document, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as Element;
    if (n.nodeType === 1 && n.namespaceURI === ns && n.localName === localName) out.push(n);
  }
  return out;
}

export function child(parent: Element | Document, ns: string, localName: string): Element | null {
  return children(parent, ns, localName)[0] ?? null;
}

/** Descendants in document order. */
export function descendants(parent: Element | Document, ns: string, localName: string): Element[] {
  return Array.from((parent as Element).getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<Element>);
}
