import type { Step } from '../engine/session.js';
import type { CertificateSummary, TlsSession } from '../probes/tls-result.js';
import { stepOfKind } from './step-of-kind.js';

/**
 * The certificate facts every report shows the same way: which TLS step's session to show, and the verification
 * result and validity in words. The words are derived from the probe's stable codes, never parsed back.
 */

/** A completed (or alert-ended) TLS handshake's session, and the step that measured it. */
export interface TlsFacts {
  /** `tls.handshake` for https targets, `tls.port-check` when an http:// target's port was tried in TLS. */
  stepId: string;
  session: TlsSession;
}

/** Where the facts come from, in order of preference: the target's own handshake over the port check. */
const tlsKinds = ['tls.handshake', 'tls.port-check'] as const;

/**
 * The TLS session a report shows; null when no TLS step got as far as a certificate. Reports built on the JSON
 * report read its steps through `stepsFromJson` first.
 */
export function tlsFacts(steps: readonly Step[]): TlsFacts | null {
  for (const kind of tlsKinds) {
    const step = stepOfKind(steps, kind);
    const tls = step?.details;
    const session = tls && (tls.kind === 'secure' || tls.kind === 'alert') ? tls.session : null;
    // Checked, not assumed: the steps may come from a JSON report.
    if (step && session && Array.isArray(session.chain) && session.chain.length > 0)
      return { stepId: step.id, session };
  }
  return null;
}

/** What a chain verify code means for the reader; the code itself is kept beside it. */
const chainWords: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed CA in the chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by a CA not trusted here',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer certificate is unknown',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'incomplete chain (no intermediate sent?)',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
  CERT_REVOKED: 'revoked',
};

/**
 * Each thing wrong with the certificate, in a few words with its code: `self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`,
 * `expired on 2026-11-24 (CERT_HAS_EXPIRED)`, `not for localhost (ERR_TLS_CERT_ALTNAME_INVALID)`. Empty when trusted.
 */
export function certificateProblems(session: TlsSession): string[] {
  const { chainError, hostnameError, checkedName } = session.verification;
  const leaf = session.chain[0];
  const problems: string[] = [];
  if (chainError) problems.push(`${chainWord(chainError, leaf)} (${chainError})`);
  // The name is the user's (up to 253 characters): cut, so the code after it always shows.
  if (hostnameError) problems.push(`not for ${cut(checkedName, 64)} (${hostnameError.code})`);
  return problems;
}

function chainWord(code: string, leaf: CertificateSummary | undefined): string {
  if (code === 'CERT_HAS_EXPIRED') return leaf ? `expired on ${day(leaf.validTo)}` : 'expired';
  if (code === 'CERT_NOT_YET_VALID') return leaf ? `not valid until ${day(leaf.validFrom)}` : 'not valid yet';
  return chainWords[code] ?? 'not trusted';
}

/** The verification result as one line: `trusted, and issued for localhost`, or every problem. */
export function verificationText(session: TlsSession): string {
  const problems = certificateProblems(session);
  return problems.length === 0
    ? `trusted, and issued for ${session.verification.checkedName}`
    : `not accepted: ${problems.join('; ')}`;
}

/**
 * The validity window and where the diagnosis stood in it: `… to …: 29 days left`, `…: expired`, `…: not valid
 * yet`. `checkedAt` is the session's start (an ISO instant), so the words match the probe's own `daysLeft`.
 */
export function validityText(cert: CertificateSummary, checkedAt: string): string {
  const window = `${instant(cert.validFrom)} to ${instant(cert.validTo)}`;
  const now = Date.parse(checkedAt);
  if (Number.isFinite(now) && Date.parse(cert.validFrom) > now) return `${window}: not valid yet`;
  if (cert.daysLeft < 0 || (Number.isFinite(now) && Date.parse(cert.validTo) < now)) return `${window}: expired`;
  return `${window}: ${cert.daysLeft === 1 ? '1 day' : `${cert.daysLeft} days`} left`;
}

/** `protocol, cipher, ALPN h2`: what the handshake agreed on. */
export function sessionText(session: TlsSession): string {
  return `${session.protocol}, ${session.cipher}${session.alpn ? `, ALPN ${session.alpn}` : ''}`;
}

/** The step's role in words, for the line that says where the facts come from. */
export function sourceText(facts: TlsFacts): string {
  return facts.stepId === 'tls.port-check' ? 'the TLS check on the same port' : 'the TLS handshake';
}

const isoShape = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/;

/** `2026-12-25 01:36:11 UTC`; text that is not an ISO instant (a date OpenSSL printed oddly) as it came. */
function instant(iso: string): string {
  const match = isoShape.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function day(iso: string): string {
  return isoShape.exec(iso)?.[1] ?? iso;
}
