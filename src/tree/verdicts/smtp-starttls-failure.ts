import { hostPort, shellQuote } from '../commands.js';
import { type Facts, portOf } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { protocolEvidence } from './protocol-evidence.js';
import { smtpHelloOf } from './smtp-evidence.js';

/**
 * tls-handshake-failure after STARTTLS: the server offered it and answered 220, and the TLS handshake on the same
 * connection failed. Clients that take STARTTLS when offered (nodemailer, Symfony Mailer, most mail apps) fail
 * here; only the TLS of the upgrade is at fault, so the words and the OpenSSL command are STARTTLS's. Null for any
 * other failed handshake.
 */
export function smtpStartTlsFailure(facts: Facts): Verdict | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.startTls?.kind !== 'failed') return null;
  const { code } = hello.startTls;
  const at = hostPort(facts.target.host, portOf(facts));
  return {
    id: 'tls-handshake-failure',
    title: 'The server offers STARTTLS, but its TLS handshake fails',
    summary:
      'The connection worked and the SMTP server answered EHLO, offering STARTTLS. It agreed to STARTTLS (220), then ' +
      `the TLS handshake on the same connection failed (${code}). A client that upgrades when STARTTLS is offered, ` +
      'as mail clients do by default, fails at this point; the certificate was not the question, as the handshake ' +
      'did not get that far or broke down in its terms (TLS version, ciphers, a broken TLS setup on the server).',
    confidence: 'likely',
    // The TLS error itself is among the SMTP evidence, on the STARTTLS line.
    evidence: protocolEvidence(facts),
    nextSteps: [
      `See the upgrade as OpenSSL does: \`openssl s_client -starttls smtp -connect ${shellQuote(at)}\``,
      "Read the mail server's log for the TLS error of this session (Exim: `mainlog` and `paniclog`, `tls_certificate`, `tls_privatekey`, `tls_require_ciphers`; Postfix: `smtpd_tls_cert_file`, `smtpd_tls_key_file`, `smtpd_tls_protocols`)",
      'Or, until it is fixed and only on a trusted network, stop offering STARTTLS (Exim: `tls_advertise_hosts =`; Postfix: `smtpd_tls_security_level = none`)',
    ],
  };
}
