import type { Step, StepOfAny } from '../engine/session.js';
import type { StepDetails, StepName, StepOutcome } from '../tree/step-kinds.js';

/** How a step reads at a glance. */
export type StepMark =
  /** It measured what a working connection shows. */
  | 'pass'
  /** It measured a failure. */
  | 'fail'
  /** Information, not a verdict on the step (`mixed`, `host-silent`, `identified`, `skipped`, …). */
  | 'info';

/** An outcome's mark, or the rule that reads it from the details where the outcome alone does not say. */
type Judge<K extends StepName> = StepMark | ((details: StepDetails<K>) => StepMark);

/** A mark for every outcome of every step kind. */
export type StepMarks = { [K in StepName]: Record<StepOutcome<K>, Judge<K>> };

/**
 * The mark of every outcome of every step kind. A full record both ways: a new step kind, or a new outcome of a
 * probe, does not compile until it is given its mark here.
 */
export const stepMarks: StepMarks = {
  'dns.resolve': { resolved: 'pass', 'no-such-host': 'fail', 'no-address': 'fail', 'resolver-failure': 'fail' },
  // `mixed` is a family split (one address open, another not): the verdict says which matters.
  'tcp.connect-all': {
    open: 'pass',
    refused: 'fail',
    timeout: 'fail',
    'host-unreachable': 'fail',
    'network-unreachable': 'fail',
    error: 'fail',
    aborted: 'info',
    mixed: 'info',
    none: 'info',
  },
  'tcp.control': { 'host-answers': 'pass', 'host-silent': 'info', skipped: 'info' },
  'tls.handshake': {
    // A handshake that completed with a certificate the client refuses is the failure the user sees.
    secure: (tls) => (tls.kind === 'secure' && refusesCertificate(tls) ? 'fail' : 'pass'),
    alert: 'fail',
    'plaintext-reply': 'fail',
    'closed-during-handshake': 'fail',
    'handshake-error': 'fail',
    'no-response': 'fail',
    'connect-failed': 'fail',
    aborted: 'info',
  },
  // The port check asks whether an http:// port speaks TLS: any answer is information, not a failure of the step.
  'tls.port-check': {
    secure: 'info',
    alert: 'info',
    'plaintext-reply': 'info',
    'closed-during-handshake': 'info',
    'handshake-error': 'info',
    'no-response': 'info',
    'connect-failed': 'fail',
    aborted: 'info',
  },
  'http.request': {
    // An HTTP answer proves the connection, but a 4xx/5xx one is still the failure the user sees.
    response: (http) => (http.kind === 'response' && http.status >= 400 ? 'fail' : 'pass'),
    'reset-before-response': 'fail',
    'closed-without-response': 'fail',
    'no-response': 'fail',
    'not-http': 'fail',
    'truncated-response': 'fail',
    'connect-failed': 'fail',
    aborted: 'info',
  },
  // What identification found is information: whether that protocol is the right one is the verdict's call.
  'service.identify': { identified: 'info', unknown: 'info', 'connect-failed': 'fail', aborted: 'info' },
  'local.listeners': { found: 'info', none: 'info', unavailable: 'info' },
  // The backend a forwarder names: reaching it is what the forwarder could not do, if it fails too.
  'forwarder.backend': { accepted: 'pass', failed: 'fail', unresolved: 'fail', aborted: 'info' },
  // The proxy's answer is read by the verdict, which compares it with the direct path.
  'proxy.check': {
    'tunnel-established': 'info',
    'proxy-auth-required': 'info',
    'proxy-answered': 'info',
    'proxy-refused-connect': 'info',
    'proxy-unreachable': 'info',
    'proxy-closed': 'info',
    'proxy-reset': 'info',
    'proxy-silent': 'info',
    'not-a-proxy': 'info',
    'proxy-truncated': 'info',
    aborted: 'info',
  },
  'http.keepalive': {
    'closed-after-idle': 'info',
    'kept-open': 'info',
    'not-keepalive': 'info',
    'connect-failed': 'fail',
    failed: 'info',
    aborted: 'info',
  },
  'http.repeat': { 'all-open': 'pass', 'all-failed': 'fail', mixed: 'info' },
  'firewall.rules': { read: 'info', unreadable: 'info', 'unsupported-platform': 'info', aborted: 'info' },
  // Repeated connects: some failing is the intermittent failure.
  'tcp.repeat': { 'all-open': 'pass', 'all-failed': 'fail', mixed: 'fail' },
  // Any answer but `ok` is the server saying no; a handshake cut short failed too.
  'protocol.handshake': {
    ok: 'pass',
    'server-rejects-client': 'fail',
    'server-connection-limit': 'fail',
    'server-requires-tls': 'fail',
    'authentication-required': 'fail',
    'authentication-failed': 'fail',
    'server-not-ready': 'fail',
    'database-missing': 'fail',
    'user-missing': 'fail',
    'protocol-version-mismatch': 'fail',
    'server-error': 'fail',
    'connect-failed': 'fail',
    aborted: 'info',
    'no-answer': 'fail',
    closed: 'fail',
    reset: 'fail',
    'not-this-protocol': 'fail',
    'tls-failed': 'fail',
  },
};

/** A session step's mark, from its kind, its outcome and (where they decide) its details. */
export function stepMark(step: Step): StepMark {
  return markOf(step);
}

/** Whether `outcome` is one of this kind's words: the table above is the one run-time list of them. */
export function isOutcomeOf(kind: StepName, outcome: string): boolean {
  return Object.hasOwn(stepMarks[kind], outcome);
}

/** Generic in the kind, so the table's row, the outcome and the details are read as one kind's. */
function markOf<K extends StepName>(step: StepOfAny<K>): StepMark {
  const row: Record<StepOutcome<K>, Judge<K>> = stepMarks[step.kind];
  const judge = row[step.outcome];
  return typeof judge === 'function' ? judge(step.details) : judge;
}

function refusesCertificate(tls: Extract<StepDetails<'tls.handshake'>, { kind: 'secure' }>): boolean {
  const { chainError, hostnameError } = tls.session.verification;
  return Boolean(chainError) || Boolean(hostnameError);
}
