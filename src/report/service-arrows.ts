import type { IdentifyAttempt, IdentifyMethod, ServiceIdentity } from '../probes/service-identity.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import {
  arrow,
  attemptFailure,
  bytesLabel,
  capText,
  handshake,
  note,
  quoted,
  secondConnect,
  type ExchangeArrow,
} from './exchange-arrows.js';

type OpenAttempt = Extract<TcpConnectResult, { kind: 'open' }>;

/**
 * A tcp:// target's exchange, drawn on the connect step's connection. The attempt that spoke on it (kept for it,
 * connection-parking.ts) is drawn there: the listen's greeting or silence, or the hello and its answer; the other
 * attempts, each on a new connection, become notes. Without a kept connection, identification listened first on a
 * connection of its own whose handshake it does not time: the connect step's, a moment before, stands in for it.
 */
export function serviceArrows(identity: ServiceIdentity, open: OpenAttempt): ExchangeArrow[] {
  const shake = handshake(open.connectMs);
  if (identity.kind === 'aborted') return [...shake, note('the service identification was cancelled', false)];
  const onKept = identity.tried.find((attempt) => attempt.onConnectCheck);
  if (onKept) {
    const others = identity.tried.filter((attempt) => attempt !== onKept);
    const drawn = onKept.how === 'banner' ? bannerArrows(onKept, identity) : helloArrows(onKept, identity);
    return [...shake, ...drawn, ...attemptNotes(identity, others, false)];
  }
  const [first, ...hellos] = identity.tried;
  if (first?.how !== 'banner') {
    if (identity.kind === 'connect-failed' && !first) return secondConnect(identity.connect);
    return [...shake, ...attemptNotes(identity, identity.tried, false)];
  }
  return [...shake, ...bannerArrows(first, identity), ...attemptNotes(identity, hellos, false)];
}

/**
 * What identification tried, as notes after an exchange drawn from other steps (an http:// or https:// target
 * that ended here). Naming another protocol than the target's is where it broke.
 */
export function serviceNotes(identity: ServiceIdentity): ExchangeArrow[] {
  if (identity.kind === 'aborted') return [note('the service identification was cancelled', false)];
  return attemptNotes(identity, identity.tried, true);
}

/** The banner wait on the drawn connection: what the server said first, or that it waited for us. */
function bannerArrows(
  banner: IdentifyAttempt,
  identity: Exclude<ServiceIdentity, { kind: 'aborted' }>,
): ExchangeArrow[] {
  // A connection handed over to the handshake was not closed here: the handshake went on on it.
  const fin = banner.handedOver
    ? note('then the handshake went on here', false)
    : arrow('client', 'packet', 'FIN', null);
  // Hanging up on every attempt is the failure; hanging up on the banner wait alone is not, when a hello worked.
  const broken = identity.kind !== 'identified';
  switch (banner.outcome) {
    case 'identified':
    case 'unrecognised': {
      const name = identity.kind === 'identified' && identity.how === 'banner' ? identity.protocol.name : null;
      return banner.reply ? [arrow('server', 'data', bytesLabel(banner.reply, name, ''), null), fin] : [fin];
    }
    case 'silent':
      return [arrow('server', 'silence', 'silence: the server waits for the client to speak', null), fin];
    case 'closed':
      return [arrow('server', 'packet', 'FIN (no bytes)', null, broken)];
    case 'reset':
      return [arrow('server', 'packet', 'RST', null, broken)];
    default: {
      // Typed `never`: an outcome added to the probe does not compile until it is drawn above.
      const unknown: never = banner.outcome;
      return [note(`banner: ${capText(String(unknown))}`, false)];
    }
  }
}

/** A hello on the drawn connection: what we sent, what came back, and whether the handshake went on there. */
function helloArrows(hello: IdentifyAttempt, identity: Exclude<ServiceIdentity, { kind: 'aborted' }>): ExchangeArrow[] {
  const sent = arrow('client', 'data', methodName(hello.how), null);
  const broken = identity.kind !== 'identified';
  const went =
    hello.continued === undefined
      ? []
      : [
          note(
            hello.continued === null
              ? 'then the handshake went on here: no answer'
              : `then the handshake went on here (${hello.continued.length} bytes back)`,
            false,
          ),
        ];
  switch (hello.outcome) {
    case 'identified':
    case 'unrecognised': {
      // The winner, last of `tried`: by its reply, or by a greeting that came on its connection.
      const name = identity.kind === 'identified' && identity.tried.at(-1) === hello ? identity.protocol.name : null;
      return hello.reply
        ? [sent, arrow('server', 'data', bytesLabel(hello.reply, name, ''), null), ...went]
        : [sent, note(outcomeText(hello, identity), false), ...went];
    }
    case 'silent':
      return [sent, arrow('server', 'silence', 'silence: no answer', null)];
    case 'closed':
      return [sent, arrow('server', 'packet', 'FIN (no bytes)', null, broken)];
    case 'reset':
      return [sent, arrow('server', 'packet', 'RST', null, broken)];
    default: {
      const unknown: never = hello.outcome;
      return [sent, note(capText(String(unknown)), false)];
    }
  }
}

