import net from 'node:net';
import tls from 'node:tls';
import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { certificateNameMismatch } from './certificate-name-check.js';
import { summariseChain } from './certificate-summary.js';
import { connectFailure } from './connect-failure.js';
import type { ProbeBudget } from './probe-budget.js';
import { classifySocketError, errnoOf } from './socket-error.js';
import { tapStream, type TappedStream } from './tapped-stream.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { alertOf, handshakeFailure, plaintextReply, startsLikeTls } from './tls-failure.js';
import type { PostHandshake, TlsMarks, TlsResult, TlsSession } from './tls-result.js';
import { visibleBytes, visibleText } from './visible-bytes.js';
import { warmUpTls } from './warm-up-tls.js';

export interface TlsHandshakeOptions {
  /** The name asked for: sent as SNI and checked against the certificate. Null for an IP literal target. */
  servername: string | null;
  /** Trusted CA certificates (PEM), as `loadTrustStore` assembles them; null for Node's own defaults. */
  ca: readonly string[] | null;
  /** ALPN offer (default `h2`, `http/1.1`, as browsers and curl offer); empty: none, as most non-HTTP clients do. */
  alpn?: string[];
}

/** What of the server's bytes we keep: enough for a plain-text reply's first line and a TLS alert record. */
const FIRST_BYTES = 1024;
/**
 * After a TLS 1.3 handshake, how long to watch for a late alert. A server that accepts us issues a session ticket
 * once our Finished reaches it, and one that refuses our (missing) client certificate sends `certificate_required`
 * instead: either ends the watch. The timer is for servers that send neither: the answer takes one round trip,
 * and the handshake itself took about one, so twice its time, with a floor for a loaded machine and a ceiling so a
 * slow link does not cost seconds.
 */
const WATCH_FLOOR_MS = 200;
const WATCH_CEILING_MS = 500;

/** One secure context per trust list: building one from ~300 PEM certificates takes ~60 ms, a handshake ~3. */
const contexts = new WeakMap<readonly string[], tls.SecureContext>();
let defaultContext: tls.SecureContext | undefined;

/**
 * The context for a trust list, or for Node's own roots when `ca` is null. Made before the connection, once:
 * left to `tls.connect`, a context would be built per connection, inside the timed handshake.
 */
export function contextFor(ca: readonly string[] | null): tls.SecureContext {
  if (ca === null) {
    defaultContext ??= tls.createSecureContext();
    return defaultContext;
  }
  let context = contexts.get(ca);
  if (!context) {
    context = tls.createSecureContext({ ca: [...ca] });
    contexts.set(ca, context);
  }
  return context;
}

/**
 * Completes a TLS handshake with `endpoint` and judges the certificate ourselves, so a bad certificate still yields
 * its details: Node verifies the chain against `ca` (with `rejectUnauthorized: false` it reports instead of
 * refusing) and `certificateNameMismatch` checks the name. One deadline covers connect, handshake and the TLS 1.3
 * watch for a late alert; the process's one-time `warmUpTls` (~10–20 ms, no traffic) comes before it. Never throws
 * for a network outcome.
 */
export function tlsHandshake(
  endpoint: TcpEndpoint,
  options: TlsHandshakeOptions,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
): Promise<TlsResult> {
  // Node's one-time TLS set-up and all that does not need the peer happen before the budget and the clock start, so
  // that `handshakeMs` is the handshake's own time, as curl's appconnect − connect is.
  return warmUpTls().then(() => {
    const secureContext = contextFor(options.ca);
    // SNI carries names only (RFC 6066); Node warns when given an address.
    const sni =
      options.servername !== null && net.isIP(options.servername) === 0 ? { servername: options.servername } : {};
    const alpn = options.alpn ?? ['h2', 'http/1.1'];
    const connectOptions: tls.ConnectionOptions = {
      secureContext,
      ...sni,
      ...(alpn.length > 0 ? { ALPNProtocols: alpn } : {}),
      rejectUnauthorized: false,
      // We check the name ourselves, so `authorizationError` holds the chain's verdict alone.
      checkServerIdentity: () => undefined,
    };
    return handshake(endpoint, options.servername ?? endpoint.address, connectOptions, budget, connect);
  });
}

