import type { CertificateSummary } from '../probes/tls-result.js';
import {
  certificateProblems,
  sessionText,
  sourceText,
  tlsFacts,
  validityText,
  verificationText,
} from './certificate-facts.js';
import { escapeHtml } from './html-escape.js';
import type { JsonReport } from './json-report.js';
import { stepsFromJson } from './json-step.js';

/** A certificate may name a hundred hosts; past this many the rest are counted. */
const maxNames = 20;

/**
 * The server's certificate, when a TLS step got one: the verification result first, then the leaf's subject,
 * issuer, names and validity (with days left), and the chain as the server sent it. Empty without one.
 * Certificates are the peer's text: every field is escaped.
 */
export function certificateSection(report: JsonReport): string {
  const facts = tlsFacts(stepsFromJson(report.steps));
  const leaf = facts?.session.chain[0];
  if (!facts || !leaf) return '';
  const { session } = facts;
  const trusted = certificateProblems(session).length === 0;
  const intro =
    `<p class="muted">From ${sourceText(facts)} (<code>${escapeHtml(facts.stepId)}</code>): ${escapeHtml(sessionText(session))}; ` +
    `checked against the name <code>${escapeHtml(session.verification.checkedName)}</code>.</p>`;
  const rows: [string, string][] = [
    [
      'Verification',
      `<span class="${trusted ? 'verify-ok' : 'verify-bad'}">${escapeHtml(verificationText(session))}</span>`,
    ],
    ['Subject', `<code>${escapeHtml(leaf.subject)}</code>${leaf.selfSigned ? ' (self-signed)' : ''}`],
    ['Issuer', `<code>${escapeHtml(leaf.issuer)}</code>`],
    ['Names', names(leaf)],
    ['Valid', escapeHtml(validityText(leaf, report.startedAt))],
    ['SHA-256', `<code>${escapeHtml(leaf.fingerprint256)}</code>`],
  ];
  const definitions = `<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`;
  return `<section id="certificate"><h2>Certificate</h2>${intro}${definitions}${chain(session.chain, report.startedAt)}</section>`;
}

function names(cert: CertificateSummary): string {
  if (cert.subjectAltNames.length === 0) return 'none (no subjectAltName: clients match no name)';
  const shown = cert.subjectAltNames.slice(0, maxNames).map((name) => `<code>${escapeHtml(name)}</code>`);
  const more = cert.subjectAltNames.length - maxNames;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Each certificate the server sent, leaf first: the order a client reads them to build a path to a root. */
function chain(certs: CertificateSummary[], checkedAt: string): string {
  const items = certs.map((cert) => {
    const names = `<code>${escapeHtml(cert.subject)}</code>, issued by <code>${escapeHtml(cert.issuer)}</code>`;
    return `<li>${names}; ${escapeHtml(validityText(cert, checkedAt))}</li>`;
  });
  if (certs.length === 1)
    return '<p class="muted">The server sent this certificate alone, with no issuer certificate.</p>';
  return `<p>The server sent ${certs.length} certificates, leaf first:</p><ol class="chain">${items.join('')}</ol>`;
}
