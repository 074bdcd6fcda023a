import { withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import { sampleBody } from './http-body-sample.js';
import { responseFields } from './http-request.js';
import { createHeadReader, type ResponseHead } from './http-response-head.js';
import type { HttpResult } from './http-result.js';
import { identifyProtocol } from './identify-protocol.js';
import type { PhaseMarks } from '../shared/phase-timings.js';
import type { ProbeBudget } from './probe-budget.js';
import { proxyAnswer } from './proxy-answer.js';
import type { ProxyResponse, ProxyResult } from './proxy-result.js';
import { classifySocketError } from './socket-error.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { tlsHandshake, type TlsHandshakeOptions } from './tls-handshake.js';
import type { TlsResult } from './tls-result.js';
import { visibleBytes } from './visible-bytes.js';

/** The handshake to make through the tunnel, for an https target. */
export interface TunnelTls {
  /** The target, as the TLS result names it: its host (name or address) and port. */
  endpoint: TcpEndpoint;
  options: TlsHandshakeOptions;
}

/** Bounds a hostile proxy cannot push us past: bytes of head kept, header lines. */
const HEAD_LIMITS = { maxBytes: 16 * 1024, maxLines: 100 };

/**
 * Sends `connectHead` (a complete CONNECT request) to the proxy and reads its answer head. A 2xx opens the
 * tunnel: the head ends the answer (no body follows a 2xx to CONNECT), and what comes after it is the target's.
 * Any other answer ends the probe at its head, with the body bytes that came with it as the preview. One
 * deadline covers connect, answer and the TLS handshake through the tunnel. Never throws.
 */
export function openTunnel(
  proxy: TcpEndpoint,
  connectHead: string,
  tls: TunnelTls | null,
  budget: ProbeBudget,
  connect: SocketFactory,
  credentialsSent: boolean,
): Promise<ProxyResult> {
  const marks: Omit<PhaseMarks, 'doneAt'> = {
    connectedAt: null,
    secureAt: null,
    requestWrittenAt: null,
    firstByteAt: null,
  };
  const reader = createHeadReader(HEAD_LIMITS);
  let tunnel: { response: ProxyResponse; openedAt: number } | null = null;

  const marksAt = (doneAt: number): PhaseMarks => ({ ...marks, doneAt });
  const firstBytes = () => visibleBytes(reader.bytes());
  const answer = (result: HttpResult) => proxyAnswer(result, 'CONNECT', credentialsSent);
  const notHttp = (doneAt: number): HttpResult => {
    const bytes = reader.bytes();
    return {
      kind: 'not-http',
      firstBytes: visibleBytes(bytes),
      protocol: identifyProtocol(bytes),
      marks: marksAt(doneAt),
    };
  };
  const outcomes = {
    aborted: (): ProxyResult => ({ kind: 'aborted' }),
    deadline: (now: number): ProxyResult => {
      // Normally the handshake's own, shorter deadline ends that phase first; this is the backstop.
      if (tunnel)
        return { kind: 'tunnel-established', response: tunnel.response, tls: tlsTimedOut(now - tunnel.openedAt) };
      const since = marks.requestWrittenAt ?? marks.connectedAt;
      if (since === null)
        return answer({ kind: 'connect-failed', connect: { ...proxy, kind: 'timeout', waitedMs: now } });
      if (reader.bytes().length > 0)
        return answer({ kind: 'truncated-response', how: 'timeout', firstBytes: firstBytes(), marks: marksAt(now) });
      return answer({ kind: 'no-response', waitedMs: now - since, marks: marksAt(now) });
    },
    connectFailed: (failure: ConnectFailure): ProxyResult => answer({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    proxy,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const endWith = (result: HttpResult) => settle(answer(result));
      const truncated = (how: 'closed' | 'reset' | 'too-large') =>
        endWith({ kind: 'truncated-response', how, firstBytes: firstBytes(), marks: marksAt(elapsed()) });

      const onConnect = () => {
        marks.connectedAt = elapsed();
        socket.write(connectHead, (error) => {
          if (!error) marks.requestWrittenAt = elapsed();
        });
      };

      const onData = (chunk: Buffer) => {
        marks.firstByteAt ??= elapsed();
        const step = reader.push(chunk);
        if (step.kind === 'more') return;
        if (step.kind === 'too-large') return truncated('too-large');
        if (step.kind === 'not-http') return endWith(notHttp(elapsed()));
        onHead(step.head, step.rest);
      };

      const onHead = (head: ResponseHead, rest: Buffer) => {
        const body = sampleBody(head);
        body.push(rest);
        const response: ProxyResponse = {
          kind: 'response',
          ...responseFields(head),
          bodyBytesRead: body.bytesRead(),
          bodyPreview: body.preview(),
          marks: marksAt(elapsed()),
        };
        if (response.status < 200 || response.status > 299) return endWith(response);
        // What follows a 2xx head is the target's, not a body of the proxy's.
        const opened = { ...response, bodyBytesRead: 0, bodyPreview: '' };
        if (tls === null) return settle({ kind: 'tunnel-established', response: opened, tls: null });
        handOver(opened, rest, tls);
      };

      const onEnd = () => {
        if (reader.bytes().length > 0) truncated('closed');
        else endWith({ kind: 'closed-without-response', marks: marksAt(elapsed()) });
      };

      const onError = (error: Error) => {
        const errorKind = classifySocketError(error);
        // A reset can beat the 'connect' event to us: the handshake completed, then the proxy aborted.
        const aborted = errorKind === 'reset' || errorKind === 'broken-pipe';
        if (marks.connectedAt === null && !aborted)
          return settle(outcomes.connectFailed(connectFailure(proxy, error, elapsed())));
        if (reader.bytes().length > 0) return truncated('reset');
        if (errorKind === 'timed-out') {
          return endWith({
            kind: 'no-response',
            waitedMs: elapsed() - (marks.connectedAt ?? 0),
            marks: marksAt(elapsed()),
          });
        }
        endWith({ kind: 'reset-before-response', marks: marksAt(elapsed()) });
      };

      /** Gives the open tunnel to the TLS probe, with the target's bytes that came in behind the proxy's head. */
      const handOver = (response: ProxyResponse, rest: Buffer, { endpoint, options }: TunnelTls) => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        socket.on('error', () => {});
        tunnel = { response, openedAt: elapsed() };
        const remaining = budget.timeoutMs - tunnel.openedAt;
        // A little short of ours, so the handshake reports its own timeout, with what it knows, before our backstop.
        const timeoutMs = Math.max(1, remaining - Math.min(50, remaining / 10));
        const overTunnel: SocketFactory = () => {
          // The socket connected long ago; the TLS probe starts on 'connect', so it hears it once more.
          queueMicrotask(() => socket.emit('connect'));
          return socket;
        };
        void tlsHandshake(endpoint, options, { timeoutMs, signal: budget.signal }, overTunnel).then((result) =>
          settle({ kind: 'tunnel-established', response, tls: result }),
        );
      };

      socket.once('connect', onConnect);
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('error', onError);
    },
    connect,
  );
}

/** What the TLS probe would have said had its own deadline come first: connected (the tunnel), no handshake. */
function tlsTimedOut(waitedMs: number): TlsResult {
  return {
    kind: 'no-response',
    waitedMs,
    firstBytes: null,
    marks: { connectedAt: 0, secureAt: null, doneAt: waitedMs },
  };
}
