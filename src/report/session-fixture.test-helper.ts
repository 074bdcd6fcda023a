import type { ProxyDecision } from '../probes/proxy-settings.js';
import type { Session } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { HttpResult } from '../probes/http-result.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';

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
 * Sessions shaped like the engine's, for report tests: typed against the real probe results, with the
 * unrounded `performance.now()` figures probes produce. Each call returns a fresh copy to mutate.
 */

/**
 * `localhost`, port 8080 chosen when asked, symptom ECONNREFUSED: both loopback addresses answer the SYN with
 * RST. The engine writes the answered port into the session's target.
 */
export function noListenerSession(): Session {
  const dns: DnsFacts = {
    name: 'localhost',
    mode: 'localhost',
    hostsFile: {
      kind: 'read',
      path: '/etc/hosts',
      addresses: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
    },
    system: {
      kind: 'addresses',
      addresses: [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
      durationMs: 0.41283,
    },
    queries: null,
    addresses: [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ],
    disagreement: null,
    conclusion: { kind: 'resolved' },
    durationMs: 0.612345,
  };
  const tcp: TcpConnectResult[] = [
    { address: '::1', family: 6, port: 8080, kind: 'refused', connectMs: 0.287149 },
    { address: '127.0.0.1', family: 4, port: 8080, kind: 'refused', connectMs: 0.191822 },
  ];
  return {
    target: { input: 'localhost', scheme: 'tcp', host: 'localhost', hostKind: 'localhost', port: 8080, path: '/' },
    symptom: {
      input: 'ECONNREFUSED',
      id: 'refused',
      source: 'Node.js ECONNREFUSED',
      meaning: 'The peer answered the connection request with RST: nothing listens on that address and port.',
    },
    symptomReproduced: true,
    environment: {
      platform: 'linux',
      node: 'v20.20.2',
      dnsServer: null,
      caFile: null,
      proxy: noProxy,
      timeoutMs: 3000,
    },
    startedAt: '2025-11-25T09:14:03.120Z',
    finishedAt: '2025-11-25T09:14:03.127Z',
    steps: [
      {
        id: 'dns.lookup',
        kind: 'dns.resolve',
        title: 'Resolve the name',
        outcome: 'resolved',
        summary: 'localhost → ::1, 127.0.0.1 in 0.61 ms (loopback, no DNS query)',
        durationMs: 0.612345,
        details: dns,
      },
      {
        id: 'tcp.connect',
        kind: 'tcp.connect-all',
        title: 'Connect to every address',
        outcome: 'refused',
        summary: '[::1]:8080 refused (RST) in 0.29 ms; 127.0.0.1:8080 refused (RST) in 0.19 ms',
        durationMs: 0.334871,
        details: tcp,
      },
    ],
    answers: [
      {
        id: 'target.port',
        question: 'Which port does the service listen on?',
        value: '8080',
        answer: '8080 (HTTP alternate)',
        defaulted: false,
      },
    ],
    verdict: {
      id: 'no-listener',
      title: 'Nothing listens on localhost port 8080',
      summary:
        'Every address of localhost answered the connection request with a reset (RST): the kernel has no socket listening on port 8080, so the service is down or listens on another port.',
      confidence: 'certain',
      evidence: [
        '::1 port 8080 answered the SYN with RST in 0.29 ms',
        '127.0.0.1 port 8080 answered the SYN with RST in 0.19 ms',
        'No process on this machine listens on port 8080',
      ],
      nextSteps: [
        "See what listens on port 8080 on this machine: `sudo ss -ltnp 'sport = :8080'`",
        'Start the service, or check the port in its configuration; then try again: `nc -vz -w 3 localhost 8080`',
      ],
    },
  };
}

/** `http://admin:***@127.0.0.1:8080/health?verbose=1` answered 200 OK: healthy end to end. */
export function healthyHttpSession(): Session {
  const dns: DnsFacts = {
    name: '127.0.0.1',
    mode: 'ip-literal',
    hostsFile: null,
    system: null,
    queries: null,
    addresses: [{ address: '127.0.0.1', family: 4 }],
    disagreement: null,
    conclusion: { kind: 'resolved' },
    durationMs: 0.003912,
  };
  const tcp: TcpConnectResult[] = [{ address: '127.0.0.1', family: 4, port: 8080, kind: 'open', connectMs: 0.248113 }];
  const http: HttpResult = {
    kind: 'response',
    status: 200,
    reason: 'OK',
    httpVersion: '1.1',
    headers: [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Server', value: 'lab/1.0' },
      { name: 'Set-Cookie', value: '[redacted]' },
    ],
    bodyBytesRead: 15,
    bodyPreview: '',
    marks: {
      connectedAt: 0.271408,
      secureAt: null,
      requestWrittenAt: 0.316702,
      firstByteAt: 1.873391,
      doneAt: 2.041127,
    },
  };
  return {
    target: {
      input: 'http://admin:***@127.0.0.1:8080/health?verbose=1',
      scheme: 'http',
      host: '127.0.0.1',
      hostKind: 'ipv4',
      port: 8080,
      path: '/health?verbose=1',
    },
    symptom: null,
    symptomReproduced: null,
    environment: {
      platform: 'linux',
      node: 'v20.20.2',
      dnsServer: null,
      caFile: null,
      proxy: noProxy,
      timeoutMs: 3000,
    },
    startedAt: '2025-11-25T09:20:41.002Z',
    finishedAt: '2025-11-25T09:20:41.009Z',
    steps: [
      {
        id: 'dns.lookup',
        kind: 'dns.resolve',
        title: 'Resolve the name',
        outcome: 'resolved',
        summary: '127.0.0.1 is an IP address: nothing to resolve',
        durationMs: 0.003912,
        details: dns,
      },
      {
        id: 'tcp.connect',
        kind: 'tcp.connect-all',
        title: 'Connect to every address',
        outcome: 'open',
        summary: '127.0.0.1:8080 open in 0.25 ms',
        durationMs: 0.248113,
        details: tcp,
      },
      {
        id: 'http.request',
        kind: 'http.request',
        title: 'Send an HTTP request',
        outcome: 'response',
        summary: 'HTTP/1.1 200 OK in 2.04 ms',
        durationMs: 2.041127,
        details: http,
      },
    ],
    answers: [],
    verdict: {
      id: 'healthy',
      title: 'The target is healthy',
      summary: '127.0.0.1 port 8080 accepted the connection and answered the HTTP request with 200 OK.',
      confidence: 'certain',
      evidence: ['TCP connect to 127.0.0.1:8080 in 0.25 ms', 'HTTP/1.1 200 OK after 1.87 ms'],
      nextSteps: [],
    },
  };
}
