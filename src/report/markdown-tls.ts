import type { CertificateSummary } from '../probes/tls-result.js';
import { sessionText, sourceText, tlsFacts, validityText, verificationText } from './certificate-facts.js';
import type { JsonReport } from './json-report.js';
import { stepsFromJson } from './json-step.js';
import { escapeMarkdown, markdownCode } from './markdown-escape.js';

/** A certificate may name a hundred hosts; past this many the rest are counted. */
const maxNames = 20;

/**
 * The TLS facts, when a TLS step got a certificate: what the handshake agreed on, the verification result, the
 * leaf's subject, issuer, names and validity (with days left), and the chain as sent. Null without one.
 * Certificate fields are the peer's text: each is a code span or escaped.
 */
export function tlsSection(report: JsonReport): string | null {
  const facts = tlsFacts(stepsFromJson(report.steps));
  const leaf = facts?.session.chain[0];
  if (!facts || !leaf) return null;
  const { session } = facts;
  const lines = [
    '## TLS',
    '',
    `From ${sourceText(facts)} (${markdownCode(facts.stepId)}): ${escapeMarkdown(sessionText(session))}; ` +
      `checked against the name ${markdownCode(session.verification.checkedName)}.`,
    '',
    `- Verification: ${escapeMarkdown(verificationText(session))}`,
    `- Subject: ${markdownCode(leaf.subject)}${leaf.selfSigned ? ' (self-signed)' : ''}`,
    `- Issuer: ${markdownCode(leaf.issuer)}`,
    `- Names: ${names(leaf)}`,
    `- Valid: ${escapeMarkdown(validityText(leaf, report.startedAt))}`,
    `- SHA-256: ${markdownCode(leaf.fingerprint256)}`,
  ];
  if (session.chain.length > 1) {
    lines.push('', `The server sent ${session.chain.length} certificates, leaf first:`, '');
    session.chain.forEach((cert, i) => {
      const names = `${markdownCode(cert.subject)}, issued by ${markdownCode(cert.issuer)}`;
      lines.push(`${i + 1}. ${names}; ${escapeMarkdown(validityText(cert, report.startedAt))}`);
    });
  } else {
    lines.push('', '_The server sent this certificate alone, with no issuer certificate._');
  }
  return lines.join('\n');
}

function names(cert: CertificateSummary): string {
  if (cert.subjectAltNames.length === 0) return 'none (no subjectAltName: clients match no name)';
  const shown = cert.subjectAltNames.slice(0, maxNames).map((name) => markdownCode(name));
  const more = cert.subjectAltNames.length - maxNames;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