/** The timed part of `tlsHandshake`: connect, then the handshake over our byte tap with `connectOptions`. */
function handshake(
  endpoint: TcpEndpoint,
  checkedName: string,
  connectOptions: tls.ConnectionOptions,
  budget: ProbeBudget,
  connect: SocketFactory,
): Promise<TlsResult> {
  let connectedAt: number | null = null;
  let secureAt: number | null = null;
  let session: TlsSession | null = null;
  let tap: TappedStream | null = null;
  let tlsSocket: tls.TLSSocket | null = null;
  let watch: NodeJS.Timeout | undefined;
  let afterTicket: NodeJS.Immediate | undefined;

  const teardown = () => {
    clearTimeout(watch);
    clearImmediate(afterTicket);
    tlsSocket?.removeAllListeners();
    tlsSocket?.on('error', () => {});
    tlsSocket?.destroy();
  };
  const marks = (doneAt: number): TlsMarks => ({ connectedAt: connectedAt ?? doneAt, secureAt, doneAt });
  const secure = (postHandshake: PostHandshake | null, doneAt: number): TlsResult => ({
    kind: 'secure',
    session: session!,
    handshakeMs: secureAt! - connectedAt!,
    postHandshake,
    marks: marks(doneAt),
  });
  const outcomes = {
    aborted: (): TlsResult => {
      teardown();
      return { kind: 'aborted' };
    },
    deadline: (now: number): TlsResult => {
      teardown();
      if (connectedAt === null)
        return { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs: now } };
      if (session) return secure('quiet', now);
      const bytes = tap?.firstBytes() ?? Buffer.alloc(0);
      // A few plain bytes (PostgreSQL's `N`) are fewer than OpenSSL needs to call them wrong; they are still a reply.
      if (bytes.length > 0 && !startsLikeTls(bytes)) return plaintextReply(bytes, null, marks(now));
      const firstBytes = bytes.length > 0 ? visibleBytes(bytes) : null;
      return { kind: 'no-response', waitedMs: now - connectedAt, firstBytes, marks: marks(now) };
    },
    connectFailed: (failure: ConnectFailure): TlsResult => ({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const finish = (result: TlsResult) => {
        teardown();
        settle(result);
      };

      const onConnectError = (error: Error) => {
        // A reset can beat the 'connect' event to us: the handshake completed, then the server aborted.
        const errorKind = classifySocketError(error);
        if (errorKind !== 'reset' && errorKind !== 'broken-pipe') {
          return finish({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        }
        connectedAt = elapsed();
        finish({ kind: 'closed-during-handshake', how: 'reset', firstBytes: null, marks: marks(connectedAt) });
      };
      socket.once('error', onConnectError);

      socket.once('connect', () => {
        connectedAt = elapsed();
        socket.off('error', onConnectError);
        const tapped = tapStream(socket, FIRST_BYTES);
        tap = tapped;
        let secureSocket: tls.TLSSocket;
        try {
          secureSocket = tlsSocket = tls.connect({ ...connectOptions, socket: tapped.stream });
        } catch (error) {
          // Only options Node refuses (an ALPN name over 255 bytes) get here; still a result, never a throw.
          const reason = visibleText(String((error as Error).message), 200);
          return finish({ kind: 'handshake-error', code: errnoOf(error), reason, marks: marks(elapsed()) });
        }

        // Node asks OpenSSL for tickets only when someone listens for them, so this must be in place before the hello.
        // A ticket ends the watch, but only once the rest of what was read with it has been handed over: a
        // server-first greeting often comes in the same read, and Node 24.22 emits the ticket before it where Node 20,
        // 22 and 24.21 emit the data first. Data, an end or an alert in that read wins over the ticket.
        let ticketed = false;
        const endWithTicket = () => {
          afterTicket ??= setImmediate(() => finish(secure('session-ticket', elapsed())));
        };
        secureSocket.on('session', () => {
          ticketed = true;
          if (session?.protocol === 'TLSv1.3') endWithTicket();
        });

        // Node emits its internal 'secure' once OpenSSL has finished the handshake, chain check included; then, for a
        // chain that verified (and only then), it builds the whole peer chain as JS objects (~0.5–1 ms measured) before
        // 'secureConnect'. curl's appconnect has no such step, so the handshake ends at 'secure'. Were a later Node to
        // drop that event, 'secureConnect' would still end it.
        let finishedAt: number | null = null;
        secureSocket.prependOnceListener('secure', () => (finishedAt = elapsed()));

        secureSocket.once('secureConnect', () => {
          secureAt = finishedAt ?? elapsed();
          session = sessionOf(secureSocket, checkedName);
          // Before TLS 1.3, a refused client certificate fails the handshake itself: nothing left to watch for.
          if (session.protocol !== 'TLSv1.3') return finish(secure(null, secureAt));
          secureSocket.on('data', () => finish(secure('data', elapsed())));
          secureSocket.once('end', () => finish(secure('closed', elapsed())));
          if (ticketed) return endWithTicket();
          const watchMs = Math.min(WATCH_CEILING_MS, Math.max(WATCH_FLOOR_MS, 2 * (secureAt - connectedAt!)));
          watch = setTimeout(() => finish(secure('quiet', elapsed())), watchMs);
        });

        secureSocket.on('error', (error) => {
          if (!session) {
            const failure = { error, firstBytes: tapped.firstBytes(), ended: tapped.ended(), marks: marks(elapsed()) };
            return finish(handshakeFailure(failure));
          }
          const alert = alertOf(error);
          if (alert)
            return finish({ kind: 'alert', alert, stage: 'after-handshake', session, marks: marks(elapsed()) });
          finish(secure(tapped.ended() ?? 'reset', elapsed()));
        });
      });
    },
    connect,
  );
}

/**
 * What the finished handshake established, and the certificate judged as the user's clients would judge it: the
 * socket must have been made with `rejectUnauthorized: false` and `checkServerIdentity: () => undefined`, so that
 * `authorizationError` holds the chain's verdict alone. Also for a protocol's STARTTLS upgrade (SMTP).
 */
export function sessionOf(socket: tls.TLSSocket, checkedName: string): TlsSession {
  const peer = socket.getPeerCertificate(true);
  // With no certificate Node returns `{}`, which there is no name to check in.
  const hasCertificate = Boolean(peer?.raw);
  const nameError = hasCertificate ? certificateNameMismatch(checkedName, peer) : null;
  // Typed as an Error, but Node hands over OpenSSL's code as a string.
  const chainError = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    alpn: typeof socket.alpnProtocol === 'string' ? visibleText(socket.alpnProtocol, 64) : null,
    chain: summariseChain(hasCertificate ? peer : null),
    verification: {
      chainError: socket.authorized ? null : typeof chainError === 'string' ? chainError : errnoOf(chainError),
      checkedName: visibleText(checkedName),
      hostnameError: nameError ? { code: nameError.code, reason: visibleText(nameError.reason, 300) } : null,
    },
  };
}
