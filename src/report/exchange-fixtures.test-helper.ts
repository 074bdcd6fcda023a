import type { ProxyDecision } from '../probes/proxy-settings.js';
import type { Session, Step } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { HttpResult } from '../probes/http-result.js';
import type { IdentifyAttempt, IdentifyMethod, ServiceIdentity } from '../probes/service-identity.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { ControlFacts } from '../tree/facts.js';
import type { StepOutcome } from '../tree/step-kinds.js';
import type { Verdict } from '../tree/verdict-ids.js';

/** The proxy route of a run with no proxy variables set. */
const noProxy: ProxyDecision = {
  kind: 'direct',
  reason: 'no proxy set',
  excludedBy: null,
  variables: [],
  ignoredNoProxyEntries: [],
  upperCaseHttpProxy: null,
};

/**
 * Sessions of the fault lab's scenarios, as `conn-doctor --demo --json` recorded them (figures unrounded
 * where the engine keeps them so; titles, summaries and verdicts copied). Unreachable hosts and networks
 * come from the netns e2e test's shapes, which loopback cannot produce. Each call returns a fresh copy.
 */

export const port = 38321;

export function literalDns(host = '127.0.0.1'): Step {
  const dns: DnsFacts = {
    name: host,
    mode: 'ip-literal',
    hostsFile: null,
    system: null,
    queries: null,
    addresses: [{ address: host, family: host.includes(':') ? 6 : 4 }],
    disagreement: null,
    conclusion: { kind: 'resolved' },
    durationMs: 0.004,
  };
  const summary = `${host} is an IP address: nothing to resolve`;
  return {
    id: 'dns.lookup',
    kind: 'dns.resolve',
    title: 'Resolve the name',
    outcome: 'resolved',
    summary,
    durationMs: 0.02,
    details: dns,
  };
}

export function connectStep(
  attempts: TcpConnectResult[],
  outcome: StepOutcome<'tcp.connect-all'>,
  summary: string,
): Step {
  const durationMs = Math.max(...attempts.map((a) => ('connectMs' in a ? a.connectMs : a.waitedMs))) + 0.11;
  return {
    id: 'tcp.connect',
    kind: 'tcp.connect-all',
    title: 'Connect to every address',
    outcome,
    summary,
    durationMs,
    details: attempts,
  };
}

export const openAttempt = (address = '127.0.0.1'): Extract<TcpConnectResult, { kind: 'open' }> => ({
  address,
  family: address.includes(':') ? 6 : 4,
  port,
  kind: 'open',
  connectMs: 0.251837,
});

export function httpStep(http: HttpResult, summary: string): Step {
  const durationMs = 'marks' in http ? http.marks.doneAt + 0.2 : 0.5;
  return {
    id: 'http.request',
    kind: 'http.request',
    title: 'Send an HTTP request',
    outcome: http.kind,
    summary,
    durationMs,
    details: http,
  };
}

export function serviceStep(identity: ServiceIdentity, summary: string, durationMs = 26.82): Step {
  return {
    id: 'service.identify',
    kind: 'service.identify',
    title: 'Find out what speaks on the port',
    outcome: identity.kind,
    summary,
    durationMs,
    details: identity,
  };
}

export const healthy = (): Verdict => ({
  ...verdict('healthy', 'The connection works end to end'),
  confidence: 'certain',
});

export function verdict(id: Verdict['id'], title: string): Verdict {
  return { id, title, summary: `${title}.`, confidence: 'likely', evidence: [], nextSteps: [] };
}

export function labSession(steps: Step[], result: Verdict, target = `http://127.0.0.1:${port}/`): Session {
  // Lab targets always name their port, which URL would drop for :80.
  const [, scheme = 'http', bracketed = '', portText = '0', path = '/'] =
    /^(\w+):\/\/([^/]+):(\d+)(\/.*)?$/.exec(target) ?? [];
  const host = bracketed.replace(/^\[|\]$/g, '');
  return {
    target: {
      input: target,
      scheme: scheme === 'tcp' || scheme === 'https' ? scheme : 'http',
      host,
      hostKind: /^[\d.]+$/.test(host)
        ? 'ipv4'
        : host.includes(':')
          ? 'ipv6'
          : host === 'localhost'
            ? 'localhost'
            : 'name',
      port: Number(portText),
      path,
    },
    symptom: null,
    symptomReproduced: null,
    environment: {
      platform: 'linux',
      node: 'v20.20.2',
      dnsServer: null,
      caFile: null,
      proxy: noProxy,
      timeoutMs: 1000,
    },
    startedAt: '2026-11-25T00:42:29.101Z',
    finishedAt: '2026-11-25T00:42:29.180Z',
    steps,
    answers: [],
    verdict: result,
  };
}

