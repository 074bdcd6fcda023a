import type { ProtocolCheck } from '../../protocols/protocol-check.js';
import type { SmtpHandshake } from '../../protocols/smtp-handshake.js';
import { extensionOf, type SmtpExtension } from '../../protocols/smtp-wire.js';
import { type Facts, serverNameOf, smtpHelloOf } from '../facts.js';
import { sessionLines } from './tls-evidence.js';

type Hello = Extract<SmtpHandshake, { kind: 'hello' }>;

/** Whether a keyword is among the extensions. */
export const offers = (extensions: readonly SmtpExtension[], keyword: string) =>
  extensionOf(extensions, keyword) !== null;

/** `SIZE 52428800, 8BITMIME, STARTTLS`: what the evidence shows of a list of extensions, bounded. */
function listed(extensions: readonly SmtpExtension[]): string {
  const shown = extensions.slice(0, 16).map((e) => [e.keyword, ...e.params].join(' '));
  return `${shown.join(', ')}${extensions.length > 16 ? ', …' : ''}`;
}

/** The address this side gave in EHLO (`[192.0.2.7]`, `[IPv6:…]`): the server sees it on a direct connection. */
export function smtpOwnAddress(check: ProtocolCheck | undefined): string | null {
  const hello = smtpHelloOf(check);
  if (hello?.kind !== 'hello') return null;
  return /^\[(?:IPv6:)?([0-9a-fA-F.:]+)\]$/.exec(hello.name)?.[1] ?? null;
}

/**
 * What the SMTP session showed past its greeting, one fact a line: the greeting, what was asked (EHLO, HELO after a
 * "not recognised"), the extensions offered, STARTTLS and what TLS then offered, and what was never sent.
 */
export function smtpEvidence(facts: Facts): string[] {
  const check = facts.protocol;
  if (check?.protocol !== 'smtp') return [];
  const hello = smtpHelloOf(check);
  const lines: string[] = [];
  if (hello) lines.push(`The greeting was ${hello.greeting.code}: "${hello.greeting.lines.join(' | ').slice(0, 200)}"`);
  if (hello?.kind === 'hello-unanswered') lines.push(sentLine(hello.verb === 'HELO' ? 'HELO' : 'EHLO', hello.name));
  if (hello?.kind === 'hello') {
    if (hello.ehloUnknown) {
      lines.push(
        `EHLO was not recognised (${hello.ehloUnknown.code} "${hello.ehloUnknown.lines.join(' | ').slice(0, 120)}"): asked HELO instead, as an SMTP server older than ESMTP expects`,
      );
    }
    lines.push(sentLine(hello.verb, hello.name));
    if (hello.code === 250 && hello.verb === 'EHLO') {
      lines.push(
        hello.extensions.length > 0
          ? `Extensions offered: ${listed(hello.extensions)}`
          : 'The answer to EHLO lists no extensions',
      );
      // smtps:// is TLS from the first byte: no STARTTLS is offered there, nor needed.
      if (facts.target.scheme !== 'smtps') lines.push(...startTlsEvidence(hello, facts));
    }
  }
  lines.push('No AUTH and no MAIL were sent: a login and the delivery of mail were not tested');
  return lines;
}

const sentLine = (verb: 'EHLO' | 'HELO', name: string) =>
  `Sent ${verb} ${name}: conn-doctor names itself by its own address on this connection (an address literal, RFC 5321 §4.1.3)`;

function startTlsEvidence(hello: Hello, facts: Facts): string[] {
  const tls = hello.startTls;
  if (!offers(hello.extensions, 'STARTTLS')) {
    return [
      'STARTTLS is not offered: a client that requires it (to protect its password) stops here; one that only tries it goes on in plain text',
    ];
  }
  if (tls === null) return ['STARTTLS is offered: clients can upgrade this session to TLS'];
  // The TLS error itself is the verdict's own line (protocolTlsUpgradeFailure), with OpenSSL's reason picked out.
  if (tls.kind === 'failed')
    return ['STARTTLS is offered, and the server agreed to it (220), but the TLS handshake then failed'];
  if (tls.kind === 'refused') {
    return [
      `STARTTLS is offered, but it was refused when asked: ${tls.reply.code} "${tls.reply.lines.join(' | ').slice(0, 160)}"`,
    ];
  }
  if (tls.kind === 'not-sent') return [notSentLine(tls)];
  const lines = tls.session
    ? [
        'STARTTLS is offered, and was taken: the TLS handshake completed',
        ...sessionLines(tls.session),
        ...noName(facts),
      ]
    : ['STARTTLS is offered, and was taken: the TLS handshake completed (its certificate was not judged)'];
  if (tls.ehlo.code !== 250) {
    lines.push(`EHLO inside TLS was answered ${tls.ehlo.code}: "${tls.ehlo.lines.join(' | ').slice(0, 160)}"`);
    return lines;
  }
  lines.push(`Extensions offered inside TLS: ${listed(tls.extensions)}`);
  const auth = extensionOf(tls.extensions, 'AUTH');
  if (auth && !offers(hello.extensions, 'AUTH')) {
    lines.push(
      `AUTH (${auth.params.join(' ')}) is offered only inside TLS: a client must STARTTLS before it can log in`,
    );
  }
  return lines;
}

/** STARTTLS offered and never asked for: what ended the session while this side was still loading TLS. */
function notSentLine(tls: Extract<Hello['startTls'], { kind: 'not-sent' }>): string {
  const loading = `conn-doctor was still loading TLS on its own side (Node's TLS and the trust list, ${tls.loadingMs} ms)`;
  return tls.because === 'time-ran-out'
    ? `STARTTLS is offered, but was not sent: the time allowed ran out while ${loading}. The server was never asked for STARTTLS, so its TLS was not tested; it had answered all it was asked`
    : `STARTTLS is offered, but was not sent: the server ${tls.because === 'closed' ? 'closed' : 'reset'} the connection after its answer to EHLO, while ${loading} and before it asked`;
}

/** An IP literal target sends no name (SNI) and has none to check: say what the certificate was checked against. */
function noName(facts: Facts): string[] {
  if (serverNameOf(facts) !== null) return [];
  return [
    `The target is an IP address: no server name was sent (SNI), and the certificate was checked against the address ${facts.target.host}, as Node's clients do; a client that connects by name checks that name instead`,
  ];
}
