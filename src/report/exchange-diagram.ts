import type { Session } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TcpRepeatResult } from '../probes/tcp-repeat.js';
import type { TlsResult } from '../probes/tls-result.js';
import type { ControlFacts } from '../tree/facts.js';
import { attemptFailure, capText, connectArrows, note, type ExchangeArrow } from './exchange-arrows.js';
import { observed } from './exchange-steps.js';
import { formatDuration } from './format-duration.js';
import { httpArrows, type Transport } from './http-arrows.js';
import { serviceArrows, serviceNotes } from './service-arrows.js';
import { portCheckArrows, tlsHandshakeArrows } from './tls-arrows.js';

export type { ExchangeArrow, ArrowKind } from './exchange-arrows.js';

/**
 * The conversation between client and server that the steps observed, packet by packet, so a reader sees
 * where it broke. Data, not text: the terminal and HTML renderers draw it their own way.
 */
export interface ExchangeDiagram {
  /** The left lifeline: us. */
  client: string;
  /** The right lifeline: the address and port of the connection drawn (`[::1]:8080`), or the name when none was reached. */
  server: string;
  /** In the order they happened. */
  arrows: ExchangeArrow[];
}

/**
 * Reconstructs the exchange from the measured steps only. One connection is drawn: the one that carried the
 * request when there was one, else the https target's TLS handshake, else the service identification's banner
 * wait, else the connect attempt to the first open address (or to the first address when none opened). What
 * later steps tried on new connections (TLS on an http:// port, the identification's hellos, repeated connects)
 * follows as notes; attempts to the other addresses that failed become notes too.
 */
export function exchangeDiagram(session: Session): ExchangeDiagram {
  const { target } = session;
  const named = target.port === null ? target.host : hostPort(target.host, target.port);
  const { dns, attempts, http, tls, portCheck, service, repeat, control, protocol } = observed(session.steps);
  if (dns && dns.conclusion.kind !== 'resolved') {
    return { client: 'client', server: named, arrows: [note(`no connection attempted: ${unresolved(dns)}`, true)] };
  }
  const primary = attempts?.find((a) => a.kind === 'open') ?? attempts?.[0];
  if (!attempts || !primary) {
    return { client: 'client', server: named, arrows: [note('no connection was attempted', false)] };
  }

  let drawn: TcpConnectResult = primary;
  let arrows: ExchangeArrow[];
  let serviceDrawn = false;
  if (primary.kind === 'open' && http) {
    const transport: Transport = target.scheme === 'https' ? { tls: true, session: tlsSessionOf(tls) } : { tls: false };
    arrows = httpArrows(http, primary, target.path, transport);
    if (http.kind === 'connect-failed') drawn = http.connect;
  } else if (primary.kind === 'open' && tls) {
    arrows = tlsHandshakeArrows(tls);
    if (tls.kind === 'connect-failed') drawn = tls.connect;
  } else if (primary.kind === 'open' && service) {
    arrows = serviceArrows(service, primary);
    serviceDrawn = true;
    if (service.kind === 'connect-failed' && service.tried.length === 0) drawn = service.connect;
  } else if (primary.kind === 'open' && protocol?.onConnectCheck) {
    // The connect check kept this connection for the handshake: no FIN here, the handshake went on on it.
    arrows = [...connectArrows(primary, { closes: false }), note('then the handshake went on here', false)];
  } else {
    arrows = connectArrows(primary, { closes: true });
  }
  if (portCheck) arrows.push(...portCheckArrows(portCheck));
  if (service && !serviceDrawn) arrows.push(...serviceNotes(service));
  if (repeat) arrows.push(repeatNote(repeat));
  if (control && control.attempts.length > 0) arrows.push(controlNote(control));
  const others = attempts.filter((a) => a !== primary && a.kind !== 'open');
  for (const other of others.slice(0, maxOtherNotes)) {
    arrows.push(note(`also tried ${hostPort(other.address, other.port)}: ${attemptFailure(other)}`, true));
  }
  if (others.length > maxOtherNotes)
    arrows.push(note(`and ${others.length - maxOtherNotes} more addresses that failed`, true));
  return { client: 'client', server: hostPort(drawn.address, drawn.port), arrows };
}

/** The session the https handshake step established, for the request's ServerHello label. */
function tlsSessionOf(tls: TlsResult | undefined) {
  return tls && (tls.kind === 'secure' || tls.kind === 'alert') ? tls.session : null;
}

/** Repeated connects in one line: how many opened, how the others failed. */
function repeatNote(repeat: TcpRepeatResult): ExchangeArrow {
  const { attempts, succeeded, failed, connectMs } = repeat;
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    if (attempt.kind === 'open') continue;
    const word = repeatWord[attempt.kind];
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const how = [...counts].map(([word, n]) => `${n} ${word}`).join(', ');
  const median = connectMs ? `, median connect ${formatDuration(connectMs.median)}` : '';
  const failures = failed > 0 ? `; ${failed} failed (${how})` : '';
  return note(`then ${attempts.length} more connects: ${succeeded} opened${median}${failures}`, failed > 0);
}

/** How a failed connect reads in the count; a full record, so a new kind of connect outcome must be worded. */
const repeatWord: Record<TcpConnectResult['kind'], string> = {
  open: 'open',
  refused: 'RST',
  timeout: 'silent',
  'host-unreachable': 'host-unreachable',
  'network-unreachable': 'network-unreachable',
  error: 'error',
  aborted: 'cancelled',
};

/** A name can have many addresses; past a few, their notes would bury the exchange. */
const maxOtherNotes = 3;

function unresolved(dns: DnsFacts): string {
  const { conclusion } = dns;
  switch (conclusion.kind) {
    case 'no-such-host':
      return conclusion.danglingCname
        ? `the name did not resolve (NXDOMAIN: its alias ${capText(conclusion.danglingCname)} does not exist)`
        : 'the name did not resolve (NXDOMAIN)';
    case 'no-address':
      return 'the name has no address (NODATA)';
    case 'resolver-failure':
      return `the resolver failed (${resolverCodes[conclusion.code] ?? conclusion.code})`;
    case 'resolved':
      return 'the name resolved';
    default: {
      const unknown: never = conclusion;
      return `the name did not resolve (${(unknown as { kind: string }).kind})`;
    }
  }
}

const resolverCodes: Record<string, string> = {
  servfail: 'SERVFAIL',
  refused: 'REFUSED',
  timeout: 'no answer in time',
  temporary: 'temporary failure, EAI_AGAIN',
  'no-resolver': 'no resolver configured',
};

/** What the other ports of a silent host said: up (they answer) or all silent too. */
function controlNote(control: ControlFacts): ExchangeArrow {
  const answered = control.attempts.some((a) => a.kind === 'open' || a.kind === 'refused');
  const ports = control.attempts.map((a) => `${a.port}: ${portWord[a.kind]}`).join(', ');
  return note(
    answered ? `other ports answer (${ports}): the host is up` : `no other port answers either (${ports})`,
    false,
  );
}

const portWord: Record<TcpConnectResult['kind'], string> = {
  open: 'open',
  refused: 'RST',
  timeout: 'silent',
  'host-unreachable': 'host-unreachable',
  'network-unreachable': 'network-unreachable',
  error: 'error',
  aborted: 'aborted',
};

/** `host:port`, with brackets around an IPv6 address. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
