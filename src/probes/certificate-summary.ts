import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import type { CertificateSummary } from './tls-result.js';
import { visibleText } from './visible-bytes.js';

/** Bounds on what a hostile certificate can make us hold or show. */
const CHAIN_LIMIT = 10;
const NAME_LIMIT = 100;
const TEXT_LIMIT = 256;
const DAY_MS = 86_400_000;

/** The SAN list as Node prints it: entries joined by `, `, each starting with its type. */
const SAN_ENTRY_START = /, (?=(?:DNS|IP Address|email|URI|DirName|Registered ID|othername):)/;

/**
 * Summarises the chain `getPeerCertificate(true)` returns: the leaf, then each issuer until the chain ends
 * or repeats (a root's `issuerCertificate` is itself). Empty when the server sent no certificate.
 */
export function summariseChain(leaf: DetailedPeerCertificate | null, now = Date.now()): CertificateSummary[] {
  const chain: CertificateSummary[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf ?? undefined;
  while (cert?.raw && chain.length < CHAIN_LIMIT && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(summariseCertificate(new X509Certificate(cert.raw), now));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** One certificate as the report shows it; `now` is injectable so `daysLeft` can be tested. */
export function summariseCertificate(x509: X509Certificate, now = Date.now()): CertificateSummary {
  const validTo = Date.parse(x509.validTo);
  const names = x509.subjectAltName ? x509.subjectAltName.split(SAN_ENTRY_START) : [];
  return {
    subject: distinguishedName(x509.subject),
    issuer: distinguishedName(x509.issuer),
    subjectAltNames: names.slice(0, NAME_LIMIT).map((name) => visibleText(name, TEXT_LIMIT)),
    validFrom: isoDate(x509.validFrom),
    validTo: isoDate(x509.validTo),
    daysLeft: Number.isNaN(validTo) ? 0 : Math.floor((validTo - now) / DAY_MS),
    selfSigned: isSelfSigned(x509),
    serialNumber: visibleText(x509.serialNumber, 64),
    fingerprint256: x509.fingerprint256,
  };
}

/** Node prints one `key=value` a line; a report wants them on one. */
function distinguishedName(multiline: string): string {
  return visibleText(multiline.split('\n').join(', '), TEXT_LIMIT);
}

/** OpenSSL's `Jan  1 00:00:00 2020 GMT` as ISO-8601; the raw text (made visible) if it does not parse. */
function isoDate(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? visibleText(text, 64) : new Date(time).toISOString();
}

/** Subject equal to issuer proves nothing on its own; a self-signed certificate's own key verifies its signature. */
function isSelfSigned(x509: X509Certificate): boolean {
  try {
    return x509.checkIssued(x509) && x509.verify(x509.publicKey);
  } catch {
    // A key type this Node cannot verify with: fall back to the names.
    return x509.subject === x509.issuer;
  }
}
