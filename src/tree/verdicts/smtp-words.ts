import { reasonRow, type StartTlsRefusal } from '../../protocols/server-reasons.js';
import { hostPort, openSslClient, shellQuote } from '../commands.js';
import { type Facts, portOf, serverNameOf, smtpHelloOf } from '../facts.js';
import type { Confidence, Verdict } from '../verdict-ids.js';
import { targetUrl } from './evidence.js';
import { clientAddressOf, protocolEvidence, serverAt } from './protocol-evidence.js';

/** The words of SMTP's refusals, which differ by where in the session the server said no. */

/**
 * The refusal came in answer to EHLO or HELO (after a 220 greeting), not at connect; `insideTls` when it was the
 * EHLO asked again after STARTTLS.
 */
export function refusedAtHello(facts: Facts): { verb: 'EHLO' | 'HELO'; name: string; insideTls: boolean } | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello') return null;
  if (hello.code !== 250) return { verb: hello.verb, name: hello.name, insideTls: false };
  const tls = hello.startTls;
  return tls?.kind === 'upgraded' && tls.ehlo.code !== 250 ? { verb: 'EHLO', name: hello.name, insideTls: true } : null;
}

/** `nc` shows the plain session, where the greeting and EHLO are; `openssl s_client -starttls smtp` the one inside TLS. */
const talkYourself = (facts: Facts, name: string, insideTls = false) =>
  insideTls
    ? `Talk to it yourself inside TLS: \`openssl s_client -starttls smtp -quiet -connect ${shellQuote(hostPort(facts.target.host, portOf(facts)))}\`, then type \`EHLO ${name}\` and read the answer`
    : `Talk to it yourself: \`nc ${shellQuote(facts.target.host)} ${portOf(facts)}\`, wait for the 220 greeting, type \`EHLO ${name}\` and read the answer`;

/** Next steps for a server whose access rules refuse this client: at connect, or at EHLO/HELO. */
export function smtpRejectsSteps(facts: Facts, client: string): string[] {
  const atHello = refusedAtHello(facts);
  if (!atHello) {
    return [
      "The server refuses this client at connect (a block list or an access rule): read its log for this client's address",
      `Exim: the ACL named by \`acl_smtp_connect\` (and \`host_reject_connection\`) decides; run \`sudo exim -bh ${shellQuote(client)}\` to replay a session from this address and see which rule denies it`,
      'Postfix: postscreen (`postscreen_access_list`, `postscreen_dnsbl_sites`) or `smtpd_client_restrictions` with `smtpd_delay_reject = no` (`postconf smtpd_client_restrictions smtpd_delay_reject`): a `check_client_access` table or a block list (`reject_rbl_client`) names this address',
      `Look at the greeting yourself: \`nc ${shellQuote(facts.target.host)} ${portOf(facts)}\``,
    ];
  }
  return [
    `Exim: the ACL named by \`acl_smtp_helo\` refused ${atHello.verb}; run \`sudo exim -bh ${shellQuote(client)}\` on the server, type \`${atHello.verb} ${atHello.name}\`, and it prints each ACL condition it tests and which one denies`,
    'Postfix: `smtpd_helo_restrictions` refused it (`postconf smtpd_helo_restrictions smtpd_delay_reject`); with `smtpd_delay_reject = yes`, the default, Postfix says so only at RCPT TO, so a refusal at EHLO means it was set to no. `check_helo_access` names a host or name; `reject_invalid_helo_hostname`, `reject_non_fqdn_helo_hostname` and `reject_unknown_helo_hostname` judge the name the client gives',
    `Check the name your client gives in ${atHello.verb}: conn-doctor gave ${atHello.name}; nodemailer gives its \`name\` option (the machine's host name by default), and a rule on names may treat it differently`,
    talkYourself(facts, atHello.name, atHello.insideTls),
  ];
}

/**
 * How sure a refusal by access rules is. At connect the rule can only be about this client's address: certain. At
 * EHLO it may judge the name given, and conn-doctor's name (its address literal) is not the client's: likely.
 */
export function smtpRejectsConfidence(facts: Facts): Confidence {
  return refusedAtHello(facts) ? 'likely' : 'certain';
}

/** A sentence for the summary of a refusal at EHLO: where it came, and why the name given matters. */
export function smtpRejectsSentence(facts: Facts): string {
  const atHello = refusedAtHello(facts);
  if (!atHello) return '';
  return (
    ` The server greeted with 220, then refused the ${atHello.verb} command${atHello.insideTls ? ' asked again inside TLS, after STARTTLS' : ''}, where a client names itself: its ` +
    `${atHello.verb} rules turned this client away. conn-doctor named itself ${atHello.name}, its own address; a rule ` +
    'that judges the name may answer your client, which gives its own name, differently.'
  );
}

/**
 * server-error for an SMTP server that greeted with 220, then closed, reset or went silent at a command: no error
 * text to quote, so the words say where the session stopped and what holds a server there. Null for other errors.
 */
