import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { Facts } from './facts.js';
import type { Guard } from './tree-types.js';

const attempts = (facts: Facts): TcpConnectResult[] => facts.tcp ?? [];
const anyAttempt = (facts: Facts, kind: TcpConnectResult['kind']) => attempts(facts).some((a) => a.kind === kind);
const everyAttempt = (facts: Facts, kind: TcpConnectResult['kind']) =>
  attempts(facts).length > 0 && attempts(facts).every((a) => a.kind === kind);

const dnsConclusion = (facts: Facts) => facts.dns?.conclusion.kind;
const httpKind = (facts: Facts) => facts.http?.kind;
const httpStatus = (facts: Facts) => (facts.http?.kind === 'response' ? facts.http.status : null);
const truncatedHow = (facts: Facts) => (facts.http?.kind === 'truncated-response' ? facts.http.how : null);
const bannerKind = (facts: Facts) => facts.banner?.kind;

/** One family answered, the other refused or stayed silent: clients that try the wrong one first fail. */
function familySplit(facts: Facts): boolean {
  const open = new Set(attempts(facts).filter((a) => a.kind === 'open').map((a) => a.family));
  const failed = new Set(attempts(facts).filter((a) => a.kind !== 'open').map((a) => a.family));
  return open.size === 1 && failed.size === 1 && [...open][0] !== [...failed][0];
}

/** Every guard the tree uses, by name. `describe` is what `--explain` prints for the edge. */
export const guards = {
  always: { describe: 'otherwise', test: () => true },
  'port.missing': { describe: 'the target has no port', test: (f) => f.target.port === null },

  'dns.resolved': { describe: 'the name resolved to at least one address', test: (f) => dnsConclusion(f) === 'resolved' },
  'dns.no-such-host': { describe: 'the name does not exist (NXDOMAIN)', test: (f) => dnsConclusion(f) === 'no-such-host' },
  'dns.no-address': { describe: 'the name exists but has no address (NODATA)', test: (f) => dnsConclusion(f) === 'no-address' },

  'tcp.family-split': { describe: 'one address family connects, the other does not', test: familySplit },
  'tcp.any-open': { describe: 'at least one address accepted the connection', test: (f) => anyAttempt(f, 'open') },
  'tcp.all-refused': { describe: 'every address answered the SYN with RST', test: (f) => everyAttempt(f, 'refused') },
  'tcp.any-timeout': { describe: 'an address never answered the SYN', test: (f) => anyAttempt(f, 'timeout') },
  'tcp.any-host-unreachable': { describe: 'a router or the host reported it unreachable', test: (f) => anyAttempt(f, 'host-unreachable') },
  'tcp.any-network-unreachable': { describe: 'there is no route to the network', test: (f) => anyAttempt(f, 'network-unreachable') },
  'tcp.any-blocked-locally': {
    describe: 'this machine refused to send the SYN (a local firewall rule or route)',
    test: (f) => attempts(f).some((a) => a.kind === 'error' && a.errorKind === 'not-permitted'),
  },
  'tcp.any-address-unusable': {
    describe: 'the address cannot be used from this machine',
    test: (f) => attempts(f).some((a) => a.kind === 'error' && a.errorKind === 'address-unavailable'),
  },
  'tcp.any-refused': { describe: 'an address refused the connection', test: (f) => anyAttempt(f, 'refused') },

  'scheme.http': { describe: 'the target is an http:// URL', test: (f) => f.target.scheme === 'http' },
  'scheme.https': { describe: 'the target is an https:// URL', test: (f) => f.target.scheme === 'https' },

  'http.upstream-error': { describe: 'the answer is 502, 503 or 504', test: (f) => [502, 503, 504].includes(httpStatus(f) ?? 0) },
  'http.error-status': { describe: 'the answer is another 4xx or 5xx', test: (f) => (httpStatus(f) ?? 0) >= 400 },
  'http.response': { describe: 'the server answered with HTTP', test: (f) => httpKind(f) === 'response' },
  'http.reset': {
    describe: 'the server reset the connection before a complete answer',
    test: (f) => httpKind(f) === 'reset-before-response' || truncatedHow(f) === 'reset',
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
  'http.connect-failed': { describe: 'the second connection failed although the first worked', test: (f) => httpKind(f) === 'connect-failed' },

  'repeat.any-failed': { describe: 'some of the repeated connects failed', test: (f) => (f.repeat?.failed ?? 0) > 0 },
  'symptom.intermittent': { describe: 'the symptom says it fails only sometimes', test: (f) => f.symptom?.id === 'intermittent' },

  'answer.container': { describe: 'the server runs in a container here', test: (f) => f.answers['server.location'] === 'container' },
  'answer.other-host': { describe: 'the server runs on another host', test: (f) => f.answers['server.location'] === 'other-host' },
  'answer.can-run': { describe: 'the user can run a command on the server', test: (f) => f.answers['server.access'] === 'yes' },
  'answer.loopback-only': {
    describe: 'the server listens on its loopback address only',
    test: (f) => f.answers['server.listeners'] === 'loopback-only',
  },
  'answer.all-addresses': {
    describe: 'the server listens on all addresses',
    test: (f) => f.answers['server.listeners'] === 'all-addresses',
  },
  'answer.sometimes': { describe: 'the failure happens only sometimes', test: (f) => f.answers['failure.frequency'] === 'sometimes' },

  'banner.closed': { describe: 'the server closed the connection without a byte', test: (f) => bannerKind(f) === 'closed' },
  'banner.reset': { describe: 'the server reset the connection', test: (f) => bannerKind(f) === 'reset' },
  'banner.connect-failed': { describe: 'the second connection failed although the first worked', test: (f) => bannerKind(f) === 'connect-failed' },
} satisfies Record<string, Guard>;
