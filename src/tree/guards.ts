import type { TcpConnectResult } from '../probes/tcp-connect.js';
import { identifyProtocol } from '../probes/identify-protocol.js';
import { isLocalAddress } from '../probes/local-listeners/is-local-address.js';
import {
  type Facts,
  forwarderListener,
  handshakeProtocol,
  proxyCarried,
  proxyRoute,
  startTlsSessionOf,
} from './facts.js';
import type { Guard } from './tree-types.js';
import { serverRuleCommand } from './verdicts/server-rule-command.js';
import { type ProtocolScheme, protocolOverTls, protocolSchemes } from '../shared/target.js';

const attempts = (facts: Facts): TcpConnectResult[] => facts.tcp ?? [];
const anyAttempt = (facts: Facts, kind: TcpConnectResult['kind']) => attempts(facts).some((a) => a.kind === kind);
const everyAttempt = (facts: Facts, kind: TcpConnectResult['kind']) =>
  attempts(facts).length > 0 && attempts(facts).every((a) => a.kind === kind);

const dnsConclusion = (facts: Facts) => facts.dns?.conclusion.kind;
const protocolReason = (facts: Facts) =>
  facts.protocol?.reading.kind === 'answered' ? facts.protocol.reading.reason : null;
/** The verdicts a rule on the server decides, which the server-access question leads back to. */
const ruleReasons: ReadonlySet<string> = new Set([
  'server-rejects-client',
  'server-connection-limit',
  'server-requires-tls',
  'authentication-required',
  'authentication-failed',
  // An AMQP vhost that does not exist: `rabbitmqctl list_vhosts` shows it (serverRuleCommand is null for the others).
  'database-missing',
]);
const cutShort = (facts: Facts) =>
  facts.protocol?.reading.kind === 'cut-short' ? facts.protocol.reading.cut.kind : null;
const protocolScheme = (facts: Facts): ProtocolScheme | null =>
  Object.hasOwn(protocolSchemes, facts.target.scheme) ? (facts.target.scheme as ProtocolScheme) : null;

/** A plain-text protocol URL (postgres://, amqp://, mongodb://, …), not a TLS one (rediss://, amqps://, smtps://). */
const plainProtocolScheme = (facts: Facts) => protocolScheme(facts) !== null && !protocolOverTls(facts.target.scheme);
/** The handshake's answer was not its protocol but a TLS record: a TLS-only port's alert for our plain bytes. */
function answeredInTls(facts: Facts): boolean {
  const cut = facts.protocol?.reading.kind === 'cut-short' ? facts.protocol.reading.cut : null;
  if (cut?.kind !== 'not-this-protocol') return false;
  return identifyProtocol(Buffer.from(cut.received.hex.replaceAll(' ', ''), 'hex'))?.id === 'tls';
}

const httpKind = (facts: Facts) => facts.http?.kind;
const httpStatus = (facts: Facts) => (facts.http?.kind === 'response' ? facts.http.status : null);
const truncatedHow = (facts: Facts) => (facts.http?.kind === 'truncated-response' ? facts.http.how : null);
const tlsKind = (facts: Facts) => facts.tls?.kind;
/** The certificate's judgement: the TLS step's, or SMTP's STARTTLS upgrade's (a plain session that went TLS). */
const verification = (facts: Facts) =>
  facts.tls?.kind === 'secure' ? facts.tls.session.verification : (startTlsSessionOf(facts)?.verification ?? null);
const identified = (facts: Facts) => (facts.service?.kind === 'identified' ? facts.service.protocol : null);
const triedAll = (facts: Facts, outcome: 'closed' | 'reset') =>
  facts.service?.kind === 'unknown' &&
  facts.service.tried.length > 0 &&
  facts.service.tried.every((t) => t.outcome === outcome);

/**
 * Every identification attempt ended without a byte, and at least one was hung up on (closed or reset): the port
 * accepts, then drops what it is sent. Silent attempts may be among them: a forwarder can wait on its backend.
 */
function dropped(facts: Facts): boolean {
  const tried = facts.service?.kind === 'unknown' ? facts.service.tried : [];
  return (
    tried.some((t) => t.outcome === 'closed' || t.outcome === 'reset') &&
    tried.every((t) => t.outcome === 'closed' || t.outcome === 'reset' || t.outcome === 'silent')
  );
}