export function smtpUnanswered(facts: Facts): Verdict | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind === 'hello') return droppedBeforeStartTls(facts);
  if (hello?.kind !== 'hello-unanswered') return null;
  const where = hello.agreedTls
    ? 'after it agreed to STARTTLS (in the TLS handshake, or at EHLO inside TLS)'
    : `when conn-doctor sent ${hello.verb === 'STARTTLS' ? 'STARTTLS' : `${hello.verb} ${hello.name}`}`;
  const silent = hello.how === 'no-answer';
  const what = silent
    ? `it said nothing more until the time allowed (${facts.timeoutMs} ms) ran out`
    : `it ${hello.how === 'closed' ? 'closed' : 'reset'} the connection without a reply`;
  // Once the server answered 220 to STARTTLS, it did answer that: what went unanswered came after it.
  const after = 'after agreeing to STARTTLS';
  return {
    id: 'server-error',
    title: silent
      ? `${serverAt(facts)} greets, then does not answer ${hello.agreedTls ? after : hello.verb}`
      : `${serverAt(facts)} greets, then drops the session ${hello.agreedTls ? after : `at ${hello.verb}`}`,
    summary:
      `The connection worked and the server greeted with 220: an SMTP server is there. Then, ${where}, ${what}. ` +
      'Clients stop at the same point. A rule can do this on purpose (a `drop` or `delay` in an ACL, a tarpit for ' +
      "clients it distrusts); a slow lookup of this client's name on the server (reverse DNS) can hold the answer " +
      "too. The server's log says which.",
    confidence: 'likely',
    evidence: protocolEvidence(facts),
    nextSteps: [
      "Read the mail server's log for this session (Exim: its mainlog, with `log_selector = +smtp_connection`; Postfix: `sudo journalctl -u postfix`)",
      // Where the session stopped says which rules to look at.
      hello.agreedTls
        ? 'Exim: its TLS settings (`tls_certificate`, `tls_privatekey`, `tls_require_ciphers`) and, inside TLS, `drop` or `delay` in the ACL named by `acl_smtp_helo`; Postfix: `smtpd_tls_chain_files` (or `smtpd_tls_cert_file`), `smtpd_tls_protocols`, and `smtpd_helo_restrictions`'
        : hello.verb === 'STARTTLS'
          ? 'Exim: look for `drop` or `delay` in the ACL named by `acl_smtp_starttls`, and for slow host lookups (`host_lookup`); Postfix: `smtpd_tls_security_level` and any milter that sees STARTTLS'
          : 'Exim: look for `drop` or `delay` in the ACL named by `acl_smtp_helo`, and for slow host lookups (`host_lookup`); Postfix: `smtpd_helo_restrictions` and `smtpd_client_restrictions`, and `smtpd_helo_required`',
      ...(silent
        ? [
            `Wait longer, to see whether it answers at all: \`conn-doctor ${shellQuote(targetUrl(facts))} --timeout 15000\``,
          ]
        : []),
      talkYourself(facts, hello.name, hello.agreedTls),
    ],
  };
}

/**
 * server-error for an SMTP server that answered EHLO, offering STARTTLS, then closed or reset the connection while
 * conn-doctor was still loading TLS, STARTTLS unsent: no command was pending, so nothing went unanswered; the server
 * did not wait for the next one. Null for any other session.
 */
function droppedBeforeStartTls(facts: Facts): Verdict | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.startTls?.kind !== 'not-sent') return null;
  const { because, loadingMs } = hello.startTls;
  if (because === 'time-ran-out') return null;
  return {
    id: 'server-error',
    title: `${serverAt(facts)} answers EHLO, then drops the session before STARTTLS`,
    summary:
      'The connection worked, the server greeted with 220 and answered EHLO, offering STARTTLS. Before conn-doctor ' +
      `asked for it (it was still loading TLS on its own side, ${loadingMs} ms), the server ` +
      `${because === 'closed' ? 'closed' : 'reset'} the connection: it did not wait for the next command. A client ` +
      'that takes as long between two commands meets the same. A very short command timeout does this, or a rule ' +
      "that drops clients it distrusts; the server's log says which.",
    confidence: 'likely',
    evidence: protocolEvidence(facts),
    nextSteps: [
      "Read the mail server's log for this session (Exim: its mainlog, with `log_selector = +smtp_connection`; Postfix: `sudo journalctl -u postfix`)",
      'Check the command timeout: Exim `sudo exim -bP smtp_receive_timeout`; Postfix `postconf smtpd_timeout` (RFC 5321 §4.5.3.2 asks for 5 minutes)',
      talkYourself(facts, hello.name),
    ],
  };
}

/**
 * server-error for an SMTP server that offered STARTTLS and then refused it: a client that upgrades when offered,
 * or requires TLS, stops there. The words follow the reasons table's row for the reply, the one the evidence's
 * meaning comes from: TLS unavailable (454, its certificate or key), a rate limit, a temporary refusal, or a rule
 * (5xx). Null for other errors, and for a reply whose row names no refusal (a command error, 500–504), which keeps
 * the generic words.
 */
