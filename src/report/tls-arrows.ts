import type { TlsResult, TlsSession } from '../probes/tls-result.js';
import type { UntrustedBytes } from '../probes/untrusted-bytes.js';
import { certificateProblems } from './certificate-facts.js';
import {
  arrow,
  capText,
  handshake,
  note,
  quoted,
  secondConnect,
  unknownKind,
  untimed,
  type ExchangeArrow,
} from './exchange-arrows.js';
import { formatDuration } from './format-duration.js';

/** Our first TLS message. It leaves right after our ACK, so it has no time of its own. */
export const clientHello = (): ExchangeArrow => arrow('client', 'data', 'ClientHello', null);

/** The server's half of the handshake, timed when it completed: `ServerHello (TLSv1.3), certificate`. */
export function serverHello(session: TlsSession | null, atMs: number | null, broken = false): ExchangeArrow {
  const version = session ? ` (${capText(session.protocol, 12)})` : '';
  const certificate = session && session.chain.length === 0 ? 'no certificate' : 'certificate';
  return arrow('server', 'data', `ServerHello${version}, ${certificate}`, atMs, broken);
}

/**
 * The https target's own handshake, when no request followed it: TCP handshake, ClientHello, and what answered,
 * timed from the TLS probe's marks. A certificate the client would refuse is where it broke.
 */
export function tlsHandshakeArrows(tls: TlsResult): ExchangeArrow[] {
  switch (tls.kind) {
    case 'connect-failed':
      return secondConnect(tls.connect);
    case 'aborted':
      return [arrow('client', 'packet', 'SYN', 0), note('the TLS handshake was cancelled', false)];
    default:
      return [...handshake(tls.marks.connectedAt), clientHello(), ...tlsAnswer(tls, true)];
  }
}

/**
 * An http:// target's port tried in TLS on a new connection: the hello and its answer, untimed (its clock is
 * another connection's), then what that says about the port. Facts, not the failure: nothing here is broken.
 */
export function portCheckArrows(tls: TlsResult): ExchangeArrow[] {
  const lead = note('then TLS, on a new connection to the same port:', false);
  switch (tls.kind) {
    case 'connect-failed':
      return [lead, ...untimed(secondConnect(tls.connect))];
    case 'aborted':
      return [lead, note('cancelled', false)];
    default: {
      const speaksTls = tls.kind === 'secure' || tls.kind === 'alert' || tls.kind === 'handshake-error';
      const verdict = note(speaksTls ? 'the port speaks TLS: it expects https://' : 'no TLS answer either', false);
      return [lead, clientHello(), ...untimed(tlsAnswer(tls, false)), verdict];
    }
  }
}

type Answered = Exclude<TlsResult, { kind: 'connect-failed' | 'aborted' }>;

/**
 * What came back for the ClientHello. `judged`: this is the target's own handshake, so its failures are where
 * the exchange broke, its certificate is judged, and the connection is closed by us when it succeeded.
 */
function tlsAnswer(tls: Answered, judged: boolean): ExchangeArrow[] {
  const { marks } = tls;
  switch (tls.kind) {
    case 'secure': {
      if (!judged) return [serverHello(tls.session, marks.secureAt)];
      const problems = certificateProblems(tls.session).map((problem) =>
        note(`certificate: ${capText(problem, 100)}`, true),
      );
      return [serverHello(tls.session, marks.secureAt), ...problems, arrow('client', 'packet', 'FIN', marks.doneAt)];
    }
    case 'alert': {
      const late = tls.stage === 'after-handshake';
      const label = `alert ${capText(tls.alert.description, 32)}${late ? ' (after the handshake)' : ''}`;
      const alert = arrow('server', 'data', label, marks.doneAt, judged);
      return late ? [serverHello(tls.session, marks.secureAt), alert] : [alert];
    }
    case 'plaintext-reply': {
      const { protocol, firstBytes } = tls;
      const named = protocol ? `${capText(protocol.name, 24)}, not TLS` : `not TLS, ${firstBytes.length} bytes`;
      const what = protocol?.id === 'http' ? 'plain text, not TLS' : named;
      return [arrow('server', 'data', `${firstLine(firstBytes)} (${what})`, null, judged)];
    }
    case 'closed-during-handshake': {
      const end = arrow(
        'server',
        'packet',
        `${tls.how === 'closed' ? 'FIN' : 'RST'} during the handshake`,
        marks.doneAt,
        judged,
      );
      return [...stray(tls.firstBytes), end];
    }
    case 'handshake-error': {
      const label = `we refused the server's handshake: ${capText(tls.reason, 40)} (${capText(tls.code, 40)})`;
      return [arrow('client', 'error', label, marks.doneAt, judged)];
    }
    case 'no-response': {
      const silence = arrow(
        'server',
        'silence',
        `silence (no ServerHello in ${formatDuration(tls.waitedMs)})`,
        marks.doneAt,
        judged,
      );
      return [...stray(tls.firstBytes), silence];
    }
    default:
      return unknownKind(tls);
  }
}

/** Bytes too few to be a TLS answer, shown as they came. */
function stray(bytes: UntrustedBytes | null): ExchangeArrow[] {
  return bytes ? [arrow('server', 'data', `${quoted(bytes)} (${bytes.length} bytes, not a TLS answer)`, null)] : [];
}

/** A plain-text reply's first line (`"HTTP/1.1 400 Bad Request"`): the probe wrote its CR LF out as `\r\n`. */
function firstLine(bytes: UntrustedBytes): string {
  const line = bytes.text.split(/\\r\\n|\\n/)[0] ?? '';
  return quoted({ ...bytes, text: line === '' ? bytes.text : line });
}
