// A real SAML 2.0 identity provider for tests, scripted with samlify (schema-validated with xmllint in
// WebAssembly): it reads Portico's AuthnRequests (HTTP-Redirect and HTTP-POST bindings), signs its
// responses (RSA-2048, SHA-256), encrypts assertions when asked, starts IdP-initiated logins, and forges
// the bad responses the negative tests need (wrong certificate, unsigned, wrapped, expired, wrong
// audience or recipient, unknown InResponseTo, missing email). It also serves its metadata and a small
// sign-in page over HTTP, so browsers can run whole logins against it.
import http from "node:http";
import zlib from "node:zlib";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import * as validator from "@authenio/samlify-xmllint-wasm";
import * as samlify from "samlify";
import selfsigned from "selfsigned";

samlify.setSchemaValidator(validator);

export interface IdpUser {
  email?: string | null;
  firstName?: string;
  lastName?: string;
  groups?: string[];
  /** Extra attributes: name → value(s). */
  attributes?: Record<string, string | string[]>;
  nameId?: string;
}

/** What a forged response changes. */
export interface Forgery {
  /** Sign with another key than the one in the metadata. */
  wrongCertificate?: boolean;
  /** Sign nothing / only the Response, not the assertion. */
  unsigned?: "all" | "assertion";
  /** Move the signed assertion into an Extensions-like wrapper and put an evil one in its place (XSW). */
  signatureWrapping?: boolean;
  /** Shift every time (IssueInstant, NotBefore, NotOnOrAfter) by this many ms (negative: expired). */
  timeShiftMs?: number;
  /** Shift only the assertion's validity window (NotBefore, NotOnOrAfter), not the response's IssueInstant. */
  windowShiftMs?: number;
  audience?: string;
  recipient?: string;
  destination?: string;
  inResponseTo?: string | null;
  issuer?: string;
  status?: string;
  /** Encrypt the assertion with the SP's encryption certificate. */
  encrypt?: boolean;
  /** Replace the whole assertion id (replays reuse one). */
  assertionId?: string;
}

interface Keys { cert: string; key: string }

let keyCache: Promise<Keys[]> | null = null;
/** Key pairs made once per process (generating RSA keys is slow): an impostor's, then one per IdP. */
function keyPairs(): Promise<Keys[]> {
  keyCache ??= Promise.all([0, 1, 2].map(async (i) => {
    const r = await selfsigned.generate([{ name: "commonName", value: ["Impostor IdP", "Test IdP", "Second test IdP"][i]! }], { keySize: 2048, algorithm: "sha256" });
    return { cert: r.cert, key: r.private };
  }));
  return keyCache;
}

const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

