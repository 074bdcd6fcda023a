import type { Session, Step } from '../engine/session.js';
import type { HttpResult } from '../probes/http-result.js';
import type { IdentifyAttempt, IdentifyMethod } from '../probes/service-identity.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TcpRepeatResult } from '../probes/tcp-repeat.js';
import type { TlsResult } from '../probes/tls-result.js';
import {
  healthy,
  healthyHttpLabSession,
  port,
  serviceSession,
  serviceStep,
  verdict,
} from './exchange-fixtures.test-helper.js';
import { portCheckSession } from './tls-fixtures.test-helper.js';

/**
 * Sessions of the fault lab's service identification and stability scenarios, as `conn-doctor --demo --json`
 * recorded them (figures as the JSON report rounds them). The repeat session has no lab scenario: it is built
 * from the probe's own shape, as a flaky server produces it.
 */

const attempt = (how: IdentifyMethod, outcome: IdentifyAttempt['outcome']): IdentifyAttempt => ({
  how,
  outcome,
  reply: null,
});

/** The port check of a plain-text server that hangs up on everything. */
const closedHandshake: TlsResult = {
  kind: 'closed-during-handshake',
  how: 'closed',
  firstBytes: null,
  marks: { connectedAt: 10.19, secureAt: null, doneAt: 485.95 },
};

/** `postgres-port`: HTTP closed, TLS closed, and PostgreSQL answers its SSLRequest with `N`. */
export function postgresPortSession(): Session {
  const identify = serviceStep(
    {
      kind: 'identified',
      protocol: { id: 'postgresql', name: 'PostgreSQL', evidence: "answered an SSLRequest with 'N' (no TLS)" },
      how: 'postgres-ssl-request',
      tried: [
        attempt('banner', 'silent'),
        attempt('tls-hello', 'closed'),
        attempt('http-hello', 'closed'),
        attempt('redis-ping', 'closed'),
        { how: 'postgres-ssl-request', outcome: 'identified', reply: { text: 'N', hex: '4e', length: 1 } },
      ],
    },
    "this port speaks PostgreSQL (answered an SSLRequest with 'N' (no TLS))",
    845.03,
  );
  return portCheckSession(
    closedHandshake,
    'the server closed (FIN) the connection during the handshake',
    { ...verdict('unexpected-protocol', `Port ${port} speaks PostgreSQL, not HTTP`), confidence: 'certain' },
    [identify],
  );
}

/** `close-on-accept`: every connection is closed without a byte, whatever is sent. */
export function closeOnAcceptSession(): Session {
  const hows: IdentifyMethod[] = ['banner', 'tls-hello', 'http-hello', 'redis-ping', 'postgres-ssl-request'];
  const identify = serviceStep(
    { kind: 'unknown', tried: hows.map((how) => attempt(how, 'closed')) },
    'not recognised after 5 tries (banner: closed, tls-hello: closed, http-hello: closed, redis-ping: closed, postgres-ssl-request: closed)',
    752.28,
  );
  return portCheckSession(
    closedHandshake,
    'the server closed (FIN) the connection during the handshake',
    verdict('closed-without-response', 'The server closed the connection without answering'),
    [identify],
  );
}

/** `tcp-ssh`: the banner names SSH at once. */
export function tcpSshSession(): Session {
  const reply = {
    text: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n',
    hex: '53 53 48 2d 32 2e 30 2d 4f 70 65 6e 53 53 48 5f 39 2e 32 70 31 20 44 65 62 69 61 6e 2d 32 0d 0a',
    length: 32,
  };
  return serviceSession(
    {
      kind: 'identified',
      protocol: { id: 'ssh', name: 'SSH', evidence: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' },
      how: 'banner',
      tried: [{ how: 'banner', outcome: 'identified', reply }],
    },
    'this port speaks SSH (SSH-2.0-OpenSSH_9.2p1 Debian-2)',
    healthy(),
    26.82,
  );
}

/** `tcp-redis`: silent at first; Redis names itself rejecting the TLS ClientHello as a command. */
export function tcpRedisSession(): Session {
  const text =
    "-ERR unknown command '\\x16\\x03\\x01\\x01j\\x01\\x00\\x01f\\x03\\x03\\xc2\\x80', with args beginning with: '\\x1a\\x13&\\x18'";
  return serviceSession(
    {
      kind: 'identified',
      protocol: { id: 'redis', name: 'Redis', evidence: text },
      how: 'tls-hello',
      tried: [
        attempt('banner', 'silent'),
        { how: 'tls-hello', outcome: 'identified', reply: { text, hex: '2d 45 52 52 20', length: 601 } },
      ],
    },
    `this port speaks Redis (${text.slice(0, 60)})`,
    healthy(),
    1275.65,
  );
}

/** `http-to-nginx-tls-port`: nginx answers a plain request on its TLS port with a 400 page that says so. */
export function nginxTlsPortSession(): Session {
  const session = healthyHttpLabSession();
  const http = session.steps[2]!.details as Extract<HttpResult, { kind: 'response' }>;
  Object.assign(http, {
    status: 400,
    reason: 'Bad Request',
    headers: [
      { name: 'Server', value: 'nginx/1.24.0' },
      { name: 'Content-Type', value: 'text/html' },
    ],
    bodyBytesRead: 255,
    bodyPreview:
      '<html>\\r\\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\\r\\n<body>\\r\\n<center><h1>400 Bad Request</h1></center>\\r\\n<center>The plain HTTP request was sent to HTTPS port</center>\\r\\n<hr><center>nginx/1.24.0</center>\\r\\n</body>\\r\\n</html>\\r\\n',
    marks: { connectedAt: 15.99, secureAt: null, requestWrittenAt: 16.14, firstByteAt: 53.5, doneAt: 53.66 },
  });
  session.steps[2]!.summary = 'HTTP/1.1 400 Bad Request in 53.7 ms';
  session.verdict = {
    ...verdict('plaintext-to-tls-port', `Plain HTTP spoken to a TLS port: port ${port} expects https://`),
    confidence: 'certain',
  };
  return session;
}

/** A healthy exchange, then ten repeated connects of which three failed: an intermittent failure. */
export function flakySession(): Session {
  const open = (connectMs: number): TcpConnectResult => ({
    address: '127.0.0.1',
    family: 4,
    port,
    kind: 'open',
    connectMs,
  });
  const attempts: TcpConnectResult[] = [
    open(0.21),
    open(0.24),
    { address: '127.0.0.1', family: 4, port, kind: 'refused', connectMs: 0.18 },
    open(0.25),
    open(0.22),
    { address: '127.0.0.1', family: 4, port, kind: 'timeout', waitedMs: 1000.4 },
    open(0.31),
    open(0.23),
    { address: '127.0.0.1', family: 4, port, kind: 'refused', connectMs: 0.2 },
    open(0.26),
  ];
  const repeat: TcpRepeatResult = {
    attempts,
    succeeded: 7,
    failed: 3,
    connectMs: { min: 0.21, median: 0.24, p95: 0.31, max: 0.31 },
  };
  const step: Step = {
    id: 'tcp.repeat',
    kind: 'tcp.repeat',
    title: 'Connect again and again',
    outcome: 'mixed',
    summary: '7 of 10 connects succeeded; connect min 0.21 ms, median 0.24 ms, max 0.31 ms',
    durationMs: 1903.7,
    details: repeat,
  };
  const session = healthyHttpLabSession();
  session.steps.push(step);
  session.verdict = verdict('intermittent-failures', 'Some connections fail, others succeed');
  return session;
}