/** The drop was an RST: the HTTP request was reset, or every tcp:// attempt that ended did so with a reset. */
function droppedWithReset(facts: Facts): boolean {
  if (facts.target.scheme === 'http') return guardsHttpReset(facts);
  const ended = facts.service?.kind === 'unknown' ? facts.service.tried.filter((t) => t.outcome !== 'silent') : [];
  return dropped(facts) && ended.every((t) => t.outcome === 'reset');
}

const guardsHttpReset = (facts: Facts) =>
  httpKind(facts) === 'reset-before-response' || truncatedHow(facts) === 'reset';

/** Through the proxy, the answer a working direct path would give did not come. */
function proxyBreaks(facts: Facts): boolean {
  const via = facts.viaProxy;
  if (!via) return false;
  switch (via.kind) {
    case 'tunnel-established':
      // The tunnel works; a TLS session that verifies differently from the direct one is an intercepting proxy.
      return via.tls !== null && (via.tls.kind !== 'secure' || via.tls.session.verification.chainError !== null);
    case 'proxy-answered':
      return via.method === 'CONNECT' || via.status >= 400;
    default:
      return true;
  }
}

/** What nginx and Go's net/http answer when plain HTTP reaches their TLS port. */
const plainToTlsPage = /plain HTTP request was sent to HTTPS port|client sent an HTTP request to an HTTPS server/i;

/** One family answered, the other refused or stayed silent: clients that try the wrong one first fail. */
function familySplit(facts: Facts): boolean {
  const open = new Set(
    attempts(facts)
      .filter((a) => a.kind === 'open')
      .map((a) => a.family),
  );
  const failed = new Set(
    attempts(facts)
      .filter((a) => a.kind !== 'open')
      .map((a) => a.family),
  );
  return open.size === 1 && failed.size === 1 && [...open][0] !== [...failed][0];
}