/** `closed-port`: the SYN is answered by RST. */
export function refusedSession(): Session {
  const attempt: TcpConnectResult = { address: '127.0.0.1', family: 4, port, kind: 'refused', connectMs: 0.287149 };
  return labSession(
    [literalDns(), connectStep([attempt], 'refused', `127.0.0.1:${port} refused (RST) in 0.29 ms`)],
    verdict('no-listener', `Nothing listens on port ${port}`),
  );
}

/** `syn-queue-full`: no SYN-ACK within the budget; the control ports answer with RST. */
export function filteredSession(): Session {
  const attempt: TcpConnectResult = { address: '127.0.0.1', family: 4, port, kind: 'timeout', waitedMs: 1001.139 };
  const control: ControlFacts = {
    address: '127.0.0.1',
    attempts: [
      { address: '127.0.0.1', family: 4, port: 22, kind: 'refused', connectMs: 0.47 },
      { address: '127.0.0.1', family: 4, port: 80, kind: 'refused', connectMs: 0.41 },
    ],
  };
  const controlStep: Step = {
    id: 'tcp.control',
    kind: 'tcp.control',
    title: 'Check other ports of the same host',
    outcome: 'host-answers',
    summary:
      'the host answers on other ports: 127.0.0.1:22 refused (RST) in 0.47 ms; 127.0.0.1:80 refused (RST) in 0.41 ms',
    durationMs: 0.79,
    details: control,
  };
  return labSession(
    [literalDns(), connectStep([attempt], 'timeout', `127.0.0.1:${port} silent (no SYN-ACK in 1001 ms)`), controlStep],
    verdict('port-filtered', `Port ${port} is filtered: packets are dropped silently`),
  );
}

/** A router answers the SYN with ICMP host unreachable (the netns test's 192.0.2.7). */
export function hostUnreachableSession(): Session {
  const attempt: TcpConnectResult = {
    address: '192.0.2.7',
    family: 4,
    port: 80,
    kind: 'host-unreachable',
    connectMs: 3.0712,
    errno: 'EHOSTUNREACH',
  };
  return labSession(
    [
      literalDns('192.0.2.7'),
      connectStep([attempt], 'host-unreachable', '192.0.2.7:80 host-unreachable (EHOSTUNREACH) in 3.07 ms'),
    ],
    verdict('host-unreachable', '192.0.2.7 is unreachable'),
    'http://192.0.2.7:80/',
  );
}

/** No route to the network (the netns test's 203.0.113.5): nothing is sent. */
export function networkUnreachableSession(): Session {
  const attempt: TcpConnectResult = {
    address: '203.0.113.5',
    family: 4,
    port: 80,
    kind: 'network-unreachable',
    connectMs: 0.0931,
    errno: 'ENETUNREACH',
  };
  return labSession(
    [
      literalDns('203.0.113.5'),
      connectStep([attempt], 'network-unreachable', '203.0.113.5:80 network-unreachable (ENETUNREACH) in 0.09 ms'),
    ],
    verdict('network-unreachable', 'No route to 203.0.113.5'),
    'http://203.0.113.5:80/',
  );
}

