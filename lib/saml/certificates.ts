import crypto from "node:crypto";

// X.509 certificates as IdPs hand them over: a PEM file, the bare base64 from a metadata
// <X509Certificate>, with or without line breaks. Stored as normalized PEM; parsed with node:crypto.

export const CERT_EXPIRY_WARNING_DAYS = 30;
const MAX_CERT_CHARS = 16_384;

export class CertificateError extends Error {
  override name = "CertificateError";
}

/** Normalized PEM of one certificate, or CertificateError saying what is wrong with the input. */
export function normalizeCertificate(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new CertificateError("is empty");
  if (trimmed.length > MAX_CERT_CHARS) throw new CertificateError(`is longer than ${MAX_CERT_CHARS} characters: not one certificate`);
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(trimmed);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) throw new CertificateError("is a private key: paste the identity provider's certificate (never a private key)");
  const body = (pem ? pem[1]! : trimmed).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new CertificateError("is not a PEM or base64 X.509 certificate");
  const normalized = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
  try {
    new crypto.X509Certificate(normalized);
  } catch {
    throw new CertificateError("is not a readable X.509 certificate");
  }
  return normalized;
}

export interface CertificateView {
  subject: string;
  issuer: string;
  not_before: string;
  not_after: string;
  fingerprint_sha256: string;
  /** Expired or expiring within 30 days. */
  expires_soon: boolean;
  expired: boolean;
}

export function certificateView(pem: string, now = Date.now()): CertificateView {
  const cert = new crypto.X509Certificate(pem);
  const notAfter = Date.parse(cert.validTo);
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    not_before: new Date(cert.validFrom).toISOString(),
    not_after: new Date(notAfter).toISOString(),
    fingerprint_sha256: cert.fingerprint256,
    expires_soon: notAfter - now < CERT_EXPIRY_WARNING_DAYS * 86_400_000,
    expired: notAfter <= now,
  };
}

/** The base64 body of a PEM certificate (what metadata's <X509Certificate> holds). */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}