/** Every guard the tree uses, by name. `describe` is what `--explain` prints for the edge. */
export const guards = {
  always: { describe: 'otherwise', test: () => true },
  'port.missing': { describe: 'the target has no port', test: (f) => f.target.port === null },

  'dns.resolved': {
    describe: 'the name resolved to at least one address',
    test: (f) => dnsConclusion(f) === 'resolved',
  },
  'dns.no-such-host': {
    describe: 'the name does not exist (NXDOMAIN)',
    test: (f) => dnsConclusion(f) === 'no-such-host',
  },
  'dns.no-address': {
    describe: 'the name exists but has no address (NODATA)',
    test: (f) => dnsConclusion(f) === 'no-address',
  },

  'tcp.family-split': { describe: 'one address family connects, the other does not', test: familySplit },
  'tcp.any-open': { describe: 'at least one address accepted the connection', test: (f) => anyAttempt(f, 'open') },
  'tcp.all-refused': { describe: 'every address answered the SYN with RST', test: (f) => everyAttempt(f, 'refused') },
  'tcp.any-timeout': { describe: 'an address never answered the SYN', test: (f) => anyAttempt(f, 'timeout') },
  'tcp.any-host-unreachable': {
    describe: 'a router or the host reported it unreachable',
    test: (f) => anyAttempt(f, 'host-unreachable'),
  },
  'tcp.any-network-unreachable': {
    describe: 'there is no route to the network',
    test: (f) => anyAttempt(f, 'network-unreachable'),
  },
  'tcp.any-blocked-locally': {
    describe: 'this machine refused to send the SYN (a local firewall rule or route)',
    test: (f) => attempts(f).some((a) => a.kind === 'error' && a.errorKind === 'not-permitted'),
  },
  'tcp.any-address-unusable': {
    describe: 'the address cannot be used from this machine',
    test: (f) => attempts(f).some((a) => a.kind === 'error' && a.errorKind === 'address-unavailable'),
  },
  'tcp.any-refused': { describe: 'an address refused the connection', test: (f) => anyAttempt(f, 'refused') },

  'target.local': {
    describe: 'the target is an address of this machine',
    test: (f) => (f.tcp ?? []).length > 0 && (f.tcp ?? []).every((a) => isLocalAddress(a.address)),
  },
  'local.listener-came-up': {
    describe: 'a listener appeared on the refused address, and a second connect was accepted',
    test: (f) => f.localRecheck?.kind === 'open',
  },
  'local.refused-despite-listener': {
    describe: 'a listener holds the refused address, yet a second connect was refused too',
    test: (f) => f.localRecheck !== undefined && f.localRecheck.kind !== 'open',
  },
  'local.listener-elsewhere': {
    describe: 'this machine has a listener on the port, on another address',
    test: (f) => f.local?.kind === 'listeners' && f.local.listeners.length > 0 && f.localRecheck === undefined,
  },
  'scheme.http': { describe: 'the target is an http:// URL', test: (f) => f.target.scheme === 'http' },
  'scheme.https': { describe: 'the target is an https:// URL', test: (f) => f.target.scheme === 'https' },

  'scheme.tcp': { describe: 'the target is a tcp:// address', test: (f) => f.target.scheme === 'tcp' },
  'scheme.protocol': {
    describe: 'the target is a plain-text application protocol URL (ssh://, postgres://, redis://, …)',
    test: (f) => protocolScheme(f) !== null && !protocolSchemes[protocolScheme(f)!].tls,
  },
  'scheme.protocol-tls': {
    describe: 'the target is an application protocol URL over TLS (rediss://, amqps://, smtps://)',
    test: (f) => protocolScheme(f) !== null && protocolSchemes[protocolScheme(f)!].tls,
  },
  'tls.secure-protocol': {
    describe: 'the handshake completed with a trusted certificate, for an application protocol inside TLS',
    test: (f) => tlsKind(f) === 'secure' && protocolScheme(f) !== null,
  },
  'service.handshake-known': {
    describe: 'a tcp:// target identified as a protocol whose handshake reads the server’s own reason',
    test: (f) => f.target.scheme === 'tcp' && f.protocol === undefined && handshakeProtocol(f) !== null,
  },
  'service.protocol-cut-short': {
    describe: 'the handshake was cut short, yet a later connection was answered in the same protocol',
    test: (f) => f.protocol?.reading.kind === 'cut-short' && identified(f)?.id === f.protocol.protocol,
  },
  'protocol.ok': {
    describe: 'the server answered the handshake as a healthy one does',
    test: (f) => protocolReason(f) === 'ok',
  },
  'protocol.rule-on-server': {
    describe: 'a rule on the server decided (access, a limit, a login), and a command on the server shows it',
    test: (f) => ruleReasons.has(protocolReason(f) ?? 'ok') && serverRuleCommand(f) !== null,
  },
  'protocol.rejects-client': {
    describe: 'the server’s access rules refuse this client',
    test: (f) => protocolReason(f) === 'server-rejects-client',
  },
  'protocol.connection-limit': {
    describe: 'the server is at its connection limit',
    test: (f) => protocolReason(f) === 'server-connection-limit',
  },
  'protocol.requires-tls': {
    describe: 'the server requires TLS (or has none where the client requires it)',
    test: (f) => protocolReason(f) === 'server-requires-tls',
  },
  'protocol.auth-required': {
    describe: 'the server needs credentials that were not given',
    test: (f) => protocolReason(f) === 'authentication-required',
  },
  'protocol.auth-failed': {
    describe: 'the credentials from the URL were refused',
    test: (f) => protocolReason(f) === 'authentication-failed',
  },
  'protocol.not-ready': {
    describe: 'the server is starting, shutting down or recovering',
    test: (f) => protocolReason(f) === 'server-not-ready',
  },
  'protocol.database-missing': {
    describe: 'the database asked for does not exist',
    test: (f) => protocolReason(f) === 'database-missing',
  },
  'protocol.version-mismatch': {
    describe: 'the server speaks another version of the protocol',
    test: (f) => protocolReason(f) === 'protocol-version-mismatch',
  },
  'protocol.error-answer': {
    describe: 'the server answered with another error',
    test: (f) => f.protocol?.reading.kind === 'answered',
  },
  'protocol.connect-failed': {
    describe: 'the connection for the handshake failed although the first worked',
    test: (f) => cutShort(f) === 'connect-failed',
  },
  'protocol.tls-failed': {
    describe: 'the TLS upgrade the server agreed to failed',
    test: (f) => cutShort(f) === 'tls-failed',
  },
  'protocol.tls-answer': {
    describe: 'a plain-text protocol URL whose handshake was answered with a TLS record: the port speaks only TLS',
    test: (f) => plainProtocolScheme(f) && answeredInTls(f),
  },
  'service.tls-for-protocol': {
    describe: 'a plain-text protocol URL whose handshake got no answer, on a port that speaks TLS',
    test: (f) => plainProtocolScheme(f) && f.protocol?.reading.kind === 'cut-short' && identified(f)?.id === 'tls',
  },
  'protocol.not-this-protocol': {
    describe: 'bytes of another protocol came back',
    test: (f) => cutShort(f) === 'not-this-protocol',
  },
  'protocol.fallback': {
    describe: 'the handshake ended without an answer (closed, reset, silent) before the service was identified',
    test: (f) => f.protocol?.reading.kind === 'cut-short' && f.service === undefined,
  },
  'protocol.reset': { describe: 'the handshake was reset', test: (f) => cutShort(f) === 'reset' },
  'protocol.closed': { describe: 'the handshake was closed without an answer', test: (f) => cutShort(f) === 'closed' },

  'tls.plaintext': { describe: 'plain bytes came back instead of TLS', test: (f) => tlsKind(f) === 'plaintext-reply' },
  'tls.refused': {
    describe: 'the handshake failed: an alert from the server, or terms we refuse',
    test: (f) => tlsKind(f) === 'alert' || tlsKind(f) === 'handshake-error',
  },
  'tls.expired': {
    describe: 'the certificate is outside its validity dates',
    test: (f) => ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'].includes(verification(f)?.chainError ?? ''),
  },
  'tls.untrusted': {
    describe: 'the certificate chain does not lead to a trusted CA',
    test: (f) => Boolean(verification(f)?.chainError),
  },
  'tls.wrong-name': {
    describe: 'the certificate is not issued for this name',
    test: (f) => Boolean(verification(f)?.hostnameError),
  },
  'tls.secure': {
    describe: 'the handshake completed with a trusted certificate',
    test: (f) => tlsKind(f) === 'secure',
  },
  'tls.answered': {
    describe: 'the port answers a TLS ClientHello in TLS',
    test: (f) => tlsKind(f) === 'secure' || tlsKind(f) === 'alert' || tlsKind(f) === 'handshake-error',
  },
  'tls.http-reply': {
    describe: 'the ClientHello was answered in plain HTTP: an HTTP server',
    test: (f) => f.tls?.kind === 'plaintext-reply' && f.tls.protocol?.id === 'http',
  },
  'tls.silent': { describe: 'no answer to the TLS ClientHello', test: (f) => tlsKind(f) === 'no-response' },
  'tls.connect-failed': {
    describe: 'the connection for the handshake failed although the first worked',
    test: (f) => tlsKind(f) === 'connect-failed',
  },

  'service.tls-for-http': {
    describe: 'an http:// target whose port speaks TLS',
    test: (f) => f.target.scheme === 'http' && identified(f)?.id === 'tls',
  },
  'service.identified-tcp': {
    describe: 'a tcp:// target whose service was identified',
    test: (f) => f.target.scheme === 'tcp' && identified(f) !== null,
  },
  'service.http-for-http': {
    describe: 'an http:// target whose port speaks HTTP',
    test: (f) => f.target.scheme === 'http' && identified(f)?.id === 'http',
  },
  'service.identified': {
    describe: 'the port speaks another protocol, now identified',
    test: (f) => identified(f) !== null,
  },
  'service.dropped': {
    describe:
      'a target other than http:// (which was checked before) whose every attempt got no byte, and at least one was closed or reset',
    test: (f) => f.target.scheme !== 'http' && dropped(f),
  },
  'dropped.reset': {
    describe: 'the drop was a reset (RST), not a clean close',
    test: droppedWithReset,
  },
  'service.all-reset': { describe: 'every attempt was reset', test: (f) => triedAll(f, 'reset') },
  'service.all-closed': { describe: 'every attempt was closed without a byte', test: (f) => triedAll(f, 'closed') },
  'service.connect-failed': {
    describe: 'a connection failed although the first worked',
    test: (f) => f.service?.kind === 'connect-failed',
  },

  'http.tls-port-page': {
    describe: 'the answer says plain HTTP reached a TLS port (nginx, Go)',
    test: (f) =>
      (f.http?.kind === 'response' && f.http.status === 400 && plainToTlsPage.test(f.http.bodyPreview)) ||
      (f.http?.kind === 'not-http' && f.http.protocol?.id === 'tls'),
  },
  'http.upstream-error': {
    describe: 'the answer is 502, 503 or 504',
    test: (f) => [502, 503, 504].includes(httpStatus(f) ?? 0),
  },
  'http.error-status': { describe: 'the answer is another 4xx or 5xx', test: (f) => (httpStatus(f) ?? 0) >= 400 },
  'http.response': { describe: 'the server answered with HTTP', test: (f) => httpKind(f) === 'response' },
  'http.reset': {
    describe: 'the server reset the connection before a complete answer',
    test: guardsHttpReset,
  },
  'http.closed': {
    describe: 'the server closed the connection before a complete answer',
    test: (f) => httpKind(f) === 'closed-without-response' || truncatedHow(f) === 'closed',
  },
  'http.silent': {
    describe: 'no answer came within the budget',
    test: (f) => httpKind(f) === 'no-response' || truncatedHow(f) === 'timeout',
  },
  'http.not-http': {
    describe: 'the answer is not HTTP',
    test: (f) => httpKind(f) === 'not-http' || truncatedHow(f) === 'too-large',
  },
  'http.connect-failed': {
    describe: 'the second connection failed although the first worked',
    test: (f) => httpKind(f) === 'connect-failed',
  },

  'repeat.http-failed': {
    describe: 'some of the repeated requests failed',
    test: (f) => (f.repeatHttp ?? []).some((r) => r.kind !== 'response' || r.status >= 500),
  },
  'keepalive.worth-checking': {
    describe: 'an http:// target, and the symptom is a reset or a hang-up (what a stale pooled connection gives)',
    test: (f) =>
      f.target.scheme === 'http' && (f.symptom?.id === 'reset' || f.symptom?.id === 'closed-without-response'),
  },
  'keepalive.closes-idle': {
    describe: 'the server closes idle keep-alive connections',
    test: (f) => f.keepalive?.kind === 'closed-after-idle',
  },
  'local.forwarder': {
    // A reverse proxy is left out: it may close on purpose (nginx `return 444`), so its close proves no dead backend.
    describe: 'the listener on the port is a port forwarder (docker-proxy, ssh, kubectl, socat, a container runtime)',
    test: (f) => {
      const kind = forwarderListener(f)?.forwarder?.kind;
      return kind !== undefined && kind !== 'reverse-proxy';
    },
  },
  'local.backend-address': {
    describe: "the forwarder's command line names its backend, an address this machine reaches as the forwarder does",
    test: (f) => forwarderListener(f)?.forwarder?.backend?.kind === 'address',
  },
  'backend.failed': {
    describe: "the forwarder's backend refused, stayed silent, was unreachable or did not resolve",
    test: (f) => f.backend?.kind === 'failed' || f.backend?.kind === 'unresolved',
  },
  'repeat.any-failed': { describe: 'some of the repeated connects failed', test: (f) => (f.repeat?.failed ?? 0) > 0 },
  'proxy.applies': {
    describe: 'a proxy variable sends this target through an HTTP proxy',
    test: (f) => {
      const route = proxyRoute(f);
      return route.kind === 'proxy' && route.protocol === 'http';
    },
  },
  'proxy.breaks': {
    describe: 'the request through the proxy fails where the direct one works',
    test: (f) => proxyBreaks(f),
  },
  'proxy.carries': {
    describe:
      "through the proxy the target answers: an HTTP answer that is not the proxy's own refusal, or a CONNECT tunnel (for https, with a finished TLS handshake)",
    test: (f) => proxyCarried(f),
  },
  'repeat.requested': { describe: 'repeated connects were asked for (--repeat)', test: (f) => f.repeatCount !== null },
  'symptom.intermittent': {
    describe: 'the symptom says it fails only sometimes',
    test: (f) => f.symptom?.id === 'intermittent',
  },

  'answer.container': {
    describe: 'the server runs in a container here',
    test: (f) => f.answers['server.location'] === 'container',
  },
  'answer.other-host': {
    describe: 'the server runs on another host',
    test: (f) => f.answers['server.location'] === 'other-host',
  },
  'answer.can-run': {
    describe: 'the user can run a command on the server',
    test: (f) => f.answers['server.access'] === 'yes',
  },
  'answer.loopback-only': {
    describe: 'the server listens on its loopback address only',
    test: (f) => f.answers['server.listeners'] === 'loopback-only',
  },
  'answer.all-addresses': {
    describe: 'the server listens on all addresses',
    test: (f) => f.answers['server.listeners'] === 'all-addresses',
  },
  'answer.reused-resets': {
    describe: 'reused (keep-alive) connections get reset or hung up on',
    test: (f) => f.answers['failure.frequency'] === 'reused-resets',
  },
  'keepalive.answer': {
    describe: 'an http:// target whose reused (keep-alive) connections get reset or hung up on',
    // Once per walk: a keep-alive watch that already ran (after a reset symptom) is not run a second time.
    test: (f) => f.target.scheme === 'http' && f.answers['failure.frequency'] === 'reused-resets' && !f.keepalive,
  },
  'answer.sometimes': {
    describe: 'the failure happens only sometimes',
    test: (f) => f.answers['failure.frequency'] === 'sometimes',
  },
} satisfies Record<string, Guard>;
