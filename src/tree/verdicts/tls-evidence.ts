import type { CertificateSummary, TlsResult, TlsSession } from '../../probes/tls-result.js';
import type { ServiceIdentity } from '../../probes/service-identity.js';
import { describeAttempt, ms } from './evidence.js';

/** One line per certificate: who it names, who signed it, and its dates. */
export function certificateLines(chain: readonly CertificateSummary[]): string[] {
  return chain.slice(0, 3).map((cert, i) => {
    const role = i === 0 ? 'certificate' : `issuer ${i}`;
    const names =
      i === 0 && cert.subjectAltNames.length ? `; names ${cert.subjectAltNames.slice(0, 6).join(', ')}` : '';
    const days = cert.daysLeft < 0 ? `expired ${-cert.daysLeft} days ago` : `${cert.daysLeft} days left`;
    return `${role}: ${cert.subject}, issued by ${cert.issuer}${cert.selfSigned ? ' (self-signed)' : ''}${names}; valid ${cert.validFrom.slice(0, 10)} to ${cert.validTo.slice(0, 10)} (${days})`;
  });
}

/** The session's terms, its certificates, and how the certificate was judged, one line each. */
export function sessionLines(session: TlsSession): string[] {
  const { protocol, cipher, alpn, verification } = session;
  const lines = [
    `TLS session: ${protocol}, ${cipher}${alpn ? `, ALPN ${alpn}` : ''}`,
    ...certificateLines(session.chain),
  ];
  if (verification.chainError) lines.push(`chain verification: ${verification.chainError}`);
  if (verification.hostnameError)
    lines.push(`name check for ${verification.checkedName}: ${verification.hostnameError.reason}`);
  if (!verification.chainError && !verification.hostnameError)
    lines.push(`the certificate is trusted and names ${verification.checkedName}`);
  return lines;
}

/** What the TLS handshake measured, as evidence lines. */
export function tlsEvidence(tls: TlsResult | undefined): string[] {
  if (!tls) return [];
  switch (tls.kind) {
    case 'secure':
      return [`TLS handshake completed in ${ms(tls.handshakeMs)}`, ...sessionLines(tls.session)];
    case 'alert':
      return [
        `the server sent the TLS alert "${tls.alert.description}"${tls.alert.number !== null ? ` (${tls.alert.number})` : ''} ` +
          `${tls.stage === 'after-handshake' ? 'right after the handshake' : 'during the handshake'} (${tls.alert.code})`,
        ...(tls.session ? sessionLines(tls.session) : []),
      ];
    case 'plaintext-reply':
      return [
        `our TLS ClientHello was answered with plain bytes: "${tls.firstBytes.text}"`,
        ...(tls.code ? [`Node/OpenSSL report: ${tls.code}`] : []),
        ...(tls.protocol ? [`identified as ${tls.protocol.name}`] : []),
      ];
    case 'closed-during-handshake':
      return [
        `the server ${tls.how === 'closed' ? 'closed the connection (FIN)' : 'reset the connection (RST)'} in answer to our TLS ClientHello`,
      ];
    case 'handshake-error':
      return [`the handshake failed on our side: ${tls.reason} (${tls.code})`];
    case 'no-response':
      return [`no answer to our TLS ClientHello within ${ms(tls.waitedMs)}`];
    case 'connect-failed':
      return [`connection for the TLS handshake: ${describeAttempt(tls.connect)}`];
    case 'aborted':
      return ['the TLS handshake was cancelled'];
  }
}

/** What identifying the service found, as evidence lines. */
export function serviceEvidence(service: ServiceIdentity | undefined): string[] {
  if (!service || service.kind === 'aborted') return [];
  const tries = service.tried.map((t) => `${t.how}: ${t.outcome}${t.reply ? ` ("${t.reply.text.slice(0, 40)}")` : ''}`);
  switch (service.kind) {
    case 'identified':
      return [`the port speaks ${service.protocol.name}: ${service.protocol.evidence}`, `tried: ${tries.join('; ')}`];
    case 'unknown':
      return [`no known protocol answered; tried: ${tries.join('; ')}`];
    case 'connect-failed':
      return [`a connection to identify the service failed: ${describeAttempt(service.connect)}`];
  }
}
