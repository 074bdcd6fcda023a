import { hostPort, openSslClient } from '../commands.js';
import { type Facts, portOf, serverNameOf, smtpHelloOf } from '../facts.js';
import { offers } from './smtp-evidence.js';

/** The submission port (RFC 6409), where mail clients upgrade with STARTTLS before they log in. */
const SUBMISSION_PORT = 587;

/**
 * Query parameters with which a URL turns STARTTLS off, so that the client never asks for it: nodemailer's
 * `ignoreTLS=true` (its connection URLs carry its options in the query) and Symfony Mailer's `auto_tls=false`.
 */
function urlTurnsStartTlsOff(path: string): boolean {
  const question = path.indexOf('?');
  if (question === -1) return false;
  for (const [key, value] of new URLSearchParams(path.slice(question + 1))) {
    const name = key.toLowerCase();
    if (name === 'ignoretls' && value.toLowerCase() === 'true') return true;
    if (name === 'auto_tls' && value.toLowerCase() === 'false') return true;
  }
  return false;
}

/** A finer reading of a healthy SMTP server: what a client configured for STARTTLS meets there. */
export interface SubmissionReading {
  sentence: string;
  nextSteps: string[];
  /** Whether the reading lowers the verdict's confidence: a client may fail where this run did not. */
  doubt: boolean;
}

/**
 * What a healthy SMTP verdict adds: on the submission port without STARTTLS, the reading below; after a STARTTLS
 * whose certificate was not judged (a handshake given no trust list), the command that shows the certificate a
 * client will check: clients verify it (nodemailer by default), so a healthy verdict cannot be certain of what they
 * will see. A certificate judged and found good adds nothing (a bad one never reaches the healthy verdict).
 */
export function smtpHealthyReading(facts: Facts): SubmissionReading | null {
  const submission = submissionWithoutStartTls(facts);
  if (submission) return submission;
  const untried = startTlsUntried(facts);
  if (untried) return untried;
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.startTls?.kind !== 'upgraded' || hello.startTls.session) return null;
  const see = openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), { starttls: 'smtp', verify: true });
  return {
    sentence:
      ' The session switched to TLS with STARTTLS, but its certificate was not verified here: a client that ' +
      'verifies it (nodemailer does by default) fails if it is self-signed, expired or for another name.',
    nextSteps: [
      `See the certificate a STARTTLS client checks (conn-doctor took STARTTLS but did not judge it): \`${see}\``,
    ],
    doubt: true,
  };
}

/**
 * STARTTLS offered, and never asked for: the time allowed ran out while conn-doctor was still loading TLS. The
 * server answered all it was asked, so the verdict stays healthy, with a lower confidence: STARTTLS was not tested.
 */
function startTlsUntried(facts: Facts): SubmissionReading | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.startTls?.kind !== 'not-sent' || hello.startTls.because !== 'time-ran-out') {
    return null;
  }
  const target = `${facts.target.scheme}://${hostPort(facts.target.host, portOf(facts))}`;
  return {
    sentence:
      ` It offers STARTTLS, but conn-doctor did not get to ask for it: the time allowed (${facts.timeoutMs} ms) ran ` +
      `out on conn-doctor's own side, while it was still loading TLS (${hello.startTls.loadingMs} ms), not while ` +
      'waiting on the server. Whether STARTTLS works here was not tested.',
    nextSteps: [
      `Give it the time to test STARTTLS too: \`conn-doctor ${target} --timeout ${Math.max(5000, facts.timeoutMs * 2)}\``,
    ],
    doubt: true,
  };
}

/**
 * Port 587 answered EHLO without offering STARTTLS, and the URL does not turn STARTTLS off. The server works, and a
 * client that sends in plain text gets through; one configured for STARTTLS, as submission clients usually are,
 * stops before it logs in. Which of the two the user's client is, conn-doctor cannot see: the healthy verdict
 * stays, with this reading and a lower confidence. Null for any other session.
 */
function submissionWithoutStartTls(facts: Facts): SubmissionReading | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.code !== 250) return null;
  if (facts.target.scheme === 'smtps' || portOf(facts) !== SUBMISSION_PORT) return null;
  if (offers(hello.extensions, 'STARTTLS') || urlTurnsStartTlsOff(facts.target.path)) return null;
  const at = hostPort(facts.target.host, portOf(facts));
  return {
    sentence:
      ` But port ${SUBMISSION_PORT} is the submission port, where mail clients switch to TLS with STARTTLS before ` +
      'they log in, and this server does not offer STARTTLS. A client configured for it (nodemailer with ' +
      '`requireTLS`, Symfony Mailer with `require_tls`, a mail app set to "STARTTLS") stops there with an error ' +
      'such as "STARTTLS extension not supported by server"; a client that goes on in plain text sends its ' +
      'password unencrypted.',
    nextSteps: [
      'Exim: offer STARTTLS with a certificate: `tls_certificate = /etc/exim4/exim.crt` and `tls_privatekey = /etc/exim4/exim.key` (offered to the hosts in `tls_advertise_hosts`, all by default); check with `sudo exim -bP tls_advertise_hosts tls_certificate`',
      'Postfix: set `smtpd_tls_cert_file` and `smtpd_tls_key_file` in main.cf, and `-o smtpd_tls_security_level=encrypt` on the submission line of master.cf; check with `postconf -M submission/inet` and `postconf smtpd_tls_security_level`',
      `See what a STARTTLS client sees: \`${openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), { starttls: 'smtp' })}\` (it stops with "Didn't find STARTTLS in server response")`,
      `Or, where the network is trusted and no password crosses it, tell the client not to use STARTTLS (nodemailer: \`ignoreTLS: true\`, or \`smtp://${at}/?ignoreTLS=true\`)`,
    ],
    doubt: true,
  };
}
