import type { BannerResult } from '../probes/banner-result.js';
import type { HttpResult } from '../probes/http-result.js';
import type { PhaseMarks } from '../probes/phase-timings.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { UntrustedBytes } from '../probes/untrusted-bytes.js';
import { formatDuration } from './format-duration.js';

/** What an arrow stands for. */
export type ArrowKind =
  /** A TCP control packet: SYN, SYN-ACK, ACK, FIN, RST. */
  | 'packet'
  /** Bytes of a protocol: the request, the response, a banner. */
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

const arrow = (from: ExchangeArrow['from'], kind: ArrowKind, label: string, atMs: number | null, broken = false): ExchangeArrow => ({
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
      return [...handshake(attempt.connectMs), ...(options.closes ? [arrow('client', 'packet', 'FIN', attempt.connectMs)] : [])];
    case 'refused':
      return [syn, arrow('server', 'packet', 'RST', attempt.connectMs, true)];
    case 'timeout':
      return [syn, arrow('server', 'silence', `silence (no SYN-ACK in ${formatDuration(attempt.waitedMs)})`, attempt.waitedMs, true)];
    case 'host-unreachable':
      // EHOSTUNREACH: a router's ICMP error, or our own stack when the host does not answer ARP/ND.
      return [syn, arrow('server', 'error', `ICMP host unreachable (${attempt.errno})`, attempt.connectMs, true)];
    case 'network-unreachable':
      return [arrow('client', 'error', `no route to ${attempt.address}: nothing sent (${attempt.errno})`, attempt.connectMs, true)];
    case 'error':
      // Whether a SYN left is unknown for errors no rule explains, so none is drawn.
      return [arrow('client', 'error', `connect failed: ${attempt.errno} (${attempt.errorKind})`, attempt.connectMs, true)];
    case 'aborted':
      return [syn, note(`cancelled after ${formatDuration(attempt.waitedMs)}`, false)];
    default:
      return unknownKind(attempt);
  }
}

/** The probe's own connection failed, though the connect step's had worked a moment before. */
function secondConnect(connect: TcpConnectResult): ExchangeArrow[] {
  return [note('the connect step had worked; this new connection did not', false), ...connectArrows(connect, { closes: false })];
}

/** SYN, SYN-ACK, ACK. Our ACK goes out the moment the SYN-ACK arrives, so it has no time of its own. */
function handshake(connectedAt: number | null): ExchangeArrow[] {
  return [arrow('client', 'packet', 'SYN', 0), arrow('server', 'packet', 'SYN-ACK', connectedAt), arrow('client', 'packet', 'ACK', null)];
}

/** The HTTP probe's own connection: handshake, request, and what came back. `open` is the address it used. */
export function httpArrows(http: HttpResult, open: TcpConnectResult, path: string): ExchangeArrow[] {
  switch (http.kind) {
    case 'connect-failed':
      return secondConnect(http.connect);
    case 'aborted':
      return [...connectArrows(open, { closes: false }), note('the request was cancelled', false)];
    default:
      return [...requestArrows(http.marks, path), ...httpEnding(http)];
  }
}

/**
 * The handshake and the request line. A null `connectedAt` outside a connect failure means a reset beat the
 * connect event: the handshake completed, but no request went out.
 */
function requestArrows(marks: PhaseMarks, path: string): ExchangeArrow[] {
  const request = marks.connectedAt === null ? [] : [arrow('client', 'data', `GET ${capText(path)}`, marks.requestWrittenAt)];
  return [...handshake(marks.connectedAt), ...request];
}

function httpEnding(http: Exclude<HttpResult, { kind: 'connect-failed' | 'aborted' }>): ExchangeArrow[] {
  const { marks } = http;
  switch (http.kind) {
    case 'response': {
      const status = capText(`HTTP/${http.httpVersion} ${http.status} ${http.reason}`.trim());
      return [arrow('server', 'data', status, marks.firstByteAt, http.status >= 400), arrow('client', 'packet', 'FIN', marks.doneAt)];
    }
    case 'reset-before-response':
      return [arrow('server', 'packet', 'RST', marks.doneAt, true)];
    case 'closed-without-response':
      return [arrow('server', 'packet', 'FIN (no bytes)', marks.doneAt, true)];
    case 'no-response':
      return [arrow('server', 'silence', `silence (no byte in ${formatDuration(http.waitedMs)})`, marks.doneAt, true)];
    case 'not-http':
      return [arrow('server', 'data', bytesLabel(http.firstBytes, http.protocol?.name ?? null, 'not HTTP, '), marks.firstByteAt, true)];
    case 'truncated-response': {
      const head = arrow('server', 'data', `${quoted(http.firstBytes)} (incomplete HTTP head)`, marks.firstByteAt, true);
      const endings = {
        closed: arrow('server', 'packet', 'FIN', marks.doneAt, true),
        reset: arrow('server', 'packet', 'RST', marks.doneAt, true),
        timeout: arrow('server', 'silence', 'silence (the rest of the head never came)', marks.doneAt, true),
        'too-large': note('the head was too large: we stopped reading', true),
      };
      return [head, endings[http.how]];
    }
    default:
      return unknownKind(http);
  }
}

/**
 * The banner probe's connection. Its result counts from its own connect, whose time it does not keep; the
 * connect step's handshake to the same address, a moment before, stands in for it.
 */
export function bannerArrows(banner: BannerResult, open: Extract<TcpConnectResult, { kind: 'open' }>): ExchangeArrow[] {
  const at = (afterMs: number) => open.connectMs + afterMs;
  const shake = handshake(open.connectMs);
  switch (banner.kind) {
    case 'banner': {
      const label = bytesLabel(banner.bytes, banner.protocol?.name ?? null, '');
      return [...shake, arrow('server', 'data', label, at(banner.afterMs)), arrow('client', 'packet', 'FIN', null)];
    }
    case 'silent': {
      const label = `silence: the server waits for the client to speak (${formatDuration(banner.waitedMs)})`;
      const end = at(banner.waitedMs);
      return [...shake, arrow('server', 'silence', label, end), arrow('client', 'packet', 'FIN', end)];
    }
    case 'closed':
      return [...shake, arrow('server', 'packet', 'FIN (no bytes)', at(banner.afterMs), true)];
    case 'reset':
      return [...shake, arrow('server', 'packet', 'RST', at(banner.afterMs), true)];
    case 'connect-failed':
      return secondConnect(banner.connect);
    case 'aborted':
      return [...shake, note('the wait for a banner was cancelled', false)];
    default:
      return unknownKind(banner);
  }
}

/** `"SSH-2.0-OpenSSH_9.2p1 …" (SSH)`, or the byte count when no protocol was recognised. */
function bytesLabel(bytes: UntrustedBytes, protocol: string | null, unknown: string): string {
  return `${quoted(bytes)} (${protocol ? capText(protocol, 24) : `${unknown}${bytes.length} bytes`})`;
}

function quoted(bytes: UntrustedBytes): string {
  return `"${capText(bytes.text, 40)}"`;
}

/** Text from the network or the user, cut to a length any diagram can hold. */
export function capText(text: string, max = 40): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** A kind this build does not know (a newer probe): said plainly rather than thrown. */
function unknownKind(result: never): ExchangeArrow[] {
  return [note(`unrecognised outcome: ${capText(String((result as { kind?: unknown }).kind))}`, false)];
}
