import type { IdentifyAttempt, IdentifyMethod } from '../../probes/service-identity.js';
import type { UntrustedBytes } from '../../probes/untrusted-bytes.js';
import { bytesOfVisible } from '../../probes/visible-bytes.js';
import type { SocketFactory } from '../../probes/budgeted-socket.js';
import { type ProtocolCheck, type ProtocolCheckOptions, protocolCheck } from '../../protocols/protocol-check.js';
import type { WireProtocol } from '../../protocols/server-reasons.js';
import { protocolOverTls } from '../../shared/target.js';
import { type Facts, handshakeProtocol, portOf, serverNameOf } from '../../tree/facts.js';
import type { ProtocolOutcome } from '../../tree/step-kinds.js';
import { openAttempt } from '../../tree/verdicts/evidence.js';
import type { StepRunner } from './step-runner.js';

/**
 * The database (the URL path's first segment, decoded; as typed when its escapes are malformed, `%zz`) and libpq's
 * sslmode (its query), as the URL gives them. The one place the URL's database is read: the check carries it on to
 * the verdicts. AMQP's is its vhost: everything after the path's first `/`, decoded, as the AMQP URI spec and
 * amqplib read it, so `amqp://host//prod` names the vhost `/prod`. No query, no URLSearchParams: its first use in a
 * process costs ~0.3 ms.
 */
function urlParameters(
  path: string,
  protocol: WireProtocol,
): { database: string | null; sslmode: string | null; query: URLSearchParams | undefined } {
  const question = path.indexOf('?');
  const pathname = question === -1 ? path : path.slice(0, question);
  const query = question === -1 ? undefined : new URLSearchParams(path.slice(question + 1));
  const segment = protocol === 'amqp' ? pathname.slice(1) : (pathname.replace(/^\/+/, '').split('/')[0] ?? '');
  let database = segment;
  try {
    database = decodeURIComponent(segment);
  } catch {
    // A malformed escape: kept as typed, which is what the user will recognise in the verdict.
  }
  return { database: database || null, sslmode: query?.get('sslmode') ?? null, query };
}

/** The attempt that named the port, when identification named it `how`; undefined otherwise. */
function winningAttempt(facts: Facts, how: IdentifyMethod): IdentifyAttempt | undefined {
  const service = facts.service;
  return service?.kind === 'identified' && service.how === how ? service.tried.at(-1) : undefined;
}

/** Bytes kept in their visible form, turned back; undefined for none. */
const bytesOf = (kept: UntrustedBytes | null | undefined): Uint8Array | undefined =>
  (kept && bytesOfVisible(kept.text)) ?? undefined;

/**
 * What a server-first server said unprompted when service identification named it (a tcp:// target), as bytes:
 * the winning attempt's reply. Undefined for a target without one.
 */
function identificationGreeting(facts: Facts): ProtocolCheckOptions['greeting'] {
  const bytes = bytesOf(winningAttempt(facts, 'banner')?.reply);
  // Identification keeps no time for a greeting; the evidence then says where the answer was read instead.
  return bytes ? { bytes, afterMs: 0 } : undefined;
}

/**
 * What PostgreSQL answered the StartupMessage that identification's SSLRequest hello sent after its `N`, as bytes.
 * service-step.ts sends that follow-up only for a tcp:// target, which carries no user, password, path or query: its
 * handshake would send the very same placeholder's message. Undefined when there was no such follow-up.
 */
const identificationStartupAnswer = (facts: Facts) => bytesOf(winningAttempt(facts, 'postgres-ssl-request')?.continued);

/**
 * What Redis answered identification's `PING` (a tcp:// target, which carries no credentials), as bytes: the
 * handshake's own question, so its answer. Undefined when identification named the port otherwise.
 */
const identificationPingAnswer = (facts: Facts) => bytesOf(winningAttempt(facts, 'redis-ping')?.reply);