export function smtpStartTlsRefused(facts: Facts): Verdict | null {
  const hello = smtpHelloOf(facts.protocol);
  if (hello?.kind !== 'hello' || hello.startTls?.kind !== 'refused') return null;
  const { reply } = hello.startTls;
  const text = reply.lines.join(' | ');
  const refusal = reasonRow('smtp', `${reply.code} to STARTTLS`, text)?.refusal;
  if (!refusal) return null;
  const words = STARTTLS_REFUSALS[refusal](facts, hello.name);
  return {
    id: 'server-error',
    title: `${serverAt(facts)} offers STARTTLS, then refuses it${words.titleTail} (${reply.code})`,
    summary:
      'The connection worked and the SMTP server answered EHLO, offering STARTTLS. Asked for it, it answered ' +
      `${reply.code} ("${text.slice(0, 160)}"): ${words.meaning} A client that upgrades when STARTTLS is offered, ` +
      'as mail clients do by default, or that requires TLS stops here; one that falls back goes on in plain text.' +
      words.why,
    confidence: 'likely',
    evidence: protocolEvidence(facts),
    nextSteps: [
      ...words.steps,
      `See the refusal yourself: \`${openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), { starttls: 'smtp' })}\``,
    ],
  };
}

interface RefusalWords {
  titleTail: string;
  meaning: string;
  why: string;
  steps: string[];
}

const readTheLog =
  "Read the mail server's log for this session: it names the rule or the error (Exim: its mainlog and rejectlog; Postfix: `sudo journalctl -u postfix`)";

const STARTTLS_REFUSALS: Record<StartTlsRefusal, (facts: Facts, name: string) => RefusalWords> = {
  unavailable: () => ({
    titleTail: '',
    meaning: 'TLS is not available on the server now.',
    why:
      ' Exim and Postfix answer so when they cannot load their certificate or key (a missing file, or one the mail ' +
      'server user may not read).',
    steps: [
      'Exim: check the files `sudo exim -bP tls_certificate tls_privatekey` names exist and that its user can read them (`sudo -u Debian-exim head -c1 FILE`); its paniclog and mainlog say "TLS error … cert/key setup"',
      'Postfix: check `postconf smtpd_tls_cert_file smtpd_tls_key_file smtpd_tls_chain_files` and the log (`sudo journalctl -u postfix`) for the TLS error',
    ],
  }),
  'rate-limited': () => ({
    titleTail: ' for now',
    meaning: 'this client started more new TLS sessions lately than the server allows one client.',
    why: ' Postfix counts them per client address (`smtpd_client_new_tls_session_rate_limit`, per `anvil_rate_time_unit`); the refusal lifts once the rate drops.',
    steps: [
      'Postfix: `postconf smtpd_client_new_tls_session_rate_limit anvil_rate_time_unit smtpd_client_event_limit_exceptions`: raise the limit, or list trusted clients in `smtpd_client_event_limit_exceptions`',
      readTheLog,
    ],
  }),
  temporary: (facts) => ({
    titleTail: ' for now',
    meaning: 'a temporary refusal (4xx), so STARTTLS may work on a later try.',
    why:
      ' A rule can answer so (Exim: a `defer` in the ACL named by `acl_smtp_starttls`, 451; Postfix: a milter, 454 ' +
      '"Try again later"); with 421 the server also closes the session (it is shutting down, or over a limit).',
    steps: [
      readTheLog,
      `Exim: \`sudo exim -bP acl_smtp_starttls\` names the ACL; \`sudo exim -bh ${shellQuote(clientAddressOf(facts) ?? '<client address>')}\` replays a session from this address and shows which condition defers`,
      'Postfix: `postconf smtpd_milters` lists the milters that can defer STARTTLS; their log says why',
    ],
  }),
  policy: (facts, name) => ({
    titleTail: ' to this client',
    meaning:
      'a permanent refusal (5xx): a rule of the server turns STARTTLS down for this client, not a fault in its TLS set-up.',
    why:
      ' Exim answers so when the ACL named by `acl_smtp_starttls` denies (with its message, or "Administrative ' +
      'prohibition"); Postfix refuses an offered STARTTLS only with 454, so a 5xx there comes from a milter.',
    steps: [
      `Exim: \`sudo exim -bP acl_smtp_starttls\` names the ACL; run \`sudo exim -bh ${shellQuote(clientAddressOf(facts) ?? '<client address>')}\` on the server, type \`EHLO ${name}\` then \`STARTTLS\`, and it prints each ACL condition it tests and which one denies`,
      'Postfix: `postconf smtpd_milters` lists the milters that can refuse STARTTLS; their log says why. To keep TLS from a client on purpose, stop offering it instead (`smtpd_discard_ehlo_keyword_address_maps`), so that its clients do not fail',
      readTheLog,
    ],
  }),
};