/** `healthy-http`: 200 OK. */
export function healthyHttpLabSession(): Session {
  const http: HttpResult = {
    kind: 'response',
    status: 200,
    reason: 'OK',
    httpVersion: '1.1',
    headers: [
      { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
      { name: 'Content-Length', value: '7' },
      { name: 'Connection', value: 'close' },
    ],
    bodyBytesRead: 7,
    bodyPreview: '',
    marks: {
      connectedAt: 0.271408,
      secureAt: null,
      requestWrittenAt: 0.316702,
      firstByteAt: 1.873391,
      doneAt: 2.041127,
    },
  };
  return labSession(
    [
      literalDns(),
      connectStep([openAttempt()], 'open', `127.0.0.1:${port} open in 0.25 ms`),
      httpStep(http, 'HTTP/1.1 200 OK in 2.04 ms'),
    ],
    healthy(),
  );
}

/** `bad-gateway`: the connection is fine, the answer is 502. */
export function badGatewaySession(): Session {
  const session = healthyHttpLabSession();
  const http = session.steps[2]!.details as Extract<HttpResult, { kind: 'response' }>;
  http.status = 502;
  http.reason = 'Bad Gateway';
  session.steps[2]!.summary = 'HTTP/1.1 502 Bad Gateway in 2.04 ms';
  session.verdict = verdict('http-upstream-error', '502 from a proxy or gateway: its upstream failed');
  return session;
}

/** An exchange that ended without a response, after the TCP step found the port open. */
function failedExchange(http: HttpResult, summary: string, result: Verdict): Session {
  return labSession(
    [literalDns(), connectStep([openAttempt()], 'open', `127.0.0.1:${port} open in 0.25 ms`), httpStep(http, summary)],
    result,
  );
}

/** `reset-after-request`: handshake, request, RST. */
export function resetAfterRequestSession(): Session {
  return failedExchange(
    {
      kind: 'reset-before-response',
      marks: { connectedAt: 8.63, secureAt: null, requestWrittenAt: 8.7, firstByteAt: null, doneAt: 25.4 },
    },
    'reset (RST) before any response, after 25.4 ms',
    verdict('reset-after-accept', 'The server accepted the connection, then reset it'),
  );
}

/** `reset-on-accept`: the RST beat the connect event, so no request went out. */
export function resetOnAcceptSession(): Session {
  return failedExchange(
    {
      kind: 'reset-before-response',
      marks: { connectedAt: null, secureAt: null, requestWrittenAt: null, firstByteAt: null, doneAt: 8.2 },
    },
    'reset (RST) before any response, after 8.2 ms',
    verdict('reset-after-accept', 'The server accepted the connection, then reset it'),
  );
}

/** `close-after-request`: handshake, request, FIN with no byte. */
export function closedWithoutResponseSession(): Session {
  return failedExchange(
    {
      kind: 'closed-without-response',
      marks: { connectedAt: 8.26, secureAt: null, requestWrittenAt: 8.32, firstByteAt: null, doneAt: 27.87 },
    },
    'closed (FIN) with no byte of response, after 27.9 ms',
    verdict('closed-without-response', 'The server closed the connection without answering'),
  );
}

/** `silent-server`: handshake, request, then nothing for the budget. */
export function noResponseSession(): Session {
  return failedExchange(
    {
      kind: 'no-response',
      waitedMs: 992.83,
      marks: { connectedAt: 8.06, secureAt: null, requestWrittenAt: 8.11, firstByteAt: null, doneAt: 1000.98 },
    },
    'no byte of response within 993 ms',
    verdict('no-response', 'The server accepted the connection but never answered'),
  );
}

/** `ssh-banner`: HTTP sent to an SSH server. */
export function sshBannerSession(): Session {
  return failedExchange(
    {
      kind: 'not-http',
      firstBytes: {
        text: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n',
        hex: '53 53 48 2d 32 2e 30 2d 4f 70 65 6e 53 53 48 5f 39 2e 32 70 31 20 44 65 62 69 61 6e 2d 32 0d 0a',
        length: 32,
      },
      protocol: { id: 'ssh', name: 'SSH', evidence: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' },
      marks: { connectedAt: 6.47, secureAt: null, requestWrittenAt: 6.59, firstByteAt: 10.79, doneAt: 12.52 },
    },
    'not HTTP (SSH): "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n"',
    verdict('unexpected-protocol', `Port ${port} speaks SSH, not HTTP`),
  );
}

/** `garbage-bytes`: binary noise, no protocol recognised (first bytes as the probe made them visible). */
export function garbageSession(): Session {
  const text =
    '\\xff\\x80\\x0cWP\\xe4z\\xe7a\\xe8\\xd94\\xeeR\\x8d\\xa8\\xdc{o?g\\xef\\x82\\xc8\\xfb\\x9fc#k}\\x00\\x01';
  return failedExchange(
    {
      kind: 'not-http',
      firstBytes: {
        text,
        hex: 'ff 80 0c 57 50 e4 7a e7 61 e8 d9 34 ee 52 8d a8 dc 7b 6f 3f 67 ef 82 c8 fb 9f 63 23 6b 7d 00 01',
        length: 512,
      },
      protocol: null,
      marks: { connectedAt: 7.02, secureAt: null, requestWrittenAt: 7.1, firstByteAt: 9.3, doneAt: 12.77 },
    },
    `not HTTP: "${text.slice(0, 60)}"`,
    verdict('unexpected-protocol', `Port ${port} does not answer in HTTP`),
  );
}

/** A `tcp://` target: connect, then find out what speaks on the port. */
export function serviceSession(
  identity: ServiceIdentity,
  summary: string,
  result: Verdict,
  durationMs = 3000.2,
): Session {
  return labSession(
    [
      literalDns(),
      connectStep([openAttempt()], 'open', `127.0.0.1:${port} open in 0.25 ms`),
      serviceStep(identity, summary, durationMs),
    ],
    result,
    `tcp://127.0.0.1:${port}`,
  );
}

/** `healthy-tcp`: the server waits for the client to speak, and answers none of the hellos. */
export function healthyTcpSession(): Session {
  const silent = (how: IdentifyMethod): IdentifyAttempt => ({ how, outcome: 'silent', reply: null });
  return serviceSession(
    {
      kind: 'unknown',
      tried: [
        silent('banner'),
        silent('tls-hello'),
        silent('http-hello'),
        silent('redis-ping'),
        silent('postgres-ssl-request'),
      ],
    },
    'not recognised after 5 tries (banner: silent, tls-hello: silent, http-hello: silent, redis-ping: silent, postgres-ssl-request: silent)',
    healthy(),
  );
}

/** `ipv4-only`: the name has both families, the service listens on IPv4 only. */
export function familySplitSession(): Session {
  const attempts: TcpConnectResult[] = [
    { address: '::1', family: 6, port, kind: 'refused', connectMs: 10.71 },
    { address: '127.0.0.1', family: 4, port, kind: 'open', connectMs: 10.68 },
  ];
  const dns: DnsFacts = {
    ...(literalDns().details as DnsFacts),
    name: 'dual.lab.test',
    mode: 'dns-server',
    addresses: [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ],
    durationMs: 32.76,
  };
  const steps: Step[] = [
    {
      id: 'dns.lookup',
      kind: 'dns.resolve',
      title: 'Resolve the name',
      outcome: 'resolved',
      summary: 'dual.lab.test → ::1, 127.0.0.1 in 32.8 ms',
      durationMs: 34.93,
      details: dns,
    },
    connectStep(attempts, 'mixed', `[::1]:${port} refused (RST) in 10.7 ms; 127.0.0.1:${port} open in 10.7 ms`),
  ];
  const session = labSession(
    steps,
    verdict('address-family-mismatch', 'The service listens on IPv4 only; IPv6 fails'),
    `http://dual.lab.test:${port}/`,
  );
  session.environment.dnsServer = '127.0.0.1:49878';
  return session;
}

/** A lab DNS scenario: the name does not resolve, so no connection is attempted. */
export function dnsFailureSession(conclusion: DnsFacts['conclusion'], name = 'nxdomain.lab.test'): Session {
  const dns: DnsFacts = {
    name,
    mode: 'dns-server',
    hostsFile: null,
    system: null,
    queries: {
      servers: ['127.0.0.1:49878'],
      a: { kind: 'error', code: 'nxdomain', errno: 'ENOTFOUND', durationMs: 27.58 },
      aaaa: { kind: 'error', code: 'nxdomain', errno: 'ENOTFOUND', durationMs: 27.45 },
      cname: { kind: 'error', code: 'nxdomain', errno: 'ENOTFOUND', durationMs: 27.34 },
    },
    addresses: [],
    disagreement: null,
    conclusion,
    durationMs: 28.06,
  };
  const step: Step = {
    id: 'dns.lookup',
    kind: 'dns.resolve',
    title: 'Resolve the name',
    outcome: conclusion.kind,
    summary: `${name}: no such name (NXDOMAIN) in 28.1 ms`,
    durationMs: 28.48,
    details: dns,
  };
  const session = labSession(
    [step],
    verdict('dns-no-such-host', `The name ${name} does not exist`),
    `http://${name}:80/`,
  );
  session.environment.dnsServer = '127.0.0.1:49878';
  return session;
}