/** Identification's greeting listen left its connection open for this handshake (tcp-banner.ts's handOver: MySQL). */
function identificationHandedOver(facts: Facts): boolean {
  return facts.service?.kind === 'identified' && facts.service.tried.some((attempt) => attempt.handedOver);
}

/** PostgreSQL answered identification's SSLRequest with `N`: it has no TLS (a tcp:// target). */
const identifiedWithoutTls = (facts: Facts) => winningAttempt(facts, 'postgres-ssl-request')?.reply?.text === 'N';

function outcomeOf(check: ProtocolCheck): ProtocolOutcome {
  return check.reading.kind === 'answered' ? check.reading.reason : check.reading.cut.kind;
}

function summarise(check: ProtocolCheck): string {
  const { reading } = check;
  const password = check.passwordSent ? ', the password from the URL tested' : '';
  const tries = check.fromIdentification
    ? check.protocol === 'mysql'
      ? ' (on the connection identification read the greeting on: no connection of its own)'
      : ' (read from what identification received: no connection of its own)'
    : check.handshakes.length > 1
      ? ` (${check.handshakes.length} handshakes: plain and TLS)`
      : '';
  if (reading.kind === 'answered') {
    const said = reading.message ? `: ${reading.message.slice(0, 120)}` : '';
    return `${check.protocol} answered ${reading.answer}${said} (${reading.meaning})${password}${tries}`;
  }
  return `${check.protocol} handshake cut short: ${reading.cut.kind}${tries}`;
}

export const protocolStep: StepRunner<'protocol.handshake'> = async ({ facts, credentials, budget, parking }) => {
  const open = openAttempt(facts);
  const protocol = handshakeProtocol(facts);
  if (!open || !protocol) throw new Error('protocol.handshake reached without an open address or a protocol');
  const scheme = facts.target.scheme;
  const overTls = protocolOverTls(scheme);
  const { database, sslmode, query } = urlParameters(facts.target.path, protocol);
  const endpoint = { address: open.address, family: open.family, port: portOf(facts) };
  // Whether the handshake got the connection kept for it, as the parking handed it out: the connect check's, or the
  // one identification handed over after a MySQL greeting (tcp-banner.ts).
  let onKept = false;
  const kept = parking?.factory();
  const keptConnect: SocketFactory | undefined =
    parking && kept
      ? (at) => {
          const socket = kept(at);
          if (parking.handedOut(socket)) onKept = true;
          return socket;
        }
      : undefined;
  const checked = await protocolCheck(protocol, endpoint, budget, {
    user: credentials?.username || null,
    password: credentials?.password || null,
    database,
    sslmode,
    query,
    servername: serverNameOf(facts),
    greeting: identificationGreeting(facts),
    startupAnswer: identificationStartupAnswer(facts),
    pingAnswer: identificationPingAnswer(facts),
    tlsUnavailable: identifiedWithoutTls(facts),
    // SMTP's STARTTLS judges the certificate with the TLS step's trust store and --ca, loaded only if it upgrades.
    startTlsTrust: async () => (await (await import('./trust.js')).trustStoreFor(facts.caFile)).ca,
    // Only a TLS scheme loads TLS code, with the trust store the TLS step that ran before loaded. In plain TCP the
    // first handshake goes over the connect check's connection, when it was kept.
    ...(overTls
      ? { connect: await (await import('./protocol-tls-connect.js')).protocolTlsConnect(facts), overTls }
      : keptConnect
        ? { connect: keptConnect }
        : {}),
  });
  const fromHandOver = onKept && identificationHandedOver(facts);
  const check: ProtocolCheck = {
    ...checked,
    ...(onKept ? { onConnectCheck: true as const } : {}),
    // MySQL's answer read on the connection identification read the greeting on: no connection of its own.
    ...(fromHandOver ? { fromIdentification: true } : {}),
  };
  return { patch: { protocol: check }, outcome: outcomeOf(check), summary: summarise(check), details: check };
};