const RESPONSE_TEMPLATE = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}"{InResponseToAttr}><saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status><saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}"><saml:Issuer>{Issuer}</saml:Issuer><saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}"{InResponseToAttr}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>{AttributeStatement}</saml:Assertion></samlp:Response>';

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The SP's entity ID and HTTP-POST ACS from its metadata. */
function spValues(xml: string): { entityId: string; acs: string } {
  const entityId = /entityID="([^"]+)"/.exec(xml)?.[1];
  const acs = /<(?:\w+:)?AssertionConsumerService\b[^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"[^>]*Location="([^"]+)"/.exec(xml)?.[1];
  if (!entityId || !acs) throw new Error("test IdP: the SP metadata has no entityID or HTTP-POST ACS");
  return { entityId, acs };
}

function attributeStatement(user: IdpUser): string {
  const attrs: Record<string, string | string[]> = {};
  if (user.email) attrs.email = user.email;
  if (user.firstName) attrs.firstName = user.firstName;
  if (user.lastName) attrs.lastName = user.lastName;
  if (user.groups?.length) attrs.groups = user.groups;
  Object.assign(attrs, user.attributes ?? {});
  const items = Object.entries(attrs).map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join("");
    return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values}</saml:Attribute>`;
  });
  return items.length ? `<saml:AttributeStatement>${items.join("")}</saml:AttributeStatement>` : "";
}

export interface LoginRequestInfo {
  id: string;
  acsUrl: string | null;
  issuer: string;
}

export interface TestSamlIdp {
  entityId: string;
  ssoUrl: string;
  metadataUrl: string;
  metadataXml: string;
  certificate: string;
  /** Where the HTTP side listens (metadata, sign-in page, IdP-initiated start). */
  baseUrl: string;
  /** Tell the IdP about Portico's SP (its metadata XML). */
  trust(spMetadataXml: string): void;
  /** Reads an AuthnRequest from Portico's redirect URL (HTTP-Redirect binding) or POST fields. */
  parseRequest(input: { redirectUrl: string } | { fields: Record<string, string> }): Promise<LoginRequestInfo>;
  /** A base64 SAMLResponse for the trusted SP (to request `inResponseTo`, or unsolicited with null). */
  respond(inResponseTo: string | null, user: IdpUser, forgery?: Forgery): Promise<string>;
  /** The user the HTTP sign-in page signs in as (tests switch it). */
  setUser(user: IdpUser): void;
  close(): Promise<void>;
}

let started = 0;

/** Each IdP started in a process signs with its own key (the first two get distinct ones). */
export async function startSamlIdp(options: { host?: string; encryptAssertions?: boolean } = {}): Promise<TestSamlIdp> {
  const keys = await keyPairs();
  const impostor = keys[0];
  const own = keys[1 + (started++ % 2)];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const entityId = `${baseUrl}/metadata`;
  const ssoUrl = `${baseUrl}/sso`;
  const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
  const makeIdp = (keys: Keys, encrypt: boolean) => samlify.IdentityProvider({
    entityID: entityId,
    signingCert: keys.cert,
    privateKey: keys.key,
    nameIDFormat: [NAMEID_EMAIL],
    singleSignOnService: [
      { Binding: samlify.Constants.namespace.binding.redirect, Location: ssoUrl },
      { Binding: samlify.Constants.namespace.binding.post, Location: ssoUrl },
    ],
    isAssertionEncrypted: encrypt,
    dataEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
    keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
    requestSignatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  } as unknown as Parameters<typeof samlify.IdentityProvider>[0]);
  const idp = makeIdp(own!, false);
  const metadataXml = idp.getMetadata();
  let spXml: string | null = null;
  let sp: ReturnType<typeof samlify.ServiceProvider> | null = null;
  let currentUser: IdpUser = { email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", groups: ["Engineering"] };
  const requireSp = () => {
    if (!sp || !spXml) throw new Error("test IdP: call trust(spMetadataXml) first");
    return { sp, spXml };
  };

  const spVariant = (xml: string, change: { wantAssertionsSigned?: boolean; wantMessageSigned?: boolean }) => {
    const patched = change.wantAssertionsSigned === false ? xml.replace(/WantAssertionsSigned="true"/, 'WantAssertionsSigned="false"') : xml;
    return samlify.ServiceProvider({ metadata: patched, wantMessageSigned: change.wantMessageSigned ?? false } as unknown as Parameters<typeof samlify.ServiceProvider>[0]);
  };

  async function respond(inResponseTo: string | null, user: IdpUser, forgery: Forgery = {}): Promise<string> {
    const { spXml } = requireSp();
    const { acs, entityId: spEntityId } = spValues(spXml!);
    const now = Date.now() + (forgery.timeShiftMs ?? 0);
    const windowNow = now + (forgery.windowShiftMs ?? 0);
    const iso = (ms: number) => new Date(ms).toISOString();
    const irt = forgery.inResponseTo !== undefined ? forgery.inResponseTo : inResponseTo;
    const values = {
      ID: `_${crypto.randomUUID()}`, AssertionID: escapeXml(forgery.assertionId ?? `_${crypto.randomUUID()}`),
      Destination: escapeXml(forgery.destination ?? acs), Audience: escapeXml(forgery.audience ?? spEntityId), SubjectRecipient: escapeXml(forgery.recipient ?? acs),
      Issuer: escapeXml(forgery.issuer ?? entityId), IssueInstant: iso(now), StatusCode: forgery.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success",
      ConditionsNotBefore: iso(windowNow - 1000), ConditionsNotOnOrAfter: iso(windowNow + 5 * 60_000), SubjectConfirmationDataNotOnOrAfter: iso(windowNow + 5 * 60_000),
      NameIDFormat: NAMEID_EMAIL, NameID: escapeXml(user.nameId ?? user.email ?? "user-without-email"), SessionIndex: `_s${Date.now()}`,
      InResponseToAttr: irt ? ` InResponseTo="${escapeXml(irt)}"` : "", AttributeStatement: attributeStatement(user),
    };
    // Values are XML-escaped above where they come from the user; the two fragments are XML already.
    const raw = RESPONSE_TEMPLATE.replace(/\{(\w+)\}/g, (_m, key: string) => String((values as Record<string, string>)[key] ?? ""));
    if (forgery.unsigned === "all") return Buffer.from(raw).toString("base64");
    const signer = forgery.wrongCertificate ? makeIdp(impostor!, !!forgery.encrypt) : makeIdp(own!, !!forgery.encrypt);
    const target = forgery.unsigned === "assertion" ? spVariant(spXml!, { wantAssertionsSigned: false, wantMessageSigned: true }) : spVariant(spXml!, {});
    const { context } = await signer.createLoginResponse(target, { extract: { request: { id: irt ?? "" } } } as never, "post", { email: user.email ?? "" }, {
      customTagReplacement: () => ({ id: values.ID, context: raw }),
    });
    if (!forgery.signatureWrapping) return context;
    return wrapSignature(context);
  }

  /** XSW: keep the genuinely signed assertion (hidden in the Response's Extensions) and add an evil, unsigned one. */
  function wrapSignature(encoded: string): string {
    const doc = new DOMParser().parseFromString(Buffer.from(encoded, "base64").toString("utf8"), "text/xml");
    const response = doc.documentElement!;
    const assertion = response.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion")[0]!;
    const evil = assertion.cloneNode(true) as unknown as Element;
    const sig = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0];
    if (sig) evil.removeChild(sig as never);
    evil.setAttribute("ID", `_evil${Date.now()}`);
    const nameId = evil.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")[0]!;
    nameId.textContent = "attacker@evil.test";
    for (const v of Array.from(evil.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "AttributeValue") as unknown as ArrayLike<Element>)) {
      if (v.textContent?.includes("@")) v.textContent = "attacker@evil.test";
    }
    const extensions = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
    response.replaceChild(evil as never, assertion as never);
    extensions.appendChild(assertion as never);
    const issuer = response.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]!;
    response.insertBefore(extensions, issuer.nextSibling);
    return Buffer.from(new XMLSerializer().serializeToString(doc)).toString("base64");
  }

  async function parseRequest(input: { redirectUrl: string } | { fields: Record<string, string> }): Promise<LoginRequestInfo> {
    const { sp } = requireSp();
    let result;
    if ("redirectUrl" in input) {
      const url = new URL(input.redirectUrl);
      const query = Object.fromEntries(url.searchParams);
      result = await idp.parseLoginRequest(sp, "redirect", { query, octetString: url.search.slice(1).split("&").filter((p) => !p.startsWith("Signature=")).join("&") } as never);
    } else {
      result = await idp.parseLoginRequest(sp, "post", { body: input.fields } as never);
    }
    const request = (result.extract as { request?: { id?: string; assertionConsumerServiceUrl?: string } }).request ?? {};
    return { id: String(request.id ?? ""), acsUrl: request.assertionConsumerServiceUrl ?? null, issuer: String((result.extract as { issuer?: string }).issuer ?? "") };
  }

  const form = (action: string, fields: Record<string, string>, submitLabel = "Continue") =>
    `<form id="f" method="post" action="${escapeXml(action)}">${Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeXml(v)}">`).join("")}<button type="submit">${submitLabel}</button></form>`;
  /** What an IdP sends after sign-in: a form that posts itself to the ACS (HTTP-POST binding). */
  const autoPost = (action: string, fields: Record<string, string>) => `<!doctype html><html><body>${form(action, fields)}<script>document.getElementById("f").submit();</script></body></html>`;
  const page = (res: http.ServerResponse, html: string, status = 200) => {
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html);
  };
  const readBody = (req: http.IncomingMessage) => new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => { data += c; });
    req.on("end", () => resolve(data));
  });
  // Sign-in: the AuthnRequest is held in hidden fields until the user presses "Sign in".
  server.on("request", async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", baseUrl);
      if (url.pathname === "/metadata") {
        res.writeHead(200, { "Content-Type": "application/samlmetadata+xml" });
        return res.end(metadataXml);
      }
      if (url.pathname === "/sso" && req.method === "GET") {
        const info = await parseRequest({ redirectUrl: url.href });
        return page(res, `<!doctype html><html><body><h1>Test IdP sign-in</h1><p>Signing in as ${escapeXml(currentUser.email ?? "(no email)")}</p>${form("/sso/continue", { request: info.id, relay: url.searchParams.get("RelayState") ?? "", binding: "redirect" }, "Sign in")}</body></html>`);
      }
      if (url.pathname === "/sso" && req.method === "POST") {
        const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
        const info = await parseRequest({ fields });
        return page(res, `<!doctype html><html><body><h1>Test IdP sign-in</h1><p>Signing in as ${escapeXml(currentUser.email ?? "(no email)")} (POST binding)</p>${form("/sso/continue", { request: info.id, relay: fields.RelayState ?? "", binding: "post" }, "Sign in")}</body></html>`);
      }
      if (url.pathname === "/sso/continue" && req.method === "POST") {
        const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
        const samlResponse = await respond(fields.request || null, currentUser, { encrypt: options.encryptAssertions });
        return page(res, autoPost(spValues(requireSp().spXml).acs, { SAMLResponse: samlResponse, ...(fields.relay ? { RelayState: fields.relay } : {}) }));
      }
      if (url.pathname === "/idp-init") {
        // IdP-initiated: the user picks the app at the IdP; an unsolicited response goes to the ACS.
        const samlResponse = await respond(null, currentUser, { encrypt: options.encryptAssertions });
        const relay = url.searchParams.get("RelayState");
        return page(res, autoPost(spValues(requireSp().spXml).acs, { SAMLResponse: samlResponse, ...(relay ? { RelayState: relay } : {}) }));
      }
      page(res, "not found", 404);
    } catch (err) {
      page(res, `test IdP error: ${escapeXml(err instanceof Error ? err.message : String(err))}`, 400);
    }
  });

  return {
    entityId, ssoUrl, metadataUrl: `${baseUrl}/metadata`, metadataXml, certificate: own!.cert, baseUrl,
    trust(xml: string) {
      spXml = xml;
      sp = samlify.ServiceProvider({ metadata: xml });
    },
    parseRequest,
    respond,
    setUser(user: IdpUser) {
      currentUser = user;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes a redirect-binding SAMLRequest (for assertions in tests). */
export function inflateRedirectRequest(redirectUrl: string): string {
  const encoded = new URL(redirectUrl).searchParams.get("SAMLRequest") ?? "";
  return zlib.inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
}

export { body as certificateBody };
