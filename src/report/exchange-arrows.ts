import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { UntrustedBytes } from '../probes/untrusted-bytes.js';
import { formatDuration } from './format-duration.js';

/** What an arrow stands for. */
export type ArrowKind =
  /** A TCP control packet: SYN, SYN-ACK, ACK, FIN, RST. */
  | 'packet'
  /** Bytes of a protocol: the request, the response, a banner, a TLS handshake message. */
  | 'data'
  /** Nothing arrived while we waited. */
  | 'silence'
  /** An ICMP error instead of an answer, or a local failure that sent nothing. */
  | 'error'
  /** Context that was not on the wire. */
  | 'note';

/** One line of the exchange. */
export interface ExchangeArrow {
  /** Who sent it. For silence, the side that said nothing; for notes and local failures, the client. */
  from: 'client' | 'server';
  /** `SYN`, `GET /`, `HTTP/1.1 200 OK`, `silence (no SYN-ACK in 1.00 s)`; bounded, untrusted parts already made visible. */
  label: string;
  kind: ArrowKind;
  /** When, in ms since the client sent the SYN (so the SYN is 0); null when not measured. */
  atMs: number | null;
  /** Where the exchange went wrong: the reader's eye goes here. */
  broken: boolean;
}

/** One arrow; `atMs` in the drawn connection's clock, null when not measured on it. */
export const arrow = (
  from: ExchangeArrow['from'],
  kind: ArrowKind,
  label: string,
  atMs: number | null,
  broken = false,
): ExchangeArrow => ({
  from,
  label,
  kind,
  atMs,
  broken,
});

/** A remark beside the exchange. */
export const note = (label: string, broken: boolean): ExchangeArrow => arrow('client', 'note', label, null, broken);

/**
 * One connect attempt. `closes`: the attempt was the whole exchange, so an open connection is closed by us at
 * once (the probe's destroy sends FIN).
 */
export function connectArrows(attempt: TcpConnectResult, options: { closes: boolean }): ExchangeArrow[] {
  const syn = arrow('client', 'packet', 'SYN', 0);
  switch (attempt.kind) {
    case 'open':
      return [
        ...handshake(attempt.connectMs),
        ...(options.closes ? [arrow('client', 'packet', 'FIN', attempt.connectMs)] : []),
      ];
    case 'refused':
      return [syn, arrow('server', 'packet', 'RST', attempt.connectMs, true)];
    case 'timeout':
      return [
        syn,
        arrow(
          'server',
          'silence',
          `silence (no SYN-ACK in ${formatDuration(attempt.waitedMs)})`,
          attempt.waitedMs,
          true,
        ),
      ];
    case 'host-unreachable':
      // EHOSTUNREACH: a router's ICMP error, or our own stack when the host does not answer ARP/ND.
      return [syn, arrow('server', 'error', `ICMP host unreachable (${attempt.errno})`, attempt.connectMs, true)];
    case 'network-unreachable':
      return [
        arrow(
          'client',
          'error',
          `no route to ${attempt.address}: nothing sent (${attempt.errno})`,
          attempt.connectMs,
          true,
        ),
      ];
    case 'error':
      // Whether a SYN left is unknown for errors no rule explains, so none is drawn.
      return [
        arrow('client', 'error', `connect failed: ${attempt.errno} (${attempt.errorKind})`, attempt.connectMs, true),
      ];
    case 'aborted':
      return [syn, note(`cancelled after ${formatDuration(attempt.waitedMs)}`, false)];
    default:
      return unknownKind(attempt);
  }
}

/** A probe's own connection failed, though the connect step's had worked a moment before. */
export function secondConnect(connect: TcpConnectResult): ExchangeArrow[] {
  return [
    note('the connect step had worked; this new connection did not', false),
    ...connectArrows(connect, { closes: false }),
  ];
}

/** SYN, SYN-ACK, ACK. Our ACK goes out the moment the SYN-ACK arrives, so it has no time of its own. */
export function handshake(connectedAt: number | null): ExchangeArrow[] {
  return [
    arrow('client', 'packet', 'SYN', 0),
    arrow('server', 'packet', 'SYN-ACK', connectedAt),
    arrow('client', 'packet', 'ACK', null),
  ];
}

/** A failed attempt in a few words. */
export function attemptFailure(attempt: TcpConnectResult): string {
  switch (attempt.kind) {
    case 'open':
      return `open in ${formatDuration(attempt.connectMs)}`;
    case 'refused':
      return `refused (RST) in ${formatDuration(attempt.connectMs)}`;
    case 'timeout':
      return `no answer in ${formatDuration(attempt.waitedMs)}`;
    case 'host-unreachable':
    case 'network-unreachable':
    case 'error':
      return `${attempt.kind === 'error' ? 'failed' : attempt.kind} (${attempt.errno})`;
    case 'aborted':
      return 'cancelled';
    default: {
      const unknown: never = attempt;
      return (unknown as { kind: string }).kind;
    }
  }
}

/** `"SSH-2.0-OpenSSH_9.2p1 …" (SSH)`, or the byte count when no protocol was recognised. */
export function bytesLabel(bytes: UntrustedBytes, protocol: string | null, unknown: string): string {
  return `${quoted(bytes)} (${protocol ? capText(protocol, 24) : `${unknown}${bytes.length} bytes`})`;
}

/** Untrusted bytes (already made visible) in quotes, cut to a diagram's size. */
export function quoted(bytes: UntrustedBytes): string {
  return `"${capText(bytes.text, 40)}"`;
}

/** Text from the network or the user, cut to a length any diagram can hold. */
export function capText(text: string, max = 40): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** The arrows of a second, separate connection: its times count from its own SYN, so none is shown on this clock. */
export function untimed(arrows: ExchangeArrow[]): ExchangeArrow[] {
  return arrows.map((a) => ({ ...a, atMs: null }));
}

/** A kind this build does not know (a newer probe): said plainly rather than thrown. */
export function unknownKind(result: never): ExchangeArrow[] {
  return [note(`unrecognised outcome: ${capText(String((result as { kind?: unknown }).kind))}`, false)];
}
