import tls from 'node:tls';
import type { SocketFactory } from '../../probes/budgeted-socket.js';
import { httpRequest } from '../../probes/http-request.js';
import { contextFor } from '../../probes/tls-handshake.js';
import type { HttpResult } from '../../probes/http-result.js';
import { hostPort } from '../../tree/commands.js';
import { portOf, type Facts } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import type { Credentials } from '../target.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';
import { serverNameOf } from './tls-step.js';
import { trustStoreFor } from './trust.js';

function summarise(http: HttpResult): string {
  switch (http.kind) {
    case 'response':
      return `HTTP/${http.httpVersion} ${http.status} ${http.reason}`.trim() + ` in ${ms(http.marks.doneAt)}`;
    case 'reset-before-response':
      return `reset (RST) before any response, after ${ms(http.marks.doneAt)}`;
    case 'closed-without-response':
      return `closed (FIN) with no byte of response, after ${ms(http.marks.doneAt)}`;
    case 'no-response':
      return `no byte of response within ${ms(http.waitedMs)}`;
    case 'not-http':
      return `not HTTP${http.protocol ? ` (${http.protocol.name})` : ''}: "${http.firstBytes.text.slice(0, 60)}"`;
    case 'truncated-response':
      return `incomplete HTTP head (${http.how}): "${http.firstBytes.text.slice(0, 60)}"`;
    case 'connect-failed':
      return `connect failed this time: ${attemptLine(http.connect)}`;
    case 'aborted':
      return 'cancelled';
  }
}

const basicAuth = (credentials: Credentials | null) =>
  credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : null;

/**
 * For https, the request goes over TLS with the same trust as the handshake step. The certificate was judged
 * there already (this step runs only after a trusted handshake), so this connection does not refuse it again.
 */
async function tlsSockets(facts: Facts): Promise<SocketFactory> {
  const { ca } = await trustStoreFor(facts.caFile);
  const servername = serverNameOf(facts) ?? undefined;
  return ({ address, port }) =>
    tls.connect({ host: address, port, servername, secureContext: contextFor(ca), rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
}

export const httpStep: StepRunner = async ({ facts, budget, credentials }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('http.request reached without an open address');
  const port = portOf(facts);
  const defaultPort = facts.target.scheme === 'https' ? 443 : 80;
  const { host } = facts.target;
  const hostHeader = port !== defaultPort ? hostPort(host, port) : host.includes(':') ? `[${host}]` : host;
  const http = await httpRequest(
    { address: open.address, family: open.family, port },
    { hostHeader, path: facts.target.path, authorization: basicAuth(credentials) },
    budget,
    facts.target.scheme === 'https' ? await tlsSockets(facts) : undefined,
  );
  return { patch: { http }, outcome: http.kind, summary: summarise(http), details: http };
};