/** Answers with nothing to show: hellos that got one of these share a line. */
const bareOutcomes = new Set<IdentifyAttempt['outcome']>(['silent', 'closed', 'reset']);

/** Past this many notes the hellos would bury the exchange; attempts with the same bare outcome share a line anyway. */
const maxNotes = 5;

/**
 * One note per attempt, `PostgreSQL SSLRequest: "N" (PostgreSQL)`, consecutive hellos that got the same bare
 * answer on one line, after a note saying each had a connection of its own. `judged`: an identified protocol is
 * where it broke (the target expected HTTP or TLS).
 */
function attemptNotes(
  identity: Exclude<ServiceIdentity, { kind: 'aborted' }>,
  attempts: IdentifyAttempt[],
  judged: boolean,
): ExchangeArrow[] {
  const lines: { label: string; broken: boolean }[] = [];
  let group: { outcome: string; names: string[] } | null = null;
  for (const attempt of attempts) {
    const bare = attempt.reply === null && attempt.how !== 'banner' && bareOutcomes.has(attempt.outcome);
    if (bare && group?.outcome === attempt.outcome) {
      group.names.push(methodName(attempt.how));
      lines[lines.length - 1]!.label = `${group.names.join(', ')}: ${outcomeText(attempt, identity)}`;
      continue;
    }
    group = bare ? { outcome: attempt.outcome, names: [methodName(attempt.how)] } : null;
    const broken = judged && attempt.outcome === 'identified';
    lines.push({ label: `${methodName(attempt.how)}: ${outcomeText(attempt, identity)}`, broken });
  }
  const notes = lines.slice(0, maxNotes).map(({ label, broken }) => note(label, broken));
  if (lines.length > maxNotes) notes.push(note(`and ${lines.length - maxNotes} more tries`, false));
  if (identity.kind === 'connect-failed')
    notes.push(note(`then a new connection failed: ${attemptFailure(identity.connect)}`, true));
  return notes.length === 0 ? [] : [note('then, one new connection each:', false), ...notes];
}

const methodNames: Record<IdentifyMethod, string> = {
  banner: 'listened',
  'tls-hello': 'TLS ClientHello',
  'http-hello': 'HTTP HEAD',
  'redis-ping': 'Redis PING',
  'postgres-ssl-request': 'PostgreSQL SSLRequest',
};

function methodName(how: IdentifyMethod): string {
  return methodNames[how] ?? capText(String(how), 24);
}

function outcomeText(attempt: IdentifyAttempt, identity: Exclude<ServiceIdentity, { kind: 'aborted' }>): string {
  switch (attempt.outcome) {
    case 'identified': {
      const name =
        identity.kind === 'identified' && identity.how === attempt.how ? capText(identity.protocol.name, 24) : null;
      // A follow-up went out on this connection: the handshake's answer was read there (protocol-step.ts).
      const went =
        attempt.continued === undefined
          ? ''
          : attempt.continued === null
            ? ', then the handshake went on here: no answer'
            : `, then the handshake went on here (${attempt.continued.length} bytes back)`;
      if (attempt.reply) return `${quoted(attempt.reply)}${name ? ` (${name})` : ''}${went}`;
      return name ? `answered in ${name}${went}` : 'recognised';
    }
    case 'unrecognised':
      return attempt.reply
        ? `${quoted(attempt.reply)} (${attempt.reply.length} bytes, not recognised)`
        : 'bytes not recognised';
    case 'silent':
      return attempt.how === 'banner' ? 'the server waits for the client to speak' : 'no answer';
    case 'closed':
      return 'FIN (no bytes)';
    case 'reset':
      return 'RST';
    default: {
      const unknown: never = attempt.outcome;
      return capText(String(unknown), 24);
    }
  }
}
